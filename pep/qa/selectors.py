"""Reads of quality assurance: what the PEP holds for each checklist item, and its history.

Each reader makes a fixed number of queries whatever the number of targets, reviews,
photos or invitees.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch

from accounts.permissions import Access
from pep.models import Invitee, Meeting, Pep, PepPack, PepTarget, QaReview, TargetReview
from pep.pages import pep_url

VOICE_FIELDS = Pep.VOICE_FIELDS


@dataclass(frozen=True)
class Evidence:
    """One item of the virtual school's checklist and what the PEP holds for it."""

    key: str
    label: str
    met: bool
    says: str


def version_chain_ids(pep: Pep) -> list[int]:
    """Return the ids of the PEP and of every version it corrects, newest first (one query).

    A correction has no meeting of its own: its attendees are those of the PEP as first
    signed, found through this chain.
    """
    if pep.corrects_id is None:
        return [pep.pk]
    corrects = dict(Pep.objects.filter(child_id=pep.child_id).values_list("pk", "corrects_id"))
    chain = [pep.pk]
    while corrects.get(chain[-1]) is not None and len(chain) <= len(corrects):
        chain.append(corrects[chain[-1]])
    return chain


def meeting_invitees(chain_ids: list[int]) -> tuple[Meeting | None, list[Invitee]]:
    """Return the PEP meeting of the cycle (held, else the latest not cancelled) and its invitees.

    Two queries: the meetings, the invitees with their meeting.
    """
    meetings = list(
        Meeting.objects.filter(pep_id__in=chain_ids, kind=Meeting.Kind.PEP)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
    )
    held = [meeting for meeting in meetings if meeting.status == Meeting.Status.HELD]
    meeting = (held or meetings or [None])[0]
    if meeting is None:
        return None, []
    return meeting, list(Invitee.objects.filter(meeting=meeting).order_by("pk"))


