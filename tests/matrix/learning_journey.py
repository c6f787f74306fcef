# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for observations, the learning journey and photos.

The child is the key person's looked-after key child. Staff of the setting read the journey
and add observations; an assigned improvement advisor and the CiC advisor read the journey
and its photos (the child is looked after) but add nothing; the LA administrator reaches
the setting but not its children (404). The observation is the key person's: they and the
manager change it, other staff are refused (403). Publishing is POST only, so a GET
answers 405 to anyone who reaches the setting. Concerns passed to the DSL, and their old
addresses under learning/, are in tests/matrix/safeguarding.py.
"""

from typing import Any

from learning.models import Observation
from tests.factories.learning_journey import (
    ObservationFactory,
    ObservationPhotoFactory,
)
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, as_rendered, at_child, at_setting


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


_L = LOGIN

# fmt: off
ROWS = {
    #                                                          anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:learning:journey":             (at_child,       (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:observation_add":     (at_setting,     (_L, 200, 200, 200, 200, 403, 404, 403, 403, 404, 404)),
    "settings:learning:observation_edit":    (an_observation, (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:observation_publish": (an_observation, (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
    "settings:learning:photo":               (a_photo,        (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


def a_draft(places: Places) -> dict[str, Any]:
    """A draft observation of the key child by their key person."""
    observation = ObservationFactory(
        care_setting=places.care_setting,
        author=places.fixture("key_person"),
        children=[places.fixture("key_child")],
        status=Observation.Status.DRAFT,
    )
    return {"setting_slug": places.care_setting.slug, "observation_id": observation.pk}


def of_the_key_child(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "children": [places.fixture("key_child").pk],
        "text": "Poured water from jug to cup without spilling.",
        "areas": [form.options["areas"][0]],
    }


def rewritten(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "text": "Stacked six blocks, then counted them aloud.",
        "areas": [form.options["areas"][0]],
    }


# fmt: off
WRITES = {
    #                                                                            anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:learning:observation_add":     (at_setting,     of_the_key_child, (_L,  OK,  OK,  OK,  OK,  403, 404, 403, 403, 404, 404)),
    "settings:learning:observation_edit":    (an_observation, rewritten,        (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    # A draft is not there for anyone but its author and the manager.
    "settings:learning:observation_publish": (a_draft,        as_rendered,      (_L,  OK,  OK,  404, 404, 404, 404, 404, 404, 404, 404)),
}
# fmt: on
FORM_ON = {
    "settings:learning:observation_publish": ("settings:learning:journey", at_child),
}
