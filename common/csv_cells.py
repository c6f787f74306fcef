"""CSV exports: cells a spreadsheet opens as text, never as a formula."""

from datetime import date
from typing import Any

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """Return a CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_download(filename: str) -> HttpResponse:
    """Return an empty CSV download response, private to the reader, to write rows into.

    It opens with a byte order mark, so that spreadsheet programs read the text as UTF-8.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    return response


def csv_day(day: date | None) -> str:
    """Return a date as a CSV cell: ISO 8601 (2026-03-18), or blank."""
    return day.isoformat() if day is not None else ""
