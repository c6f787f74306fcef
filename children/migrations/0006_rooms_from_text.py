"""Turn the rooms typed on children's records into each setting's list of rooms.

Per setting, values that differ only in case or spaces ("Ladybirds", " ladybirds") become one
room, named as most children's records spelled it. Going back writes each child's room name
into the text again.
"""

from collections import Counter, defaultdict

from django.db import migrations


def tidy(name: str) -> str:
    return " ".join(name.split())


def rooms_from_text(apps, schema_editor):
    Child = apps.get_model("children", "Child")
    Room = apps.get_model("children", "Room")
    # (setting, folded name) -> how often each tidy spelling was used, and the raw values.
    spellings: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    raw: dict[tuple[int, str], set[str]] = defaultdict(set)
    for setting_id, text in (
        Child.objects.exclude(room_text="").values_list("care_setting_id", "room_text").iterator()
    ):
        name = tidy(text)
        if name:
            spellings[(setting_id, name.casefold())][name] += 1
            raw[(setting_id, name.casefold())].add(text)
    order: Counter[int] = Counter()
    for setting_id, folded in sorted(spellings):
        counted = spellings[(setting_id, folded)]
        # The spelling most records used; on a tie, the first in alphabetical order.
        name = min(counted, key=lambda spelled: (-counted[spelled], spelled))
        order[setting_id] += 1
        room = Room.objects.create(care_setting_id=setting_id, name=name, order=order[setting_id])
        Child.objects.filter(
            care_setting_id=setting_id, room_text__in=raw[(setting_id, folded)]
        ).update(room=room)


def text_from_rooms(apps, schema_editor):
    Child = apps.get_model("children", "Child")
    Room = apps.get_model("children", "Room")
    for room in Room.objects.all().iterator():
        Child.objects.filter(room=room).update(room_text=room.name)


class Migration(migrations.Migration):
    dependencies = [("children", "0005_room")]

    operations = [migrations.RunPython(rooms_from_text, text_from_rooms)]
