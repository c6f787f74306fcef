"""The progress summary of a PEP pack, read from the tracker snapshot frozen at submission.

The pack never reads the live tracker: a signed PEP shows the progress as it was. The
snapshot has one shape and one reader, the paperwork part's
(``pep.paperwork.selectors.summary_from_snapshot``); this module only arranges its rows for
the pack's table. A PEP signed without a snapshot (recorded before submission) reads as
"no snapshot" rather than failing the pack.
"""

from dataclasses import dataclass, field
from typing import Any

from learning.charts import Chart
from pep.paperwork.selectors import summary_from_snapshot


@dataclass
class AreaRow:
    name: str
    code: str
    latest: str = ""
    latest_period: str = ""
    change: str = ""


@dataclass
class Progress:
    rows: list[AreaRow] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    chart: Chart | None = None


def progress_from_snapshot(snapshot: Any, *, child_name: str) -> Progress | None:
    """Return the latest judgement per area, the change, and the chart; None if none."""
    if not isinstance(snapshot, dict) or not isinstance(snapshot.get("areas"), list):
        return None
    try:
        summary = summary_from_snapshot(snapshot, child_name=child_name)
    except (KeyError, TypeError, AttributeError):
        return None
    rows = [
        AreaRow(
            name=area.name,
            code=area.code,
            latest=area.judgement,
            latest_period=area.period,
            change=area.change or ("Not judged" if not area.judgement else ""),
        )
        for area in summary.areas
    ]
    chart = summary.chart if summary.judged and summary.periods else None
    return Progress(rows=rows, periods=[period.name for period in summary.periods], chart=chart)
