"""Geometry of the progress chart, drawn as inline SVG by templates/learning/_progress_chart.html.

No JavaScript and no images: the same markup reads in a browser, a screen reader (title,
desc, a data table beside it) and a PDF. Colour is never the only cue: each area has its
own dash pattern and marker shape, its code is written where its line ends, and a key
below the chart repeats pattern, marker and name.
"""

from dataclasses import dataclass

from learning.models import Area, AssessmentPeriod, ScalePoint, TrackerJudgement

WIDTH = 720
LEFT = 190  # room for the scale's labels
RIGHT = 90  # room for the area codes at the line ends
TOP = 20
ROW = 56  # height of one scale point
BOTTOM = 56  # room for the period names and the axis title
KEY_GAP = 16  # between the axis title and the key
KEY_ROW = 24
KEY_COLUMNS = 2

# Distinct patterns, markers and colours (GOV.UK palette), in area order.
STYLES = [
    ("", "#1d70b8", "circle"),
    ("10 5", "#d4351c", "square"),
    ("3 4", "#00703c", "diamond"),
    ("14 4 3 4", "#4c2c92", "triangle"),
    ("6 3", "#f47738", "circle"),
    ("1 5", "#505a5f", "square"),
    ("18 6", "#912b88", "diamond"),
]


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str

    @property
    def line_y(self) -> float:
        """Return the height of the grid line a y-axis label sits on."""
        return self.y - 4


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    label: str  # for the marker's own <title>

    @property
    def points(self) -> str:
        """Return the polygon points of square, diamond and triangle markers."""
        x, y, r = self.x, self.y, 4.5
        if self.shape == "square":
            corners = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
        elif self.shape == "diamond":
            corners = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        else:
            corners = [(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]
        return " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)


@dataclass(frozen=True)
class Label:
    """Area codes where lines end: "CL, PSED" when two lines end at the same judgement."""

    x: float
    y: float
    text: str
    colour: str


@dataclass(frozen=True)
class Series:
    code: str
    name: str
    path: str
    dash: str
    colour: str
    shape: str
    markers: list[Marker]
    # The key below the chart: a short sample of the line, its marker and the area's name.
    key_x: float
    key_y: float

    @property
    def key_marker(self) -> Marker:
        return Marker(x=self.key_x + 15, y=self.key_y, shape=self.shape, label=self.name)

    @property
    def key_line_end(self) -> float:
        return self.key_x + 30

    @property
    def key_text_x(self) -> float:
        return self.key_x + 38

    @property
    def key_text_y(self) -> float:
        return self.key_y + 4


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right_edge: float
    top: int
    bottom_edge: float
    axis_label_y: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    series: list[Series]
    labels: list[Label]
    title: str
    description: str


def progress_chart(
    *,
    child_name: str,
    areas: list[Area],
    periods: list[AssessmentPeriod],
    points: list[ScalePoint],
    grid: dict[tuple[int, int], TrackerJudgement],
) -> Chart:
    """Return the chart of the child's judgements: periods across, scale points up.

    Judgements on a point of another scale (the setting changed scale) are left out of the
    chart; the table shows them.
    """
    bottom_edge = TOP + ROW * max(len(points), 1)
    key_rows = -(-len(areas) // KEY_COLUMNS)
    height = bottom_edge + BOTTOM + KEY_GAP + KEY_ROW * key_rows
    right_edge = WIDTH - RIGHT
    step = (right_edge - LEFT) / max(len(periods), 1)
    x_of = {p.pk: round(LEFT + step * (index + 0.5), 1) for index, p in enumerate(periods)}
    y_of = {p.pk: round(bottom_edge - ROW * (index + 0.5), 1) for index, p in enumerate(points)}
    series: list[Series] = []
    # area code -> (x, point id, y) where its line ends
    ends: dict[str, tuple[float, int, float]] = {}
    for index, area in enumerate(areas):
        dash, colour, shape = STYLES[index % len(STYLES)]
        # Lines at the same judgement would hide each other: nudge each area a little.
        nudge = (index - (len(areas) - 1) / 2) * 3
        commands: list[str] = []
        markers: list[Marker] = []
        pen_down = False
        for period in periods:
            judgement = grid.get((area.pk, period.pk))
            if judgement is None or judgement.point_id not in y_of:
                pen_down = False  # a gap: the line breaks rather than guessing
                continue
            x, y = x_of[period.pk], round(y_of[judgement.point_id] + nudge, 1)
            commands.append(f"{'L' if pen_down else 'M'}{x:.1f} {y:.1f}")
            markers.append(
                Marker(
                    x=x, y=y, shape=shape, label=f"{area.name}, {period.name}: {judgement.point}"
                )
            )
            ends[area.code] = (x, judgement.point_id, y)
            pen_down = True
        if not markers:
            continue
        column, row = len(series) % KEY_COLUMNS, len(series) // KEY_COLUMNS
        series.append(
            Series(
                code=area.code,
                name=area.name,
                path=" ".join(commands),
                dash=dash,
                colour=colour,
                shape=shape,
                markers=markers,
                key_x=20 + column * (WIDTH - 20) / KEY_COLUMNS,
                key_y=bottom_edge + BOTTOM + KEY_GAP + KEY_ROW * row,
            )
        )
    return Chart(
        width=WIDTH,
        height=height,
        left=LEFT,
        right_edge=right_edge,
        top=TOP,
        bottom_edge=bottom_edge,
        axis_label_y=bottom_edge + 44,
        x_ticks=[Tick(x=x_of[p.pk], y=bottom_edge + 22, label=p.name) for p in periods],
        y_ticks=[Tick(x=LEFT - 10, y=y_of[p.pk] + 4, label=p.label) for p in points],
        series=series,
        labels=_end_labels(series, ends),
        title=f"Progress of {child_name} over time",
        description=_description(series, periods, points),
    )


def _end_labels(series: list[Series], ends: dict[str, tuple[float, int, float]]) -> list[Label]:
    """Return one label per place where lines end, naming every area that ends there."""
    groups: dict[tuple[float, int], list[Series]] = {}
    for line in series:
        x, point_id, _ = ends[line.code]
        groups.setdefault((x, point_id), []).append(line)
    labels = []
    for (x, _), lines in groups.items():
        ys = [ends[line.code][2] for line in lines]
        labels.append(
            Label(
                x=round(x + 10, 1),
                y=round(sum(ys) / len(ys) + 4, 1),
                text=", ".join(line.code for line in lines),
                colour=lines[0].colour if len(lines) == 1 else "#0b0c0c",
            )
        )
    return labels


def _description(
    series: list[Series], periods: list[AssessmentPeriod], points: list[ScalePoint]
) -> str:
    plotted = ", ".join(line.name for line in series) or "no areas yet"
    count = f"{len(periods)} assessment period{'s' if len(periods) != 1 else ''}"
    return (
        f"Line chart with one line per area of learning ({plotted}) across {count}, on the "
        f"scale {', '.join(p.label for p in points)}. The same figures are in the table "
        "that follows."
    )
