"""Notes of visit at a setting, written with the Positive Practice Tool.

The advisors assigned to the setting and the LA administrator write the notes and share
them (RECORD_VISIT); the setting's manager reads those shared and writes the setting's
reflections (REFLECT_ON_VISIT). Everyone else with no right here is refused the list
(403); a note of visit is looked up through the door before any right is weighed, so notes
outside the reader's scope (all of them without the right to read them, drafts for the
setting) are not found (404), and a refusal never confirms that a note exists. No grade
is given at these visits, and no page here shows anything that looks like one.
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import AccessRequest, Action, can, require, setting_required
from common import dates
from common.audit import verb_label
from common.form_pages import create_page, edit_page
from common.pdf import PDF_UA, download_name, pdf_response, render_pdf
from common.versioning import CONFLICT_MESSAGE, Difference, StaleRecord, differences
from quality.models import Visit
from quality.selectors import visit_get_for
from quality.shared import person_name, setting_url
from quality.visits import selectors, services
from quality.visits.forms import ReflectionsForm, ShareForm, VisitForm

PDF_TEMPLATE = "quality/visits/notes_of_visit_pdf.html"
NO_GRADE = (
    "No grade is given at these visits: Ofsted is the sole arbiter of a setting's quality. "
    "These notes record what was seen and discussed, and what needs to happen next."
)


def scale_text(value: int | None) -> str:
    """Return a scale as words, never as a meter: "6 out of 10", or "Not asked"."""
    return "Not asked" if value is None else f"{value} out of 10"


def _visit_words(visit: Visit) -> dict[str, Any]:
    """Return what the notes' page and their PDF both say of a visit: who and when, the
    scales in words, and that no grade is given."""
    return {
        "advisor": person_name(visit.advisor),
        "shared_at": timezone.localtime(visit.shared_at) if visit.shared_at else None,
        "shared_by": person_name(visit.shared_by),
        "reflections_by": person_name(visit.reflections_by),
        "reflections_at": (
            timezone.localtime(visit.reflections_at) if visit.reflections_at else None
        ),
        "setting_scale": scale_text(visit.setting_scale),
        "advisor_scale": scale_text(visit.advisor_scale),
        "no_grade": NO_GRADE,
    }


def _labelled_differences(form: Form, saved: Visit, typed: dict[str, Any]) -> list[Difference]:
    """Return (question, saved now, typed) for the notes' questions that differ."""
    labels = {name: field.label for name, field in form.fields.items()}
    kept = {name: typed[name] for name in services.NOTE_FIELDS if name in typed}
    return differences(saved, kept, labels=labels)


def _visit_values(visit: Visit) -> dict[str, Any]:
    values = {name: getattr(visit, name) for name in services.NOTE_FIELDS}
    return {"version": visit.version, **values}


