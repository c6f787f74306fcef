"""The ``<id:…>`` path converter: a record id in the address, or no match (404).

Django's ``<id:…>`` takes any run of digits, so ``/staff/99999999999999999999/`` reaches the
view with a number no database column holds, and SQLite answers ``OverflowError`` (a 500).
This converter reads the id as ``common.forms.parse_id`` does: ASCII digits within range.
"""

from common.forms import parse_id


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"not a record id: {value[:30]}")  # no match: 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)
