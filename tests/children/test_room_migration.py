"""The rooms typed on children's records become each setting's list of rooms, and back."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories.accounts import CareSettingFactory

TYPED = [("children", "0004_teammember_version")]
LISTED = [("children", "0007_remove_child_room_text")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(executor: MigrationExecutor, targets):
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_typed_rooms_become_rooms_per_setting_with_case_and_spaces_merged(executor):
    acorn, owls = CareSettingFactory(), CareSettingFactory()
    old = migrate(executor, TYPED)
    Child = old.get_model("children", "Child")
    typed = {
        "Ada": (acorn, "Ladybirds"),
        "Ben": (acorn, " ladybirds "),
        "Cal": (acorn, "Ladybirds"),
        "Dev": (acorn, "Pre-school  room"),
        "Eve": (acorn, ""),
        "Fin": (owls, "ladybirds"),
    }
    for first_name, (setting, room) in typed.items():
        Child.objects.create(
            care_setting_id=setting.pk,
            first_name=first_name,
            last_name="Test",
            date_of_birth=date(2023, 1, 1),
            start_date=date(2024, 1, 1),
            room=room,
        )

    new = migrate(executor, LISTED)

    Room = new.get_model("children", "Room")
    Child = new.get_model("children", "Child")
    rooms = {(room.care_setting_id, room.name) for room in Room.objects.all()}
    assert rooms == {
        (acorn.pk, "Ladybirds"),
        (acorn.pk, "Pre-school room"),
        (owls.pk, "ladybirds"),
    }
    placed = {
        child.first_name: (child.room.name if child.room else None)
        for child in Child.objects.select_related("room")
    }
    assert placed == {
        "Ada": "Ladybirds",
        "Ben": "Ladybirds",
        "Cal": "Ladybirds",
        "Dev": "Pre-school room",
        "Eve": None,
        "Fin": "ladybirds",
    }

    back = migrate(executor, TYPED)

    Child = back.get_model("children", "Child")
    assert dict(Child.objects.values_list("first_name", "room")) == {
        "Ada": "Ladybirds",
        "Ben": "Ladybirds",
        "Cal": "Ladybirds",
        "Dev": "Pre-school room",
        "Eve": "",
        "Fin": "ladybirds",
    }
