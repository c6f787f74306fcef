# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for a child's chronology, its PDF and events by hand.

Secret: the manager and the DSL read it and add to it; everyone else who reaches the
setting gets 404, as do people of other settings and LAs.
"""

from typing import Any

from safeguarding.models import ChronologyEntry
from tests.factories.safeguarding import ChronologyEntryFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, ago, at_child, day_parts


def an_entry(places: Places) -> dict[str, Any]:
    child = places.fixture("key_child")
    entry = ChronologyEntry.objects.filter(
        child=child, care_setting=places.care_setting
    ).first() or ChronologyEntryFactory(child=child, care_setting=places.care_setting)
    return {"setting_slug": places.care_setting.slug, "entry_id": entry.pk}


def an_event(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("occurred_on", ago(2)),
        "kind": "health",
        "title": "Arrived with a burn on the hand; parent said it was the oven door",
    }


def a_changed_event(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"title": "Father moved out of the family home"}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                           anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:chronology":            (at_child,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:chronology_pdf":        (at_child,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:chronology_entry_add":  (at_child,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:chronology_entry_edit": (an_entry,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
}

WRITES = {
    #                                                                            anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:chronology_entry_add":  (at_child, an_event,        (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:chronology_entry_edit": (an_entry, a_changed_event, (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
}
# fmt: on
