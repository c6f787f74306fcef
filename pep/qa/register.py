"""Start-up registration of quality assurance: its panel on the PEP page."""

from typing import Any

from accounts.permissions import Access, Action, can, la_is_on_platform
from pep.models import Pep, QaReview
from pep.pages import pep_url
from pep.panels import PepPanel, register_pep_panel
from pep.qa import selectors


def qa_panel(access: Access, pep: Pep) -> dict[str, Any] | None:
    """Return the QA panel: rating, feedback, the returned reason, sign-off, pack, versions.

    Four queries (and one more at an LA, where the door asks whether the child is in
    scope): the decisions with who made them, the pack, the corrections of the PEP, the
    version it corrects.

    None for an out-of-county PEP whose responsible LA is not on the portal: that LA
    quality-assures its own PEP, the setting only records it (one query, for such a PEP
    only), and no pack is made of it.
    """
    if pep.is_out_of_county and not la_is_on_platform(pep.responsible_la_id):
        return None
    history = selectors.qa_history(pep)
    pack = selectors.pack_of(pep) if pep.status == Pep.Status.SIGNED_OFF else None
    corrections = selectors.corrections_of(pep)
    corrects = Pep.objects.filter(pk=pep.corrects_id).first() if pep.corrects_id else None
    returned = next(
        (review for review in history if review.decision == QaReview.Decision.RETURNED), None
    )
    signed = next(
        (review for review in history if review.decision == QaReview.Decision.SIGNED_OFF), None
    )
    return {
        "history": history,
        "rag": pep.rag,
        "feedback": pep.qa_feedback,
        "returned_reason": pep.returned_reason if pep.status == Pep.Status.RETURNED else "",
        "returned_on": returned.at if returned is not None else None,
        "signed_off_at": pep.signed_off_at,
        "signed_off_by": signed.by.full_name if signed is not None else "",
        "document_version": pep.document_version,
        "pack_url": pep_url(access, "pack_pdf", pep.pk) if pack is not None else "",
        "pack_size": pack.size if pack is not None else 0,
        "corrects": (
            {
                "version": corrects.document_version,
                "url": selectors.pep_page_url(access, corrects.pk),
            }
            if corrects is not None
            else None
        ),
        "correction_reason": pep.correction_reason,
        "corrections": [
            {
                "version": correction.document_version,
                "status": correction.get_status_display().lower(),
                "url": selectors.pep_page_url(access, correction.pk),
            }
            for correction in corrections
        ],
        "qa_url": pep_url(access, "qa", pep.pk)
        if can(access, Action.QA_PEP, child=pep.child)
        else "",
    }


def ready() -> None:
    register_pep_panel(PepPanel("qa", "pep/qa/_panel.html", qa_panel, order=60))
