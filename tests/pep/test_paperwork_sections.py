"""The sections of the paperwork: one list, and when each is complete."""

import pytest

from pep.models import Pep, TargetReview
from pep.paperwork import eypp
from pep.paperwork.eypp import EyppPlan
from pep.paperwork.forms import SectionForm
from pep.paperwork.sections import (
    COMPLETED,
    INCOMPLETE,
    NOT_NEEDED,
    NOT_STARTED,
    SECTIONS,
    missing_sections,
    section_states,
)
from pep.paperwork.selectors import paperwork_facts
from tests.factories.pep import PepTargetFactory

pytestmark = pytest.mark.django_db


def states(pep):
    pep.refresh_from_db()
    return {row.section.slug: row.state for row in section_states(pep, paperwork_facts(pep))}


def test_the_sections_are_in_order_and_their_fields_are_the_peps():
    assert [section.slug for section in SECTIONS] == [
        "more-about-me",
        "views",
        "attendance-health",
        "progress",
        "eypp",
        "previous-targets",
    ]
    for section in SECTIONS:
        if section.form is not None and issubclass(section.form, SectionForm):
            for name in section.form.FIELDS:
                Pep._meta.get_field(name)


def test_a_new_pep_has_nothing_started_and_two_sections_not_needed(key_pep):
    assert states(key_pep) == {
        "more-about-me": NOT_STARTED,
        "views": NOT_STARTED,
        "attendance-health": NOT_STARTED,
        "progress": NOT_STARTED,
        "eypp": NOT_NEEDED,
        "previous-targets": NOT_NEEDED,
    }


def test_more_about_me_needs_likes_happiness_and_how_they_show_it(key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(voice_likes="Sand.", voice_happy="Swings.")
    assert states(key_pep)["more-about-me"] == INCOMPLETE

    Pep.objects.filter(pk=key_pep.pk).update(voice_how_i_show_it="Claps.")
    assert states(key_pep)["more-about-me"] == COMPLETED


def test_the_views_need_both_views_and_how_each_was_given(key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(carer_views="Fine.", social_worker_views="Fine.")
    assert states(key_pep)["views"] == INCOMPLETE

    Pep.objects.filter(pk=key_pep.pk).update(
        carer_views_source="At collection.", social_worker_views_source="By phone."
    )
    assert states(key_pep)["views"] == COMPLETED


def test_attendance_counts_zero_funded_hours_as_an_answer(key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(
        sessions_offered=10,
        sessions_attended=0,
        funded_hours=0,
        health="Well.",
        sen_support="None",
    )

    assert states(key_pep)["attendance-health"] == COMPLETED


def test_previous_targets_are_complete_when_each_has_a_review(key_pep, signed_pep):
    second = PepTargetFactory(pep=signed_pep)
    Pep.objects.filter(pk=key_pep.pk).update(previous=signed_pep)
    assert states(key_pep)["previous-targets"] == NOT_STARTED

    TargetReview.objects.create(pep=key_pep, target=signed_pep.targets.first(), outcome="achieved")
    assert states(key_pep)["previous-targets"] == INCOMPLETE

    TargetReview.objects.create(pep=key_pep, target=second, outcome="carried_forward")
    assert states(key_pep)["previous-targets"] == COMPLETED


def test_the_eypp_section_follows_the_registered_plan(key_pep):
    plans = {}
    eypp.register_eypp_plan(lambda pep, access: plans.get(pep.pk))
    try:
        assert states(key_pep)["eypp"] == NOT_STARTED
        plans[key_pep.pk] = EyppPlan(status_label="Draft", is_ready=False)
        assert states(key_pep)["eypp"] == INCOMPLETE
        plans[key_pep.pk] = EyppPlan(status_label="Approved", is_ready=True)
        assert states(key_pep)["eypp"] == COMPLETED
    finally:
        eypp.unregister_eypp_plan()


def test_missing_sections_are_those_started_or_not(key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(progress_notes="Good progress.")
    key_pep.refresh_from_db()

    missing = missing_sections(key_pep, paperwork_facts(key_pep))

    assert [section.slug for section in missing] == ["more-about-me", "views", "attendance-health"]
