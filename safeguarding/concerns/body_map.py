"""The body map: the regions a mark is placed on, without a mouse, and where they are drawn.

A mark is placed by choosing the side (front or back) and a region from ``REGIONS``; a
pointer on the outline may refine where (``x`` and ``y``, per cent of the outline's width
and height). Left and right are the child's own: on the front outline the child's right is
on the reader's left, on the back outline on the reader's right.

The outlines are drawn in a viewBox of ``WIDTH`` by ``HEIGHT`` (``templates/safeguarding/
concerns/_body_outline.html``); ``point`` turns per cent into its coordinates.
"""

from dataclasses import dataclass

FRONT = "front"
BACK = "back"
WIDTH = 100
HEIGHT = 200


@dataclass(frozen=True)
class Region:
    label: str
    # side -> (x, y) of the region's centre, per cent of the outline's width and height
    centres: dict[str, tuple[int, int]]

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(self.centres)


def _central(label: str, y: int, *, sides: tuple[str, ...] = (FRONT, BACK)) -> Region:
    return Region(label, dict.fromkeys(sides, (50, y)))


def _paired(label: str, x: int, y: int, *, child_right: bool) -> Region:
    """A region on one side of the body: on the front at ``x`` for the child's right."""
    front_x = x if child_right else WIDTH - x
    return Region(label, {FRONT: (front_x, y), BACK: (WIDTH - front_x, y)})


def _pair(key: str, label: str, x: int, y: int) -> dict[str, Region]:
    return {
        f"right_{key}": _paired(f"Right {label}", x, y, child_right=True),
        f"left_{key}": _paired(f"Left {label}", x, y, child_right=False),
    }


REGIONS: dict[str, Region] = {
    "head": _central("Head", 5),
    "face": _central("Face", 9, sides=(FRONT,)),
    "neck": _central("Neck", 16),
    "chest": _central("Chest", 24, sides=(FRONT,)),
    "abdomen": _central("Tummy (abdomen)", 37, sides=(FRONT,)),
    "genital_area": _central("Genital area", 46, sides=(FRONT,)),
    "upper_back": _central("Upper back", 25, sides=(BACK,)),
    "lower_back": _central("Lower back", 38, sides=(BACK,)),
    "buttocks": _central("Bottom (buttocks)", 46, sides=(BACK,)),
    **_pair("shoulder", "shoulder", 37, 21),
    **_pair("upper_arm", "upper arm", 31, 28),
    **_pair("forearm", "forearm", 25, 41),
    **_pair("hand", "hand", 21, 52),
    **_pair("thigh", "thigh", 43, 59),
    **_pair("knee", "knee", 42, 70),
    **_pair("lower_leg", "lower leg", 41, 82),
    **_pair("foot", "foot", 39, 95),
}

SIDE_LABELS = {FRONT: "front", BACK: "back"}


def region_choices() -> list[tuple[str, str]]:
    """Return the regions as a list to choose from, each saying on which side it is found."""
    choices = []
    for key, region in REGIONS.items():
        where = " or ".join(SIDE_LABELS[side] for side in region.sides)
        choices.append((key, f"{region.label} ({where})"))
    return choices


def region_label(key: str) -> str:
    """Return the region's name, or the key itself for a region no longer listed."""
    region = REGIONS.get(key)
    return region.label if region is not None else key


def centre(key: str, side: str) -> tuple[int, int] | None:
    """Return the region's centre on that side (per cent), or None if not found there."""
    region = REGIONS.get(key)
    if region is None:
        return None
    return region.centres.get(side)


def point(x: int, y: int) -> tuple[float, float]:
    """Return where a point given in per cent is drawn in the outline's viewBox."""
    return (x * WIDTH / 100, y * HEIGHT / 100)


@dataclass(frozen=True)
class Marker:
    number: int
    side: str
    cx: float
    cy: float
    label: str


def markers(marks: list) -> dict[str, list[Marker]]:
    """Return the numbered markers to draw on each outline, in the order of the list."""
    drawn: dict[str, list[Marker]] = {FRONT: [], BACK: []}
    for number, mark in enumerate(marks, start=1):
        where = (mark.x, mark.y) if mark.x is not None and mark.y is not None else None
        where = where or centre(mark.region, mark.side) or (50, 50)
        cx, cy = point(*where)
        drawn.setdefault(mark.side, []).append(
            Marker(number, mark.side, cx, cy, f"{number}: {region_label(mark.region)}")
        )
    return drawn
