"""Reads of the LA's early years strategy action plan, always through the door's ``strategy_q``.

The plan is read whole: an LA's plan has tens of commitments, not thousands, so the page,
the CSV and the PDF list every commitment that matches the filters, grouped by chapter, in
a fixed handful of queries (the chapters; the commitments with their latest update as SQL
annotations; their named leads). Commitments are ordered by their number as people read
it: "2.4 (ii)" before "2.4 (iv)" before "2.10".
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from accounts.models import LocalAuthority, User
from accounts.permissions import Access, strategy_q
from quality.models import StrategyChapter, StrategyCommitment, StrategyUpdate
from quality.shared import person_name

Status = StrategyCommitment.Status
Rag = StrategyCommitment.Rag
# A commitment past its timescale is flagged until it is complete.
DONE = (Status.COMPLETE,)

_PART = re.compile(r"\d+|[ivxlcdm]+|[^\divxlcdm\s().,]+", re.I)
_ROMAN = re.compile(r"\A[ivxlcdm]+\Z", re.I)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _roman(text: str) -> int:
    total, previous = 0, 0
    for letter in reversed(text.lower()):
        value = _ROMAN_VALUES[letter]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def reference_key(reference: str) -> tuple[tuple[int, int, str], ...]:
    """Return the sort key of a commitment's number: numbers and roman numerals by value."""
    key = []
    for part in _PART.findall(reference):
        if part.isdigit():
            key.append((0, int(part), ""))
        elif _ROMAN.match(part):
            key.append((0, _roman(part), ""))
        else:
            key.append((1, 0, part.lower()))
    return tuple(key)


def chapter_get_for(access: Access, chapter_id: int) -> StrategyChapter:
    """Return a chapter of the access's LA's plan, or 404."""
    chapter = (
        StrategyChapter.objects.filter(strategy_q(access), pk=chapter_id)
        .select_related("local_authority")
        .first()
    )
    if chapter is None:
        raise Http404
    return chapter


def chapters_for(access: Access) -> list[StrategyChapter]:
    """Return the chapters of the access's LA's plan, in order (one query)."""
    return list(StrategyChapter.objects.filter(strategy_q(access)).order_by("number", "pk"))


def lead_choices(local_authority: LocalAuthority) -> QuerySet[User]:
    """Return the LA's people with an active role there, who may be named as leads."""
    return (
        User.objects.filter(
            is_active=True,
            la_roles__local_authority=local_authority,
            la_roles__is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@dataclass(frozen=True)
class Filters:
    """What the plan is filtered by; every field optional."""

    chapter: int | None = None
    status: str = ""
    rag: str = ""
    lead: int | None = None
    past_timescale: bool = False

    @property
    def any(self) -> bool:
        return bool(self.chapter or self.status or self.rag or self.lead or self.past_timescale)


def past_timescale_q(today: date) -> Q:
    """Return the filter on commitments whose date has passed and that are not complete."""
    return Q(timescale__lt=today) & ~Q(status__in=DONE)


def _latest(name: str) -> Subquery:
    return Subquery(
        StrategyUpdate.objects.filter(commitment=OuterRef("pk"))
        .order_by("-written_on", "-pk")
        .values(name)[:1]
    )


def commitments_for(access: Access, filters: Filters, *, today: date) -> list[StrategyCommitment]:
    """Return the commitments matching the filters, each with its latest update and leads.

    Two queries whatever the number: the commitments (with the chapter and the latest
    update's date, words, status, RAG and author as annotations) and their named leads.
    Each carries ``lead_ids``, ``lead_names`` and ``past_timescale``.
    """
    scope = StrategyCommitment.objects.filter(strategy_q(access))
    if filters.chapter:
        scope = scope.filter(chapter_id=filters.chapter)
    if filters.status:
        scope = scope.filter(status=filters.status)
    if filters.rag:
        scope = scope.filter(rag=filters.rag)
    if filters.lead:
        scope = scope.filter(leads=filters.lead)
    if filters.past_timescale:
        scope = scope.filter(past_timescale_q(today))
    rows = list(
        scope.select_related("chapter")
        .annotate(
            latest_on=_latest("written_on"),
            latest_text=_latest("text"),
            latest_status=_latest("status"),
            latest_rag=_latest("rag"),
            latest_author=_latest("author__full_name"),
            latest_author_email=_latest("author__email"),
        )
        .prefetch_related(Prefetch("leads", queryset=User.objects.order_by("full_name", "email")))
    )
    for commitment in rows:
        mark(commitment, today=today)
    rows.sort(key=lambda c: (c.chapter.number, reference_key(c.reference), c.pk))
    return rows


def mark(commitment: StrategyCommitment, *, today: date) -> StrategyCommitment:
    """Add what pages show of a loaded commitment (its leads prefetched)."""
    leads = list(commitment.leads.all())
    commitment.lead_ids = frozenset(lead.pk for lead in leads)
    commitment.lead_names = [person_name(lead) for lead in leads]
    commitment.past_timescale = (
        commitment.timescale is not None
        and commitment.timescale < today
        and commitment.status not in DONE
    )
    return commitment


@dataclass
class Chapter:
    """A chapter and its commitments as listed."""

    chapter: StrategyChapter
    commitments: list[StrategyCommitment] = field(default_factory=list)


def grouped(
    chapters: Iterable[StrategyChapter], commitments: Iterable[StrategyCommitment], *, all_: bool
) -> list[Chapter]:
    """Group the commitments by chapter; keep empty chapters only when ``all_``."""
    groups = {chapter.pk: Chapter(chapter) for chapter in chapters}
    for commitment in commitments:
        groups[commitment.chapter_id].commitments.append(commitment)
    return [group for group in groups.values() if all_ or group.commitments]


@dataclass(frozen=True)
class Summary:
    total: int
    by_status: list[tuple[str, str, int]]  # (value, label, count)
    by_rag: list[tuple[str, str, int]]
    past_timescale: int


def summary_for(access: Access, *, today: date) -> Summary:
    """Count the whole plan's commitments by status and by RAG, and those past (one query)."""
    counts: dict[str, Any] = {"total": Count("pk")}
    for value in Status.values:
        counts[f"status_{value}"] = Count("pk", filter=Q(status=value))
    for value in Rag.values:
        counts[f"rag_{value}"] = Count("pk", filter=Q(rag=value))
    counts["past"] = Count("pk", filter=past_timescale_q(today))
    figures = StrategyCommitment.objects.filter(strategy_q(access)).aggregate(**counts)
    return Summary(
        total=figures["total"],
        by_status=[(v, label, figures[f"status_{v}"]) for v, label in Status.choices],
        by_rag=[(v, label, figures[f"rag_{v}"]) for v, label in Rag.choices],
        past_timescale=figures["past"],
    )


def updates_of(commitment: StrategyCommitment) -> list[StrategyUpdate]:
    """Return the commitment's progress updates, newest first, with their authors."""
    return list(
        commitment.updates.select_related("author").order_by("-written_on", "-created_at", "-pk")
    )
