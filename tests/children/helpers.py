"""Form data as a browser posts it, for the children tests."""

from datetime import date

TODAY = date(2026, 3, 16)  # conftest.py pins the clock to this Monday


def date_parts(name: str, day: date | None) -> dict[str, str]:
    """Return the three boxes of a GOV.UK date input as a browser posts them."""
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def child_data(**overrides: object) -> dict[str, object]:
    """A valid add-a-child form as posted: a 3-year-old not in care, started last September."""
    data: dict[str, object] = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "preferred_name": "",
        **date_parts("date_of_birth", date(2022, 11, 14)),
        **date_parts("start_date", date(2025, 9, 2)),
        **date_parts("entered_care_on", None),
        "previous_setting": "",
        "room": "",
        "home_languages": "English and Igbo",
        "sen_status": "none",
        "funded_entitlement": "universal_15",
        "looked_after_status": "no",
        "legal_status": "",
        "responsible_la": "",
    }
    for name, value in overrides.items():
        if isinstance(value, date) or (value is None and f"{name}_0" in data):
            data.update(date_parts(name, value))  # type: ignore[arg-type]
        else:
            data[name] = value
    return {name: value for name, value in data.items() if value is not False}
