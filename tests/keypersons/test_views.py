"""Key-person, caseload and training pages, and the dashboards, through the test client."""

import html
import re
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from children.models import Child, Consent
from common.form_pages import add_service_error as _add_service_error
from common.models import AuditEvent
from keypersons import services
from keypersons.forms import AllocateForm
from keypersons.models import KeyPersonAllocation, TrainingRecord
from tests.concurrency import rendered_fields
from tests.factories.accounts import ChildFactory, MembershipFactory
from tests.factories.children import ConsentFactory, TeamMemberFactory
from tests.factories.keypersons import TrainingRecordFactory
from tests.factories.learning import EarlyAssessmentFactory
from tests.forms_html import forms_in

Kind = KeyPersonAllocation.Kind
Course = TrainingRecord.Course
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 9, tzinfo=LONDON)
TODAY = NOW.date()


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def url(name: str, care_setting, *args) -> str:
    return reverse(f"settings:keypersons:{name}", args=[care_setting.slug, *args])


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def allocate(client, care_setting, child, data: dict, **kwargs):
    """Post the allocation form as the browser does: with the allocations the page showed."""
    allocate_url = url("allocate", care_setting, child.pk)
    return client.post(allocate_url, {**rendered_fields(client, allocate_url), **data}, **kwargs)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# --- The allocation board ---------------------------------------------------------------


def test_the_board_lists_children_without_a_key_person_first_with_days_since_start(
    frozen, client_as, manager, care_setting, key_person
):
    allocated = ChildFactory(care_setting=care_setting, first_name="Aaron", last_name="Able")
    services.key_person_allocate(by=manager, child=allocated, staff=key_person)
    waiting = ChildFactory(
        care_setting=care_setting,
        first_name="Zara",
        last_name="Zed",
        start_date=TODAY - timedelta(days=12),
    )
    ChildFactory(
        care_setting=care_setting,
        first_name="Left",
        date_of_birth=date(2023, 1, 1),
        start_date=date(2025, 1, 6),
        leave_date=date(2026, 2, 1),
    )

    response = client_as(manager).get(url("board", care_setting))

    page = text_of(response)
    assert page.index("Zara Zed") < page.index("Aaron Able")
    assert "12 days since starting: over 10 days" in page
    assert "Kim Keyperson" in page
    assert "Left " not in page
    rows = response.context["rows"]
    assert [row.child for row in rows] == [waiting, allocated]
    assert rows[0].overdue


def test_the_board_warns_about_a_looked_after_child_without_a_trained_designated_key_person(
    client_as, manager, care_setting, key_person
):
    kai = ChildFactory(care_setting=care_setting, looked_after=True, first_name="Kai")
    services.key_person_allocate(by=manager, child=kai, staff=key_person)

    page = text_of(client_as(manager).get(url("board", care_setting)))

    assert "govuk-warning-text" in page
    assert (
        "Kai needs a designated key person with the children in care training: Kim Keyperson "
        "is not allocated as the designated key person and has no current children in care "
        "training." in page
    )


def test_the_board_does_not_warn_when_the_designated_key_person_holds_the_training(
    client_as, manager, care_setting, key_person
):
    kai = ChildFactory(care_setting=care_setting, looked_after=True, first_name="Kai")
    services.key_person_allocate(by=manager, child=kai, staff=key_person, is_designated=True)
    TrainingRecordFactory(care_setting=care_setting, staff=key_person, children_in_care=True)

    response = client_as(manager).get(url("board", care_setting))

    assert "needs a designated key person" not in text_of(response)
    assert response.context["warnings"] == []


def test_the_board_flags_a_key_person_who_has_left_the_setting(
    client_as, manager, care_setting, key_person, key_child
):
    key_person.memberships.update(is_active=False)

    response = client_as(manager).get(url("board", care_setting))

    row = next(row for row in response.context["rows"] if row.child == key_child)
    assert row.key_person_left
    assert "Left the setting" in text_of(response)


def test_a_manager_allocates_a_new_intake_from_the_board(
    client_as, manager, care_setting, key_person
):
    intake = ChildFactory.create_batch(3, care_setting=care_setting)
    client = client_as(manager)

    response = client.post(
        url("board", care_setting),
        {"children": [c.pk for c in intake[:2]], "staff": key_person.pk, "reason": "New intake"},
    )

    assert response.status_code == 302
    assert path_of(response) == url("board", care_setting)
    assert set(Child.objects.filter(key_person=key_person)) == set(intake[:2])
    page = text_of(client.get(path_of(response)))
    assert "Kim Keyperson is now the key person of 2 more children." in page


