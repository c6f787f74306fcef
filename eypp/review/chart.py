"""Horizontal bar charts drawn on the server as SVG: no script, no inline style.

The geometry is worked out here; the template (``eypp/review/_bar_chart.html``) only
writes it out. A chart is an image with a title and a text alternative that gives every
figure, and each page that shows one also gives the same figures in a table. A chart of
several series (allocation, planned, spent) draws one bar per series in each group, in
colours that keep a 3:1 contrast with the page, with a legend.
"""

from dataclasses import dataclass
from decimal import Decimal

from eypp import rules

WIDTH = 640
LABEL_WIDTH = 250  # the group's name, left of its bars
VALUE_WIDTH = 100  # the amount, right of a bar
BAR_HEIGHT = 20
BAR_GAP = 4
GROUP_GAP = 16
TOP = 8
LEGEND_HEIGHT = 28
# GOV.UK blue, green and purple: each at least 3:1 against white.
COLOURS = ("#1d70b8", "#00703c", "#4c2c92")


@dataclass(frozen=True)
class Bar:
    series: str
    value: str  # "£1,234.00"
    colour: str
    y: int
    width: int  # 0 for nothing, at least 2 for any amount so that it shows
    text_y: int
    value_x: int


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Key:
    series: str
    colour: str
    x: int
    text_x: int


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    groups: list[Group]
    legend: list[Key]
    legend_y: int
    width: int
    height: int
    bar_x: int
    bar_height: int
    empty: bool


def bar_chart(
    *, title: str, groups: list[tuple[str, list[Decimal]]], series: tuple[str, ...]
) -> BarChart:
    """Return the chart of the groups' amounts (one per series), scaled to the largest."""
    largest = max((amount for _, amounts in groups for amount in amounts), default=Decimal(0))
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    legend = len(series) > 1
    y = TOP + (LEGEND_HEIGHT if legend else 0)
    drawn = []
    said = []
    for label, amounts in groups:
        bars = []
        for index, amount in enumerate(amounts):
            width = max(2, int(room * amount / largest)) if largest > 0 and amount > 0 else 0
            bars.append(
                Bar(
                    series=series[index],
                    value=rules.money(amount),
                    colour=COLOURS[index % len(COLOURS)],
                    y=y,
                    width=width,
                    text_y=y + BAR_HEIGHT // 2 + 5,
                    value_x=LABEL_WIDTH + width + 8,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP - BAR_GAP
        middle = (bars[0].y + bars[-1].y + BAR_HEIGHT) // 2 + 5 if bars else y
        drawn.append(Group(label=label, label_y=middle, bars=bars))
        figures = ", ".join(
            f"{bar.series.lower()} {bar.value}" if legend else bar.value for bar in bars
        )
        said.append(f"{label}: {figures}")
    keys = [
        Key(series=name, colour=COLOURS[index % len(COLOURS)], x=x, text_x=x + 22)
        for index, name in enumerate(series)
        for x in [LABEL_WIDTH + index * 120]
    ]
    return BarChart(
        title=title,
        description=f"{title}. {'; '.join(said)}." if said else title,
        groups=drawn,
        legend=keys if legend else [],
        legend_y=TOP,
        width=WIDTH,
        height=y + TOP,
        bar_x=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        empty=largest <= 0,
    )
