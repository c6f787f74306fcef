"""Pages of PEP quality assurance, on both sides: the QA page and starting a correction.

The QA page is for whoever quality-assures PEPs (``QA_PEP``: the improvement and children
in care advisors); returning and signing off (``SIGN_OFF_PEP``) only for the advisors of
the LA responsible for the child. A decision the advisor may not take is refused (403)
before anything is read from the form.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import (
    AccessRequest,
    Action,
    can,
    can_organise_pep,
    setting_or_la_required,
)
from common.form_pages import add_service_error
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import StaleRecord, conflicted_form
from pep.models import Pep, QaReview
from pep.pages import pep_url
from pep.qa import selectors, services
from pep.qa.forms import CorrectionForm, QaDecisionForm
from pep.selectors import audit_read, pep_get_for, pep_reload

Decision = QaReview.Decision
STALE_MESSAGE = (
    "Someone changed this PEP after you opened it, so your decision has not been saved. "
    "Check the PEP again, then send your decision again."
)


def _decisions(request: AccessRequest, pep: Pep) -> list[str]:
    """Return the decisions the reader may take on the PEP."""
    allowed = [Decision.FEEDBACK.value]
    if can_organise_pep(request.access, Action.SIGN_OFF_PEP, child=pep.child):
        allowed += [Decision.RETURNED.value, Decision.SIGNED_OFF.value]
    return allowed


def _page(
    request: AccessRequest,
    pep: Pep,
    form: QaDecisionForm | None,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    history = selectors.qa_history(pep)
    evidence = selectors.qa_evidence(pep)
    corrections = selectors.corrections_of(pep)
    can_sign_off = can_organise_pep(request.access, Action.SIGN_OFF_PEP, child=pep.child)
    return render(
        request,
        "pep/qa/qa.html",
        {
            "pep": pep,
            "child": pep.child,
            "form": form,
            "evidence": evidence,
            "history": history,
            "checklist": selectors.checklist_rows(selectors.latest_review(history), evidence),
            "corrections": [(c, pep_url(request.access, "qa", c.pk)) for c in corrections],
            "corrects_qa_url": pep_url(request.access, "qa", pep.corrects_id)
            if pep.corrects_id
            else "",
            "pack": selectors.pack_of(pep) if pep.status == Pep.Status.SIGNED_OFF else None,
            "pack_url": pep_url(request.access, "pack_pdf", pep.pk),
            "pep_page_url": selectors.pep_page_url(request.access, pep.pk),
            "corrects_url": (
                selectors.pep_page_url(request.access, pep.corrects_id) if pep.corrects_id else ""
            ),
            "correction_url": pep_url(request.access, "correction", pep.pk),
            "can_sign_off": can_sign_off,
            "can_correct": can_sign_off
            and pep.status == Pep.Status.SIGNED_OFF
            and not corrections,
            "awaiting_qa": pep.status == Pep.Status.AWAITING_QA,
            **extra,
        },
        status=status,
    )


def _initial(pep: Pep, latest: QaReview | None) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": pep.version, "rag": pep.rag or None}
    if latest is not None:
        initial["checklist"] = [key for key, ticked in latest.checklist.items() if ticked]
    return initial


@setting_or_la_required
def qa_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    """Show the checklist with the PEP's evidence, the history, and take a decision."""
    pep = pep_get_for(request.access, pep_id, Action.QA_PEP)
    if request.method != "POST":
        audit_read(request.access, pep)  # every read of a PEP is on its trail
    if request.method == "POST" and request.POST.get("decision") in (
        Decision.RETURNED,
        Decision.SIGNED_OFF,
    ):
        # Only the responsible LA returns or signs off: 403 for anyone else who may QA.
        pep = pep_get_for(request.access, pep_id, Action.SIGN_OFF_PEP)
    decisions = _decisions(request, pep)
    if pep.is_locked:
        if request.method != "POST":
            return _page(request, pep, None)
        if QaDecisionForm(request.POST, decisions=decisions).is_repeat():
            # The sign-off that locked it, sent again: it was saved once.
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(pep_url(request.access, "qa", pep.pk))
        return _page(request, pep, None, status=409, refusal=str(services.PepLocked(pep)))
    latest = selectors.latest_review(selectors.qa_history(pep))
    form = QaDecisionForm(request.POST or None, decisions=decisions, initial=_initial(pep, latest))
    if request.method != "POST" or not form.is_valid():
        return _page(request, pep, form)
    data = dict(form.cleaned_data)
    decision = data.pop("decision")
    common = {
        "pep": pep,
        "by": request.user,
        "version": data["version"],
        "rag": data["rag"],
        "checklist": data["checklist"],
        "feedback": data["feedback"],
        "submission_token": data["submission_token"],
    }
    try:
        if decision == Decision.RETURNED:
            services.pep_return(**common, reason=data["reason"])
            done = "The PEP has been returned. The key person and the manager have been told why."
        elif decision == Decision.SIGNED_OFF:
            services.pep_sign_off(**common)
            done = "The PEP has been signed off and locked. Its PDF pack is being made."
        else:
            services.qa_feedback_give(**common)
            done = "Your rating and feedback have been saved."
    except AlreadySaved:
        messages.info(request, ALREADY_SAVED_MESSAGE)
        return redirect(pep_url(request.access, "qa", pep.pk))
    except services.PepLocked as locked:
        return _page(request, locked.pep, None, status=409, refusal=str(locked))
    except StaleRecord:
        saved = pep_reload(request.access, pep)
        form = conflicted_form(
            QaDecisionForm,
            request.POST,
            version=saved.version,
            message=STALE_MESSAGE,
            decisions=decisions,
        )
        return _page(request, saved, form)
    except ValidationError as error:
        add_service_error(form, error)
        return _page(request, pep, form)
    messages.success(request, done)
    return redirect(pep_url(request.access, "qa", pep.pk))


@setting_or_la_required
def correction_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    """Start a correction of a signed PEP: a new version, the signed one kept as it was."""
    pep = pep_get_for(request.access, pep_id, Action.SIGN_OFF_PEP)
    corrections = selectors.corrections_of(pep)
    context = {
        "pep": pep,
        "child": pep.child,
        "corrections": corrections,
        "back_url": pep_url(request.access, "qa", pep.pk),
        "can_view": can(request.access, Action.VIEW_PEP, child=pep.child),
    }
    refusal = ""
    if pep.status != Pep.Status.SIGNED_OFF:
        refusal = "Only a signed-off PEP can be corrected: this one can still be changed."
    elif corrections:
        refusal = (
            f"This PEP already has a correction (version {corrections[-1].document_version}): "
            "correct that version instead."
        )
    if refusal:
        status = 409 if request.method == "POST" else 200
        return render(
            request, "pep/qa/correction.html", {**context, "refusal": refusal}, status=status
        )
    form = CorrectionForm(request.POST or None, initial={"version": pep.version})
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.pep_correct(
                pep=pep,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                submission_token=form.cleaned_data["submission_token"],
            )
        except AlreadySaved as saved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            target = saved.target.pk if saved.target is not None else pep.pk
            return redirect(pep_url(request.access, "qa", target))
        except StaleRecord:
            form = conflicted_form(
                CorrectionForm,
                request.POST,
                version=pep_reload(request.access, pep).version,
                message=STALE_MESSAGE,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Version {correction.document_version} of the PEP has been started and "
                "returned to the key person to correct. The signed version is kept as it was.",
            )
            return redirect(pep_url(request.access, "qa", correction.pk))
    return render(request, "pep/qa/correction.html", {**context, "form": form})
