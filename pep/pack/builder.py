"""Everything the PEP pack shows, loaded in a fixed number of queries.

``pack_context(pep)`` returns the complete context of ``templates/pdf/pep_pack.html``: the
template makes no query. The child is named by their known name only (never the legal
name) everywhere in the pack, so the document can travel without exposing more than it
must.
"""

from datetime import UTC
from typing import Any

from django.utils import timezone

from common.pdf import storage_url
from learning.models import ProgressCheckAtTwo
from pep.models import Invitee, Pep, PepTarget, TargetReview
from pep.pack.progress import progress_from_snapshot
from pep.paperwork.eypp import eypp_plan_for
from pep.qa.selectors import VOICE_FIELDS, attendance_words, meeting_invitees, version_chain_ids


def _iso(moment: Any) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def pack_context(pep: Pep) -> dict[str, Any]:
    """Return the pack's context for the signed PEP.

    Queries, whatever the number of rows: the PEP with its child, setting, LA and signer;
    the chosen photos; the new targets with their area; the reviews of the previous targets
    with their target and area; the version chain; the meeting; its invitees; the progress
    check at two; plus whatever the EYPP seam reads.
    """
    pep = Pep.objects.select_related(  # 1
        "child", "care_setting", "responsible_la", "signed_off_by", "corrects"
    ).get(pk=pep.pk)
    child = pep.child
    known_as = child.known_as
    photos = [  # 2
        {"src": storage_url(photo.image.name), "caption": photo.caption}
        for photo in pep.voice_photos.order_by("uploaded_at", "pk")
    ]
    targets = list(PepTarget.objects.filter(pep=pep).select_related("area"))  # 3
    reviews = list(  # 4
        TargetReview.objects.filter(pep=pep).select_related("target__area")
    )
    meeting, invitees = meeting_invitees(version_chain_ids(pep))  # 5, 6, 7
    check = (  # 8
        ProgressCheckAtTwo.objects.filter(child=child).only("completed_on").first()
    )
    signed_at = pep.signed_off_at or pep.created_at
    attended = [i for i in invitees if i.attendance == Invitee.Attendance.ATTENDED]
    apologies = [i for i in invitees if i.attendance == Invitee.Attendance.APOLOGIES]
    absent = [i for i in invitees if i.attendance == Invitee.Attendance.ABSENT]
    attendance_rate = None
    if pep.sessions_offered:
        attendance_rate = round(100 * (pep.sessions_attended or 0) / pep.sessions_offered)
    return {
        "pep": pep,
        "known_as": known_as,
        "title": f"Personal Education Plan: {known_as}",
        "date_of_birth": child.date_of_birth,
        "legal_status": child.get_legal_status_display(),
        "sen_status": child.get_sen_status_display(),
        "setting_name": pep.care_setting.name,
        "setting_urn": pep.care_setting.ofsted_urn,
        "responsible_la": pep.responsible_la.name,
        "kind": pep.get_kind_display(),
        "meeting_on": timezone.localtime(meeting.starts_at) if meeting else None,
        "meeting_place": (meeting.location or "Video call") if meeting else "",
        "signed_off_on": timezone.localtime(signed_at),
        "signed_off_by": pep.signed_off_by.full_name if pep.signed_off_by else "",
        "fixed_moment": _iso(signed_at),
        "voice": [
            (str(Pep._meta.get_field(name).verbose_name), getattr(pep, name))
            for name in VOICE_FIELDS
            if getattr(pep, name).strip()
        ],
        "photos": photos,
        "attendance_rate": attendance_rate,
        "check_completed_on": check.completed_on if check else None,
        "progress": progress_from_snapshot(pep.progress_snapshot, child_name=known_as),
        "reviews": [
            {
                "area": review.target.area.name,
                "target": review.target.target,
                "outcome": review.get_outcome_display(),
                "evidence": review.evidence,
            }
            for review in reviews
        ],
        "targets": [
            {
                "area": target.area.name,
                "target": target.target,
                "actions": target.actions,
                "who": target.who,
                "by_when": target.by_when,
                "success_measure": target.success_measure,
                "eypp_funded": target.eypp_funded,
                "cost": target.cost,
                "warnings": target.smart_warnings(),
            }
            for target in targets
        ],
        "eypp": eypp_plan_for(pep),
        "attended": attended,
        "apologies": apologies,
        "absent": absent,
        "attendance_words": attendance_words(invitees),
        "rag": pep.get_rag_display(),
        "rag_value": pep.rag,
        "corrects_version": pep.corrects.document_version if pep.corrects else None,
    }
