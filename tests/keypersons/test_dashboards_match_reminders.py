"""What the dashboards list as to-do is what the reminder rules find: one source.

On the demo data, every key person's "My key children" and every manager's overview show,
child by child, exactly the (child, kind) pairs the rules send them; and a child whose
statutory check is due is never "Nothing to do".
"""

from collections import defaultdict
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from children.models import Child
from notifications.rules import RULES
from tests.factories.learning import EarlyAssessmentFactory
from tests.factories.learning_check import child_aged

# Three weeks before the end of the autumn term: its judgements are due.
NOW = datetime(2026, 12, 10, 9, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=StringIO())
        yield


def reminders(today) -> list[tuple[str, object]]:
    """Return (kind, Due) for everything every rule about children finds, for everyone."""
    return [
        (kind, due) for kind, rule_ in RULES.items() if rule_.per_child for due in rule_.due(today)
    ]


def test_each_key_persons_dashboard_lists_what_the_reminders_tell_them(demo, client_as):
    today = timezone.localdate()
    found = reminders(today)
    staff = (
        Child.objects.on_roll()
        .exclude(key_person=None)
        .values_list("key_person", "care_setting__slug")
        .distinct()
    )
    kinds_shown: set[str] = set()
    assert staff
    for user_id, slug in staff:
        person = User.objects.get(pk=user_id)
        response = client_as(person).get(reverse("settings:my_key_children", args=[slug]))
        assert response.status_code == 200
        key_rows, buddy_rows = response.context["key_rows"], response.context["buddy_rows"]
        shown = {(row.child.pk, item.kind) for row in key_rows + buddy_rows for item in row.todos}
        key_children = {row.child.pk for row in key_rows}
        covered = {row.child.pk: row.child.key_person_id for row in buddy_rows}
        told = {
            (due.child_id, kind)
            for kind, due in found
            if (due.child_id in key_children and due.recipient_id == user_id)
            or (
                due.child_id in covered
                and (
                    due.recipient_id == user_id
                    or (RULES[kind].buddy_sees and due.recipient_id == covered[due.child_id])
                )
            )
        }
        assert shown == told, person.full_name
        page = response.content.decode()
        for row in key_rows + buddy_rows:
            for item in row.todos:
                assert item.text in page
        kinds_shown |= {kind for _, kind in shown}
    # The demo makes the dashboards show the statutory to-dos and the term's work, not only
    # gaps in the record.
    assert {
        "learning.progress_check_due",
        "learning.judgements_due",
        "learning.observation_draft",
        "children.consents_missing",
    } <= kinds_shown


def test_each_managers_overview_lists_what_the_reminders_tell_them(demo, client_as):
    today = timezone.localdate()
    told: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for kind, due in reminders(today):
        told[due.recipient_id].add((due.child_id, kind))
    managers = Membership.objects.filter(
        role=Membership.Role.MANAGER, is_active=True, care_setting__is_active=True
    ).select_related("user", "care_setting")
    assert managers
    for membership in managers:
        slug = membership.care_setting.slug
        response = client_as(membership.user).get(reverse("settings:overview", args=[slug]))
        shown = {
            (row.child.pk, item.kind)
            for row in response.context["overview"].to_dos
            for item in row.todos
        }
        here = set(
            Child.objects.filter(care_setting=membership.care_setting).values_list("pk", flat=True)
        )
        assert shown == {pair for pair in told[membership.user_id] if pair[0] in here}
        assert shown, f"{membership.user.full_name} has nothing to do at {slug}"


@time_machine.travel(NOW, tick=False)
def test_a_key_child_whose_progress_check_is_due_is_not_nothing_to_do(
    client_as, manager, key_person, care_setting
):
    child = child_aged(
        months=25,
        care_setting=care_setting,
        key_person=key_person,
        first_name="Dara",
        start_date=NOW.date() - timedelta(days=300),
    )
    EarlyAssessmentFactory(child=child)

    response = client_as(key_person).get(
        reverse("settings:my_key_children", args=[care_setting.slug])
    )

    [row] = response.context["key_rows"]
    assert "Do the progress check at age two by 10 November 2027" in row.todo
    page = response.content.decode()
    check_page = reverse("settings:learning:check", args=[care_setting.slug, child.pk])
    assert f'href="{check_page}"' in page
