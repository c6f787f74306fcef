"""Pages of concerns: raising one, the raiser's receipts, and the DSL's triage.

Thin views: concerns come through ``safeguarding.concerns.selectors`` (404 without the
right), writes through ``safeguarding.concerns.services``. Every page that shows a concern
of the log records the read (``record_read``). The learning journey's old addresses
answer as before to anyone who may not see concerns (404) and send everyone else on.
"""

import json
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import CareSetting
from accounts.permissions import AccessRequest, Action, can, require, setting_required
from common import dates
from common.form_pages import add_service_error, edit_page
from common.forms import parse_id
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from safeguarding.concerns import body_map, forms, selectors, services
from safeguarding.models import Concern
from safeguarding.selectors import record_read

STALE_MESSAGE = (
    "Someone changed this concern after you opened it, so your change has not been saved. "
    "Check the concern as it is now, then make your change again."
)


def _url(name: str, slug: str, *args: Any) -> str:
    return reverse(f"settings:safeguarding:{name}", args=[slug, *args])


def _page(request: AccessRequest, queryset: Any) -> Any:
    return Paginator(queryset, selectors.PAGE_SIZE).get_page(
        parse_id(request.GET.get("page")) or 1
    )


# --- Raising a concern ---------------------------------------------------------------------


def _occurred_at(data: dict[str, Any]) -> datetime | None:
    day, at = data.pop("occurred_on", None), data.pop("occurred_time", None)
    if day is None:
        return None
    return (
        timezone.make_aware(datetime.combine(day, at))
        if at is not None
        else (timezone.make_aware(datetime.combine(day, datetime.min.time())))
    )


@setting_required
@require_http_methods(["GET", "POST"])
def concern_raise_view(request: AccessRequest) -> HttpResponse:
    """Raise a concern about a child for the DSL: what happened, the child's words, marks."""
    access = request.access
    require(access, Action.RAISE_CONCERN)
    slug = access.care_setting.slug
    today = dates.today()
    observation = None
    child = None
    children = None
    if request.GET.get("observation") is not None:
        observation = selectors.observation_to_raise_from(
            access, parse_id(request.GET.get("observation"))
        )
    if request.GET.get("child") is not None:
        child = selectors.child_to_raise_about(access, parse_id(request.GET.get("child")))
        if observation is not None and not observation.children.filter(pk=child.pk).exists():
            raise Http404
    elif observation is not None:
        children = selectors.observation_children(access, observation)
    else:
        children = selectors.children_to_raise_about(access, today=today)
    data = request.POST if request.method == "POST" else None
    adding_mark = data is not None and "add_mark" in data
    if adding_mark:
        data = forms.with_another_mark(data)
    form = forms.ConcernForm(
        data,
        children=children,
        today=today,
        initial={"occurred_on": today},
    )
    marks = forms.MarkFormSet(data, prefix="marks")
    if data is not None and not adding_mark and form.is_valid() and marks.is_valid():
        fields = dict(form.cleaned_data)
        about = fields.pop("child", None) or child
        occurred_at = _occurred_at(fields)
        try:
            concern = services.concern_raise(
                child=about,
                by=request.user,
                observation=observation,
                occurred_at=occurred_at,
                marks=marks.marks(),
                **fields,
            )
        except AlreadySaved as saved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            if saved.target is not None:
                return redirect(_url("concern_receipt", slug, saved.target.pk))
            return redirect(_url("my_concerns", slug))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your concern has been passed to the DSL.")
            return redirect(_url("concern_receipt", slug, concern.pk))
    return render(
        request,
        "safeguarding/concerns/raise.html",
        {
            "care_setting": access.care_setting,
            "form": form,
            "marks": marks,
            "child": child,
            "observation": observation,
            "mark_errors": _mark_errors(marks) if data is not None and not adding_mark else [],
            "outlines": _outlines([]),
            "regions_json": json.dumps(
                {
                    key: {"label": region.label, "centres": region.centres}
                    for key, region in body_map.REGIONS.items()
                }
            ),
        },
    )


