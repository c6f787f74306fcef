"""The child's lifecycle hooks: who listens to each, and what they do when it fires."""

from datetime import date
from unittest import mock

from children import lifecycle, services
from keypersons.models import KeyPersonAllocation
from learning import tasks
from tests.factories.accounts import CareSettingFactory


def names(hook) -> list[str]:
    return [f"{listener.__module__}.{listener.__qualname__}" for listener in hook.listeners]


def test_each_hook_has_exactly_the_listeners_the_apps_register():
    assert names(lifecycle.on_joined) == [
        "pep.clock.services.start_initial_cycle",
        "eypp.eligibility.services.looked_after_opened",
    ]
    assert names(lifecycle.on_entered_care) == [
        "pep.clock.services.start_initial_cycle",
        "eypp.eligibility.services.looked_after_opened",
    ]
    assert names(lifecycle.on_left_care) == [
        "pep.clock.services.left_care",
        "eypp.eligibility.services.looked_after_closed",
    ]
    assert names(lifecycle.on_moved) == [
        "keypersons.services.child_moved",
        "pep.clock.services.start_change_of_setting_cycle",
        "safeguarding.transfer.services.child_moved",
    ]
    assert names(lifecycle.on_left) == [
        "keypersons.services.child_left",
        "learning.tasks.child_left",
        "pep.clock.services.left_setting",
        "safeguarding.transfer.services.child_left",
    ]


def test_leaving_ends_the_allocations_and_queues_the_summary_after_commit(
    manager, key_child, django_capture_on_commit_callbacks
):
    allocation = KeyPersonAllocation.objects.get(child=key_child, ends_on__isnull=True)

    with (
        mock.patch.object(tasks.leaving_summary_render, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        services.child_leave(
            child=key_child,
            by=manager,
            version=1,
            leave_date=date(2026, 7, 17),
            leaving_destination="Reception at Oakfield Primary",
        )

    allocation.refresh_from_db()
    assert allocation.ends_on == max(date(2026, 7, 17), allocation.starts_on)
    assert len(callbacks) == 1
    delay.assert_called_once_with(key_child.pk)


def test_the_same_leave_saved_again_queues_nothing(
    manager, key_child, django_capture_on_commit_callbacks
):
    leave = {"leave_date": date(2026, 7, 17), "leaving_destination": "Reception"}
    services.child_leave(child=key_child, by=manager, version=1, **leave)
    key_child.refresh_from_db()

    with django_capture_on_commit_callbacks() as callbacks:
        services.child_leave(child=key_child, by=manager, version=key_child.version, **leave)

    assert callbacks == []


def test_moving_ends_the_old_settings_allocations(manager, key_child):
    allocation = KeyPersonAllocation.objects.get(child=key_child, ends_on__isnull=True)

    services.child_move(
        child=key_child,
        by=manager,
        version=1,
        to_setting=CareSettingFactory(),
        moved_on=date(2026, 3, 16),
    )

    assert KeyPersonAllocation.objects.get(pk=allocation.pk).ends_on == max(
        date(2026, 3, 16), allocation.starts_on
    )


def test_care_status_changes_fire_entered_and_left_care(manager, key_child, monkeypatch):
    heard: list[str] = []
    monkeypatch.setattr(lifecycle.on_entered_care, "_listeners", [lambda **kw: heard.append("in")])
    monkeypatch.setattr(lifecycle.on_left_care, "_listeners", [lambda **kw: heard.append("out")])
    la = key_child.care_setting.local_authority

    services.child_update(
        child=key_child,
        by=manager,
        version=1,
        looked_after_status=key_child.LookedAfter.PREVIOUSLY,
        legal_status="",
    )
    services.child_update(
        child=key_child,
        by=manager,
        version=2,
        looked_after_status=key_child.LookedAfter.LOOKED_AFTER,
        responsible_la=la,
    )

    assert heard == ["out", "in"]
