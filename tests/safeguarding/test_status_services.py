"""The services of status, tasks and events by hand, called directly."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from common.versioning import StaleRecord
from safeguarding.chronology.services import entry_edit
from safeguarding.models import Level, SafeguardingStatus
from safeguarding.status import services
from tests.factories.safeguarding import (
    ChronologyEntryFactory,
    SafeguardingStatusFactory,
    StatusTaskFactory,
)
from tests.safeguarding.chronology_world import NOW, TODAY


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_status_cannot_start_in_the_future(key_child, care_setting, dsl):
    with pytest.raises(ValidationError) as refused:
        services.status_add(
            care_setting=care_setting,
            child=key_child,
            by=dsl,
            level=Level.CHILD_IN_NEED,
            started_on=TODAY + timedelta(days=1),
        )

    assert refused.value.message_dict == {
        "started_on": ["The start date must be today or in the past"]
    }
    assert not SafeguardingStatus.objects.exists()


def test_stepping_down_keeps_one_open_status_and_both_in_the_record(key_child, care_setting, dsl):
    plan = SafeguardingStatusFactory(child=key_child, started_on=TODAY - timedelta(days=200))

    services.status_add(
        care_setting=care_setting,
        child=key_child,
        by=dsl,
        level=Level.CHILD_IN_NEED,
        started_on=TODAY,
        social_worker="Duty team",
    )

    plan.refresh_from_db()
    assert plan.ended_on == TODAY - timedelta(days=1)
    assert plan.version == 2
    assert list(
        SafeguardingStatus.objects.filter(child=key_child).values_list("level", "ended_on")
    ) == [(Level.CHILD_IN_NEED, None), (Level.CHILD_PROTECTION, TODAY - timedelta(days=1))]


def test_a_status_cannot_end_twice(key_child, dsl):
    status = SafeguardingStatusFactory(child=key_child)
    services.status_end(
        status=status, by=dsl, version=status.version, ended_on=TODAY, end_reason="Closed"
    )

    with pytest.raises(ValidationError):
        services.status_end(
            status=status, by=dsl, version=status.version, ended_on=TODAY, end_reason="Again"
        )


def test_the_same_status_change_sent_twice_is_not_a_conflict(key_child, dsl):
    status = SafeguardingStatusFactory(child=key_child)
    loaded = SafeguardingStatus.objects.get(pk=status.pk)
    fields = {"started_on": status.started_on, "core_group": "New core group"}
    services.status_edit(
        status=status,
        by=dsl,
        version=1,
        plan_category=status.plan_category,
        initial_conference_on=status.initial_conference_on,
        **fields,
    )

    services.status_edit(
        status=loaded,
        by=dsl,
        version=1,
        plan_category=status.plan_category,
        initial_conference_on=status.initial_conference_on,
        **fields,
    )

    loaded.refresh_from_db()
    assert (loaded.core_group, loaded.version) == ("New core group", 2)


def test_a_task_changed_by_someone_else_is_a_conflict(key_child, dsl, manager):
    task = StatusTaskFactory(status=SafeguardingStatusFactory(child=key_child), owner=dsl)
    stale = type(task).objects.get(pk=task.pk)
    services.task_edit(task=task, by=dsl, version=1, text="First", owner=dsl, due_on=TODAY)

    with pytest.raises(StaleRecord):
        services.task_edit(
            task=stale, by=manager, version=1, text="Second", owner=dsl, due_on=TODAY
        )


def test_an_event_changed_by_someone_else_is_a_conflict(key_child, dsl):
    entry = ChronologyEntryFactory(child=key_child)
    stale = type(entry).objects.get(pk=entry.pk)
    values = {"occurred_on": TODAY, "kind": entry.kind, "detail": ""}
    entry_edit(entry=entry, by=dsl, version=1, title="First", **values)

    with pytest.raises(StaleRecord):
        entry_edit(entry=stale, by=dsl, version=1, title="Second", **values)