def _mark_errors(marks: Any) -> list[tuple[str, str]]:
    """Return (id of the box, message) for each error of the marks, numbered as shown."""
    found = [("marks-heading", str(error)) for error in marks.non_form_errors()]
    for number, mark in enumerate(marks.forms, start=1):
        for name, errors in mark.errors.items():
            field = mark[name] if name in mark.fields else mark["side"]
            anchor = mark["side"].auto_id if field.is_hidden else field.auto_id
            found.extend((anchor, f"Mark {number}: {error}") for error in errors)
    return found


def _outlines(marks: list[Any]) -> list[dict[str, Any]]:
    drawn = body_map.markers(marks)
    return [
        {"side": side, "label": label, "markers": drawn.get(side, [])}
        for side, label in ((body_map.FRONT, "Front"), (body_map.BACK, "Back"))
    ]


# --- The raiser's own concerns -------------------------------------------------------------


@setting_required
@require_http_methods(["GET"])
def my_concerns_view(request: AccessRequest) -> HttpResponse:
    """The concerns the reader raised at this setting, each with its receipt."""
    access = request.access
    page = _page(request, selectors.my_concerns_for(access))
    return render(
        request,
        "safeguarding/concerns/my_concerns.html",
        {"care_setting": access.care_setting, "page": page, "concerns": list(page)},
    )


@setting_required
@require_http_methods(["GET"])
def concern_receipt_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """The reader's own concern as they wrote it, and its receipt; 404 for anyone else."""
    access = request.access
    concern = selectors.my_concern_get_for(access, concern_id)
    record_read(
        access, page=f"Receipt of concern {concern.reference}", child=concern.child, target=concern
    )
    marks = list(concern.marks.all())
    return render(
        request,
        "safeguarding/concerns/receipt.html",
        {
            "care_setting": access.care_setting,
            "concern": concern,
            "marks": _mark_rows(marks),
            "outlines": _outlines(marks),
        },
    )


def _mark_rows(marks: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "number": number,
            "side": mark.get_side_display(),
            "region": body_map.region_label(mark.region),
            "kind": mark.get_kind_display(),
            "description": mark.description,
        }
        for number, mark in enumerate(marks, start=1)
    ]


# --- The DSL's list and page ---------------------------------------------------------------


@setting_required
@require_http_methods(["GET"])
def concern_list_view(request: AccessRequest) -> HttpResponse:
    """The setting's concerns: open ones by default, oldest waiting first, filtered."""
    access = request.access
    require(access, Action.VIEW_CONCERNS)
    filter_form = forms.ConcernFilterForm(
        request.GET or None, children=selectors.children_with_concerns(access)
    )
    filters = filter_form.filters()
    page = _page(request, selectors.concern_list_for(access, **filters))
    now = timezone.now()
    hours = access.care_setting.concern_review_hours
    rows = [
        {
            "concern": concern,
            "waited": selectors.waited(concern, now=now, review_hours=hours),
            "url": _url("concern_detail", access.care_setting.slug, concern.pk),
        }
        for concern in page
    ]
    record_read(access, page="Concerns")
    query = {
        key: value
        for key, value in (
            ("state", filters["state"]),
            ("category", filters["category"]),
            ("child", filters["child"].pk if filters["child"] else ""),
        )
        if value
    }
    return render(
        request,
        "safeguarding/concerns/list.html",
        {
            "care_setting": access.care_setting,
            "filter_form": filter_form,
            "page": page,
            "rows": rows,
            "page_query": urlencode(query) + "&" if query else "",
            "review_hours": hours,
            "may_set_hours": can(access, Action.MANAGE_STAFF),
        },
    )