def test_bulk_allocation_errors_keep_the_ticks_and_the_typed_reason(
    client_as, manager, care_setting
):
    intake = ChildFactory.create_batch(2, care_setting=care_setting)

    response = client_as(manager).post(
        url("board", care_setting),
        {"children": [intake[1].pk], "staff": "", "reason": "September intake"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a member of staff" in page
    assert f'value="{intake[1].pk}" checked' in page
    assert f'value="{intake[0].pk}" checked' not in page
    assert 'value="September intake"' in page
    assert not Child.objects.filter(key_person__isnull=False).exists()


def test_bulk_allocation_without_children_says_so(client_as, manager, care_setting, key_person):
    ChildFactory(care_setting=care_setting)

    response = client_as(manager).post(
        url("board", care_setting), {"staff": key_person.pk, "reason": "Intake"}
    )

    assert "Select the children to allocate" in response.content.decode()
    # The summary links to the first checkbox, which can take the focus.
    assert 'href="#id_children_1"' in response.content.decode()


def test_bulk_allocation_refused_by_the_service_names_the_child(
    client_as, manager, care_setting, key_person
):
    ben = ChildFactory(care_setting=care_setting, first_name="Ben", last_name="Buddied")
    services.key_person_allocate(by=manager, child=ben, staff=key_person, kind=Kind.BUDDY)

    response = client_as(manager).post(
        url("board", care_setting), {"children": [ben.pk], "staff": key_person.pk, "reason": "x"}
    )

    assert response.status_code == 200
    assert "Ben Buddied: Kim Keyperson is already Ben&#x27;s buddy key person" in (
        response.content.decode()
    )


def test_children_of_another_setting_cannot_be_bulk_allocated(
    client_as, manager, care_setting, key_person, other_child
):
    response = client_as(manager).post(
        url("board", care_setting),
        {"children": [other_child.pk], "staff": key_person.pk, "reason": "x"},
    )

    assert "Select children on roll at this setting" in response.content.decode()
    assert Child.objects.get(pk=other_child.pk).key_person is None


# --- One child's allocation page -----------------------------------------------------------


def test_a_manager_allocates_a_key_person_and_the_page_shows_the_history(
    client_as, manager, care_setting, key_person
):
    child = ChildFactory(care_setting=care_setting, first_name="Amara")
    client = client_as(manager)

    response = allocate(
        client,
        care_setting,
        child,
        {"kind": Kind.KEY_PERSON, "staff": key_person.pk, "reason": "Settling in"},
    )

    assert response.status_code == 302
    assert path_of(response) == url("allocate", care_setting, child.pk)
    assert Child.objects.get(pk=child.pk).key_person == key_person
    page = text_of(client.get(path_of(response)))
    assert "Kim Keyperson is now Amara&#x27;s key person." in page
    assert "Settling in" in page
    assert "Allocated by" in page and "Mary Manager" in page
    event = AuditEvent.objects.get(verb="key_person.allocated")
    assert (event.subject_id, event.actor) == (str(child.pk), manager)


@time_machine.travel(NOW, tick=False)
def test_changing_the_key_person_needs_a_reason_and_keeps_what_was_typed(
    client_as, manager, care_setting, key_person, practitioner
):
    child = ChildFactory(care_setting=care_setting)
    services.key_person_allocate(by=manager, child=child, staff=key_person)

    response = client_as(manager).post(
        url("allocate", care_setting, child.pk),
        {
            "kind": Kind.KEY_PERSON,
            "staff": practitioner.pk,
            "starts_on_0": "1",
            "starts_on_1": "3",
            "starts_on_2": "2026",
            "reason": "",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the reason for the change" in page
    assert f'<option value="{practitioner.pk}" selected>' in page
    assert 'name="starts_on_0" value="1"' in page
    assert Child.objects.get(pk=child.pk).key_person == key_person


def test_a_buddy_who_is_the_key_person_is_refused_on_the_staff_field(
    client_as, manager, care_setting, key_person
):
    child = ChildFactory(care_setting=care_setting)
    services.key_person_allocate(by=manager, child=child, staff=key_person)

    response = allocate(
        client_as(manager),
        care_setting,
        child,
        {"kind": Kind.BUDDY, "staff": key_person.pk, "reason": "Cover"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "must be different people" in form.errors["staff"][0]
    assert 'value="Cover"' in response.content.decode()


def test_a_start_date_that_is_not_a_real_date_is_explained(
    client_as, manager, care_setting, key_person
):
    child = ChildFactory(care_setting=care_setting)

    response = client_as(manager).post(
        url("allocate", care_setting, child.pk),
        {
            "kind": Kind.KEY_PERSON,
            "staff": key_person.pk,
            "starts_on_0": "31",
            "starts_on_1": "2",
            "starts_on_2": "2026",
        },
    )

    assert "The start date must be a real date" in response.content.decode()
    assert not KeyPersonAllocation.objects.exists()


@pytest.mark.parametrize("staff", ["99999999999999999999", "-1", "²", "٣"])
def test_a_made_up_staff_id_is_not_a_choice_and_not_a_crash(
    client_as, manager, care_setting, staff
):
    child = ChildFactory(care_setting=care_setting)

    response = client_as(manager).post(
        url("allocate", care_setting, child.pk),
        {"kind": Kind.KEY_PERSON, "staff": staff, "reason": "Settling in"},
    )

    assert response.status_code == 200
    assert "Choose a member of staff at this setting" in response.content.decode()
    assert not KeyPersonAllocation.objects.exists()


def test_a_huge_day_on_a_training_record_is_a_date_error_not_a_crash(
    frozen, client_as, manager, care_setting, key_person
):
    response = client_as(manager).post(
        url("training_add", care_setting, key_person.pk),
        {
            "course": Course.SAFEGUARDING,
            "completed_on_0": "99999999999999999999",
            "completed_on_1": "3",
            "completed_on_2": "2026",
        },
    )

    assert response.status_code == 200
    assert "The date completed must be a real date" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_staff_from_another_setting_are_not_offered(
    client_as, manager, care_setting, other_manager, key_person
):
    child = ChildFactory(care_setting=care_setting)

    response = client_as(manager).post(
        url("allocate", care_setting, child.pk),
        {"kind": Kind.KEY_PERSON, "staff": other_manager.pk},
    )

    assert "Choose a member of staff at this setting" in response.content.decode()
    assert "Oscar Othermanager" not in response.content.decode()


def test_allocating_a_looked_after_child_to_an_untrained_person_warns_clearly(
    client_as, manager, care_setting, practitioner
):
    kai = ChildFactory(care_setting=care_setting, looked_after=True, first_name="Kai")
    client = client_as(manager)

    response = allocate(
        client,
        care_setting,
        kai,
        {"kind": Kind.KEY_PERSON, "staff": practitioner.pk, "is_designated": "on"},
        follow=True,
    )

    page = text_of(response)
    assert Child.objects.get(pk=kai.pk).key_person == practitioner
    assert (
        "Kai needs a designated key person with the children in care training: "
        "Priya Practitioner has no current children in care training." in page
    )


def test_the_allocation_form_marks_staff_with_the_children_in_care_training(
    client_as, manager, care_setting, key_person, key_child
):
    TrainingRecordFactory(care_setting=care_setting, staff=key_person, children_in_care=True)

    page = text_of(client_as(manager).get(url("allocate", care_setting, key_child.pk)))

    assert "Kim Keyperson (children in care training)" in page
    assert "Designated key person for this child in care" in page
    assert "needs a designated key person" not in page


def test_the_designated_box_is_only_offered_for_a_looked_after_child(
    client_as, manager, care_setting
):
    child = ChildFactory(care_setting=care_setting)

    response = client_as(manager).get(url("allocate", care_setting, child.pk))

    assert "is_designated" not in response.context["form"].fields


def test_a_child_of_another_setting_has_no_allocation_page(
    client_as, manager, care_setting, other_child
):
    response = client_as(manager).get(url("allocate", care_setting, other_child.pk))

    assert response.status_code == 404


def test_a_service_refusal_lands_on_the_field_it_names_or_on_the_form(care_setting):
    form = AllocateForm(
        {},
        staff=User.objects.none(),
        trained_ids=set(),
        current_kinds=set(),
        looked_after=False,
    )
    form.is_valid()
    form.errors.clear()

    _add_service_error(form, ValidationError({"staff": "Nope", "is_designated": "Not here"}))
    _add_service_error(form, ValidationError("Someone else changed it"))

    assert form.errors["staff"] == ["Nope"]
    assert form.non_field_errors() == ["Not here", "Someone else changed it"]


# --- Ending allocations ---------------------------------------------------------------------


def test_a_manager_ends_a_key_person_and_the_child_goes_back_to_the_top_of_the_board(
    client_as, manager, care_setting, key_person, key_child
):
    client = client_as(manager)

    response = client.post(
        url("end", care_setting, key_child.pk),
        {"kind": Kind.KEY_PERSON, "reason": "Long-term sick"},
    )

    assert path_of(response) == url("allocate", care_setting, key_child.pk)
    assert Child.objects.get(pk=key_child.pk).key_person is None
    event = AuditEvent.objects.get(verb="key_person.ended")
    assert event.changes["reason"] == "Long-term sick"
    board = client.get(url("board", care_setting))
    assert board.context["rows"][0].child == key_child


def test_ending_an_allocation_needs_a_reason(client_as, manager, care_setting, key_child):
    response = client_as(manager).post(
        url("end", care_setting, key_child.pk), {"kind": Kind.KEY_PERSON, "reason": ""}
    )

    assert "Enter the reason the allocation ends" in response.content.decode()
    assert Child.objects.get(pk=key_child.pk).key_person_id is not None


def test_a_leavers_allocations_all_end_together(
    client_as, manager, care_setting, key_person, key_child
):
    other = ChildFactory(care_setting=care_setting)
    services.key_person_allocate(by=manager, child=other, staff=key_person, kind=Kind.BUDDY)

    response = client_as(manager).post(
        url("staff_leaving", care_setting, key_person.pk), {"reason": "Left the setting"}
    )

    assert path_of(response) == url("board", care_setting)
    assert not KeyPersonAllocation.objects.filter(staff=key_person, ends_on__isnull=True).exists()


# --- When someone else got there first ---------------------------------------------------


@pytest.fixture
def deputy(care_setting) -> User:
    """A second manager, working on the same children at the same time."""
    return MembershipFactory(
        care_setting=care_setting, manager=True, user__full_name="Morgan Deputy"
    ).user


def said(response) -> str:
    """Return the page's words as a reader sees them (entities such as &#x27; decoded)."""
    return html.unescape(text_of(response))


def as_rendered(response, **typed: str) -> dict[str, list[str]]:
    """Return the page's form as a browser would post it, with ``typed`` filled in."""
    (form,) = [form for form in forms_in(response.content) if not form.action]
    return {**form.defaults(), **{name: [value] for name, value in typed.items()}}


def test_ending_an_allocation_someone_else_already_ended_says_who_and_keeps_the_reason(
    frozen, client_as, manager, deputy, care_setting, key_child
):
    client = client_as(manager)
    page = client.get(url("end", care_setting, key_child.pk))
    services.key_person_end(by=deputy, child=key_child, reason="Moved rooms")

    response = client.post(
        url("end", care_setting, key_child.pk),
        as_rendered(page, kind=Kind.KEY_PERSON, reason="Going part-time"),
    )

    assert response.status_code == 200
    text = said(response)
    assert "Select a valid choice" not in text
    assert (
        "Kim Keyperson's allocation as Kai's key person has already been ended by Morgan "
        "Deputy, on 2 March 2026. Kai has no key person now, so nothing was changed."
    ) in text
    assert 'value="Going part-time"' in response.content.decode()


def test_a_key_person_allocated_meanwhile_is_not_ended_by_an_out_of_date_page(
    frozen, client_as, manager, deputy, care_setting, key_child, practitioner
):
    client = client_as(manager)
    page = client.get(url("end", care_setting, key_child.pk))
    services.key_person_allocate(
        by=deputy, child=key_child, staff=practitioner, reason="Kim moved rooms"
    )

    response = client.post(
        url("end", care_setting, key_child.pk),
        as_rendered(page, kind=Kind.KEY_PERSON, reason="Going part-time"),
    )

    assert response.status_code == 200
    assert (
        "Kim Keyperson's allocation as Kai's key person has already been ended by Morgan "
        "Deputy, on 2 March 2026. Priya Practitioner is now Kai's key person: nothing was "
        "changed."
    ) in said(response)
    assert 'value="Going part-time"' in response.content.decode()
    assert Child.objects.get(pk=key_child.pk).key_person == practitioner
    # Sent again, knowingly, it ends the allocation the message named.
    again = client.post(url("end", care_setting, key_child.pk), as_rendered(response))
    assert path_of(again) == url("allocate", care_setting, key_child.pk)
    assert Child.objects.get(pk=key_child.pk).key_person is None


def test_a_made_up_allocation_id_on_the_end_page_is_refused_in_words(
    frozen, client_as, manager, care_setting, key_child
):
    client = client_as(manager)
    page = client.get(url("end", care_setting, key_child.pk))

    response = client.post(
        url("end", care_setting, key_child.pk),
        as_rendered(
            page, kind=Kind.KEY_PERSON, reason="x", key_person_allocation="99999999999999999999"
        ),
    )

    assert "This page is out of date: open it again and try again" in said(response)
    assert Child.objects.get(pk=key_child.pk).key_person_id is not None


def test_a_leavers_page_sent_after_someone_else_ended_everything_says_so_and_keeps_the_form(
    frozen, client_as, manager, deputy, care_setting, key_person, key_child
):
    client = client_as(manager)
    client.get(url("staff_leaving", care_setting, key_person.pk))
    services.allocations_end_for_staff(
        by=deputy, care_setting=care_setting, staff=key_person, reason="Left"
    )

    response = client.post(
        url("staff_leaving", care_setting, key_person.pk), {"reason": "Moved away"}
    )

    assert response.status_code == 200
    assert (
        "Kim Keyperson holds no key-person or buddy allocations now: Morgan Deputy ended the "
        "last of them, on 2 March 2026. Nothing was changed."
    ) in said(response)
    assert 'value="Moved away"' in response.content.decode()


def test_a_leavers_date_error_comes_with_the_date_boxes_when_nothing_is_left_to_end(
    frozen, client_as, manager, deputy, care_setting, key_person, key_child
):
    services.allocations_end_for_staff(
        by=deputy, care_setting=care_setting, staff=key_person, reason="Left"
    )

    response = client_as(manager).post(
        url("staff_leaving", care_setting, key_person.pk),
        {"ends_on_0": "31", "ends_on_1": "2", "ends_on_2": "2026", "reason": "Moved away"},
    )

    content = response.content.decode()
    assert "The last day must be a real date" in content
    assert 'href="#id_ends_on_0"' in content
    assert 'id="id_ends_on_0"' in content
    assert 'value="31"' in content
    assert 'value="Moved away"' in content


def test_a_leavers_last_day_before_an_allocation_began_names_the_child(
    frozen, client_as, manager, care_setting, key_person, key_child
):
    ben = ChildFactory(care_setting=care_setting, first_name="Ben", last_name="Brook")
    services.key_person_allocate(by=manager, child=ben, staff=key_person, kind=Kind.BUDDY)

    response = client_as(manager).post(
        url("staff_leaving", care_setting, key_person.pk),
        {"ends_on_0": "1", "ends_on_1": "3", "ends_on_2": "2026", "reason": "Moved away"},
    )

    assert "Ben Brook: The allocation started on 2 March 2026: it cannot end before that" in said(
        response
    )
    assert KeyPersonAllocation.objects.filter(staff=key_person, ends_on__isnull=True).count() == 2


# --- Caseloads ---------------------------------------------------------------------------


def test_caseloads_count_key_children_and_buddies_on_roll(
    client_as, manager, care_setting, key_person, practitioner, key_child
):
    for child in ChildFactory.create_batch(2, care_setting=care_setting):
        services.key_person_allocate(by=manager, child=child, staff=key_person)
        services.key_person_allocate(by=manager, child=child, staff=practitioner, kind=Kind.BUDDY)
    today = timezone.localdate()
    gone = ChildFactory(
        care_setting=care_setting,
        start_date=today - timedelta(days=100),
        leave_date=today - timedelta(days=1),
    )
    KeyPersonAllocation.objects.create(child=gone, staff=key_person, starts_on=gone.start_date)

    response = client_as(manager).get(url("caseloads", care_setting))

    counts = {
        c.membership.user: (c.key_children, c.looked_after, c.buddy_children)
        for c in response.context["caseloads"]
    }
    assert counts[key_person] == (3, 1, 0)
    assert counts[practitioner] == (0, 0, 2)
    assert counts[manager] == (0, 0, 0)


def test_a_practitioner_sees_their_own_caseload(client_as, key_person, care_setting, key_child):
    response = client_as(key_person).get(url("caseload", care_setting, key_person.pk))

    assert response.status_code == 200
    assert "My caseload" in text_of(response)
    assert [row.child for row in response.context["key_rows"]] == [key_child]


def test_a_practitioner_cannot_see_a_colleagues_caseload(
    client_as, practitioner, key_person, care_setting
):
    response = client_as(practitioner).get(url("caseload", care_setting, key_person.pk))

    assert response.status_code == 403


def test_a_caseload_of_someone_outside_the_setting_is_not_found(
    client_as, manager, care_setting, other_manager
):
    response = client_as(manager).get(url("caseload", care_setting, other_manager.pk))

    assert response.status_code == 404


STAFF_PAGES = ["caseload", "staff_leaving", "training_add"]
SETTING_PERSONAS = ["manager", "key_person", "practitioner", "dsl", "advisor", "cic_advisor"]


@pytest.mark.parametrize("persona", [*SETTING_PERSONAS, "la_admin"])
@pytest.mark.parametrize("page", STAFF_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_settings_staff_on_a_staff_page_are_not_found_whatever_the_grant(
    request, client_as, care_setting, other_manager, persona, page, method
):
    client = client_as(request.getfixturevalue(persona))

    response = getattr(client, method)(url(page, care_setting, other_manager.pk))

    assert response.status_code == 404
    assert not KeyPersonAllocation.objects.exists()
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("persona", SETTING_PERSONAS)
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_made_up_staff_id_on_a_staff_page_is_not_found_whatever_the_grant(
    request, client_as, care_setting, persona, page
):
    client = client_as(request.getfixturevalue(persona))

    response = client.get(url(page, care_setting, 987_654_321))

    assert response.status_code == 404


def test_a_manager_sees_a_leavers_caseload(client_as, manager, care_setting, key_person):
    key_person.memberships.update(is_active=False)

    response = client_as(manager).get(url("caseload", care_setting, key_person.pk))

    assert response.status_code == 200
    assert "Left" in text_of(response)


# --- Training ------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_training_matrix_colours_each_course_by_its_expiry(
    client_as, manager, care_setting, key_person
):
    def record(course, expires_on, completed_on=date(2024, 3, 1)):
        return TrainingRecordFactory(
            care_setting=care_setting,
            staff=key_person,
            course=course,
            completed_on=completed_on,
            expires_on=expires_on,
        )

    record(Course.SAFEGUARDING, TODAY)  # expires today: no longer current
    record(Course.PAEDIATRIC_FIRST_AID, TODAY + timedelta(days=30))
    record(Course.DSL, TODAY + timedelta(days=31))
    record(Course.CHILDREN_IN_CARE, None)
    # An old, expired attachment course, renewed since: the renewal counts.
    record(Course.ATTACHMENT_TRAUMA, date(2025, 3, 1), completed_on=date(2023, 3, 1))
    record(Course.ATTACHMENT_TRAUMA, None, completed_on=date(2025, 6, 1))

    response = client_as(manager).get(url("training", care_setting))

    row = next(r for r in response.context["rows"] if r.membership.user == key_person)
    assert {cell.course: cell.colour for cell in row.cells} == {
        Course.SAFEGUARDING: "red",
        Course.PAEDIATRIC_FIRST_AID: "yellow",
        Course.DSL: "green",
        Course.CHILDREN_IN_CARE: "green",
        Course.ATTACHMENT_TRAUMA: "green",
        Course.POSITIVE_BEHAVIOUR: "grey",
    }
    page = text_of(response)
    assert "Expired 2 Mar 2026" in page
    assert "No fixed expiry" in page


def test_an_la_admin_reads_the_training_matrix_but_cannot_add(
    client_as, la_admin, care_setting, key_person
):
    response = client_as(la_admin).get(url("training", care_setting))

    assert response.status_code == 200
    assert "Add a record" not in text_of(response)


@time_machine.travel(NOW, tick=False)
def test_a_manager_records_training_and_the_expiry_is_worked_out(
    client_as, manager, care_setting, key_person
):
    response = client_as(manager).post(
        url("training_add", care_setting, key_person.pk),
        {
            "course": Course.PAEDIATRIC_FIRST_AID,
            "completed_on_0": "10",
            "completed_on_1": "2",
            "completed_on_2": "2026",
            "provider": "St John Ambulance",
        },
    )

    assert path_of(response) == url("training", care_setting)
    record = TrainingRecord.objects.get()
    assert (record.staff, record.expires_on, record.recorded_by) == (
        key_person,
        date(2029, 2, 10),
        manager,
    )


@time_machine.travel(NOW, tick=False)
def test_training_errors_keep_what_was_typed(client_as, manager, care_setting, key_person):
    response = client_as(manager).post(
        url("training_add", care_setting, key_person.pk),
        {
            "course": Course.DSL,
            "completed_on_0": "1",
            "completed_on_1": "2",
            "completed_on_2": "2026",
            "expires_on_0": "1",
            "expires_on_1": "1",
            "expires_on_2": "2026",
            "provider": "Northshire Safeguarding Partnership",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The expiry date must be after the date completed" in page
    assert 'value="Northshire Safeguarding Partnership"' in page
    assert re.search(r'value="dsl"\s+checked', page)
    assert not TrainingRecord.objects.exists()


def test_training_cannot_be_added_for_someone_outside_the_setting(
    client_as, manager, care_setting, other_manager
):
    response = client_as(manager).get(url("training_add", care_setting, other_manager.pk))

    assert response.status_code == 404


def test_training_cannot_be_added_for_a_leaver(client_as, manager, care_setting, key_person):
    key_person.memberships.update(is_active=False)

    response = client_as(manager).get(url("training_add", care_setting, key_person.pk))

    assert response.status_code == 404


# --- The manager's overview ---------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_overview_shows_figures_unallocated_looked_after_and_training_due(
    client_as, manager, care_setting, key_person, practitioner
):
    ChildFactory(
        care_setting=care_setting,
        first_name="Una",
        last_name="Waiting",
        start_date=TODAY - timedelta(days=4),
    )
    kai = ChildFactory(care_setting=care_setting, looked_after=True, first_name="Kai")
    services.key_person_allocate(by=manager, child=kai, staff=key_person, is_designated=True)
    TrainingRecordFactory(
        care_setting=care_setting,
        staff=practitioner,
        course=Course.SAFEGUARDING,
        completed_on=date(2024, 3, 10),
        expires_on=date(2026, 3, 10),
    )

    response = client_as(manager).get(reverse("settings:overview", args=[care_setting.slug]))

    overview = response.context["overview"]
    assert overview.unallocated_count == 1
    assert [row.child.first_name for row in overview.unallocated] == ["Una"]
    assert [row.child for row in overview.looked_after] == [kai]
    assert [record.staff for record, _ in overview.training_due] == [practitioner]
    page = text_of(response)
    assert "4 days" in page
    assert (
        "Kai needs a designated key person with the children in care training: "
        "Kim Keyperson has no current children in care training." in page
    )
    assert "Priya Practitioner" in page and "Expires soon" in page
    assert "Acorn Day Nursery" in page and "Ofsted inspections" in page
    assert url("board", care_setting) in page


def test_an_advisor_sees_only_the_children_they_follow_and_no_training(
    client_as, advisor, manager, care_setting, key_person
):
    ChildFactory(care_setting=care_setting, first_name="Private")
    kai = ChildFactory(care_setting=care_setting, looked_after=True, first_name="Kai")
    services.key_person_allocate(by=manager, child=kai, staff=key_person)

    response = client_as(advisor).get(reverse("settings:overview", args=[care_setting.slug]))

    overview = response.context["overview"]
    assert overview.unallocated == []
    assert overview.unallocated_count == 1
    assert [row.child for row in overview.looked_after] == [kai]
    assert overview.training_due is None
    page = text_of(response)
    assert "Private" not in page
    assert url("board", care_setting) not in page


# --- My key children ----------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_my_key_children_lists_key_and_buddy_children_with_what_needs_doing(
    client_as, manager, care_setting, key_person, practitioner, dsl
):
    # Eighteen months old with an early assessment: nothing of the tracker or the progress
    # check at two is due, so the rows show only the record's gaps.
    kai = ChildFactory(
        care_setting=care_setting,
        looked_after=True,
        first_name="Kai",
        room="Robins",
        date_of_birth=TODAY - timedelta(days=540),
    )
    EarlyAssessmentFactory(child=kai)
    services.key_person_allocate(by=manager, child=kai, staff=key_person)
    ConsentFactory(child=kai, kind=Consent.Kind.PHOTOGRAPHS)
    ConsentFactory(child=kai, kind=Consent.Kind.OUTINGS, granted=False)
    settled = ChildFactory(
        care_setting=care_setting, first_name="Sam", date_of_birth=TODAY - timedelta(days=540)
    )
    EarlyAssessmentFactory(child=settled)
    services.key_person_allocate(by=manager, child=settled, staff=key_person)
    for kind in Consent.Kind.values:
        ConsentFactory(child=settled, kind=kind)
    buddy_child = ChildFactory(care_setting=care_setting, first_name="Bea")
    services.key_person_allocate(by=manager, child=buddy_child, staff=practitioner)
    services.key_person_allocate(by=manager, child=buddy_child, staff=key_person, kind=Kind.BUDDY)
    TrainingRecordFactory(
        care_setting=care_setting,
        staff=key_person,
        course=Course.SAFEGUARDING,
        completed_on=date(2024, 2, 20),
        expires_on=date(2026, 2, 20),
    )

    response = client_as(key_person).get(
        reverse("settings:my_key_children", args=[care_setting.slug])
    )

    key_rows = {row.child.first_name: row for row in response.context["key_rows"]}
    assert set(key_rows) == {"Kai", "Sam"}
    assert key_rows["Kai"].todo == [
        "Record consent for: giving medication, emergency medical treatment, "
        "sharing the learning journey",
        "Add the social worker to the team around the child",
        "Kai needs a designated key person with the children in care training: Kim Keyperson "
        "is not allocated as the designated key person and has no current children in care "
        "training.",
    ]
    assert key_rows["Sam"].todo == []
    assert [row.child for row in response.context["buddy_rows"]] == [buddy_child]
    page = text_of(response)
    assert "Robins" in page
    assert "Nothing to do" in page
    assert "Your safeguarding and child protection training expired on 20 February 2026" in page
    assert "Dana Safeguarding" in page
    assert reverse("settings:children:detail", args=[care_setting.slug, kai.pk]) in page


def test_a_looked_after_child_with_a_social_worker_and_trained_designated_key_person_is_clear(
    client_as, manager, care_setting, key_person
):
    kai = ChildFactory(
        care_setting=care_setting,
        looked_after=True,
        first_name="Kai",
        date_of_birth=timezone.localdate() - timedelta(days=540),
    )
    EarlyAssessmentFactory(child=kai)
    services.key_person_allocate(by=manager, child=kai, staff=key_person, is_designated=True)
    TrainingRecordFactory(care_setting=care_setting, staff=key_person, children_in_care=True)
    TeamMemberFactory(child=kai, social_worker=True)
    for kind in Consent.Kind.values:
        ConsentFactory(child=kai, kind=kind)

    response = client_as(key_person).get(
        reverse("settings:my_key_children", args=[care_setting.slug])
    )

    assert response.context["key_rows"][0].todo == []


def test_a_practitioner_without_key_children_is_told_who_allocates_them(
    client_as, practitioner, care_setting
):
    page = text_of(
        client_as(practitioner).get(reverse("settings:my_key_children", args=[care_setting.slug]))
    )

    assert "No children are allocated to you as their key person yet." in page


# --- The workflow: allocated by the manager, seen by the key person ----------------------


def test_a_child_allocated_by_the_manager_appears_on_the_key_persons_dashboard(
    client_as, manager, key_person, care_setting
):
    child = ChildFactory(care_setting=care_setting, first_name="Nia", last_name="Newstart")
    allocate(
        client_as(manager),
        care_setting,
        child,
        {"kind": Kind.KEY_PERSON, "staff": key_person.pk, "reason": "Settling in"},
    )

    page = text_of(
        client_as(key_person).get(reverse("settings:my_key_children", args=[care_setting.slug]))
    )

    assert "Nia Newstart" in page


# --- The LA advisors' "Children I follow" ---------------------------------------------------


def test_advisors_see_each_followed_childs_key_person_and_designation(
    client_as, advisor, cic_advisor, manager, care_setting, key_person, home_la
):
    kai = ChildFactory(care_setting=care_setting, looked_after=True, first_name="Kai")
    services.key_person_allocate(by=manager, child=kai, staff=key_person, is_designated=True)
    ChildFactory(care_setting=care_setting, looked_after=True, first_name="Lou")

    for person in (advisor, cic_advisor):
        response = client_as(person).get(reverse("la:my_settings", args=[home_la.slug]))

        children = {child.first_name: child for child, _age in response.context["children"]}
        assert children["Kai"].key_person == key_person
        assert children["Kai"].key_person_designated
        assert children["Lou"].key_person is None
        page = text_of(response)
        assert "Kim Keyperson" in page and "Designated" in page and "No key person" in page
