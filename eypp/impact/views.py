"""The impact review of an approved plan, recorded by the setting (EDIT_EYPP).

Its reading side is the impact panel of the plan page (``eypp.impact.register``); this page
is where the setting writes it, and shows it read-only once recorded.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import AccessRequest, Action, setting_required
from common.form_pages import add_service_error
from common.versioning import StaleRecord, conflicted_form, differing
from eypp import rules
from eypp.impact import services
from eypp.impact.forms import COMPLETE, ImpactReviewForm, line_fields
from eypp.impact.selectors import evidence_for, lines_of, report_for, review_of
from eypp.models import ActionPlan, ImpactReview, PlanLine
from eypp.pages import eypp_url
from eypp.selectors import plan_get_for


def _initial(review: ImpactReview | None, lines: list[PlanLine]) -> dict[str, Any]:
    if review is None:
        return {"version": 0}
    initial: dict[str, Any] = {
        "version": review.version,
        "summary": review.summary,
        "next_steps": review.next_steps,
        "observations": [str(pk) for pk in review.observations.values_list("pk", flat=True)],
        "judgements": [str(pk) for pk in review.judgements.values_list("pk", flat=True)],
    }
    for line in lines:
        outcome = getattr(line, "outcome", None)
        if outcome is not None:
            names = line_fields(line)
            initial[names[0]] = outcome.outcome
            initial[names[1]] = f"{outcome.spent:.2f}"
            initial[names[2]] = outcome.notes
    return initial


@setting_required
def impact_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Write the approved plan's impact review: save a draft, or record it (then final)."""
    access = request.access
    plan = plan_get_for(access, plan_id, Action.EDIT_EYPP)
    here = eypp_url(access, "impact", plan.pk)
    back = eypp_url(access, "plan", plan.pk)
    review = review_of(plan)
    context: dict[str, Any] = {
        "plan": plan,
        "child": plan.child,
        "back_url": back,
        "pdf_url": eypp_url(access, "plan_pdf", plan.pk),
    }
    if plan.status != ActionPlan.Status.APPROVED or (
        review is not None and review.completed_at is not None
    ):
        if request.method == "POST":
            if review is not None and review.completed_at is not None:
                messages.info(request, "The impact review was recorded already: it is final.")
            return redirect(back)
        report = report_for(plan, review=review) if review is not None else None
        return render(
            request,
            "eypp/impact/impact_detail.html",
            {**context, "report": report, "approved": plan.status == ActionPlan.Status.APPROVED},
        )
    lines = lines_of(plan)
    evidence = evidence_for(plan)
    completing = request.method == "POST" and COMPLETE in request.POST
    form_kwargs = {"lines": lines, "evidence": evidence, "completing": completing}
    form = ImpactReviewForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(review, lines),
        **form_kwargs,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(
                plan=plan,
                by=request.user,
                version=form.cleaned_data["version"],
                outcomes=form.outcomes(),
                complete=completing,
                **form.review_fields(),
            )
        except services.ReviewRecorded:
            messages.info(request, "The impact review was recorded already: it is final.")
            return redirect(back)
        except StaleRecord:
            saved = review_of(plan)
            context["conflict"] = differing(
                [
                    (
                        "What difference the funding made",
                        saved.summary if saved else "",
                        form.cleaned_data.get("summary") or "",
                    ),
                    (
                        "What this means for the next plan and PEP",
                        saved.next_steps if saved else "",
                        form.cleaned_data.get("next_steps") or "",
                    ),
                ]
            )
            form = conflicted_form(
                ImpactReviewForm,
                request.POST,
                version=saved.version if saved is not None else 0,
                **form_kwargs,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if completing:
                messages.success(request, "The impact review has been recorded.")
                return redirect(back)
            messages.success(request, "The impact review has been saved as a draft.")
            return redirect(here)
    return render(
        request,
        "eypp/impact/impact_form.html",
        {
            **context,
            "form": form,
            "due_on": plan.period_end,
            "has_draft": review is not None,
            "planned_total": rules.money(sum((line.cost for line in lines), Decimal(0))),
        },
    )
