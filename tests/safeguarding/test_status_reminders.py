"""Reminders of tasks agreed under a plan and of conferences and core group meetings."""

from datetime import timedelta

import pytest
import time_machine

from common.dates import add_working_days
from safeguarding.status.reminders import meeting_due, task_due
from tests.factories.accounts import ChildFactory, MembershipFactory
from tests.factories.safeguarding import SafeguardingStatusFactory, StatusTaskFactory
from tests.safeguarding.chronology_world import NOW, TODAY


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def no_meetings():
    return {"next_core_group_on": None, "next_review_conference_on": None}


def told(rows):
    return sorted((row.recipient_id, row.subject_key) for row in rows)


def test_a_task_due_within_three_days_tells_its_owner_only(key_child, dsl, manager):
    task = StatusTaskFactory(
        status=SafeguardingStatusFactory(child=key_child, **no_meetings()),
        owner=manager,
        due_on=TODAY + timedelta(days=3),
    )
    StatusTaskFactory(status=task.status, owner=manager, due_on=TODAY + timedelta(days=4))

    rows = list(task_due(TODAY))

    assert told(rows) == [(manager.pk, f"sg-task-{task.pk}")]
    assert rows[0].subject == "A safeguarding task is due on 19 March 2026"
    assert rows[0].due_on == task.due_on
    assert rows[0].url.endswith(f"/safeguarding/children/{key_child.pk}/")


def test_an_overdue_task_tells_its_owner_and_the_dsl(key_child, dsl, manager):
    task = StatusTaskFactory(
        status=SafeguardingStatusFactory(child=key_child, **no_meetings()),
        owner=manager,
        due_on=TODAY - timedelta(days=1),
    )

    rows = list(task_due(TODAY))

    key = f"sg-task-{task.pk}-overdue"
    assert told(rows) == sorted([(manager.pk, key), (dsl.pk, key)])
    assert {row.subject for row in rows} == {"A safeguarding task was due on 15 March 2026"}


def test_a_task_owned_by_someone_who_may_not_read_the_log_goes_to_the_dsl(
    key_child, dsl, practitioner
):
    task = StatusTaskFactory(
        status=SafeguardingStatusFactory(child=key_child, **no_meetings()),
        owner=practitioner,
        due_on=TODAY + timedelta(days=1),
    )

    assert told(task_due(TODAY)) == [(dsl.pk, f"sg-task-{task.pk}")]


def test_done_tasks_and_tasks_of_an_ended_status_are_not_reminded(key_child, dsl, manager):
    status = SafeguardingStatusFactory(child=key_child, **no_meetings())
    StatusTaskFactory(status=status, owner=manager, due_on=TODAY, done_on=TODAY)
    ended = SafeguardingStatusFactory(
        child=ChildFactory(care_setting=key_child.care_setting), ended_on=TODAY, **no_meetings()
    )
    StatusTaskFactory(status=ended, owner=manager, due_on=TODAY)

    assert list(task_due(TODAY)) == []


def test_a_core_group_in_five_working_days_tells_the_dsls(key_child, dsl, manager):
    day = add_working_days(TODAY, 5)
    status = SafeguardingStatusFactory(
        child=key_child, next_core_group_on=day, next_review_conference_on=None
    )

    rows = list(meeting_due(TODAY))

    assert told(rows) == [(dsl.pk, f"sg-core-group-{status.pk}")]
    assert rows[0].subject == "A core group meeting is on 23 March 2026"
    assert rows[0].due_on == day


def test_a_review_conference_further_away_or_past_is_not_reminded(key_child, dsl):
    SafeguardingStatusFactory(
        child=key_child,
        next_core_group_on=TODAY - timedelta(days=1),
        next_review_conference_on=add_working_days(TODAY, 6),
    )

    assert list(meeting_due(TODAY)) == []


def test_a_setting_without_a_dsl_tells_its_managers(key_child, manager):
    status = SafeguardingStatusFactory(
        child=key_child, next_review_conference_on=TODAY, next_core_group_on=None
    )

    rows = list(meeting_due(TODAY))

    assert told(rows) == [(manager.pk, f"sg-conference-{status.pk}")]
    assert rows[0].subject == "A child protection review conference is on 16 March 2026"


def test_no_reminder_names_the_child_or_quotes_the_task(key_child, dsl, manager):
    status = SafeguardingStatusFactory(child=key_child, next_core_group_on=TODAY)
    StatusTaskFactory(status=status, owner=manager, due_on=TODAY - timedelta(days=3))

    rows = [*task_due(TODAY), *meeting_due(TODAY)]

    assert rows
    words = " ".join(f"{row.subject} {row.body}" for row in rows)
    for secret in (key_child.first_name, key_child.last_name, "attendance", "Neglect"):
        assert secret.lower() not in words.lower()
    assert all(row.child_id is None and row.todo == "" for row in rows)


@pytest.mark.parametrize("children", [1, 5])
def test_the_rules_make_the_same_queries_however_many_children(
    children, care_setting, dsl, manager, django_assert_num_queries
):
    for _ in range(children):
        status = SafeguardingStatusFactory(
            child=ChildFactory(care_setting=care_setting), next_core_group_on=TODAY
        )
        StatusTaskFactory(status=status, owner=manager, due_on=TODAY - timedelta(days=1))
        StatusTaskFactory(
            status=status, owner=MembershipFactory(care_setting=care_setting).user, due_on=TODAY
        )

    # the tasks, the readers of the log, the DSLs (every setting has one: no managers read)
    with django_assert_num_queries(3):
        assert len(list(task_due(TODAY))) == 3 * children
    # the statuses with a meeting coming, the DSLs
    with django_assert_num_queries(2):
        assert len(list(meeting_due(TODAY))) == children
