"""The sections of a PEP's paperwork, in order: one definition each.

The PEP page's task list, the section pages and the submission check all read ``SECTIONS``:
what a section is called, which form changes it and when it is complete. A section's
``state`` is one of ``COMPLETED``, ``INCOMPLETE``, ``NOT_STARTED`` or, for a section that
does not apply (no previous targets; EYPP plans not kept on the portal), ``NOT_NEEDED``,
which never blocks submission.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from pep.models import Pep
from pep.paperwork.forms import (
    AttendanceHealthForm,
    MoreAboutMeForm,
    PreviousTargetsForm,
    ProgressForm,
    ViewsForm,
)
from pep.paperwork.selectors import PaperworkFacts

COMPLETED = "completed"
INCOMPLETE = "incomplete"
NOT_STARTED = "not_started"
NOT_NEEDED = "not_needed"

Check = Callable[[Pep, PaperworkFacts], bool]


def _filled(pep: Pep, *names: str) -> list[bool]:
    return [
        getattr(pep, name) not in (None, "") and str(getattr(pep, name)).strip() != ""
        for name in names
    ]


VOICE_FIELDS = MoreAboutMeForm.FIELDS
# "More about me" is complete when the child's voice answers these three prompts at least:
# what they like, what makes them happy and how they show how they feel.
VOICE_NEEDED = ("voice_likes", "voice_happy", "voice_how_i_show_it")


@dataclass(frozen=True)
class Section:
    """One section of the paperwork."""

    slug: str
    title: str
    hint: str  # under the title in the task list
    form: type[forms.Form] | None  # None: filled elsewhere (the EYPP plan)
    is_complete: Check
    is_started: Check
    applies: Check = lambda pep, facts: True
    # The responsible LA's children in care advisor may change it too.
    organiser_may_edit: bool = False
    # What the section still needs, in words, for the submission's error summary.
    missing: str = ""

    def state(self, pep: Pep, facts: PaperworkFacts) -> str:
        if not self.applies(pep, facts):
            return NOT_NEEDED
        if self.is_complete(pep, facts):
            return COMPLETED
        if self.is_started(pep, facts):
            return INCOMPLETE
        return NOT_STARTED


def _eypp_applies(pep: Pep, facts: PaperworkFacts) -> bool:
    return facts.eypp_on_portal


def _eypp_complete(pep: Pep, facts: PaperworkFacts) -> bool:
    return facts.eypp is not None and facts.eypp.is_ready


def _eypp_started(pep: Pep, facts: PaperworkFacts) -> bool:
    return facts.eypp is not None


SECTIONS: tuple[Section, ...] = (
    Section(
        slug="more-about-me",
        title="More about me",
        hint="The child's voice: likes, comforters, routines, people, feelings, and photos.",
        form=MoreAboutMeForm,
        is_complete=lambda pep, facts: all(_filled(pep, *VOICE_NEEDED)),
        is_started=lambda pep, facts: any(_filled(pep, *VOICE_FIELDS)) or bool(facts.photo_ids),
        missing="what the child likes, what makes them happy and how they show how they feel",
    ),
    Section(
        slug="views",
        title="Carer's and social worker's views",
        hint="What they said, and how their views were given.",
        form=ViewsForm,
        is_complete=lambda pep, facts: all(
            _filled(
                pep,
                "carer_views",
                "carer_views_source",
                "social_worker_views",
                "social_worker_views_source",
            )
        ),
        is_started=lambda pep, facts: any(_filled(pep, *ViewsForm.FIELDS)),
        organiser_may_edit=True,
        missing="both views and how each was given",
    ),
    Section(
        slug="attendance-health",
        title="Attendance, health and SEN",
        hint="Sessions offered and attended, funded hours, health, SEN support.",
        form=AttendanceHealthForm,
        is_complete=lambda pep, facts: all(
            _filled(
                pep,
                "sessions_offered",
                "sessions_attended",
                "funded_hours",
                "health",
                "sen_support",
            )
        ),
        is_started=lambda pep, facts: any(_filled(pep, *AttendanceHealthForm.FIELDS)),
        missing="sessions offered and attended, funded hours, health and SEN support",
    ),
    Section(
        slug="progress",
        title="Progress summary",
        hint="The tracker's latest judgements, the change since the last PEP, and your summary.",
        form=ProgressForm,
        is_complete=lambda pep, facts: all(_filled(pep, "progress_notes")),
        is_started=lambda pep, facts: any(_filled(pep, *ProgressForm.FIELDS)),
        missing="your summary of progress",
    ),
    Section(
        slug="eypp",
        title="EYPP plan",
        hint="The child's Early Years Pupil Premium plan.",
        form=None,
        is_complete=_eypp_complete,
        is_started=_eypp_started,
        applies=_eypp_applies,
        missing="an EYPP plan ready for the PEP",
    ),
    Section(
        slug="previous-targets",
        title="Review of the previous targets",
        hint="How each target of the last PEP went, with evidence.",
        form=PreviousTargetsForm,
        is_complete=lambda pep, facts: not facts.unreviewed_targets,
        is_started=lambda pep, facts: bool(facts.reviews),
        applies=lambda pep, facts: bool(facts.previous_targets),
        missing="a review of every target of the last PEP",
    ),
)

BY_SLUG = {section.slug: section for section in SECTIONS}


def section_for(slug: str) -> Section | None:
    return BY_SLUG.get(slug)


@dataclass(frozen=True)
class SectionState:
    section: Section
    state: str

    @property
    def blocks_submission(self) -> bool:
        return self.state in (INCOMPLETE, NOT_STARTED)


def section_states(pep: Pep, facts: PaperworkFacts) -> list[SectionState]:
    """Return every section with its state, in order (no query: ``facts`` is loaded)."""
    return [SectionState(section, section.state(pep, facts)) for section in SECTIONS]


def missing_sections(pep: Pep, facts: PaperworkFacts) -> list[Section]:
    """Return the sections that keep the PEP from being submitted, in order."""
    return [row.section for row in section_states(pep, facts) if row.blocks_submission]
