"""Learning hands a concern to safeguarding through its hook, and never loses one."""

import pytest
from django.utils import timezone

from learning.journey import hooks
from learning.journey import services as journey_services
from learning.models import Observation
from safeguarding.concerns import services
from safeguarding.models import Concern
from tests.factories.learning_journey import framework_areas


def test_safeguarding_is_the_one_listener_for_concerns_noted_with_observations():
    listeners = [
        f"{listener.__module__}.{listener.__qualname__}"
        for listener in hooks.on_concern_noted.listeners
    ]

    assert listeners == ["safeguarding.concerns.services.concern_raise_from_observation"]


def record(care_setting, by, child, worry):
    return journey_services.observation_record(
        care_setting=care_setting,
        by=by,
        children=[child],
        observed_on=timezone.localdate(),
        text="Built a tower of six blocks.",
        areas=[framework_areas()["PD"]],
        concern=worry,
    )


def test_a_concern_noted_with_an_observation_is_raised_in_safeguarding(
    care_setting, key_person, key_child
):
    observation = record(care_setting, key_person, key_child, "Said nobody picked them up")

    concern = Concern.objects.get()
    assert (concern.child, concern.observation, concern.raised_by) == (
        key_child,
        observation,
        key_person,
    )
    assert concern.text == "Said nobody picked them up"


def test_with_no_listener_a_concern_is_refused_and_nothing_is_saved(
    monkeypatch, care_setting, key_person, key_child
):
    monkeypatch.setattr(hooks.on_concern_noted, "_listeners", [])

    with pytest.raises(hooks.ConcernNotHeard):
        record(care_setting, key_person, key_child, "Said nobody picked them up")

    assert not Observation.objects.exists() and not Concern.objects.exists()


def test_with_no_listener_an_observation_without_a_concern_is_saved(
    monkeypatch, care_setting, key_person, key_child
):
    monkeypatch.setattr(hooks.on_concern_noted, "_listeners", [])

    record(care_setting, key_person, key_child, "  ")

    assert Observation.objects.count() == 1 and not Concern.objects.exists()


def test_the_listener_raises_the_concern_through_the_service(key_person, key_child):
    concern = services.concern_raise_from_observation(
        observation=None, child=key_child, text="Bruise on the arm", by=key_person
    )

    assert concern.observation is None and concern.raised_by == key_person