def attendance_words(invitees: list[Invitee]) -> str:
    """Return "3 attended, 1 sent apologies" for the invitees, or "" if none is recorded."""
    counts = dict.fromkeys(Invitee.Attendance.values, 0)
    for invitee in invitees:
        counts[invitee.attendance] = counts.get(invitee.attendance, 0) + 1
    parts = []
    for value, words in (
        (Invitee.Attendance.ATTENDED, "attended"),
        (Invitee.Attendance.APOLOGIES, "sent apologies"),
        (Invitee.Attendance.ABSENT, "did not attend"),
    ):
        if counts[value]:
            parts.append(f"{counts[value]} {words}")
    return ", ".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def qa_evidence(pep: Pep) -> list[Evidence]:
    """Return, for each checklist item in order, whether the PEP holds its evidence and what.

    Queries: the PEP's targets; the previous PEP's targets and this PEP's reviews of them;
    the chosen photos; the version chain; the meeting and its invitees (six or seven).
    """
    labels = dict(QaReview.CHECKLIST)
    targets = list(PepTarget.objects.filter(pep=pep))
    previous_ids = set(
        PepTarget.objects.filter(pep_id=pep.previous_id).values_list("pk", flat=True)
        if pep.previous_id
        else []
    )
    reviewed_ids = set(TargetReview.objects.filter(pep=pep).values_list("target_id", flat=True))
    photos = pep.voice_photos.count()
    meeting, invitees = meeting_invitees(version_chain_ids(pep))

    voiced = sum(1 for name in VOICE_FIELDS if getattr(pep, name).strip())
    voice_says = f"{voiced} of {len(VOICE_FIELDS)} “More about me” answers filled in"
    if photos:
        voice_says += f", {_plural(photos, 'photo')} chosen"

    if not previous_ids:
        previous_met, previous_says = True, "There were no previous PEP targets to review."
    else:
        done = len(previous_ids & reviewed_ids)
        previous_met = done == len(previous_ids)
        previous_says = f"{done} of {_plural(len(previous_ids), 'previous target')} reviewed."

    unspecific = [target for target in targets if target.smart_warnings()]
    if not targets:
        smart_met, smart_says = False, "No targets have been recorded."
    elif unspecific:
        smart_met = False
        smart_says = (
            f"{len(unspecific)} of {_plural(len(targets), 'target')} "
            f"{'is' if len(unspecific) == 1 else 'are'} not specific. "
            + " ".join(dict.fromkeys(w for t in unspecific for w in t.smart_warnings()))
        )
    else:
        smart_met, smart_says = True, f"{_plural(len(targets), 'target')}, all SMART."

    carer_met = bool(pep.carer_views.strip())
    source = f" ({pep.carer_views_source})" if pep.carer_views_source else ""
    carer_says = (
        f"The carer's views are recorded{source}."
        if carer_met
        else "The carer's views are not recorded."
    )

    funded = [target for target in targets if target.eypp_funded]
    uncosted = [target for target in funded if target.cost is None]
    if not funded:
        funding_met, funding_says = False, "No target is marked as funded by EYPP."
    elif uncosted:
        funding_met = False
        funding_says = (
            f"{len(uncosted)} of {_plural(len(funded), 'EYPP-funded target')} "
            f"{'has' if len(uncosted) == 1 else 'have'} no cost."
        )
    else:
        total = sum(target.cost for target in funded if target.cost is not None)
        funding_met = True
        funding_says = f"{_plural(len(funded), 'target')} funded by EYPP, costed at £{total:,.2f}."

    attended = attendance_words(invitees)
    parts = []
    if meeting is None:
        parts.append("No PEP meeting is recorded.")
    elif attended:
        parts.append(f"Attendance recorded: {attended}.")
    else:
        parts.append("The meeting's attendance is not recorded.")
    if pep.next_pep_on:
        parts.append(f"Next PEP on {pep.next_pep_on:%-d %B %Y}.")
    else:
        parts.append("The date of the next PEP is not recorded.")
    attendees_met = bool(attended) and pep.next_pep_on is not None

    return [
        Evidence("child_voice", labels["child_voice"], voiced > 0, voice_says + "."),
        Evidence("previous_targets", labels["previous_targets"], previous_met, previous_says),
        Evidence("smart_targets", labels["smart_targets"], smart_met, smart_says),
        Evidence("carer_input", labels["carer_input"], carer_met, carer_says),
        Evidence("funding_linked", labels["funding_linked"], funding_met, funding_says),
        Evidence(
            "attendees_next_date", labels["attendees_next_date"], attendees_met, " ".join(parts)
        ),
    ]


def qa_history(pep: Pep) -> list[QaReview]:
    """Return the PEP's QA decisions, newest first, with who made them (one query)."""
    return list(QaReview.objects.filter(pep=pep).select_related("by").order_by("-at", "-pk"))


def latest_review(history: list[QaReview]) -> QaReview | None:
    return history[0] if history else None


def corrections_of(pep: Pep) -> list[Pep]:
    """Return the corrections made of the PEP, oldest first (one query)."""
    return list(Pep.objects.filter(corrects=pep).order_by("document_version", "pk"))


def pack_of(pep: Pep) -> PepPack | None:
    """Return the PEP's stored pack, or None while it is being made (one query)."""
    return PepPack.objects.filter(pep=pep).first()


def pep_page_url(access: Access, pep_id: int) -> str:
    """Return the URL of the PEP page, or "" if the PEP page is not mounted.

    The PEP page belongs to the paperwork part; linking through here keeps this part's pages
    working on their own.
    """
    try:
        return pep_url(access, "detail", pep_id)
    except NoReverseMatch:
        return ""


def checklist_rows(review: QaReview | None, evidence: list[Evidence]) -> list[dict[str, Any]]:
    """Return each checklist item with its evidence and whether the review ticked it."""
    ticked = review.checklist if review is not None else {}
    return [{"evidence": item, "ticked": bool(ticked.get(item.key))} for item in evidence]
