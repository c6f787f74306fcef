"""The plan's PDF: what it says, its tags, its name and headers, who gets it, its queries."""

import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import la_access_for, setting_access_for
from eypp.document.builder import plan_context
from eypp.document.register import document_panel
from eypp.document.views import plan_pdf_render
from eypp.models import ActionPlan, Basis
from tests.factories.eypp import (
    ActionPlanFactory,
    EligibilityFactory,
    ImpactReviewFactory,
    LineOutcomeFactory,
    PlanLineFactory,
)
from tests.factories.learning_journey import ObservationFactory

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def pdf_info(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def plan(key_child, key_person, cic_advisor):
    key_child.last_name = "Quenby-Ashcombe"
    key_child.save(update_fields=["last_name"])
    plan = ActionPlanFactory(
        child=key_child,
        approved=True,
        decided_by=cic_advisor,
        created_by=key_person,
        period_label="Spring term 2026",
        allocation_source=ActionPlan.AllocationSource.LA,
        checksum="ab" * 32,
        returned_reason="Say how the impact will be measured.",
    )
    PlanLineFactory(plan=plan, need="Joining group talk", cost=Decimal("120.00"))
    PlanLineFactory(plan=plan, need="Sharing resources", cost=Decimal("80.50"))
    return plan


def url(plan, side="settings:eypp"):
    return reverse(f"{side}:plan_pdf", args=[plan.care_setting.slug, plan.pk])


def test_the_pdf_shows_the_child_the_plan_its_costs_and_approval(plan, key_child, tmp_path):
    text = pdf_text(plan_pdf_render(plan), tmp_path)

    for words in (
        "Early Years Pupil Premium action plan for Kai",
        f"{key_child.date_of_birth:%-d %B %Y}",
        "Acorn Day Nursery",
        "Looked after by a local authority in England or Wales",
        "Spring term 2026",
        "Approved",
        "£300.00 (allocated by the responsible LA)",
        "Joining group talk",
        "Sharing resources",
        "£120.00",
        "£80.50",
        "Total planned £200.50",
        "Left to plan: £99.50.",
        "Chris Virtual-School",
        "ab" * 32,
        "Say how the impact will be measured.",
        "The impact review is due on",
        "Page 1 of",
    ):
        assert words in text, words
    assert key_child.last_name not in text


def test_a_recorded_review_is_in_the_pdf_and_a_draft_is_not(plan, key_child, tmp_path):
    review = ImpactReviewFactory(plan=plan, summary="A draft thought.")
    for line in plan.lines.all():
        LineOutcomeFactory(review=review, line=line, spent=Decimal("50.00"))
    assert "A draft thought." not in pdf_text(plan_pdf_render(plan), tmp_path)

    observation = ObservationFactory(
        care_setting=key_child.care_setting, children=[key_child], text="Built a den together."
    )
    review.observations.add(observation)
    review.summary = "Talks in a group of four."
    review.completed_at = timezone.now()
    review.save()

    text = pdf_text(plan_pdf_render(plan), tmp_path)
    for words in ("Talks in a group of four.", "Achieved", "£100.00", "Built a den together."):
        assert words in text, words


def test_the_pdf_is_tagged_for_assistive_technology(plan, tmp_path):
    info = pdf_info(plan_pdf_render(plan), tmp_path)

    assert "Tagged:          yes" in info
    assert "EYPP action plan: Kai" in info


def test_the_download_is_an_attachment_named_for_the_child_and_period_never_cached(
    client_as, key_person, plan
):
    response = client_as(key_person).get(url(plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="eypp-plan-kai-spring-term-2026.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_the_la_reviewer_downloads_it_under_the_la(client_as, cic_advisor, plan, home_la):
    response = client_as(cic_advisor).get(
        reverse("la_eypp:plan_pdf", args=[home_la.slug, plan.pk])
    )
    assert response.status_code == 200


def test_the_practitioner_and_another_setting_cannot(client_as, practitioner, other_manager, plan):
    assert client_as(practitioner).get(url(plan)).status_code in (403, 404)
    assert client_as(other_manager).get(url(plan)).status_code == 404


def test_the_document_panel_links_the_pdf_on_each_side(plan, key_person, cic_advisor, home_la):
    setting = setting_access_for(key_person, plan.care_setting.slug)
    la = la_access_for(cic_advisor, home_la.slug)

    assert document_panel(setting, plan)["pdf_url"] == url(plan)
    assert document_panel(la, plan)["pdf_url"] == reverse(
        "la_eypp:plan_pdf", args=[home_la.slug, plan.pk]
    )


@pytest.mark.parametrize("rows", [2, 12])
@pytest.mark.parametrize("reviewed", [False, True])
def test_the_builder_reads_in_the_same_number_of_queries_whatever_the_rows(
    rows, reviewed, key_child, key_person, django_assert_num_queries
):
    plan = ActionPlanFactory(child=key_child, approved=True, created_by=key_person)
    EligibilityFactory(child=key_child, basis=Basis.ECONOMIC)
    lines = [PlanLineFactory(plan=plan) for _ in range(rows)]
    if reviewed:
        review = ImpactReviewFactory(plan=plan, completed_at=timezone.now())
        for line in lines:
            LineOutcomeFactory(review=review, line=line)
            review.observations.add(
                ObservationFactory(care_setting=key_child.care_setting, children=[key_child])
            )
    with django_assert_num_queries(BUILDER_QUERIES[reviewed]):
        context = plan_context(plan)
    assert len(context["lines"]) == rows


# The plan with its child, setting, LA and deciders; the child's grounds; the returns; the
# review; the lines with area, PEP target and outcome; with a recorded review, its
# observations, their areas and its judgements.
BUILDER_QUERIES = {False: 5, True: 8}


def test_a_draft_plan_says_it_is_not_reviewed_yet(key_child, key_person, tmp_path):
    draft = ActionPlanFactory(child=key_child, created_by=key_person, allocation=None)
    text = pdf_text(plan_pdf_render(draft), tmp_path)

    assert "Draft" in text
    assert "No needs have been added to the plan yet." in text
    assert "Not recorded yet" in text
