"""Horizontal bar charts of the cohort report, drawn on the server as SVG: no script.

The geometry is worked out here; ``quality/cohort/_chart.html`` only writes it out. Every
bar carries its own words (the series' name where there are several, and the figure), and
the second series is hatched as well as coloured, so the chart reads without colour. The
chart is an image with a title and a description giving every figure; the page gives the
same figures in a table right after it.
"""

import textwrap
from dataclasses import dataclass

WIDTH = 680
LABEL_WIDTH = 200  # the group's name, left of its bars
# The group's name wraps onto lines that fit left of the bars (15px Arial), never cut off:
# "Personal, Social and Emotional Development" takes two lines.
LABEL_CHARACTERS = 22
LABEL_LINES = 3
LINE_HEIGHT = 17
VALUE_WIDTH = 190  # the bar's words, right of it
BAR_HEIGHT = 22
BAR_GAP = 4
GROUP_GAP = 14
TOP = 8
# GOV.UK blue and a dark green, each at least 3:1 against white; the second also hatched.
FILLS = ("#1d70b8", "url(#{id}-hatch)")
HATCH_COLOUR = "#00703c"


@dataclass(frozen=True)
class Bar:
    words: str  # "In county: 12" or "60% (3 of 5)"
    fill: str
    y: int
    width: int  # 0 for nothing, at least 2 for any figure so that it shows
    text_y: int
    text_x: int


@dataclass(frozen=True)
class Group:
    label: str
    lines: list[str]  # the label as written, wrapped to fit
    label_y: int  # the first line's baseline
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    groups: list[Group]
    width: int
    height: int
    bar_x: int
    bar_height: int
    hatch_colour: str
    line_height: int
    empty: bool


def bar_chart(
    *,
    chart_id: str,
    title: str,
    groups: list[tuple[str, list[tuple[str, float, str]]]],
    largest: float | None = None,
) -> BarChart:
    """Return the chart of the groups: each a label and its bars (series, value, words).

    Bars are scaled to ``largest`` (100 for shares), else to the largest value. A series
    name is written on the bar's words only where a group has several bars.
    """
    top = (
        largest
        if largest is not None
        else max((value for _, bars in groups for _, value, _ in bars), default=0)
    )
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    y = TOP
    drawn = []
    said = []
    for label, bars in groups:
        several = len(bars) > 1
        drawn_bars = []
        for index, (series, value, words) in enumerate(bars):
            width = max(2, int(room * value / top)) if top > 0 and value > 0 else 0
            text = f"{series}: {words}" if several else words
            drawn_bars.append(
                Bar(
                    words=text,
                    fill=FILLS[index % len(FILLS)].format(id=chart_id),
                    y=y,
                    width=width,
                    text_y=y + BAR_HEIGHT // 2 + 5,
                    text_x=LABEL_WIDTH + width + 8,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP - BAR_GAP
        middle = (drawn_bars[0].y + drawn_bars[-1].y + BAR_HEIGHT) // 2 + 5 if drawn_bars else y
        lines = label_lines(label)
        first_y = middle - (len(lines) - 1) * LINE_HEIGHT // 2
        drawn.append(Group(label=label, lines=lines, label_y=first_y, bars=drawn_bars))
        said.append(f"{label}: {', '.join(bar.words for bar in drawn_bars)}")
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=f"{title}. {'; '.join(said)}." if said else title,
        groups=drawn,
        width=WIDTH,
        height=y + TOP,
        bar_x=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        hatch_colour=HATCH_COLOUR,
        line_height=LINE_HEIGHT,
        empty=top <= 0,
    )


def label_lines(label: str) -> list[str]:
    """Return the group's name wrapped onto the lines that fit left of its bars."""
    lines = textwrap.wrap(label, LABEL_CHARACTERS, max_lines=LABEL_LINES, placeholder="\u2026")
    return lines or [""]
