"""The PEP page, its paperwork sections, the submission and the SMART targets.

Every page is served on both sides (``setting_or_la_required``): a setting's staff under
the setting, the LA's advisors under the LA; links go through ``pep_url``. The door: the
PEP is looked up within the reader's child scope (404), then the right is weighed (403).
Reads of a PEP are audited; a refused write is not, and changes nothing. A locked PEP
(signed off or closed) answers every write with a clear refusal (409).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import AccessRequest, Action, setting_or_la_required
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import StaleRecord, conflicted_form, differences
from learning.pages import child_pages
from pep.models import Pep, PepTarget
from pep.pages import pep_url
from pep.panels import pep_panels
from pep.paperwork import selectors, services
from pep.paperwork.forms import (
    TARGET_FIELDS,
    ConfirmForm,
    MoreAboutMeForm,
    PreviousTargetsForm,
    SectionForm,
    SubmitForm,
    TargetAddForm,
    TargetEditForm,
)
from pep.paperwork.sections import (
    COMPLETED,
    INCOMPLETE,
    NOT_NEEDED,
    NOT_STARTED,
    Section,
    section_for,
    section_states,
)
from pep.selectors import audit_read, pep_get_for, pep_read_for, pep_reload

SUBMIT_CONFLICT = (
    "Someone changed this PEP's paperwork while you were reading this page. Nothing has "
    "been submitted: check the sections, then submit again."
)
TARGET_CONFLICT = (
    "Someone else changed this target while you were editing it. Your changes have not "
    "been saved: check the target as saved now and make them again."
)


def _detail_url(request: AccessRequest, pep: Pep) -> str:
    return pep_url(request.access, "detail", pep.pk)


def _refused(request: AccessRequest, pep: Pep, message: str) -> HttpResponse:
    """Answer a write the PEP's state refuses: the reason and the way back, nothing else."""
    return render(
        request,
        "pep/paperwork/refused.html",
        {
            "pep": pep,
            "child": pep.child,
            "message": message,
            "back_url": _detail_url(request, pep),
        },
        status=409,
    )


def _locked_message(pep: Pep) -> str:
    return services.PepLocked(pep).message


# --- The PEP page -----------------------------------------------------------------------------


@setting_or_la_required
@require_http_methods(["GET"])
def pep_detail_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    """Show the PEP: who and when, the paperwork's sections, the targets, then the panels."""
    access = request.access
    pep = pep_read_for(access, pep_id)
    facts = selectors.paperwork_facts(pep, access=access)
    may_edit = selectors.may_edit_paperwork(access, pep)
    may_organise = selectors.may_organise(access, pep)
    open_paperwork = not pep.is_locked and pep.status in Pep.OPEN_STATUSES
    rows = []
    for row in section_states(pep, facts):
        may_change = open_paperwork and (
            may_edit or (row.section.organiser_may_edit and may_organise)
        )
        rows.append(
            {
                "section": row.section,
                "state": row.state,
                "url": pep_url(access, "section", pep.pk, row.section.slug),
                "may_change": may_change,
            }
        )
    targets = selectors.targets_of(pep)
    may_edit_targets = not pep.is_locked and (may_edit or may_organise)
    return render(
        request,
        "pep/pep_detail.html",
        {
            "pep": pep,
            "child": pep.child,
            "care_setting": pep.care_setting,
            "sections": rows,
            "summary": selectors.progress_summary(pep),
            "targets": [
                {
                    "target": target,
                    "warnings": target.smart_warnings(),
                    "edit_url": pep_url(access, "target_edit", pep.pk, target.pk),
                    "delete_url": pep_url(access, "target_delete", pep.pk, target.pk),
                }
                for target in targets
            ],
            "panels": pep_panels(access, pep),
            "locked": pep.is_locked,
            "locked_message": _locked_message(pep) if pep.is_locked else "",
            "may_edit_targets": may_edit_targets,
            "may_submit": may_edit and open_paperwork,
            "submitted": pep.status in (Pep.Status.SUBMITTED, Pep.Status.AWAITING_QA),
            "target_add_url": pep_url(access, "target_add", pep.pk),
            "submit_url": pep_url(access, "submit", pep.pk) if may_edit and open_paperwork else "",
            "hub_url": child_pages(access, pep.child).hub,
            "states": {
                "completed": COMPLETED,
                "incomplete": INCOMPLETE,
                "not_started": NOT_STARTED,
                "not_needed": NOT_NEEDED,
            },
            "eypp": facts.eypp,
            "eypp_on_portal": facts.eypp_on_portal,
            "previous_targets": len(facts.previous_targets),
        },
    )