def _detail_context(access: Any, concern: Concern) -> dict[str, Any]:
    slug = access.care_setting.slug
    marks = list(concern.marks.all())
    may_edit = can(access, Action.EDIT_SAFEGUARDING)
    return {
        "care_setting": access.care_setting,
        "concern": concern,
        "marks": _mark_rows(marks),
        "outlines": _outlines(marks),
        "actions": list(concern.actions.select_related("by")),
        "related": [
            {"concern": other, "url": _url("concern_detail", slug, other.pk)}
            for other in selectors.related_of(concern)
        ],
        "waited": selectors.waited(
            concern, now=timezone.now(), review_hours=access.care_setting.concern_review_hours
        ),
        "may_edit": may_edit,
        "urls": {
            "acknowledge": _url("concern_acknowledge", slug, concern.pk),
            "action": _url("concern_action_add", slug, concern.pk),
            "outcome": _url("concern_outcome", slug, concern.pk),
            "category": _url("concern_category", slug, concern.pk),
            "related": _url("concern_link", slug, concern.pk),
            "list": _url("concern_list", slug),
        },
    }


@setting_required
@require_http_methods(["GET"])
def concern_detail_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """One concern as the DSL reads it: what happened, the body map, the log, the outcome."""
    access = request.access
    concern = selectors.concern_get_for(access, concern_id)
    record_read(access, page=f"Concern {concern.reference}", child=concern.child, target=concern)
    return render(request, "safeguarding/concerns/detail.html", _detail_context(access, concern))


@setting_required
@require_POST
def concern_acknowledge_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """Start the review of a concern (it is no longer waiting)."""
    access = request.access
    concern = selectors.concern_get_for(access, concern_id, Action.EDIT_SAFEGUARDING)
    services.concern_acknowledge(concern=concern, by=request.user)
    messages.success(request, f"You have started the review of concern {concern.reference}.")
    return redirect(_url("concern_detail", access.care_setting.slug, concern.pk))


# --- The DSL's writes ----------------------------------------------------------------------


def _concern_page(
    request: AccessRequest, concern: Concern, template: str, **context: Any
) -> HttpResponse:
    access = request.access
    record_read(access, page=f"Concern {concern.reference}", child=concern.child, target=concern)
    return render(
        request,
        template,
        {
            "care_setting": access.care_setting,
            "concern": concern,
            "back_url": _url("concern_detail", access.care_setting.slug, concern.pk),
            **context,
        },
    )


