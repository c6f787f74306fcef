"""The cohort report as CSV rows (measure, breakdown, count, share), with small counts hidden.

No child is named or numbered: every row is a count of children (or of plans, or an amount
of money). A count from 1 to 4 is written ``x`` (primary suppression), and so is any share
worked out from a hidden count. Where a group's total is shown and only one of its parts is
hidden, the smallest other part that is not zero is hidden too (secondary suppression), so
a hidden count can never be worked out by subtracting the others from the total: the
placements of the cohort, of each age band and of each placement's ages; the age bands,
and the children aged 2 or over (those eligible for the progress check) beside the
youngest band; the funded places of each age; the PEPs; the progress check; the judgements
of each area. EYPP amounts are hidden when fewer
than 5 children have a plan, so that no child's allocation or spend shows.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from common.csv_cells import csv_cell
from eypp import rules
from quality.cohort.selectors import AGE_BANDS, PLACEMENTS, Report

SMALLEST_SHOWN = 5
HIDDEN = "x"
HEADING = ["Measure", "Breakdown", "Count", "Share (%)"]


@dataclass(eq=False)
class Cell:
    value: int
    hidden: bool = False

    def __post_init__(self) -> None:
        self.hidden = 0 < self.value < SMALLEST_SHOWN


@dataclass
class Group:
    """Parts that add up to a total: a hidden part must not be recoverable from the rest."""

    total: Cell
    parts: list[Cell] = field(default_factory=list)


def protect(groups: list[Group]) -> None:
    """Hide more cells until no group shows its total with exactly one part hidden."""
    changed = True
    while changed:
        changed = False
        for group in groups:
            if group.total.hidden:
                continue
            hidden = [cell for cell in group.parts if cell.hidden]
            if len(hidden) != 1:
                continue
            # A hidden zero protects nothing (a reader takes an "x" beside a 0 for the count),
            # so the next smallest count is hidden, or else the total.
            shown = [cell for cell in group.parts if not cell.hidden and cell.value]
            if shown:
                min(shown, key=lambda cell: cell.value).hidden = True
            else:
                group.total.hidden = True
            changed = True


def _count(cell: Cell | None) -> Any:
    if cell is None:
        return ""
    return HIDDEN if cell.hidden else cell.value


def _share(cell: Cell, of: Cell | None) -> Any:
    if of is None:
        return ""
    if cell.hidden or of.hidden:
        return HIDDEN
    if not of.value:
        return ""
    return round(100 * cell.value / of.value)


def csv_rows(report: Report, *, local_authority: str, filters_text: str) -> list[list[Any]]:
    """Return the CSV's rows, the heading first and the notes last."""
    rows: list[tuple[str, str, Cell | None, Cell | None]] = []
    groups: list[Group] = []

    # The cohort, by placement and age band (a table: each row and column adds up).
    total = Cell(report.total)
    placement = {"in": Cell(report.in_county), "out": Cell(report.out_of_county)}
    groups.append(Group(total, list(placement.values())))
    rows.append(("Children in the cohort", "All", total, None))
    for key, label in PLACEMENTS:
        rows.append(("Children in the cohort", label, placement[key], total))
    band_totals = []
    band_cells: dict[str, list[Cell]] = {"in": [], "out": []}
    for age in report.ages:
        band_total = Cell(age.total)
        in_cell, out_cell = Cell(age.in_county), Cell(age.out_of_county)
        band_totals.append(band_total)
        band_cells["in"].append(in_cell)
        band_cells["out"].append(out_cell)
        groups.append(Group(band_total, [in_cell, out_cell]))
        rows.append(("Children in the cohort by age", age.label, band_total, total))
        rows.append(("Children in the cohort by age", f"{age.label}, in county", in_cell, None))
        rows.append(
            ("Children in the cohort by age", f"{age.label}, out of county", out_cell, None)
        )
    groups.append(Group(total, band_totals))
    # The children eligible for the progress check at two are the bands from 2 to 5, so
    # they and the youngest band add up to the cohort too.
    eligible = Cell(report.check_eligible)
    groups.append(Group(eligible, band_totals[1:]))
    groups.append(Group(total, [band_totals[0], eligible]))
    groups.append(Group(placement["in"], band_cells["in"]))
    groups.append(Group(placement["out"], band_cells["out"]))
    totals_by_band = {key: cell for (key, *_), cell in zip(AGE_BANDS, band_totals, strict=True)}

    # Take-up of funded places: of the children of each age.
    for share in report.funded:
        age = share.label.removeprefix("Aged ")
        aged = totals_by_band.get(age) or Cell(share.of)
        funded, not_funded = Cell(share.count), Cell(share.of - share.count)
        groups.append(Group(aged, [funded, not_funded]))
        rows.append(("Funded place taken up", share.label, funded, aged))
        rows.append(("No funded place recorded", share.label, not_funded, aged))

    # PEPs.
    pep_cells = [Cell(share.count) for share in report.pep]
    groups.append(Group(total, pep_cells))
    for share, cell in zip(report.pep, pep_cells, strict=True):
        rows.append(("PEP", share.label, cell, total))

    # The progress check at two, of the children aged 2 or over (``eligible`` above).
    done = Cell(report.check_done)
    reason = Cell(report.check_not_done)
    neither = Cell(report.check_eligible - report.check_done - report.check_not_done)
    groups.append(Group(eligible, [done, reason, neither]))
    rows.append(("Progress check at two", "Children aged 2 or over (eligible)", eligible, None))
    rows.append(("Progress check at two", "Done", done, eligible))
    rows.append(("Progress check at two", "Not done, with a reason recorded", reason, eligible))
    rows.append(("Progress check at two", "Not done, no reason recorded", neither, eligible))

    # Progress by EYFS area, from the PEP snapshots.
    changes = []
    for area in report.areas:
        cells = {}
        for when, share in (("latest PEP", area.latest), ("PEP before", area.before)):
            judged, typical = Cell(share.of), Cell(share.count)
            below = Cell(share.of - share.count)
            groups.append(Group(judged, [typical, below]))
            cells[when] = (typical, judged)
            rows.append((f"Progress at the {when}: judged", area.name, judged, None))
            rows.append(
                (
                    f"Progress at the {when}: at or above typical for age",
                    area.name,
                    typical,
                    judged,
                )
            )
        changes.append((area, cells))

    protect(groups)
    out: list[list[Any]] = [HEADING]
    for measure, breakdown, cell, of in rows:
        out.append([csv_cell(measure), csv_cell(breakdown), _count(cell), _share(cell, of)])  # type: ignore[arg-type]
    for area, cells in changes:
        shown = all(not c.hidden for pair in cells.values() for c in pair)
        change = area.change if shown else HIDDEN
        out.append(
            [
                "Progress: change since the PEP before (percentage points)",
                csv_cell(area.name),
                "",
                "" if change is None else change,
            ]
        )

    # EYPP: plans approved for the financial year, and their money.
    eypp = report.eypp
    plans = Cell(eypp.plans)
    reviewed = Cell(eypp.reviewed)
    not_reviewed = Cell(eypp.plans - eypp.reviewed)
    protect([Group(plans, [reviewed, not_reviewed])])
    children = Cell(eypp.children)
    year = f"Financial year {eypp.year_label}"
    out.append(["EYPP: children with an approved plan", year, _count(children), ""])
    out.append(["EYPP: approved plans", year, _count(plans), ""])
    out.append(
        ["EYPP: plans with the impact reviewed", year, _count(reviewed), _share(reviewed, plans)]
    )
    money_hidden = eypp.children < SMALLEST_SHOWN
    for label, amount in (
        ("EYPP allocated (£)", eypp.allocated),
        ("EYPP planned (£)", eypp.planned),
        ("EYPP spent (£)", eypp.spent),
    ):
        out.append([label, year, HIDDEN if money_hidden else _amount(amount), ""])

    notes = [
        f"{local_authority}: the looked-after children aged 0 to 5 it is responsible for, "
        f"on roll on {report.today:%-d %B %Y} (the reference date; ages on that day).",
        f"Filters: {filters_text}.",
        f"{HIDDEN}: a count from 1 to 4, or a count hidden so that such a count cannot be "
        "worked out from a total; a share or change worked out from a hidden count is "
        f"hidden too. EYPP amounts are hidden when fewer than {SMALLEST_SHOWN} children "
        "have an approved plan.",
        "Progress: the latest judgement of each area in the tracker snapshot kept in each "
        "child's latest submitted PEP, and in the PEP before it; at or above typical for "
        "age means a scale point not marked as below what is expected for the age.",
    ]
    for note in notes:
        out.append(["Note", csv_cell(note), "", ""])
    return out


def _amount(value: Decimal) -> str:
    return str(rules.pounds(value))
