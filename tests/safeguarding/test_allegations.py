"""Allegations against staff: the manager and the DSL only, never the member of staff
concerned, even when they are the manager or hold the DSL flag. Time pinned.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from common.models import AuditEvent
from notifications import services as notifications
from notifications.models import Notification
from safeguarding.models import Allegation
from safeguarding.selectors import READ_VERB
from tests.factories.accounts import MembershipFactory
from tests.factories.safeguarding import AllegationFactory
from tests.workspace.test_navigation import current_section, sub_menu

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=LONDON)  # a Tuesday


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def url(name, care_setting, *args):
    return reverse(f"settings:safeguarding:{name}", args=[care_setting.slug, *args])


@pytest.fixture
def accused_dsl(care_setting):
    """A practitioner with the DSL flag."""
    return MembershipFactory(
        care_setting=care_setting, dsl=True, user__full_name="Ash Accused-Dsl"
    ).user


@pytest.fixture
def accused_manager(care_setting):
    """A second manager of the setting."""
    return MembershipFactory(
        care_setting=care_setting, manager=True, user__full_name="Max Accused-Manager"
    ).user


ACCUSED = ["accused_dsl", "accused_manager"]


def main_of(html):
    found = re.search(r"<main\b.*?</main>", html, flags=re.S)
    return found.group(0) if found else ""


def same_page(html):
    """Return the page without what changes on every request (CSRF tokens, nonces)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def allegation_about(user, care_setting, **extra):
    return AllegationFactory(
        care_setting=care_setting, staff_member=user, received_on=date(2026, 11, 20), **extra
    )


def record_as(client, care_setting, staff, **extra):
    return client.post(
        url("allegation_add", care_setting),
        {
            "staff_member": str(staff.pk),
            "received_on_0": "23",
            "received_on_1": "11",
            "received_on_2": "2026",
            "made_by": "A parent, in person",
            "summary": "Says a member of staff pulled a child by the arm.",
            "serious_harm": "yes",
            "immediate_actions": "Suspended from the room pending the LADO's advice.",
            **extra,
        },
    )


# --- Recording ------------------------------------------------------------------------


def test_the_manager_records_an_allegation_audited_on_its_own_trail_only(
    client_as, manager, accused_dsl, care_setting
):
    response = record_as(client_as(manager), care_setting, accused_dsl)

    assert response.status_code == 302
    allegation = Allegation.objects.get()
    assert allegation.staff_member == accused_dsl and allegation.serious_harm
    event = AuditEvent.objects.get(verb="allegation.recorded")
    assert event.restricted_to == "allegation_trail"
    assert event.target_label == f"Allegation A-{allegation.pk:04d}"
    assert accused_dsl.full_name not in str(event.changes) + event.target_label


def test_nobody_can_record_an_allegation_about_themselves(client_as, manager, care_setting):
    client = client_as(manager)

    page = client.get(url("allegation_add", care_setting)).content.decode()
    response = record_as(client, care_setting, manager)

    assert manager.full_name not in page.split("<select", 1)[1].split("</select>", 1)[0]
    assert "You cannot record an allegation about yourself here" in page
    assert "tell the DSL or another manager" in page
    assert "Select a member of staff from the list" in response.content.decode()
    assert not Allegation.objects.exists()


def test_a_missing_answer_is_a_govuk_error_that_keeps_what_was_typed(
    client_as, dsl, practitioner, care_setting
):
    response = record_as(client_as(dsl), care_setting, practitioner, serious_harm="", made_by="")

    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Select whether it is an allegation of serious harm or abuse" in page
    assert "Enter who made the allegation" in page
    assert "Says a member of staff pulled a child by the arm." in page
    assert not Allegation.objects.exists()


def test_the_pages_remind_of_the_lado_and_ofsted_deadlines(
    client_as, dsl, practitioner, care_setting
):
    allegation = allegation_about(practitioner, care_setting)
    client = client_as(dsl)

    add = client.get(url("allegation_add", care_setting)).content.decode()
    detail = client.get(url("allegation_detail", care_setting, allegation.pk)).content.decode()

    assert "LADO within one working day" in add
    assert "as soon as possible, and within 14 days" in add
    assert "by 23 November 2026." in detail  # one working day after Friday 20th
    assert "by 4 December 2026 (within 14 days)" in detail


# --- Progress ---------------------------------------------------------------------------


def progress(version, **extra):
    return {"version": version, **extra}


