"""Rows of the permission and write matrices, one module per app.

Each module ``tests/matrix/<app>.py`` (every module of this package but ``base``) defines
``ROWS = {"namespace:name": (builder, statuses)}`` where ``statuses`` follows the column
order of ``PERSONAS`` in ``tests/matrix/base.py``: anonymous, manager, key_person,
practitioner, dsl, advisor, outsider_advisor, cic_advisor, la_admin, other_manager,
other_la_admin. A status is an int, ``LOGIN`` or ``REDIRECT``. A builder takes a ``Places``
(``.care_setting``, ``.home_la``, ``.fixture(name)``) and returns the URL's kwargs;
``at_setting``, ``at_la``, ``at_child`` and ``at_la_child`` cover the usual cases. The
permission matrix (tests/test_permission_matrix.py) fails when a URL pattern has no row.

The write matrix (tests/test_write_matrix.py) reads ``WRITES = {"namespace:name": (builder,
data, outcomes)}`` from the same modules, for every URL that accepts POST: ``data`` takes
the ``Places`` and the form the page renders (a ``tests.forms_html.HtmlForm``) and returns
the values to post over the form's own (read only: it may run more than once). An outcome
is an int (403, 404), ``LOGIN``, ``REDIRECT`` or one of the accepted outcomes ``OK``,
``SENT``, ``SIGNED_OUT``. A POST-only URL names the page its form is on in ``FORM_ON``, and
``KNOWN_FAILURES`` marks rows that fail today (it should stay empty).

A new app adds its module here; nothing else needs to name it. Row modules import the
shared pieces from ``tests.matrix.base``, never from a test module.
"""

import importlib
import pkgutil
from types import ModuleType
from typing import Any

# Modules of this package that hold no rows.
NOT_ROWS = frozenset({"base"})


def app_modules() -> list[ModuleType]:
    """Return every row module of the package, in name order."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
        if info.name not in NOT_ROWS
    ]
    for module in modules:
        assert hasattr(module, "ROWS"), f"{module.__name__} has no ROWS: every app has pages"
    return modules


def collect(attribute: str) -> dict[Any, Any]:
    """Return the dicts named ``attribute`` of every row module, merged; no key twice."""
    merged: dict[Any, Any] = {}
    for module in app_modules():
        rows = getattr(module, attribute, {})
        overlap = set(merged) & set(rows)
        assert not overlap, f"{attribute} defined twice (again in {module.__name__}): {overlap}"
        merged.update(rows)
    return merged
