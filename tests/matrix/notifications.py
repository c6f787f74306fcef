# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the notification pages.

Everyone signed in has a notification list of their own. Opening one and marking all read
are POST only, so a GET answers 405 whoever asks (like signing out); POST is tested in
tests/notifications/test_views.py, including 404 for someone else's notification.
"""

from typing import Any

from tests.factories.notifications import NotificationFactory
from tests.matrix.base import LOGIN, OK, PERSONAS, Places, as_rendered, no_kwargs


def a_notification(places: Places) -> dict[str, int]:
    """A notification of the manager's."""
    return {"notification_id": NotificationFactory(recipient=places.fixture("manager")).pk}


# fmt: off
ROWS = {
    #                                          anon   mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "notifications:list":     (no_kwargs,       (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "notifications:read":     (a_notification,  (405,   405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "notifications:read_all": (no_kwargs,       (405,   405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


def unread_for_everyone(places: Places) -> dict[str, Any]:
    """An unread notification for every persona."""
    for persona in PERSONAS[1:]:
        NotificationFactory(recipient=places.fixture(persona))
    return {}


_L = LOGIN

# fmt: off
WRITES = {
    #                                                             anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "notifications:read":     (a_notification,      as_rendered, (_L,  OK,  404, 404, 404, 404, 404, 404, 404, 404, 404)),
    "notifications:read_all": (unread_for_everyone, as_rendered, (_L,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK)),
}
# fmt: on
FORM_ON = {
    "notifications:read": ("notifications:list", no_kwargs),
    "notifications:read_all": ("notifications:list", no_kwargs),
}
