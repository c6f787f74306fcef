"""Rows of the permission matrix, one module per app.

Each module defines ``ROWS = {"namespace:name": (builder, statuses)}`` where ``statuses``
follows the column order of ``PERSONAS`` in tests/test_permission_matrix.py: anonymous,
manager, key_person, practitioner, dsl, advisor, outsider_advisor, cic_advisor, la_admin,
other_manager, other_la_admin. A status is an int, or ``LOGIN`` / ``REDIRECT`` from that
module. A builder takes a ``Places`` (``.care_setting``, ``.home_la``, ``.fixture(name)``)
and returns the URL's kwargs; ``at_setting``, ``at_la``, ``at_child`` and ``at_la_child``
there cover the usual cases. The matrix fails when a URL pattern has no row.

The write matrix (tests/test_write_matrix.py) reads ``WRITES = {"namespace:name": (builder,
data, outcomes)}`` from the same modules, for every URL that accepts POST: ``data`` takes
the ``Places`` and the form the page renders (a ``tests.forms_html.HtmlForm``) and returns
the values to post over the form's own (read only: it may run more than once). An outcome
is an int (403, 404), ``LOGIN`` or ``REDIRECT`` from the permission matrix, or one of the
accepted outcomes below. A POST-only URL names the page its form is on in ``FORM_ON``.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

# Outcomes of a POST that is accepted; any other outcome must change nothing at all.
OK = "accepted: 302 to a page, the database changed"
SENT = "accepted: 302 to a page, an e-mail sent, the database unchanged"
SIGNED_OUT = "accepted: signed out, 302 to sign-in, the database changed"
ACCEPTED = frozenset({OK, SENT, SIGNED_OUT})

# The write matrix's tests, to name in ``KNOWN_FAILURES = {(url name, test): reason}``: rows
# that fail today for a reason another change is fixing, marked xfail(strict) until then.
IN_THE_MATRIX = "matrix"
AT_ANOTHER_PLACE = "another place"
IN_THEIR_OWN_PLACE = "own place"


def ago(days: int) -> date:
    """Return the day ``days`` before today (after it, when negative)."""
    return timezone.localdate() - timedelta(days=days)


def day_parts(name: str, day: date) -> dict[str, str]:
    """Return the day, month and year boxes of a GOV.UK date input."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def as_rendered(places: Any, form: Any) -> dict[str, Any]:
    """Post the form as the page renders it: a button, or what is filled in already."""
    return {}


def first_option(form: Any, name: str) -> str:
    """Return the first value a radio group, checkbox group or select of the form offers."""
    assert form.options.get(name), f"The form offers no choice for {name}: {form.options}"
    return form.options[name][0]