def day(name, value):
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def test_the_dsl_records_the_lado_ofsted_and_outcome(client_as, dsl, practitioner, care_setting):
    allegation = allegation_about(practitioner, care_setting)
    data = progress(
        allegation.version,
        **day("lado_referred_on", date(2026, 11, 20)),
        lado_reference="LADO-17",
        lado_advice="Suspend pending investigation.",
        **day("ofsted_notified_on", date(2026, 11, 23)),
        ofsted_reference="OF-99",
        result="unsubstantiated",
        **day("result_on", date(2026, 11, 24)),
    )

    response = client_as(dsl).post(url("allegation_edit", care_setting, allegation.pk), data)

    assert response.status_code == 302
    allegation.refresh_from_db()
    assert allegation.lado_reference == "LADO-17" and allegation.result == "unsubstantiated"
    assert allegation.ofsted_notified_on == date(2026, 11, 23) and allegation.version == 2
    event = AuditEvent.objects.get(verb="allegation.changed")
    assert event.restricted_to == "allegation_trail"
    assert event.changes["the LADO's advice"] == "changed"
    detail = client_as(dsl).get(url("allegation_detail", care_setting, allegation.pk))
    assert "Allegation against a member of staff updated" in detail.content.decode()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("ofsted_notified_on", "The date Ofsted was notified must be the same as or after"),
        ("lado_referred_on", "The date referred to the LADO must be the same as or after"),
        ("result_on", "The date of the outcome must be the same as or after"),
    ],
)
def test_no_date_is_before_the_allegation_was_made(
    client_as, dsl, practitioner, care_setting, field, message
):
    allegation = allegation_about(practitioner, care_setting)
    data = progress(allegation.version, **day(field, date(2026, 11, 19)), result="false")

    response = client_as(dsl).post(url("allegation_edit", care_setting, allegation.pk), data)

    assert message in response.content.decode()
    assert 'value="19"' in response.content.decode()
    allegation.refresh_from_db()
    assert allegation.version == 1


def test_an_outcome_needs_its_date_and_a_date_its_outcome(
    client_as, dsl, practitioner, care_setting
):
    allegation = allegation_about(practitioner, care_setting)
    client = client_as(dsl)
    edit = url("allegation_edit", care_setting, allegation.pk)

    no_date = client.post(edit, progress(allegation.version, result="false"))
    no_result = client.post(
        edit, progress(allegation.version, **day("result_on", date(2026, 11, 24)))
    )

    assert "Enter the date of the outcome" in no_date.content.decode()
    assert (
        "Select the outcome, or leave the date of the outcome empty" in no_result.content.decode()
    )


def test_an_allegation_changed_meanwhile_is_a_conflict(
    client_as, dsl, manager, practitioner, care_setting
):
    allegation = allegation_about(practitioner, care_setting)
    edit = url("allegation_edit", care_setting, allegation.pk)
    client_as(manager).post(edit, progress(allegation.version, lado_reference="THEIRS"))

    response = client_as(dsl).post(edit, progress(allegation.version, lado_reference="MINE"))

    page = response.content.decode()
    assert "Someone else changed this record" in page and "MINE" in page and "THEIRS" in page
    allegation.refresh_from_db()
    assert allegation.lado_reference == "THEIRS"


def test_reading_an_allegation_goes_to_its_trail_not_to_who_read_what(
    client_as, dsl, practitioner, care_setting
):
    allegation = allegation_about(practitioner, care_setting)
    client = client_as(dsl)

    client.get(url("allegation_detail", care_setting, allegation.pk))

    assert not AuditEvent.objects.filter(verb=READ_VERB).exists()
    read = AuditEvent.objects.get(verb="allegation.read")
    assert read.restricted_to == "allegation_trail" and read.subject_id == ""
    reads = client.get(url("reads", care_setting)).content.decode()
    assert "Allegation A-" not in reads


# --- The accused ------------------------------------------------------------------------


@pytest.mark.parametrize("accused", ACCUSED)
def test_the_accused_gets_404_on_the_allegation_and_no_row_on_the_list(
    request, client_as, care_setting, accused
):
    user = request.getfixturevalue(accused)
    allegation = allegation_about(user, care_setting, summary="Shouted at a child")
    client = client_as(user)

    listed = client.get(url("allegation_list", care_setting)).content.decode()

    assert client.get(url("allegation_detail", care_setting, allegation.pk)).status_code == 404
    assert client.get(url("allegation_edit", care_setting, allegation.pk)).status_code == 404
    posted = client.post(
        url("allegation_edit", care_setting, allegation.pk),
        progress(allegation.version, lado_reference="X"),
    )
    assert posted.status_code == 404
    assert "There are no allegations for you to see." in listed
    assert str(allegation) not in listed and "Shouted at a child" not in listed
    allegation.refresh_from_db()
    assert allegation.version == 1


