"""The safeguarding demo data: every state, seen by the DSLs, invisible to the practitioner."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import ACORN, DEMO_LOGINS, LITTLE_OWLS
from accounts.models import User
from children.models import SettingChange
from common import dates
from learning.journey.demo import demo_journey
from safeguarding.demo import (
    ACCUSED,
    ALLEGATION_SUMMARY,
    CONCERN_TEXT,
    CSC_REFERENCE,
    REFERRED_TEXT,
    REVIEW_TEXT,
    demo_concerns,
)
from safeguarding.models import (
    AgencyVisit,
    Allegation,
    ChronologyEntry,
    Concern,
    InformationShare,
    Level,
    SafeguardingStatus,
    StatusTask,
    Transfer,
)
from safeguarding.transfer.demo import MOVED_CONCERN
from tests.factories.accounts import CareSettingFactory, ChildFactory, MembershipFactory
from tests.factories.learning_journey import framework_areas

TODAY = date(2026, 11, 24)


def test_acorn_gets_one_waiting_concern(db):
    acorn = CareSettingFactory(slug=ACORN)
    MembershipFactory(care_setting=acorn)
    ChildFactory.create_batch(
        2, care_setting=acorn, date_of_birth=date(2023, 1, 1), start_date=date(2025, 1, 6)
    )
    framework_areas()

    for _ in range(2):
        demo_journey(setting_ids=[acorn.pk], today=TODAY)
        demo_concerns(setting_ids=[acorn.pk], today=TODAY)

    waiting = Concern.objects.get()
    assert waiting.text == CONCERN_TEXT and waiting.acknowledged_at is None


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())
    return {user.email: user for user in User.objects.filter(email__endswith="demo.test")}


def test_the_demo_has_concerns_in_every_state_and_the_rest_of_the_dsls_records(seeded):
    concerns = {
        concern.text: concern for concern in Concern.objects.filter(care_setting__slug=ACORN)
    }

    assert concerns[CONCERN_TEXT].state == "waiting"
    assert concerns[REVIEW_TEXT].state == "under_review"
    assert concerns[REVIEW_TEXT].marks.exists() and concerns[REVIEW_TEXT].actions.exists()
    referred = concerns[REFERRED_TEXT]
    assert referred.state == "closed" and referred.outcome_reference == CSC_REFERENCE
    assert set(concerns[REVIEW_TEXT].related.all()) == {referred}
    plan = SafeguardingStatus.objects.get(level=Level.CHILD_PROTECTION, ended_on__isnull=True)
    assert plan.child == referred.child and plan.initial_conference_on is not None
    overdue = StatusTask.objects.filter(
        status=plan, done_on__isnull=True, due_on__lt=dates.today()
    )
    assert overdue.count() == 1
    assert StatusTask.objects.filter(status=plan, done_on__isnull=False).exists()
    assert SafeguardingStatus.objects.filter(level=Level.EARLY_HELP).exclude(child=plan.child)
    assert ChronologyEntry.objects.filter(care_setting__slug=ACORN).count() >= 3
    visit = AgencyVisit.objects.get()
    assert visit.left_at is not None and visit.supervised_by == seeded["dsl@demo.test"]
    received = InformationShare.objects.get(direction=InformationShare.Direction.RECEIVED)
    assert received.third_party and not received.may_share_onward
    assert InformationShare.objects.filter(direction=InformationShare.Direction.SHARED).exists()
    allegation = Allegation.objects.get()
    assert allegation.staff_member.email == ACCUSED
    assert ACCUSED not in DEMO_LOGINS


def test_the_demo_file_sent_to_little_owls_awaits_its_receipt(seeded):
    transfer = Transfer.objects.select_related("child").get()

    assert transfer.from_setting.slug == ACORN and transfer.to_setting.slug == LITTLE_OWLS
    assert transfer.sent_at is not None and transfer.acknowledged_at is None
    assert transfer.child.care_setting.slug == LITTLE_OWLS
    assert not transfer.child.is_looked_after
    assert SettingChange.objects.filter(child=transfer.child, recorded_by__isnull=False).exists()
    assert Concern.objects.filter(child=transfer.child, care_setting__slug=ACORN).exists()


def test_a_second_seed_changes_no_safeguarding_record(seeded):
    tables = (Concern, ChronologyEntry, SafeguardingStatus, StatusTask, AgencyVisit)
    before = [model.objects.count() for model in tables] + [Transfer.objects.count()]

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert [model.objects.count() for model in tables] + [Transfer.objects.count()] == before
    assert "Created: nothing." in out.getvalue()


def page(client, name, slug, *args):
    return client.get(reverse(f"settings:safeguarding:{name}", args=[slug, *args]))


def test_the_demo_dsl_sees_every_record_and_the_manager_the_allegation(seeded, client_as):
    dsl = client_as(seeded["dsl@demo.test"])
    referred = Concern.objects.get(text=REFERRED_TEXT)

    listed = dsl.get(reverse("settings:safeguarding:concern_list", args=[ACORN]), {"state": "all"})
    assert listed.status_code == 200
    for concern in Concern.objects.filter(care_setting__slug=ACORN):
        assert concern.reference in listed.text
    detail = page(dsl, "concern_detail", ACORN, referred.pk)
    assert detail.status_code == 200 and CSC_REFERENCE in detail.text
    child_page = page(dsl, "child", ACORN, referred.child_id)
    assert child_page.status_code == 200 and "Child protection plan" in child_page.text
    assert page(dsl, "chronology", ACORN, referred.child_id).status_code == 200
    assert page(dsl, "visit_list", ACORN).status_code == 200
    transfers = page(dsl, "transfer_list", ACORN)
    assert transfers.status_code == 200
    assert Transfer.objects.get().child.last_name in transfers.text
    for login in ("dsl@demo.test", "manager@demo.test"):
        allegations = page(client_as(seeded[login]), "allegation_list", ACORN)
        assert allegations.status_code == 200
        assert "A-" in allegations.text
    accused = client_as(User.objects.get(email=ACCUSED))
    assert page(accused, "allegation_list", ACORN).status_code == 404


def test_the_receiving_dsl_sees_the_file_awaiting_receipt(seeded, client_as):
    transfer = Transfer.objects.get()
    owls = client_as(seeded["littleowls@demo.test"])

    listed = page(owls, "transfer_list", LITTLE_OWLS)
    detail = page(owls, "transfer_detail", LITTLE_OWLS, transfer.pk)

    assert listed.status_code == 200 and detail.status_code == 200
    assert transfer.child.first_name in detail.text


def test_the_demo_practitioner_sees_no_safeguarding_record(seeded, client_as):
    practitioner = client_as(seeded["practitioner@demo.test"])
    concerns = Concern.objects.filter(care_setting__slug=ACORN)
    referred = concerns.get(text=REFERRED_TEXT)

    for name, args in (
        ("concern_list", ()),
        ("concern_detail", (referred.pk,)),
        ("child", (referred.child_id,)),
        ("chronology", (referred.child_id,)),
        ("visit_list", ()),
        ("transfer_list", ()),
        ("allegation_list", ()),
        ("reads", ()),
    ):
        assert page(practitioner, name, ACORN, *args).status_code == 404, name
    assert not page(practitioner, "my_concerns", ACORN).text.count("C-0")
    for concern in concerns.filter(child__care_setting__slug=ACORN):
        hub = practitioner.get(reverse("settings:children:detail", args=[ACORN, concern.child_id]))
        assert hub.status_code == 200
        for words in (concern.reference, concern.text[:40], "Child protection", CSC_REFERENCE):
            assert words not in hub.text
    assert MOVED_CONCERN[:40] not in practitioner.get(reverse("home")).text
    assert ALLEGATION_SUMMARY[:40] not in practitioner.get(reverse("home")).text