@setting_required
def visit_list_view(request: AccessRequest) -> HttpResponse:
    """The setting's notes of visit, newest first; drafts only for those who write them."""
    access = request.access
    require(access, Action.VIEW_QUALITY)
    page = Paginator(selectors.visits_for(access), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_record = can(access, Action.RECORD_VISIT)
    return render(
        request,
        "quality/visits/list.html",
        {
            "care_setting": access.care_setting,
            "page": page,
            "rows": [
                {
                    "visit": visit,
                    "advisor": person_name(visit.advisor),
                    "url": setting_url(access, "visit_detail", visit.pk),
                }
                for visit in page
            ],
            "add_url": setting_url(access, "visit_add") if can_record else "",
            "can_record": can_record,
            "overview_url": setting_url(access, "overview"),
            "no_grade": NO_GRADE,
        },
    )


@setting_required
def visit_add_view(request: AccessRequest) -> HttpResponse:
    """Write the notes of a visit, as a draft to share with the setting afterwards."""
    access = request.access
    require(access, Action.VIEW_QUALITY)
    require(access, Action.RECORD_VISIT)
    care_setting = access.care_setting
    plan = selectors.open_plan(care_setting)
    form = VisitForm(request.POST or None, initial={"visited_on": dates.today()})
    created: list[Visit] = []

    def create(**fields: Any) -> Visit:
        visit = services.visit_record(care_setting=care_setting, **fields)
        created.append(visit)
        return visit

    response = create_page(
        request,
        form=form,
        create=create,
        done=lambda visit: "The notes of visit have been saved. They are not shared yet.",
        back=setting_url(access, "visit_list"),
        template="quality/visits/form.html",
        context={
            "care_setting": care_setting,
            "heading": "Write the notes of a visit",
            "plan": plan,
            "back_url": setting_url(access, "visit_list"),
            "no_grade": NO_GRADE,
        },
    )
    if created and response.status_code == 302:
        return redirect(setting_url(access, "visit_detail", created[0].pk))
    return response


@setting_required
def visit_detail_view(request: AccessRequest, visit_id: int) -> HttpResponse:
    """The notes laid out by the three questions, the two views, the setting's reflections."""
    access = request.access
    visit = visit_get_for(access, visit_id)
    shared = visit.shared_at is not None
    can_record = can(access, Action.RECORD_VISIT)
    can_reflect = shared and can(access, Action.REFLECT_ON_VISIT)
    trail = [
        {
            "at": timezone.localtime(event.at),
            "label": verb_label(event.verb),
            "who": person_name(event.actor) or event.actor_label,
            "changes": list(event.changes) if event.verb.endswith("after_sharing") else [],
        }
        for event in selectors.visit_trail(access, visit)
    ]
    return render(
        request,
        "quality/visits/detail.html",
        {
            "care_setting": access.care_setting,
            "visit": visit,
            "shared": shared,
            **_visit_words(visit),
            "trail": trail,
            "plan_url": setting_url(access, "plan_detail", visit.plan_id) if visit.plan_id else "",
            "edit_url": setting_url(access, "visit_edit", visit.pk) if can_record else "",
            "share_url": setting_url(access, "visit_share", visit.pk)
            if can_record and not shared
            else "",
            "share_form": ShareForm(initial={"version": visit.version}),
            "reflect_url": setting_url(access, "visit_reflect", visit.pk) if can_reflect else "",
            "pdf_url": setting_url(access, "visit_pdf", visit.pk),
            "list_url": setting_url(access, "visit_list"),
        },
    )


@setting_required
def visit_edit_view(request: AccessRequest, visit_id: int) -> HttpResponse:
    """Change the notes; after sharing the change stays on the notes' trail."""
    access = request.access
    visit = visit_get_for(access, visit_id)
    require(access, Action.RECORD_VISIT)
    back = setting_url(access, "visit_detail", visit.pk)

    def save(*, by: Any, version: int, submission_token: Any = None, **fields: Any) -> Visit:
        return services.visit_change(visit=visit, by=by, version=version, **fields)

    def done(saved: Visit) -> HttpResponse:
        if saved.shared_at is not None:
            messages.success(
                request,
                "The notes of visit have been changed. The setting can see that they were "
                "changed after sharing.",
            )
        else:
            messages.success(request, "The notes of visit have been changed.")
        return redirect(back)

    return edit_page(
        request,
        form_class=VisitForm,
        form_kwargs=lambda record: {"initial": _visit_values(record)},
        record=visit,
        save=save,
        reload=lambda: visit_get_for(access, visit.pk),
        done=done,
        template="quality/visits/form.html",
        context={
            "care_setting": access.care_setting,
            "visit": visit,
            "heading": "Change the notes of a visit",
            "plan": visit.plan,
            "back_url": back,
            "no_grade": NO_GRADE,
        },
        conflict_of=_labelled_differences,
    )


@setting_required
@require_POST
def visit_share_view(request: AccessRequest, visit_id: int) -> HttpResponse:
    """Share the notes with the setting: its managers are told in the portal."""
    access = request.access
    visit = visit_get_for(access, visit_id)
    require(access, Action.RECORD_VISIT)
    back = setting_url(access, "visit_detail", visit.pk)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, "This page is out of date: open it again and try again.")
        return redirect(back)
    try:
        shared = services.visit_share(
            visit=visit, by=request.user, version=form.cleaned_data["version"]
        )
    except StaleRecord:
        messages.error(request, CONFLICT_MESSAGE)
        return redirect(back)
    if shared:
        messages.success(
            request, "The notes of visit have been shared. The setting's managers have been told."
        )
    else:
        messages.info(request, "These notes of visit were already shared with the setting.")
    return redirect(back)


@setting_required
def visit_reflect_view(request: AccessRequest, visit_id: int) -> HttpResponse:
    """The manager writes or changes the setting's reflections on shared notes."""
    access = request.access
    visit = visit_get_for(access, visit_id)
    require(access, Action.REFLECT_ON_VISIT)
    back = setting_url(access, "visit_detail", visit.pk)
    if visit.shared_at is None:
        messages.error(request, services.NOT_SHARED_MESSAGE)
        return redirect(back)

    def save(*, by: Any, version: int, reflections: str) -> Visit:
        return services.visit_reflect(visit=visit, by=by, version=version, reflections=reflections)

    def done(saved: Visit) -> HttpResponse:
        messages.success(request, "Your reflections have been saved. The advisor has been told.")
        return redirect(back)

    return edit_page(
        request,
        form_class=ReflectionsForm,
        form_kwargs=lambda record: {
            "initial": {"version": record.version, "reflections": record.reflections}
        },
        record=visit,
        save=save,
        reload=lambda: visit_get_for(access, visit.pk),
        done=done,
        template="quality/visits/reflect.html",
        context={
            "care_setting": access.care_setting,
            "visit": visit,
            "back_url": back,
            "no_grade": NO_GRADE,
        },
    )


def visit_pdf_context(*, visit: Visit, by: User) -> dict[str, Any]:
    """Return everything the notes of visit PDF shows (the visit comes with its people)."""
    return {
        "visit": visit,
        "setting_name": visit.care_setting.name,
        "kind": visit.get_kind_display(),
        **_visit_words(visit),
        "printed_by": person_name(by),
        "printed_at": timezone.localtime(),
    }


@setting_required
def visit_pdf_view(request: AccessRequest, visit_id: int) -> HttpResponse:
    """The notes of visit as a tagged PDF, for the setting's records."""
    access = request.access
    visit = visit_get_for(access, visit_id)
    context = visit_pdf_context(visit=visit, by=request.user)
    pdf = render_pdf(template=PDF_TEMPLATE, context=context, variant=PDF_UA)
    return pdf_response(
        pdf,
        filename=download_name("Notes of visit", visit.care_setting.name, on=visit.visited_on),
    )
