"""A horizontal bar chart drawn on the server as SVG: no script, no inline style.

The geometry is worked out here; the template (``eypp/review/_bar_chart.html``) only
writes it out. The chart is an image with a title and a text alternative that gives every
figure, and each page that shows one also gives the same figures in a table.
"""

from dataclasses import dataclass
from decimal import Decimal

from eypp import rules

WIDTH = 640
LABEL_WIDTH = 250  # the area's name, left of its bar
VALUE_WIDTH = 100  # the amount, right of the bar
BAR_HEIGHT = 24
GAP = 12
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # "£1,234.00"
    y: int
    width: int  # 0 for nothing, at least 2 for any amount so that it shows
    text_y: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    width: int
    height: int
    bar_x: int
    empty: bool


def bar_chart(*, title: str, bars: list[tuple[str, Decimal]]) -> BarChart:
    """Return the chart of the amounts, each bar scaled to the largest."""
    largest = max((amount for _, amount in bars), default=Decimal(0))
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    drawn = []
    for index, (label, amount) in enumerate(bars):
        width = 0
        if largest > 0 and amount > 0:
            width = max(2, int(room * amount / largest))
        y = TOP + index * (BAR_HEIGHT + GAP)
        drawn.append(
            Bar(
                label=label,
                value=rules.money(amount),
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                value_x=LABEL_WIDTH + width + 8,
            )
        )
    description = "; ".join(f"{bar.label}: {bar.value}" for bar in drawn)
    return BarChart(
        title=title,
        description=f"{title}. {description}." if drawn else title,
        bars=drawn,
        width=WIDTH,
        height=TOP * 2 + len(drawn) * (BAR_HEIGHT + GAP),
        bar_x=LABEL_WIDTH,
        empty=largest <= 0,
    )
