# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for the child's safeguarding page, status and tasks.

Secret like every safeguarding page: the manager and the DSL read and write (VIEW_CONCERNS,
EDIT_SAFEGUARDING); everyone else who reaches the setting gets 404, as do people of other
settings and LAs. Marking a task done is POST only: a GET answers 405 to anyone who
reaches the setting, before anything is looked up.
"""

from typing import Any

from safeguarding.models import SafeguardingStatus, StatusTask
from tests.factories.safeguarding import SafeguardingStatusFactory, StatusTaskFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, ago, at_child, day_parts


def the_status(places: Places) -> SafeguardingStatus:
    """The key child's open child protection plan at the manager's setting."""
    child = places.fixture("key_child")
    status = SafeguardingStatus.objects.filter(
        child=child, care_setting=places.care_setting, ended_on__isnull=True
    ).first()
    return status or SafeguardingStatusFactory(child=child, care_setting=places.care_setting)


def the_task(places: Places) -> StatusTask:
    status = the_status(places)
    return status.tasks.first() or StatusTaskFactory(status=status, owner=places.fixture("dsl"))


def a_status(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug, "status_id": the_status(places).pk}


def a_task(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug, "task_id": the_task(places).pk}


def a_task_child(places: Places) -> dict[str, Any]:
    the_task(places)
    return at_child(places)


def child_in_need(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "level": "child_in_need",
        **day_parts("started_on", ago(0)),
        "social_worker": "Duty social worker",
    }


def a_changed_status(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"core_group": "Social worker; health visitor; DSL; parents; grandmother"}


def an_end(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("ended_on", ago(0)),
        "end_reason": "Stepped down at the review conference.",
    }


def a_task_form(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "text": "Send attendance to the social worker every Friday.",
        "owner": str(places.fixture("manager").pk),
        **day_parts("due_on", ago(-7)),
    }


def a_changed_task(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"text": "Send attendance to the social worker every Monday."}


def as_rendered(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                    anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:child":       (at_child,     (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:status_add":  (at_child,     (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:status_edit": (a_status,     (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:status_end":  (a_status,     (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:task_add":    (a_status,     (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:task_edit":   (a_task,       (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:task_done":   (a_task,       (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
}

WRITES = {
    #                                                                     anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:status_add":  (at_child, child_in_need,    (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:status_edit": (a_status, a_changed_status, (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:status_end":  (a_status, an_end,           (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:task_add":    (a_status, a_task_form,      (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:task_edit":   (a_task,   a_changed_task,   (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:task_done":   (a_task,   as_rendered,      (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
}
# fmt: on
FORM_ON = {
    "settings:safeguarding:task_done": ("settings:safeguarding:child", a_task_child),
}
