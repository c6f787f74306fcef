"""The plan's PDF, for whoever may read the plan (VIEW_EYPP), on either side.

Rendered afresh at each download: a draft changes, and an approved plan's content is
sealed by its checksum (printed in the document), not by stored bytes.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from accounts.permissions import AccessRequest, Action, setting_or_la_required
from common.pdf import PDF_UA, render_pdf
from eypp.document.builder import plan_context
from eypp.models import ActionPlan
from eypp.selectors import plan_get_for

TEMPLATE = "pdf/eypp_plan.html"


def file_name(plan: ActionPlan) -> str:
    """Return "eypp-plan-<first name>-<period>.pdf", safe in a header and on any disk."""
    words = [slugify(part) for part in ("EYPP plan", plan.child.known_as, plan.period_label)]
    if plan.number > 1:
        words.append(f"version-{plan.number}")
    return "-".join(word for word in words if word) + ".pdf"


def plan_pdf_render(plan: ActionPlan) -> bytes:
    """Return the plan as a tagged (PDF/UA-1) A4 PDF."""
    return render_pdf(template=TEMPLATE, context=plan_context(plan), variant=PDF_UA)


@setting_or_la_required
def plan_pdf_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for(request.access, plan_id, Action.VIEW_EYPP)
    response = HttpResponse(plan_pdf_render(plan), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, file_name(plan))
    response["Cache-Control"] = "private, no-store"
    return response