# --- Sections ---------------------------------------------------------------------------------


def _section_form(
    section: Section,
    pep: Pep,
    facts: selectors.PaperworkFacts,
    photos: list[Any],
    data: Any = None,
    *,
    version: int | None = None,
) -> SectionForm:
    """Return the section's form for the PEP as saved, bound to ``data`` when given."""
    form_class = section.form
    assert form_class is not None and issubclass(form_class, SectionForm)
    kwargs: dict[str, Any] = {"pep": pep}
    if form_class is MoreAboutMeForm:
        kwargs["photos"] = photos
        initial = MoreAboutMeForm.initial_with_photos(pep, facts.photo_ids)
    elif form_class is PreviousTargetsForm:
        kwargs.update(targets=facts.previous_targets, reviews=facts.reviews)
        initial = form_class.initial_for(pep)
    else:
        initial = form_class.initial_for(pep)
    if data is not None and version is not None:
        return conflicted_form(form_class, data, version=version, **kwargs)
    return form_class(data, initial=initial, **kwargs)


@setting_or_la_required
@require_http_methods(["GET", "POST"])
def pep_section_view(request: AccessRequest, pep_id: int, section: str) -> HttpResponse:
    """Show one section of the paperwork: its form to those who may change it, else its answers."""
    access = request.access
    pep = selectors.pep_in_scope_get(access, pep_id)
    found = section_for(section)
    if found is None:
        raise Http404
    selectors.require_view(access, pep)
    may_change = selectors.may_edit_paperwork(access, pep) or (
        found.organiser_may_edit and selectors.may_organise(access, pep)
    )
    if request.method == "POST":
        if not may_change or found.form is None:
            raise PermissionDenied
        if pep.is_locked:
            return _refused(request, pep, _locked_message(pep))
        if pep.status not in Pep.OPEN_STATUSES:
            return _refused(request, pep, services.SUBMITTED_MESSAGE)
    else:
        audit_read(access, pep)
    facts = selectors.paperwork_facts(pep, access=access)
    consent = selectors.photo_consent_in_force(pep.child)
    editable = (
        may_change
        and found.form is not None
        and not pep.is_locked
        and pep.status in Pep.OPEN_STATUSES
    )
    photos = selectors.offered_photos(pep.child, consent=consent) if editable else []
    form = _section_form(found, pep, facts, photos, request.POST or None) if editable else None
    conflict: list[tuple[str, str, str]] = []
    if request.method == "POST" and form is not None and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            if isinstance(form, PreviousTargetsForm):
                services.target_reviews_save(
                    pep=pep, by=request.user, version=version, reviews=form.reviews()
                )
            else:
                photo_ids = form.chosen_photo_ids() if isinstance(form, MoreAboutMeForm) else None
                services.section_save(
                    pep=pep,
                    section=found,
                    by=request.user,
                    version=version,
                    fields=form.pep_fields(),
                    photo_ids=photo_ids,
                )
        except services.PepLocked as refusal:
            return _refused(request, pep, refusal.message)
        except services.PaperworkClosed:
            return _refused(request, pep, services.SUBMITTED_MESSAGE)
        except StaleRecord:
            saved = pep_reload(request.access, pep)
            conflict = differences(saved, form.pep_fields(), labels=_labels(form))
            facts = selectors.paperwork_facts(saved, access=access)
            form = _section_form(found, saved, facts, photos, request.POST, version=saved.version)
            if not conflict:
                form.add_error(None, "Check the section as saved now below your changes.")
        else:
            messages.success(request, f"“{found.title}” has been saved.")
            return redirect(_detail_url(request, pep))
    pages = child_pages(access, pep.child)
    return render(
        request,
        "pep/paperwork/section.html",
        {
            "pep": pep,
            "child": pep.child,
            "section": found,
            "state": found.state(pep, facts),
            "form": form,
            "conflict": conflict,
            "photo_choices": _photo_choices(form, photos, pages),
            "chosen_photos": [
                (photo, pages.photo(photo.pk))
                for photo in selectors.chosen_photos(pep, consent=consent)
            ]
            if form is None
            else [],
            "answers": _answers(found, pep) if form is None else [],
            "consent": consent,
            "facts": facts,
            "summary": selectors.progress_summary(pep) if found.slug == "progress" else None,
            "check": selectors.progress_check_of(pep.child)
            if found.slug == "attendance-health"
            else None,
            "pages": pages,
            "locked": pep.is_locked,
            "locked_message": _locked_message(pep) if pep.is_locked else "",
            "submitted": not pep.is_locked and pep.status not in Pep.OPEN_STATUSES,
            "submitted_message": services.SUBMITTED_MESSAGE,
            "back_url": _detail_url(request, pep),
            "previous_reviews": [
                (target, facts.reviews.get(target.pk)) for target in facts.previous_targets
            ],
            "sen_label": pep.child.get_sen_status_display(),
        },
    )


