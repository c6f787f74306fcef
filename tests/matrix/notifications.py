# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the notification pages.

Everyone signed in has a notification list of their own. Opening one and marking all read
are POST only, so a GET answers 405 whoever asks (like signing out); POST is tested in
tests/notifications/test_views.py, including 404 for someone else's notification.
"""

from tests.factories_notifications import NotificationFactory
from tests.test_permission_matrix import LOGIN, Places, no_kwargs


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
