"""The EYPP plan in the PEP: its paperwork section, the submission check and the PDF pack."""

import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import setting_access_for
from children.models import Child
from eypp.document.pep_seam import plan_for_pep
from eypp.models import ActionPlan
from eypp.pages import eypp_url
from pep.models import Pep
from pep.pack import services as pack
from pep.paperwork import eypp
from tests.factories.eypp import ActionPlanFactory, ImpactReviewFactory, PlanLineFactory

COMPLETE = {
    "voice_likes": "I like the water tray.",
    "voice_happy": "Bubbles.",
    "voice_how_i_show_it": "I clap.",
    "carer_views": "Settled well at home.",
    "carer_views_source": "Told to the key person at collection.",
    "social_worker_views": "Placement stable.",
    "social_worker_views_source": "By e-mail to the advisor.",
    "sessions_offered": 30,
    "sessions_attended": 28,
    "funded_hours": 15,
    "health": "Well; hearing test due.",
    "sen_support": "No SEN",
    "progress_notes": "Good progress in speaking.",
}


@pytest.fixture(autouse=True)
def eypp_provider():
    """The EYPP app's provider, as the portal registers it at start-up."""
    saved = list(eypp._PROVIDERS)
    eypp.register_eypp_plan(plan_for_pep)
    yield
    eypp._PROVIDERS[:] = saved


def funded(child):
    """Give the child universal 15 hours at three and a half: EYPP is paid for them."""
    Child.objects.filter(pk=child.pk).update(
        funded_entitlement="universal_15",
        date_of_birth=timezone.localdate() - timedelta(days=365 * 3 + 180),
    )
    child.refresh_from_db()


def submit(client, pep):
    Pep.objects.filter(pk=pep.pk).update(**COMPLETE)
    pep.refresh_from_db()
    return client.post(
        reverse("settings:pep:submit", args=[pep.care_setting.slug, pep.pk]),
        {"version": pep.version},
    )


def test_the_pep_shows_its_linked_draft_plan_which_is_not_ready(key_plan, key_pep, key_person):
    access = setting_access_for(key_person, key_pep.care_setting.slug)

    plan = plan_for_pep(key_pep, access)

    assert plan.status_label == "Draft" and not plan.is_ready
    assert plan.total_cost == Decimal("120.00")
    assert plan.lines[0].area == "Communication and Language"
    assert "Allocation £300.00 (allocated by the responsible LA); planned £120.00." in plan.summary
    assert plan.url == eypp_url(access, "plan", key_plan.pk)
    assert plan_for_pep(key_pep, None).url == ""


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_submitted_or_approved_plan_is_ready(key_plan, key_pep, status):
    ActionPlan.objects.filter(pk=key_plan.pk).update(status=status, submitted_at=timezone.now())

    assert plan_for_pep(key_pep, None).is_ready


def test_an_unlinked_plan_of_the_cycle_counts_and_a_replaced_one_does_not(
    key_plan, key_pep, key_child
):
    funded(key_child)
    ActionPlan.objects.filter(pk=key_plan.pk).update(pep=None, status="superseded")
    assert plan_for_pep(key_pep, None) is None  # an eligible, funded child needs one

    ActionPlan.objects.filter(pk=key_plan.pk).update(status="approved")
    assert plan_for_pep(key_pep, None).status_label == "Approved"


def test_a_child_without_funded_hours_needs_no_plan(key_pep):
    plan = plan_for_pep(key_pep, None)

    assert plan.is_ready
    assert plan.status_label.startswith("Not needed: EYPP is not paid without a funded")


def test_the_previous_plans_review_feeds_the_next_pep(key_plan, key_child, key_person):
    earlier = ActionPlanFactory(
        child=key_child,
        approved=True,
        period_start=key_plan.period_start - timedelta(days=120),
        period_end=key_plan.period_start - timedelta(days=1),
    )
    ImpactReviewFactory(
        plan=earlier, completed_at=timezone.now(), summary="Talks in a group of four."
    )

    plan = plan_for_pep(key_plan.pep, None)

    assert "Impact of the previous plan: Talks in a group of four." in plan.summary


def test_the_paperwork_section_shows_the_plan(client_as, key_person, key_plan, key_pep):
    page = client_as(key_person).get(
        reverse("settings:pep:section", args=[key_pep.care_setting.slug, key_pep.pk, "eypp"])
    )

    html = page.content.decode()
    assert "Draft" in html
    assert "Twice-weekly small-group talk sessions with the key person." in html


def test_an_eligible_child_in_care_without_a_plan_blocks_the_pep(
    client_as, key_person, key_pep, key_child
):
    funded(key_child)
    client = client_as(key_person)

    refused = submit(client, key_pep)

    assert "Complete “EYPP plan”" in refused.content.decode()
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.PAPERWORK_REQUESTED


def test_a_submitted_plan_lets_the_pep_be_submitted(client_as, key_person, key_plan, key_pep):
    ActionPlan.objects.filter(pk=key_plan.pk).update(
        status="submitted", submitted_at=timezone.now()
    )

    submit(client_as(key_person), key_pep)

    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.SUBMITTED


def test_the_pep_pack_prints_the_plans_lines(settings, tmp_path, signed_pep, key_child):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    funded(key_child)
    plan = ActionPlanFactory(child=key_child, approved=True, pep=signed_pep)
    PlanLineFactory(plan=plan, action="Weekly stay-and-play with the carer", cost="95.50")

    path = tmp_path / "pack.pdf"
    path.write_bytes(pack.pack_render(signed_pep))
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )

    assert "Status: Approved" in text
    assert "Weekly stay-and-play" in text  # the table wraps the action over two lines
    assert "£95.50" in text
    assert "No EYPP plan linked" not in text


@pytest.mark.parametrize("rows", [2, 12])
def test_the_provider_reads_in_the_same_queries_whatever_the_lines(
    rows, key_plan, key_pep, django_assert_num_queries
):
    for _ in range(rows - 1):
        PlanLineFactory(plan=key_plan)
    # The plan; its lines with their areas; the previous plan's recorded review.
    with django_assert_num_queries(3):
        plan = plan_for_pep(key_pep, None)
    assert len(plan.lines) == rows
