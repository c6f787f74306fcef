"""The progress summary of a PEP pack, read from the tracker snapshot frozen at submission.

The pack never reads the live tracker: a signed PEP shows the progress as it was. The
snapshot (``Pep.progress_snapshot``, written by the paperwork part when the key person
submits) is read in this one place, in this shape::

    {
      "areas":      [{"id": 1, "code": "CL", "name": "Communication and language"}, ...],
      "periods":    [{"id": 7, "name": "Autumn 2025"}, ...],            # oldest first
      "points":     [{"id": 3, "label": "Expected", "is_concern": false}, ...],  # low to high
      "judgements": [{"area": 1, "period": 7, "point": 3}, ...],
    }

(``"scale"`` is read as ``"points"``.) Anything else reads as "no snapshot" rather than
failing the pack. The chart is ``learning.charts.progress_chart``, drawn from plain rows.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from learning.charts import Chart, progress_chart


@dataclass
class AreaRow:
    name: str
    code: str
    latest: str = ""
    latest_period: str = ""
    earlier: str = ""
    concern: bool = False

    @property
    def change(self) -> str:
        if not self.latest:
            return "Not judged"
        if not self.earlier:
            return "First judgement"
        return "No change" if self.earlier == self.latest else f"From {self.earlier}"


@dataclass
class Progress:
    rows: list[AreaRow] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    chart: Chart | None = None


def _ns(row: dict[str, Any], **names: str) -> SimpleNamespace:
    return SimpleNamespace(
        pk=row["id"], **{to: str(row.get(src, "")) for to, src in names.items()}
    )


def progress_from_snapshot(snapshot: Any, *, child_name: str) -> Progress | None:
    """Return the latest judgement per area, the change, and the chart; None if unreadable."""
    if not isinstance(snapshot, dict):
        return None
    try:
        areas = [_ns(row, code="code", name="name") for row in snapshot["areas"]]
        periods = [_ns(row, name="name") for row in snapshot["periods"]]
        raw_points = snapshot.get("points", snapshot.get("scale"))
        points = [_ns(row, label="label") for row in raw_points]
        concern = {row["id"] for row in raw_points if row.get("is_concern")}
        labels = {point.pk: point.label for point in points}
        grid: dict[tuple[int, int], SimpleNamespace] = {}
        for row in snapshot["judgements"]:
            point_id = row["point"]
            grid[(row["area"], row["period"])] = SimpleNamespace(
                point_id=point_id, point=labels.get(point_id, "")
            )
    except (KeyError, TypeError, AttributeError):
        return None
    rows = []
    for area in areas:
        judged = [
            (period, grid[(area.pk, period.pk)])
            for period in periods
            if (area.pk, period.pk) in grid
        ]
        row = AreaRow(name=area.name, code=area.code)
        if judged:
            period, latest = judged[-1]
            row.latest, row.latest_period = latest.point, period.name
            row.concern = latest.point_id in concern
            if len(judged) > 1:
                row.earlier = judged[-2][1].point
        rows.append(row)
    chart = None
    if grid and periods and points:
        chart = progress_chart(
            child_name=child_name,
            areas=areas,  # type: ignore[arg-type]  # plain rows with the same attributes
            periods=periods,  # type: ignore[arg-type]
            points=points,  # type: ignore[arg-type]
            grid=grid,  # type: ignore[arg-type]
        )
    return Progress(rows=rows, periods=[period.name for period in periods], chart=chart)
