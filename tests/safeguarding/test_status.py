"""Early help, child in need and child protection status, tasks, and the child's page."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from common.models import AuditEvent
from safeguarding.models import Level, SafeguardingStatus, StatusTask
from safeguarding.selectors import READ_VERB
from tests.factories.accounts import ChildFactory, MembershipFactory
from tests.factories.safeguarding import (
    ConcernFactory,
    SafeguardingStatusFactory,
    StatusTaskFactory,
)
from tests.matrix.base import day_parts
from tests.safeguarding.chronology_world import NOW, TODAY


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def sg_url(name, care_setting, *args):
    return reverse(f"settings:safeguarding:{name}", args=[care_setting.slug, *args])


def token_of(client, page):
    return str(client.get(page).context["form"]["submission_token"].value())


def test_early_help_without_a_lead_professional_is_refused_and_keeps_what_was_typed(
    client_as, dsl, key_child, care_setting
):
    response = client_as(dsl).post(
        sg_url("status_add", care_setting, key_child.pk),
        {
            "level": "early_help",
            **day_parts("started_on", TODAY),
            "social_worker": "Typed and kept",
            "notes": "Notes kept too",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the lead professional for early help" in page
    assert "Typed and kept" in page and "Notes kept too" in page
    assert not SafeguardingStatus.objects.exists()


def test_a_child_protection_plan_needs_its_category_and_initial_conference(
    client_as, dsl, key_child, care_setting
):
    response = client_as(dsl).post(
        sg_url("status_add", care_setting, key_child.pk),
        {"level": "child_protection", **day_parts("started_on", TODAY)},
    )

    page = response.content.decode()
    assert "Select the category of the child protection plan" in page
    assert "Enter the date of the initial conference" in page
    assert not SafeguardingStatus.objects.exists()


def test_a_child_protection_plan_is_recorded_once_with_its_details(
    client_as, dsl, key_child, care_setting
):
    client = client_as(dsl)
    page = sg_url("status_add", care_setting, key_child.pk)
    data = {
        "submission_token": token_of(client, page),
        "level": "child_protection",
        **day_parts("started_on", TODAY),
        "plan_category": "emotional",
        **day_parts("initial_conference_on", TODAY - timedelta(days=1)),
        "core_group": "Social worker; DSL",
        **day_parts("next_core_group_on", TODAY + timedelta(days=10)),
        **day_parts("next_review_conference_on", TODAY + timedelta(days=90)),
    }

    client.post(page, data)
    client.post(page, data)

    status = SafeguardingStatus.objects.get()
    assert (status.level, status.plan_category, status.care_setting) == (
        Level.CHILD_PROTECTION,
        "emotional",
        care_setting,
    )
    assert status.next_core_group_on == TODAY + timedelta(days=10)
    assert AuditEvent.objects.get(verb="safeguarding.status_started").restricted_to == (
        "view_concerns"
    )


def test_a_new_level_ends_the_open_one_the_day_before(client_as, dsl, key_child, care_setting):
    earlier = SafeguardingStatusFactory(
        child=key_child, early_help=True, started_on=TODAY - timedelta(days=40)
    )

    client_as(dsl).post(
        sg_url("status_add", care_setting, key_child.pk),
        {"level": "child_in_need", **day_parts("started_on", TODAY)},
    )

    earlier.refresh_from_db()
    assert earlier.ended_on == TODAY - timedelta(days=1)
    assert earlier.ended_by == dsl
    assert earlier.end_reason == "Followed by child in need"
    assert SafeguardingStatus.objects.get(ended_on__isnull=True).level == Level.CHILD_IN_NEED


def test_a_new_level_started_the_same_day_ends_the_open_one_that_day(
    client_as, dsl, key_child, care_setting
):
    earlier = SafeguardingStatusFactory(child=key_child, early_help=True, started_on=TODAY)

    client_as(dsl).post(
        sg_url("status_add", care_setting, key_child.pk),
        {"level": "child_in_need", **day_parts("started_on", TODAY)},
    )

    earlier.refresh_from_db()
    assert earlier.ended_on == TODAY


def test_a_new_level_cannot_start_before_the_open_one(client_as, dsl, key_child, care_setting):
    SafeguardingStatusFactory(child=key_child, started_on=TODAY - timedelta(days=5))

    response = client_as(dsl).post(
        sg_url("status_add", care_setting, key_child.pk),
        {"level": "child_in_need", **day_parts("started_on", TODAY - timedelta(days=9))},
    )

    assert "The start date must be on or after" in response.content.decode()
    assert SafeguardingStatus.objects.count() == 1


def test_changing_a_status_someone_else_changed_shows_both_and_saves_nothing(
    client_as, dsl, manager, key_child, care_setting
):
    status = SafeguardingStatusFactory(child=key_child)
    page = sg_url("status_edit", care_setting, status.pk)
    data = {
        "version": str(status.version),
        **day_parts("started_on", status.started_on),
        "plan_category": status.plan_category,
        **day_parts("initial_conference_on", status.initial_conference_on),
        "social_worker": status.social_worker,
        "core_group": "Typed by the DSL",
    }
    client_as(manager).post(page, {**data, "core_group": "Saved by the manager"})

    response = client_as(dsl).post(page, data)

    text = response.content.decode()
    assert "Someone else changed this record" in text
    assert "Typed by the DSL" in text and "Saved by the manager" in text
    status.refresh_from_db()
    assert status.core_group == "Saved by the manager"


def test_ending_a_status_records_the_date_the_reason_and_who(
    client_as, dsl, key_child, care_setting
):
    status = SafeguardingStatusFactory(child=key_child)

    client_as(dsl).post(
        sg_url("status_end", care_setting, status.pk),
        {
            "version": str(status.version),
            **day_parts("ended_on", TODAY),
            "end_reason": "Plan ended at the review conference",
        },
    )

    status.refresh_from_db()
    assert (status.ended_on, status.end_reason, status.ended_by) == (
        TODAY,
        "Plan ended at the review conference",
        dsl,
    )


def test_an_end_before_the_start_is_refused_and_the_reason_kept(
    client_as, dsl, key_child, care_setting
):
    status = SafeguardingStatusFactory(child=key_child)

    response = client_as(dsl).post(
        sg_url("status_end", care_setting, status.pk),
        {
            "version": str(status.version),
            **day_parts("ended_on", status.started_on - timedelta(days=1)),
            "end_reason": "Reason kept",
        },
    )

    assert "The end date must be on or after" in response.content.decode()
    assert "Reason kept" in response.content.decode()
    status.refresh_from_db()
    assert status.ended_on is None


def test_a_task_is_owned_by_a_member_of_staff_of_the_setting(
    client_as, dsl, manager, key_child, care_setting, other_setting
):
    status = SafeguardingStatusFactory(child=key_child)
    stranger = MembershipFactory(care_setting=other_setting).user
    page = sg_url("task_add", care_setting, status.pk)
    client = client_as(dsl)
    data = {"text": "Send attendance weekly", **day_parts("due_on", TODAY + timedelta(days=7))}

    refused = client.post(page, {**data, "owner": str(stranger.pk)})
    client.post(
        page, {**data, "owner": str(manager.pk), "submission_token": token_of(client, page)}
    )

    assert "Select a member of staff from the list" in refused.content.decode()
    assert "Send attendance weekly" in refused.content.decode()
    task = StatusTask.objects.get()
    assert (task.owner, task.status) == (manager, status)


def test_a_task_cannot_be_added_to_an_ended_status(
    client_as, dsl, manager, key_child, care_setting
):
    status = SafeguardingStatusFactory(child=key_child, ended_on=TODAY)

    response = client_as(dsl).post(
        sg_url("task_add", care_setting, status.pk),
        {"text": "Too late", "owner": str(manager.pk), **day_parts("due_on", TODAY)},
    )

    assert "this one has ended" in response.content.decode()
    assert not StatusTask.objects.exists()


def test_a_task_is_marked_done_once_and_a_stale_page_is_refused(
    client_as, dsl, manager, key_child, care_setting
):
    task = StatusTaskFactory(status=SafeguardingStatusFactory(child=key_child), owner=manager)
    done_url = sg_url("task_done", care_setting, task.pk)
    client = client_as(dsl)

    client.post(done_url, {"version": str(task.version)})
    again = client.post(done_url, {"version": str(task.version)})

    task.refresh_from_db()
    assert (task.done_on, task.done_by, task.version) == (TODAY, dsl, 2)
    assert again.status_code == 302
    assert AuditEvent.objects.filter(verb="safeguarding.task_done").count() == 1


def test_marking_a_task_done_after_someone_changed_it_is_refused(
    client_as, dsl, manager, key_child, care_setting
):
    task = StatusTaskFactory(status=SafeguardingStatusFactory(child=key_child), owner=manager)
    StatusTask.objects.filter(pk=task.pk).update(version=3, text="Changed by someone")

    response = client_as(dsl).post(
        sg_url("task_done", care_setting, task.pk), {"version": "1"}, follow=True
    )

    assert "Someone else changed this record" in response.content.decode()
    task.refresh_from_db()
    assert task.done_on is None


def test_changing_a_task_keeps_its_version_check(client_as, dsl, manager, key_child, care_setting):
    task = StatusTaskFactory(status=SafeguardingStatusFactory(child=key_child), owner=manager)
    page = sg_url("task_edit", care_setting, task.pk)
    data = {
        "version": str(task.version),
        "text": "Ring the social worker",
        "owner": str(dsl.pk),
        **day_parts("due_on", TODAY),
    }

    client_as(dsl).post(page, data)
    stale = client_as(manager).post(page, {**data, "text": "Email the social worker"})

    task.refresh_from_db()
    assert (task.text, task.owner) == ("Ring the social worker", dsl)
    assert "Someone else changed this record" in stale.content.decode()


def test_the_childs_page_shows_status_tasks_concerns_and_the_chronology(
    client_as, dsl, manager, key_child, care_setting
):
    status = SafeguardingStatusFactory(child=key_child, recorded_by=dsl)
    overdue = StatusTaskFactory(
        status=status, owner=manager, text="Overdue task", due_on=TODAY - timedelta(1)
    )
    StatusTaskFactory(status=status, owner=manager, text="Task for later")
    StatusTaskFactory(status=status, owner=manager, text="Done task", done_on=TODAY)
    concern = ConcernFactory(child=key_child)
    elsewhere = ConcernFactory(child=ChildFactory(care_setting=care_setting), text="Not Kai's")

    response = client_as(dsl).get(sg_url("child", care_setting, key_child.pk))

    page = response.content.decode()
    assert "Child protection plan" in page and "Neglect" in page
    assert "Overdue task" in page and "Task for later" in page and "Done task" not in page
    assert page.count("Overdue</strong>") == 1
    assert "Mary Manager" in page
    assert sg_url("concern_detail", care_setting, concern.pk) in page
    assert sg_url("concern_detail", care_setting, elsewhere.pk) not in page
    assert sg_url("chronology", care_setting, key_child.pk) in page
    assert "Child protection plan started (Neglect)" in page
    assert sg_url("task_done", care_setting, overdue.pk) in page
    assert AuditEvent.objects.get(verb=READ_VERB).changes == {"page": "Safeguarding page"}


def test_the_childs_page_links_only_to_pages_the_urlconf_has(key_child, care_setting):
    from django.urls import NoReverseMatch

    from safeguarding.status.views import OTHER_PAGES, other_pages

    expected = []
    for name, label, about_child in OTHER_PAGES:
        try:
            reverse(
                name,
                args=[care_setting.slug, key_child.pk] if about_child else [care_setting.slug],
            )
        except NoReverseMatch:
            continue
        expected.append(label)

    assert [label for label, _ in other_pages(care_setting.slug, key_child)] == expected


def test_the_hub_shows_the_safeguarding_section_to_the_dsl_only(
    client_as, dsl, practitioner, key_person, key_child, care_setting
):
    SafeguardingStatusFactory(child=key_child)
    ConcernFactory(child=key_child)
    hub = reverse("settings:children:detail", args=[care_setting.slug, key_child.pk])

    dsl_page = client_as(dsl).get(hub).content.decode()

    assert dsl_page.count("Safeguarding</h2>") == 1
    assert "Raise a safeguarding concern" in dsl_page
    assert "Child protection plan since" in dsl_page
    assert sg_url("child", care_setting, key_child.pk) in dsl_page
    for person in (practitioner, key_person):
        page = client_as(person).get(hub).content.decode()
        # Their "Safeguarding" section has the one link every member of staff has.
        assert "Raise a safeguarding concern" in page
        assert "/safeguarding/children/" not in page
        assert "Child protection" not in page
        assert "Open concerns" not in page


@pytest.mark.parametrize("persona", ["practitioner", "key_person", "cic_advisor", "la_admin"])
def test_every_status_page_is_not_found_to_people_without_the_right(
    request, client_as, persona, key_child, care_setting, manager
):
    status = SafeguardingStatusFactory(child=key_child)
    task = StatusTaskFactory(status=status, owner=manager)
    client = client_as(request.getfixturevalue(persona))
    pages = [
        sg_url("child", care_setting, key_child.pk),
        sg_url("status_add", care_setting, key_child.pk),
        sg_url("status_edit", care_setting, status.pk),
        sg_url("status_end", care_setting, status.pk),
        sg_url("task_add", care_setting, status.pk),
        sg_url("task_edit", care_setting, task.pk),
    ]

    assert [client.get(page).status_code for page in pages] == [404] * len(pages)
    done = client.post(sg_url("task_done", care_setting, task.pk), {"version": "0"})
    assert done.status_code == 404
    task.refresh_from_db()
    assert task.done_on is None


def test_made_up_and_foreign_ids_are_not_found(client_as, dsl, care_setting, other_setting):
    foreign = SafeguardingStatusFactory(child=ChildFactory(care_setting=other_setting))
    foreign_task = StatusTaskFactory(status=foreign)
    client = client_as(dsl)

    for page in (
        sg_url("child", care_setting, 999999),
        sg_url("child", care_setting, foreign.child_id),
        sg_url("status_add", care_setting, foreign.child_id),
        sg_url("status_edit", care_setting, 999999),
        sg_url("status_edit", care_setting, foreign.pk),
        sg_url("status_end", care_setting, foreign.pk),
        sg_url("task_add", care_setting, foreign.pk),
        sg_url("task_edit", care_setting, 999999),
        sg_url("task_edit", care_setting, foreign_task.pk),
    ):
        assert client.get(page).status_code == 404, page