def _photo_choices(form: Any, photos: list[Any], pages: Any) -> list[tuple[Any, str, bool]]:
    """Return (photo, its permission-checked URL, ticked) for the photos offered."""
    if form is None or "voice_photos" not in form.fields:
        return []
    value = form["voice_photos"].value() or []
    ticked = {str(item) for item in (value if isinstance(value, list | tuple) else [value])}
    return [(photo, pages.photo(photo.pk), str(photo.pk) in ticked) for photo in photos]


def _answers(section: Section, pep: Pep) -> list[tuple[str, Any]]:
    """Return (question, answer) for a section's fields, for readers who do not change it."""
    form_class = section.form
    if form_class is None or not issubclass(form_class, SectionForm):
        return []
    fields = form_class.base_fields
    return [(str(fields[name].label), getattr(pep, name)) for name in form_class.FIELDS]


def _labels(form: Any) -> dict[str, Any]:
    return {name: field.label for name, field in form.fields.items()}


# --- Submission -------------------------------------------------------------------------------


@setting_or_la_required
@require_http_methods(["GET", "POST"])
def pep_submit_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    """Submit the paperwork; refused naming each section that is not complete."""
    access = request.access
    pep = pep_get_for(access, pep_id, Action.EDIT_PEP)
    if pep.is_locked:
        return _refused(request, pep, _locked_message(pep))
    if request.method == "GET":
        audit_read(access, pep)
    form = SubmitForm(request.POST or None, initial={"version": pep.version})
    missing: list[Section] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.pep_submit(pep=pep, by=request.user, version=form.cleaned_data["version"])
        except services.AlreadySubmitted:
            messages.info(request, "This PEP's paperwork has already been submitted.")
            return redirect(_detail_url(request, pep))
        except services.PepLocked as refusal:
            return _refused(request, pep, refusal.message)
        except StaleRecord:
            saved = pep_reload(request.access, pep)
            form = conflicted_form(
                SubmitForm, request.POST, version=saved.version, message=SUBMIT_CONFLICT
            )
            pep = _reloaded(pep, saved)
        except services.IncompletePep as refusal:
            missing = refusal.missing
        else:
            messages.success(request, "The paperwork has been submitted.")
            return redirect(_detail_url(request, pep))
    facts = selectors.paperwork_facts(pep, access=access)
    states = section_states(pep, facts)
    return render(
        request,
        "pep/paperwork/submit.html",
        {
            "pep": pep,
            "child": pep.child,
            "form": form,
            "missing": [
                {"section": section, "url": pep_url(access, "section", pep.pk, section.slug)}
                for section in missing
            ],
            "sections": [
                {
                    "section": row.section,
                    "state": row.state,
                    "url": pep_url(access, "section", pep.pk, row.section.slug),
                }
                for row in states
            ],
            "blocked": any(row.blocks_submission for row in states),
            "already": pep.status in (Pep.Status.SUBMITTED, Pep.Status.AWAITING_QA),
            "back_url": _detail_url(request, pep),
        },
    )


def _reloaded(pep: Pep, saved: Pep) -> Pep:
    """Return the PEP as saved now, keeping the related rows already loaded."""
    saved.child = pep.child
    saved.care_setting = pep.care_setting
    saved.responsible_la = pep.responsible_la
    return saved


# --- SMART targets ----------------------------------------------------------------------------


def _targets_pep(access: Any, pep_id: int, target_id: int | None = None) -> tuple[Pep, Any]:
    """Return the PEP (and its target) if the access may change its targets.

    404 outside scope or for another PEP's target, before any right is weighed; then 403
    without VIEW_PEP, or for a reader who neither edits the paperwork nor organises it.
    """
    pep = selectors.pep_in_scope_get(access, pep_id)
    target = selectors.target_in_pep_get(pep, target_id) if target_id is not None else None
    selectors.require_view(access, pep)
    if not selectors.may_edit_targets(access, pep):
        raise PermissionDenied
    return pep, target


