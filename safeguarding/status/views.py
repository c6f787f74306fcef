"""Pages of a child's safeguarding status, plans and tasks, and the child's safeguarding page.

Thin views: records come through the door (``safeguarding.selectors`` and this part's
selectors; 404 without the right), writes through this part's services. Every page that
shows a record writes that it was read (``record_read``).
"""

from functools import partial
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from accounts.permissions import AccessRequest, Action, can, require, setting_required
from children.models import Child
from common import dates
from common.form_pages import create_page, edit_page
from common.versioning import CONFLICT_MESSAGE, Difference, StaleRecord, differences
from safeguarding.chronology.build import chronology_for
from safeguarding.models import SafeguardingStatus, StatusTask
from safeguarding.selectors import record_read, safeguarding_child_get_for
from safeguarding.status import selectors, services
from safeguarding.status.forms import StatusEndForm, StatusForm, TaskDoneForm, TaskForm

# Pages of other parts about the child, linked from the child's page: (URL name, label,
# whether the URL takes the child).
OTHER_PAGES = (
    ("settings:safeguarding:share_list", "Agency visits and information sharing", True),
    ("settings:safeguarding:transfer_list", "Safeguarding file transfers", False),
)
RECENT = 5


def _url(request: AccessRequest, name: str, *args: Any) -> str:
    return reverse(f"settings:safeguarding:{name}", args=[request.access.care_setting.slug, *args])


def _child_url(request: AccessRequest, child: Child) -> str:
    return _url(request, "child", child.pk)


def other_pages(slug: str, child: Child) -> list[tuple[str, str]]:
    """Return (label, URL) of the other parts' pages for the child that the URLconf has."""
    links = []
    for name, label, about_child in OTHER_PAGES:
        try:
            url = reverse(name, args=[slug, child.pk] if about_child else [slug])
        except NoReverseMatch:
            continue
        links.append((label, url))
    return links


@setting_required
def child_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The child's safeguarding page: status and tasks, concerns, the latest of the chronology."""
    access = request.access
    child = safeguarding_child_get_for(access, child_id)
    care_setting = access.care_setting
    status = selectors.open_status(care_setting, child)
    tasks = selectors.open_tasks(status)
    today = dates.today()
    entries = chronology_for(care_setting=care_setting, child=child)
    record_read(access, page="Safeguarding page", child=child)
    can_edit = can(access, Action.EDIT_SAFEGUARDING)
    return render(
        request,
        "safeguarding/status/child.html",
        {
            "care_setting": care_setting,
            "child": child,
            "status": status,
            "next_meeting": selectors.next_meeting(status),
            "tasks": [(task, task.due_on < today) for task in tasks],
            "concerns": selectors.child_concerns(care_setting, child),
            "recent": entries[-RECENT:][::-1],
            "entry_count": len(entries),
            "other_pages": other_pages(care_setting.slug, child),
            "can_edit": can_edit,
        },
    )


def _status_values(status: SafeguardingStatus) -> dict[str, Any]:
    return {
        "version": status.version,
        "started_on": status.started_on,
        **{name: getattr(status, name) for name in services.STATUS_FIELDS},
    }


def _labelled_differences(form: Form, saved: Any, typed: dict[str, Any]) -> list[Difference]:
    names = {field.name for field in saved._meta.get_fields()}
    labels = {name: field.label for name, field in form.fields.items()}
    kept = {name: value for name, value in typed.items() if name in names}
    return differences(saved, kept, labels=labels)


@setting_required
def status_add_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Start early help, child in need or a child protection plan (ending the open status)."""
    access = request.access
    child = safeguarding_child_get_for(access, child_id)
    require(access, Action.EDIT_SAFEGUARDING)
    current = selectors.open_status(access.care_setting, child)
    if request.method == "GET":
        record_read(access, page="Safeguarding status", child=child)
    form = StatusForm(request.POST or None, initial={"started_on": dates.today()})
    return create_page(
        request,
        form=form,
        create=lambda by, version=None, **fields: services.status_add(
            care_setting=access.care_setting, child=child, by=by, **fields
        ),
        done=lambda status: f"{status.get_level_display()} has been recorded.",
        back=_child_url(request, child),
        template="safeguarding/status/status_form.html",
        context={
            "child": child,
            "current": current,
            "heading": "Record a safeguarding status",
            "back_url": _child_url(request, child),
        },
    )


@setting_required
def status_edit_view(request: AccessRequest, status_id: int) -> HttpResponse:
    """Change a status's details: lead professional, conferences, core group."""
    access = request.access
    status = selectors.status_get_for(access, status_id)
    back = _child_url(request, status.child)
    if request.method == "GET":
        record_read(access, page="Safeguarding status", child=status.child, target=status)

    def save(*, by: Any, version: int, submission_token: Any = None, **fields: Any) -> Any:
        return services.status_edit(status=status, by=by, version=version, **fields)

    def done(saved: SafeguardingStatus) -> HttpResponse:
        messages.success(request, f"The {saved.get_level_display().lower()} has been changed.")
        return redirect(back)

    return edit_page(
        request,
        form_class=StatusForm,
        form_kwargs=lambda record: {"level": record.level, "initial": _status_values(record)},
        record=status,
        save=save,
        reload=lambda: selectors.status_get_for(access, status.pk),
        done=done,
        template="safeguarding/status/status_form.html",
        context={
            "child": status.child,
            "status": status,
            "heading": f"Change the {status.get_level_display().lower()}",
            "back_url": back,
        },
        conflict_of=_labelled_differences,
    )


