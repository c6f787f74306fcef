"""The body map's regions: each is placed on its sides, left and right are the child's own."""

import pytest
from django.core.exceptions import ValidationError

from common.versioning import StaleRecord
from safeguarding.concerns import body_map, services
from safeguarding.models import BodyMapMark
from tests.factories.safeguarding import ConcernFactory


def test_every_region_has_a_centre_inside_the_outline_on_each_of_its_sides():
    for key, region in body_map.REGIONS.items():
        assert region.sides, key
        for side, (x, y) in region.centres.items():
            assert side in (body_map.FRONT, body_map.BACK)
            assert 0 <= x <= 100 and 0 <= y <= 100, key


def test_left_and_right_are_the_childs_own_on_both_outlines():
    right = body_map.REGIONS["right_hand"].centres
    left = body_map.REGIONS["left_hand"].centres
    # facing the reader, the child's right hand is on the reader's left
    assert right["front"][0] < 50 < left["front"][0]
    # seen from behind, it is on the reader's right
    assert right["back"][0] > 50 > left["back"][0]


def test_the_list_of_regions_says_where_each_is_found():
    choices = dict(body_map.region_choices())

    assert choices["face"] == "Face (front)"
    assert choices["lower_back"] == "Lower back (back)"
    assert choices["head"] == "Head (front or back)"
    assert body_map.centre("face", "back") is None
    assert body_map.region_label("gone") == "gone"


def test_markers_are_numbered_in_order_and_drawn_where_the_pointer_put_them():
    marks = [
        BodyMapMark(side="front", region="chest", x=None, y=None),
        BodyMapMark(side="back", region="upper_back", x=40, y=30),
    ]

    drawn = body_map.markers(marks)

    [first] = drawn["front"]
    [second] = drawn["back"]
    assert (first.number, first.cx, first.cy) == (1, 50, 48)
    assert (second.number, second.cx, second.cy) == (2, 40, 60)


def test_a_mark_on_a_side_its_region_is_not_on_is_refused_and_nothing_is_saved(
    key_child, practitioner
):
    with pytest.raises(ValidationError):
        services.concern_raise(
            child=key_child,
            by=practitioner,
            text="Seen at nappy change",
            marks=[{"side": "back", "region": "face", "kind": "cut", "description": "Graze"}],
        )

    assert not key_child.concerns.exists()


def test_an_outcome_over_a_newer_version_is_stale_unless_it_is_the_same(key_child, dsl):
    concern = ConcernFactory(child=key_child)
    version = concern.version
    services.concern_outcome_record(
        concern=concern,
        by=dsl,
        version=version,
        outcome="nfa",
        outcome_reference="",
        outcome_notes="Explained at collection.",
    )
    same = ConcernFactory._meta.model.objects.get(pk=concern.pk)
    same.version = version  # as the same form, sent again, would be

    services.concern_outcome_record(
        concern=same,
        by=dsl,
        version=version,
        outcome="nfa",
        outcome_reference="",
        outcome_notes="Explained at collection.",
    )
    with pytest.raises(StaleRecord):
        services.concern_outcome_record(
            concern=same,
            by=dsl,
            version=version,
            outcome="monitor",
            outcome_reference="",
            outcome_notes="Changed my mind.",
        )