def _warned(request: AccessRequest, target: PepTarget, done: str) -> None:
    warnings = target.smart_warnings()
    if warnings:
        messages.warning(request, f"{done} It is not yet specific: {' '.join(warnings)}")
    else:
        messages.success(request, done)


@setting_or_la_required
@require_http_methods(["GET", "POST"])
def target_add_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    """Add a SMART target to the PEP."""
    pep, _ = _targets_pep(request.access, pep_id)
    if pep.is_locked:
        return _refused(request, pep, _locked_message(pep))
    form = TargetAddForm(request.POST or None, button="Add the target")
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_add(
                pep=pep,
                by=request.user,
                submission_token=form.cleaned_data["submission_token"],
                fields=form.target_fields(),
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(_detail_url(request, pep) + "#targets")
        except services.PepLocked as refusal:
            return _refused(request, pep, refusal.message)
        _warned(request, target, "The target has been added.")
        return redirect(_detail_url(request, pep) + "#targets")
    return render(
        request,
        "pep/paperwork/target_form.html",
        {
            "pep": pep,
            "child": pep.child,
            "form": form,
            "is_new": True,
            "back_url": _detail_url(request, pep),
        },
    )


@setting_or_la_required
@require_http_methods(["GET", "POST"])
def target_edit_view(request: AccessRequest, pep_id: int, target_id: int) -> HttpResponse:
    """Change a SMART target; a change made meanwhile by someone else is explained."""
    pep, target = _targets_pep(request.access, pep_id, target_id)
    if pep.is_locked:
        return _refused(request, pep, _locked_message(pep))
    initial = {name: getattr(target, name) for name in TARGET_FIELDS}
    initial["loaded"] = services.target_fingerprint(target)
    form = TargetEditForm(request.POST or None, initial=initial, button="Save the target")
    conflict: list[tuple[str, str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.target_change(
                target=target,
                by=request.user,
                loaded=form.cleaned_data["loaded"],
                fields=form.target_fields(),
            )
        except services.PepLocked as refusal:
            return _refused(request, pep, refusal.message)
        except StaleRecord:
            now = PepTarget.objects.select_related("area").get(pk=target.pk)
            conflict = differences(now, form.target_fields(), labels=_labels(form))
            data = request.POST.copy()
            data["loaded"] = services.target_fingerprint(now)
            form = TargetEditForm(data, button="Save the target")
            form.is_valid()
            form.add_error(None, TARGET_CONFLICT)
        else:
            _warned(request, saved, "The target has been saved.")
            return redirect(_detail_url(request, pep) + "#targets")
    return render(
        request,
        "pep/paperwork/target_form.html",
        {
            "pep": pep,
            "child": pep.child,
            "form": form,
            "is_new": False,
            "conflict": conflict,
            "warnings": target.smart_warnings() if request.method == "GET" else [],
            "back_url": _detail_url(request, pep),
        },
    )


@setting_or_la_required
@require_http_methods(["GET", "POST"])
def target_delete_view(request: AccessRequest, pep_id: int, target_id: int) -> HttpResponse:
    """Ask before removing a target, then remove it."""
    pep, target = _targets_pep(request.access, pep_id, target_id)
    if pep.is_locked:
        return _refused(request, pep, _locked_message(pep))
    form = ConfirmForm(
        request.POST or None,
        initial={"loaded": services.target_fingerprint(target)},
        button="Remove the target",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.target_remove(
                target=target, by=request.user, loaded=form.cleaned_data["loaded"]
            )
        except services.PepLocked as refusal:
            return _refused(request, pep, refusal.message)
        except StaleRecord:
            target = selectors.target_in_pep_get(pep, target.pk)
            form = ConfirmForm(
                initial={"loaded": services.target_fingerprint(target)},
                button="Remove the target",
            )
            messages.error(
                request,
                "Someone changed this target while you were reading it: check it below "
                "before removing it.",
            )
        except services.TargetReviewed:
            messages.error(request, "This target has been reviewed in a later PEP: it stays.")
            return redirect(_detail_url(request, pep) + "#targets")
        else:
            messages.success(request, "The target has been removed.")
            return redirect(_detail_url(request, pep) + "#targets")
    return render(
        request,
        "pep/paperwork/target_delete.html",
        {
            "pep": pep,
            "child": pep.child,
            "target": target,
            "form": form,
            "back_url": _detail_url(request, pep),
        },
    )