@setting_required
def status_end_view(request: AccessRequest, status_id: int) -> HttpResponse:
    """End a status: the date and why."""
    access = request.access
    status = selectors.status_get_for(access, status_id)
    back = _child_url(request, status.child)
    if request.method == "GET":
        record_read(access, page="Safeguarding status", child=status.child, target=status)

    def done(saved: SafeguardingStatus) -> HttpResponse:
        messages.success(request, f"The {saved.get_level_display().lower()} has been ended.")
        return redirect(back)

    return edit_page(
        request,
        form_class=StatusEndForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "ended_on": record.ended_on or dates.today(),
                "end_reason": record.end_reason,
            }
        },
        record=status,
        save=partial(services.status_end, status=status),
        reload=lambda: selectors.status_get_for(access, status.pk),
        done=done,
        template="safeguarding/status/status_end.html",
        context={"child": status.child, "status": status, "back_url": back},
        conflict_of=_labelled_differences,
    )


@setting_required
def task_add_view(request: AccessRequest, status_id: int) -> HttpResponse:
    """Record a task agreed for the setting: what, who owns it, by when."""
    access = request.access
    status = selectors.status_get_for(access, status_id)
    back = _child_url(request, status.child)
    if request.method == "GET":
        record_read(access, page="Safeguarding status", child=status.child, target=status)
    form = TaskForm(request.POST or None, staff=selectors.task_owners(status.care_setting_id))
    return create_page(
        request,
        form=form,
        create=lambda by, version=None, **fields: services.task_add(
            status=status, by=by, **fields
        ),
        done=lambda task: "The task has been recorded.",
        back=back,
        template="safeguarding/status/task_form.html",
        context={
            "child": status.child,
            "status": status,
            "heading": "Record a task agreed for the setting",
            "back_url": back,
        },
    )


@setting_required
def task_edit_view(request: AccessRequest, task_id: int) -> HttpResponse:
    """Change a task's words, owner or due date."""
    access = request.access
    task = selectors.task_get_for(access, task_id)
    child = task.status.child
    back = _child_url(request, child)
    if request.method == "GET":
        record_read(access, page="Safeguarding task", child=child, target=task)
    staff = selectors.task_owners(task.status.care_setting_id)

    def save(*, by: Any, version: int, submission_token: Any = None, **fields: Any) -> Any:
        return services.task_edit(task=task, by=by, version=version, **fields)

    def done(saved: StatusTask) -> HttpResponse:
        messages.success(request, "The task has been changed.")
        return redirect(back)

    return edit_page(
        request,
        form_class=TaskForm,
        form_kwargs=lambda record: {
            "staff": staff,
            "initial": {
                "version": record.version,
                "text": record.text,
                "owner": record.owner_id,
                "due_on": record.due_on,
            },
        },
        record=task,
        save=save,
        reload=lambda: selectors.task_get_for(access, task.pk),
        done=done,
        template="safeguarding/status/task_form.html",
        context={
            "child": child,
            "task": task,
            "heading": "Change a task",
            "back_url": back,
        },
        conflict_of=_labelled_differences,
    )


@setting_required
@require_POST
def task_done_view(request: AccessRequest, task_id: int) -> HttpResponse:
    """Mark a task as done (from the child's safeguarding page)."""
    access = request.access
    task = selectors.task_get_for(access, task_id)
    back = _child_url(request, task.status.child)
    form = TaskDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "This page is out of date: open it again and try again.")
        return redirect(back)
    try:
        services.task_done(task=task, by=request.user, version=form.cleaned_data["version"])
    except StaleRecord:
        messages.error(request, CONFLICT_MESSAGE)
        return redirect(back)
    messages.success(request, "The task has been marked as done.")
    return redirect(back)
