# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for observations, the learning journey, photos and DSL worries.

The child is the key person's looked-after key child. Staff of the setting read the journey
and add observations; an assigned improvement advisor and the CiC advisor read the journey
and its photos (the child is looked after) but add nothing; the LA administrator reaches
the setting but not its children (404). The observation is the key person's: they and the
manager change it, other staff are refused (403). Worries passed to the DSL are secret:
only the DSL and the manager see them, everyone else gets 404. Publishing and acknowledging
are POST only, so a GET answers 405 to anyone who reaches the setting.
"""

from typing import Any

from tests.factories_learning_journey import (
    DslReferralFactory,
    ObservationFactory,
    ObservationPhotoFactory,
)
from tests.test_permission_matrix import LOGIN, Places, at_child, at_setting


def an_observation(places: Places) -> dict[str, Any]:
    """A published observation of the key child by their key person."""
    observation = ObservationFactory(
        care_setting=places.care_setting,
        author=places.fixture("key_person"),
        children=[places.fixture("key_child")],
    )
    return {"setting_slug": places.care_setting.slug, "observation_id": observation.pk}


def a_photo(places: Places) -> dict[str, Any]:
    """A photo on a published observation of the key child, stored in a temporary folder."""
    places.fixture("settings").MEDIA_ROOT = str(places.fixture("tmp_path"))
    observation = ObservationFactory(
        care_setting=places.care_setting,
        author=places.fixture("key_person"),
        children=[places.fixture("key_child")],
    )
    photo = ObservationPhotoFactory(observation=observation)
    return {"setting_slug": places.care_setting.slug, "photo_id": photo.pk}


def a_worry(places: Places) -> dict[str, Any]:
    referral = DslReferralFactory(child=places.fixture("key_child"))
    return {"setting_slug": places.care_setting.slug, "referral_id": referral.pk}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                          anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:learning:journey":             (at_child,       (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:observation_add":     (at_setting,     (_L, 200, 200, 200, 200, 403, 404, 403, 403, 404, 404)),
    "settings:learning:observation_edit":    (an_observation, (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:observation_publish": (an_observation, (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
    "settings:learning:photo":               (a_photo,        (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:worry_list":          (at_setting,     (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:learning:worry_acknowledge":   (a_worry,        (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
}
# fmt: on