@setting_required
@require_http_methods(["GET", "POST"])
def concern_action_add_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """Add a decision, an action, a contact or a note to the DSL's log of the concern."""
    access = request.access
    concern = selectors.concern_get_for(access, concern_id, Action.EDIT_SAFEGUARDING)
    back = _url("concern_detail", access.care_setting.slug, concern.pk)
    today = dates.today()
    form = forms.ActionForm(request.POST or None, today=today, initial={"taken_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_action_add(concern=concern, by=request.user, **form.cleaned_data)
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(back)
        messages.success(request, "The entry has been added to the log.")
        return redirect(back)
    return _concern_page(request, concern, "safeguarding/concerns/action.html", form=form)


def _edit(
    request: AccessRequest,
    concern: Concern,
    *,
    form_class: type,
    initial: Any,
    save: Any,
    done: str,
    template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    access = request.access
    back = _url("concern_detail", access.care_setting.slug, concern.pk)

    def finished(result: Any) -> HttpResponse:
        messages.success(request, done)
        return redirect(back)

    if request.method == "GET":
        record_read(
            access, page=f"Concern {concern.reference}", child=concern.child, target=concern
        )
    return edit_page(
        request,
        form_class=form_class,
        form_kwargs=lambda record: {"initial": {**initial(record), "version": record.version}},
        record=concern,
        save=partial(save, concern=concern),
        reload=lambda: selectors.concern_get_for(access, concern.pk, Action.EDIT_SAFEGUARDING),
        done=finished,
        template=template,
        context={
            "care_setting": access.care_setting,
            "concern": concern,
            "back_url": back,
            **(extra or {}),
        },
        message=STALE_MESSAGE,
    )


@setting_required
@require_http_methods(["GET", "POST"])
def concern_outcome_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """Record the outcome of the review (which closes the concern), or change it."""
    access = request.access
    concern = selectors.concern_get_for(access, concern_id, Action.EDIT_SAFEGUARDING)
    return _edit(
        request,
        concern,
        form_class=forms.OutcomeForm,
        initial=lambda record: {
            "outcome": record.outcome,
            "outcome_reference": record.outcome_reference,
            "outcome_notes": record.outcome_notes,
        },
        save=services.concern_outcome_record,
        done="The outcome has been recorded and the concern is closed.",
        template="safeguarding/concerns/outcome.html",
    )


@setting_required
@require_http_methods(["GET", "POST"])
def concern_category_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """Set or correct the category of the concern."""
    access = request.access
    concern = selectors.concern_get_for(access, concern_id, Action.EDIT_SAFEGUARDING)
    return _edit(
        request,
        concern,
        form_class=forms.CategoryForm,
        initial=lambda record: {"category": record.category},
        save=services.concern_category_set,
        done="The category has been saved.",
        template="safeguarding/concerns/category.html",
    )


@setting_required
@require_http_methods(["GET", "POST"])
def concern_link_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """Link the concern to the setting's other concerns it is related to, or unlink them."""
    access = request.access
    concern = selectors.concern_get_for(access, concern_id, Action.EDIT_SAFEGUARDING)
    others = selectors.others_of(concern)
    labels = {
        other.pk: f"{other.reference}: {other.child}, raised {other.raised_at:%-d %B %Y}"
        for other in others
    }

    class Form(forms.RelatedForm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, others=others, labels=labels, **kwargs)

    return _edit(
        request,
        concern,
        form_class=Form,
        initial=lambda record: {"related": [other.pk for other in record.related.all()]},
        save=lambda *, concern, by, version, related: services.concern_related_set(
            concern=concern, by=by, version=version, related=list(related)
        ),
        done="The related concerns have been saved.",
        template="safeguarding/concerns/related.html",
        extra={"has_others": bool(labels)},
    )


# --- The setting's time for a review -------------------------------------------------------


@setting_required
@require_http_methods(["GET", "POST"])
def review_settings_view(request: AccessRequest) -> HttpResponse:
    """The manager sets the hours the DSL has to review a concern before reminders go."""
    access = request.access
    require(access, Action.EDIT_SAFEGUARDING)
    require(access, Action.MANAGE_STAFF)
    care_setting = CareSetting.objects.get(pk=access.care_setting.pk)
    back = _url("concern_list", care_setting.slug)

    def finished(result: Any) -> HttpResponse:
        messages.success(request, "The time for reviewing a concern has been saved.")
        return redirect(back)

    return edit_page(
        request,
        form_class=forms.ReviewHoursForm,
        form_kwargs=lambda record: {
            "initial": {
                "concern_review_hours": record.concern_review_hours,
                "version": record.version,
            }
        },
        record=care_setting,
        save=partial(services.review_hours_set, care_setting=care_setting),
        reload=lambda: CareSetting.objects.get(pk=care_setting.pk),
        done=finished,
        template="safeguarding/concerns/review_settings.html",
        context={"care_setting": care_setting, "back_url": back},
    )


# --- Old addresses -------------------------------------------------------------------------


@setting_required
def moved_concern_list_view(request: AccessRequest) -> HttpResponse:
    """Send the old address of the concerns page on to the new one, after the same check."""
    access = request.access
    require(access, Action.VIEW_CONCERNS)
    return redirect("settings:safeguarding:concern_list", access.care_setting.slug)


@setting_required
def moved_concern_acknowledge_view(request: AccessRequest, concern_id: int) -> HttpResponse:
    """Send the old address of acknowledging a concern to the concerns page, acting on nothing.

    Only a page rendered before the move posts here: the concern is checked as the new
    address would (404 to anyone who may not see it) and stays waiting, to be reviewed
    from the concerns page.
    """
    access = request.access
    selectors.concern_get_for(access, concern_id)
    return redirect("settings:safeguarding:concern_list", access.care_setting.slug)
