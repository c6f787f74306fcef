# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for a child's learning pages on the LA side (read-only).

The child is the key person's looked-after key child at the manager's setting, reached
under /la/<la_slug>/children/<child_id>/. The assigned improvement advisor and the
children in care advisor follow a looked-after child: they read the journey, photos,
tracker, early assessment, progress check and PDFs. Setting staff hold no LA role and the
outsider advisor is not assigned to the setting: 404. The LA administrator sees no child
records (404); another LA's people are 404 throughout.
"""

from typing import Any

from tests.factories.learning_check import ProgressCheckFactory
from tests.factories.learning_journey import ObservationFactory, ObservationPhotoFactory
from tests.matrix.base import LOGIN, Places, at_la, at_la_child


def with_check(places: Places) -> dict[str, Any]:
    """The key child, with a progress check recorded."""
    ProgressCheckFactory(child=places.fixture("key_child"))
    return at_la_child(places)


def a_photo(places: Places) -> dict[str, Any]:
    """A photo on a published observation of the key child, stored in a temporary folder."""
    places.fixture("settings").MEDIA_ROOT = str(places.fixture("tmp_path"))
    observation = ObservationFactory(
        care_setting=places.care_setting,
        author=places.fixture("key_person"),
        children=[places.fixture("key_child")],
    )
    photo = ObservationPhotoFactory(observation=observation)
    return {**at_la(places), "photo_id": photo.pk}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                    anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "la_learning:journey":     (at_la_child,  (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "la_learning:photo":       (a_photo,      (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "la_learning:tracker":     (at_la_child,  (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "la_learning:assessment":  (at_la_child,  (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "la_learning:check":       (at_la_child,  (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "la_learning:check_pdf":   (with_check,   (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "la_learning:leaving_pdf": (at_la_child,  (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
}
# fmt: on
