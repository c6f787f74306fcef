"""Agency working: visitors signed in and out (never unsupervised), and information shared
either way with its lawful basis and consent; third-party information marked. Time pinned.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from common.models import AuditEvent
from safeguarding.models import AgencyVisit, InformationShare
from safeguarding.selectors import READ_VERB
from tests.factories.accounts import ChildFactory, MembershipFactory
from tests.factories.safeguarding import AgencyVisitFactory, InformationShareFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def url(name, care_setting, *args):
    return reverse(f"settings:safeguarding:{name}", args=[care_setting.slug, *args])


def visit_data(child, supervisor, **extra):
    return {
        "visitor_name": "Jo Visitor",
        "agency": "Northshire Healthy Child Programme",
        "visitor_role": "Health visitor",
        "identity_checked": "on",
        "child": str(child.pk),
        "purpose": "Two-year review observation.",
        "arrived_on_0": "24",
        "arrived_on_1": "11",
        "arrived_on_2": "2026",
        "arrived_time": "14:10",
        "supervised_by": str(supervisor.pk),
        **extra,
    }


# --- Visits ---------------------------------------------------------------------------


def test_the_dsl_signs_a_visitor_in_supervised_by_a_member_of_staff(
    client_as, dsl, key_person, key_child
):
    care_setting = key_child.care_setting

    response = client_as(dsl).post(
        url("visit_add", care_setting), visit_data(key_child, key_person)
    )

    assert response.status_code == 302
    visit = AgencyVisit.objects.get()
    assert visit.supervised_by == key_person and visit.recorded_by == dsl
    assert visit.arrived_at == datetime(2026, 11, 24, 14, 10, tzinfo=LONDON)
    assert visit.left_at is None and visit.care_setting == care_setting
    event = AuditEvent.objects.get(verb="visit.recorded")
    assert event.restricted_to == "view_concerns"


def test_a_visitor_cannot_be_signed_in_without_a_supervisor_and_what_was_typed_stays(
    client_as, dsl, key_person, key_child
):
    data = visit_data(key_child, key_person, supervised_by="")

    response = client_as(dsl).post(url("visit_add", key_child.care_setting), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select the member of staff supervising the visitor" in page
    assert "govuk-error-summary" in page
    assert 'value="Jo Visitor"' in page and 'value="14:10"' in page
    assert not AgencyVisit.objects.exists()


def test_the_page_says_visitors_are_never_left_unsupervised(client_as, dsl, care_setting):
    page = client_as(dsl).get(url("visit_add", care_setting)).content.decode()

    assert "never left unsupervised" in page


def test_the_child_and_supervisor_are_the_settings_own(
    client_as, dsl, key_person, key_child, other_child, other_manager
):
    care_setting = key_child.care_setting
    client = client_as(dsl)

    page = client.get(url("visit_add", care_setting)).content.decode()
    assert str(key_child) in page and str(other_child) not in page
    assert other_manager.full_name not in page
    response = client.post(url("visit_add", care_setting), visit_data(other_child, other_manager))

    assert "Select a child from the list" in response.content.decode()
    assert "Select a member of staff from the list" in response.content.decode()
    assert not AgencyVisit.objects.exists()


def test_a_visit_for_a_child_is_started_from_the_childs_page(client_as, dsl, key_child):
    page = (
        client_as(dsl)
        .get(url("visit_add", key_child.care_setting) + f"?child={key_child.pk}")
        .content.decode()
    )

    assert f'<option value="{key_child.pk}" selected>' in page


def test_a_time_in_the_future_is_refused(client_as, dsl, key_person, key_child):
    response = client_as(dsl).post(
        url("visit_add", key_child.care_setting),
        visit_data(key_child, key_person, arrived_time="16:30"),
    )

    assert "Time in must be now or in the past" in response.content.decode()
    assert not AgencyVisit.objects.exists()


def test_the_list_shows_who_is_on_the_premises_and_the_log_newest_first(client_as, dsl, key_child):
    here = AgencyVisitFactory(
        child=key_child,
        visitor_name="Still here",
        left_at=None,
        arrived_at=NOW - timedelta(minutes=30),
    )
    AgencyVisitFactory(child=key_child, visitor_name="Gone home")
    AgencyVisitFactory(
        child=key_child,
        visitor_name="Last week",
        arrived_at=NOW - timedelta(days=7),
        left_at=NOW - timedelta(days=7) + timedelta(hours=1),
    )

    page = client_as(dsl).get(url("visit_list", key_child.care_setting)).content.decode()

    premises, log = page.split("Visit log", 1)
    assert "Still here" in premises and "Gone home" not in premises
    assert url("visit_sign_out", key_child.care_setting, here.pk) in premises
    assert log.index("Still here") < log.index("Gone home") < log.index("Last week")
    assert url("share_list", key_child.care_setting, key_child.pk) in log


def test_the_log_filters_by_child_and_date(client_as, dsl, key_child, care_setting):
    other = ChildFactory(care_setting=care_setting, first_name="Noor")
    AgencyVisitFactory(child=key_child, visitor_name="About Kai")
    AgencyVisitFactory(child=other, visitor_name="About Noor")
    AgencyVisitFactory(
        child=key_child,
        visitor_name="Kai last month",
        arrived_at=NOW - timedelta(days=30),
        left_at=NOW - timedelta(days=30) + timedelta(hours=1),
    )
    client = client_as(dsl)

    by_child = client.get(url("visit_list", care_setting), {"child": key_child.pk})
    by_date = client.get(
        url("visit_list", care_setting),
        {"date_from_0": "24", "date_from_1": "11", "date_from_2": "2026"},
    )
    nonsense = client.get(url("visit_list", care_setting), {"child": "²", "date_to_0": "x"})

    page = by_child.content.decode().split("Visit log", 1)[1]
    assert "About Kai" in page and "Kai last month" in page and "About Noor" not in page
    page = by_date.content.decode().split("Visit log", 1)[1]
    assert "About Kai" in page and "About Noor" in page and "Kai last month" not in page
    assert nonsense.status_code == 200
    assert "Choose a child from the list" in nonsense.content.decode()


def test_signing_a_visitor_out_records_now_and_twice_changes_nothing(client_as, dsl, key_child):
    visit = AgencyVisitFactory(child=key_child, left_at=None, arrived_at=NOW - timedelta(hours=1))
    client = client_as(dsl)
    sign_out = url("visit_sign_out", key_child.care_setting, visit.pk)

    client.post(sign_out, {"version": visit.version})
    visit.refresh_from_db()
    assert visit.left_at == NOW
    response = client.post(sign_out, {"version": visit.version}, follow=True)

    assert "was already signed out" in response.content.decode()
    assert AuditEvent.objects.filter(verb="visit.signed_out").count() == 1


def test_signing_out_from_a_stale_page_is_refused_and_explained(client_as, dsl, key_child):
    visit = AgencyVisitFactory(child=key_child, left_at=None, arrived_at=NOW - timedelta(hours=1))
    AgencyVisit.objects.filter(pk=visit.pk).update(notes="Changed", version=visit.version + 1)

    response = client_as(dsl).post(
        url("visit_sign_out", key_child.care_setting, visit.pk),
        {"version": visit.version},
        follow=True,
    )

    assert "Someone else changed this visit" in response.content.decode()
    visit.refresh_from_db()
    assert visit.left_at is None


def test_time_out_before_time_in_is_a_govuk_error_that_keeps_the_input(client_as, dsl, key_child):
    visit = AgencyVisitFactory(child=key_child, left_at=None, arrived_at=NOW - timedelta(hours=1))
    data = {
        "version": visit.version,
        "left_on_0": "24",
        "left_on_1": "11",
        "left_on_2": "2026",
        "left_time": "13:30",
        "notes": "Saw the child in the garden.",
    }

    response = client_as(dsl).post(url("visit_edit", key_child.care_setting, visit.pk), data)

    page = response.content.decode()
    assert "Time out must be the same as or after time in (14:00 on 24 November 2026)" in page
    assert "govuk-error-summary" in page and "Saw the child in the garden." in page
    visit.refresh_from_db()
    assert visit.left_at is None and visit.notes == ""


def test_the_visit_is_changed_with_time_out_and_notes(client_as, dsl, key_child):
    visit = AgencyVisitFactory(child=key_child, left_at=None, arrived_at=NOW - timedelta(hours=1))
    data = {
        "version": visit.version,
        "left_on_0": "24",
        "left_on_1": "11",
        "left_on_2": "2026",
        "left_time": "14:45",
        "notes": "Saw the child in the garden.",
    }

    response = client_as(dsl).post(url("visit_edit", key_child.care_setting, visit.pk), data)

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.left_at == datetime(2026, 11, 24, 14, 45, tzinfo=LONDON)
    assert visit.notes == "Saw the child in the garden." and visit.version == 2


def test_a_visit_changed_meanwhile_is_a_conflict_shown_with_what_was_typed(
    client_as, dsl, manager, key_child
):
    visit = AgencyVisitFactory(child=key_child, left_at=None, arrived_at=NOW - timedelta(hours=1))
    edit = url("visit_edit", key_child.care_setting, visit.pk)
    typed = {"version": visit.version, "notes": "My notes"}
    client_as(manager).post(edit, {"version": visit.version, "notes": "Their notes"})

    response = client_as(dsl).post(edit, typed)

    page = response.content.decode()
    assert "Someone else changed this record" in page
    assert "My notes" in page and "Their notes" in page
    visit.refresh_from_db()
    assert visit.notes == "Their notes"


def test_a_double_submit_signs_the_visitor_in_once(client_as, dsl, key_person, key_child):
    client = client_as(dsl)
    data = visit_data(
        key_child, key_person, submission_token="3f1b2c4d-0000-4000-8000-000000000001"
    )

    client.post(url("visit_add", key_child.care_setting), data)
    second = client.post(url("visit_add", key_child.care_setting), data, follow=True)

    assert AgencyVisit.objects.count() == 1
    assert "saved once" in second.content.decode()


def test_opening_a_visit_is_a_read_of_the_childs_records(client_as, dsl, key_child):
    visit = AgencyVisitFactory(child=key_child)

    client_as(dsl).get(url("visit_edit", key_child.care_setting, visit.pk))

    event = AuditEvent.objects.get(verb=READ_VERB)
    assert event.actor == dsl and event.subject_id == str(key_child.pk)
    assert event.changes["page"] == f"Agency visit from {visit.agency}"


@pytest.mark.parametrize(
    "persona", ["practitioner", "key_person", "advisor", "cic_advisor", "la_admin"]
)
def test_nobody_else_reaches_the_visits(request, client_as, key_child, persona):
    visit = AgencyVisitFactory(child=key_child, left_at=None)
    client = client_as(request.getfixturevalue(persona))
    care_setting = key_child.care_setting

    for page in (
        url("visit_list", care_setting),
        url("visit_add", care_setting),
        url("visit_edit", care_setting, visit.pk),
    ):
        assert client.get(page).status_code == 404, page
    assert (
        client.post(url("visit_sign_out", care_setting, visit.pk), {"version": 1}).status_code
        == 404
    )
    visit.refresh_from_db()
    assert visit.left_at is None


def test_another_settings_visit_is_404(client_as, dsl, other_child):
    visit = AgencyVisitFactory(child=other_child)

    response = client_as(dsl).get(url("visit_edit", dsl.memberships.get().care_setting, visit.pk))

    assert response.status_code == 404


# --- Information sharing ------------------------------------------------------------------


def share_data(**extra):
    return {
        "direction": "shared",
        "what": "Attendance for the half term.",
        "agency": "Northshire Children's Services",
        "person": "Duty social worker",
        "shared_on_0": "20",
        "shared_on_1": "11",
        "shared_on_2": "2026",
        "lawful_basis": "public_task",
        "consent": "given",
        **extra,
    }


def test_the_dsl_records_information_we_shared_on_consent(client_as, dsl, key_child):
    response = client_as(dsl).post(
        url("share_add", key_child.care_setting, key_child.pk), share_data()
    )

    assert response.status_code == 302
    share = InformationShare.objects.get()
    assert share.child == key_child and share.lawful_basis == "public_task"
    assert share.consent == "given" and share.recorded_by == dsl


def test_sharing_needs_a_lawful_basis_and_consent(client_as, dsl, key_child):
    response = client_as(dsl).post(
        url("share_add", key_child.care_setting, key_child.pk),
        share_data(lawful_basis="", consent=""),
    )

    page = response.content.decode()
    assert "Select the lawful basis for sharing" in page
    assert "Select whether consent was sought and given" in page
    assert "Attendance for the half term." in page
    assert not InformationShare.objects.exists()


@pytest.mark.parametrize("consent", ["refused", "not_sought"])
def test_sharing_without_consent_needs_the_reason_it_was_overridden(
    client_as, dsl, key_child, consent
):
    add = url("share_add", key_child.care_setting, key_child.pk)
    client = client_as(dsl)

    refused = client.post(add, share_data(consent=consent))
    saved = client.post(add, share_data(consent=consent, override_reason="Risk of harm."))

    assert "Enter why it was shared without consent" in refused.content.decode()
    assert saved.status_code == 302
    assert InformationShare.objects.get().override_reason == "Risk of harm."


def test_third_party_information_is_marked_unless_the_agency_agreed(client_as, dsl, key_child):
    InformationShareFactory(child=key_child, received=True, agency="Northshire Police")
    InformationShareFactory(
        child=key_child, received=True, agency="Northshire Health", onward_consent=True
    )

    page = (
        client_as(dsl)
        .get(url("share_list", key_child.care_setting, key_child.pk))
        .content.decode()
    )

    assert (
        "Third-party: shared with us by Northshire Police — do not share onward without "
        "their consent" in page
    )
    assert "shared with us by Northshire Health — do not share onward" not in page
    assert "Northshire Health agreed that it may be shared onward" in page


def test_information_shared_with_us_keeps_no_lawful_basis_or_consent(client_as, dsl, key_child):
    client_as(dsl).post(
        url("share_add", key_child.care_setting, key_child.pk),
        share_data(direction="received", onward_consent="on"),
    )

    share = InformationShare.objects.get()
    assert share.third_party and share.onward_consent
    assert share.lawful_basis == "" and share.consent == ""


def test_a_share_changed_meanwhile_is_a_conflict(client_as, dsl, manager, key_child):
    share = InformationShareFactory(child=key_child)
    edit = url("share_edit", key_child.care_setting, share.pk)
    client_as(manager).post(edit, share_data(version=share.version, what="Theirs"))

    response = client_as(dsl).post(edit, share_data(version=share.version, what="Mine"))

    page = response.content.decode()
    assert "Someone else changed this record" in page and "Mine" in page
    share.refresh_from_db()
    assert share.what == "Theirs" and share.version == 2


def test_reading_the_sharing_page_is_recorded(client_as, dsl, key_child):
    client_as(dsl).get(url("share_list", key_child.care_setting, key_child.pk))

    event = AuditEvent.objects.get(verb=READ_VERB)
    assert event.subject_id == str(key_child.pk)
    assert event.changes == {"page": "Information sharing"}


@pytest.mark.parametrize(
    "persona", ["practitioner", "key_person", "advisor", "cic_advisor", "la_admin"]
)
def test_nobody_else_reaches_the_sharing(request, client_as, key_child, persona):
    share = InformationShareFactory(child=key_child)
    client = client_as(request.getfixturevalue(persona))
    care_setting = key_child.care_setting

    for page in (
        url("share_list", care_setting, key_child.pk),
        url("share_add", care_setting, key_child.pk),
        url("share_edit", care_setting, share.pk),
    ):
        assert client.get(page).status_code == 404, page
    assert (
        client.post(url("share_add", care_setting, key_child.pk), share_data()).status_code == 404
    )
    assert InformationShare.objects.count() == 1


def test_a_dsl_newly_flagged_at_another_setting_does_not_see_this_ones_sharing(
    client_as, key_child, other_setting
):
    share = InformationShareFactory(child=key_child)
    elsewhere = MembershipFactory(care_setting=other_setting, dsl=True).user

    response = client_as(elsewhere).get(url("share_edit", other_setting, share.pk))

    assert response.status_code == 404


def test_the_childs_hub_links_to_agency_working_for_readers_of_the_log_only(
    client_as, dsl, practitioner, key_child
):
    hub = reverse("settings:children:detail", args=[key_child.care_setting.slug, key_child.pk])

    for_dsl = client_as(dsl).get(hub).content.decode()
    for_practitioner = client_as(practitioner).get(hub).content.decode()

    assert "Information sharing" in for_dsl
    assert url("share_list", key_child.care_setting, key_child.pk) in for_dsl
    assert url("reads", key_child.care_setting) + f"?child={key_child.pk}" in for_dsl
    assert "Information sharing" not in for_practitioner
    assert "/sharing/" not in for_practitioner and "/safeguarding/visits/" not in for_practitioner


def test_the_hub_links_lead_to_pages_that_open(client_as, dsl, key_child):
    client = client_as(dsl)
    care_setting = key_child.care_setting

    for page in (
        url("share_list", care_setting, key_child.pk),
        url("visit_list", care_setting) + f"?child={key_child.pk}",
        url("reads", care_setting) + f"?child={key_child.pk}",
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "govuk-error-summary" not in response.content.decode(), page
