"""CSV downloads: cells that never run as formulas, dates as ISO 8601, private responses."""

from datetime import date

from common.csv_cells import csv_cell, csv_day, csv_download


def test_a_cell_that_would_run_as_a_formula_is_kept_as_text():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"


def test_a_day_is_written_in_iso_8601_or_left_blank():
    assert (csv_day(date(2026, 3, 18)), csv_day(None)) == ("2026-03-18", "")


def test_a_download_is_private_and_opens_with_a_byte_order_mark():
    response = csv_download("plan.csv")
    assert (response["Content-Disposition"], response["Cache-Control"], response.content) == (
        'attachment; filename="plan.csv"',
        "private, no-store",
        "\ufeff".encode(),
    )