@pytest.mark.parametrize("accused", ACCUSED)
def test_the_accused_sees_the_same_menu_as_before_the_allegation(
    request, client_as, care_setting, accused
):
    user = request.getfixturevalue(accused)
    client = client_as(user)
    # The safeguarding pages carry the section's sub-navigation, "Allegations" among it.
    concerns = url("concern_list", care_setting)
    before = client.get(concerns).content.decode()

    allegation_about(user, care_setting)
    after = client.get(concerns).content.decode()

    assert "Allegations" in before
    assert same_page(before) == same_page(after)


@pytest.mark.parametrize("accused", ACCUSED)
def test_the_accused_gets_no_notification_count_or_audit_event(
    request, client_as, manager, dsl, care_setting, accused
):
    user = request.getfixturevalue(accused)
    allegation = allegation_about(user, care_setting, serious_harm=True)
    other = client_as(dsl if accused == "accused_manager" else manager)
    other.get(url("allegation_detail", care_setting, allegation.pk))
    other.post(
        url("allegation_edit", care_setting, allegation.pk),
        progress(allegation.version, lado_reference="LADO-1"),
    )

    notifications.sweep(today=NOW.date())

    assert Notification.objects.filter(kind__startswith="safeguarding.allegation").exists()
    assert not Notification.objects.filter(recipient=user).exists()
    client = client_as(user)
    trail = client.get(reverse("settings:audit", args=[care_setting.slug])).content.decode()
    notes = client.get(reverse("notifications:list")).content.decode()
    for page in (trail, notes):
        assert "Allegation A-" not in page and "against a member of staff" not in page
        assert "llegation" not in main_of(page)


def test_the_readers_are_told_and_see_it_but_the_accused_never(
    client_as, manager, dsl, accused_dsl, care_setting
):
    allegation = allegation_about(accused_dsl, care_setting, serious_harm=True)

    notifications.sweep(today=NOW.date())

    told = set(
        Notification.objects.filter(kind__startswith="safeguarding.allegation").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {manager.pk, dsl.pk}
    for reader in (manager, dsl):
        assert (
            client_as(reader)
            .get(url("allegation_detail", care_setting, allegation.pk))
            .status_code
            == 200
        )


@pytest.mark.parametrize(
    "persona",
    ["practitioner", "key_person", "advisor", "cic_advisor", "la_admin", "other_manager"],
)
def test_nobody_else_reaches_allegations(request, client_as, practitioner, care_setting, persona):
    allegation = allegation_about(MembershipFactory(care_setting=care_setting).user, care_setting)
    client = client_as(request.getfixturevalue(persona))

    for page in (
        url("allegation_list", care_setting),
        url("allegation_add", care_setting),
        url("allegation_detail", care_setting, allegation.pk),
        url("allegation_edit", care_setting, allegation.pk),
    ):
        assert client.get(page).status_code == 404, page


def test_the_menu_item_is_for_managers_and_dsls(client_as, practitioner, dsl, care_setting):
    # "Allegations" is an item of the safeguarding section's sub-navigation.
    dsl_items = sub_menu(client_as(dsl).get(url("concern_list", care_setting)).content.decode())
    raising = client_as(practitioner).get(url("concern_raise", care_setting)).content.decode()

    assert "Allegations" in [label for label, _, _ in dsl_items[1]]
    assert "Allegations" not in raising


def test_the_allegation_pages_are_the_allegations_item_and_agency_pages_the_visitors(
    client_as, dsl, practitioner, care_setting
):
    allegation = allegation_about(practitioner, care_setting)
    client = client_as(dsl)

    detail = client.get(url("allegation_detail", care_setting, allegation.pk)).content.decode()
    visits = client.get(url("visit_list", care_setting)).content.decode()

    def current_item(page):
        return [label for label, _, current in sub_menu(page)[1] if current]

    assert current_section(detail) == current_section(visits) == ["Safeguarding"]
    assert current_item(detail) == ["Allegations"]
    assert current_item(visits) == ["Visitors"]


def test_the_trail_shows_this_allegations_events_only(
    client_as, dsl, manager, practitioner, key_person, care_setting
):
    first = allegation_about(practitioner, care_setting)
    second = allegation_about(key_person, care_setting)
    client_as(manager).post(
        url("allegation_edit", care_setting, second.pk),
        progress(second.version, lado_reference="LADO-2"),
    )

    page = client_as(dsl).get(url("allegation_detail", care_setting, first.pk)).content.decode()

    trail = page.split(">Trail<", 1)[1]
    assert "Allegation against a member of staff read" in trail
    assert "Allegation against a member of staff updated" not in trail
    assert "Mary Manager" not in trail
