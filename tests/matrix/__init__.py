"""Rows of the permission matrix, one module per app.

Each module defines ``ROWS = {"namespace:name": (builder, statuses)}`` where ``statuses``
follows the column order of ``PERSONAS`` in tests/test_permission_matrix.py: anonymous,
manager, key_person, practitioner, dsl, advisor, outsider_advisor, cic_advisor, la_admin,
other_manager, other_la_admin. A status is an int, or ``LOGIN`` / ``REDIRECT`` from that
module. A builder takes a ``Places`` (``.care_setting``, ``.home_la``, ``.fixture(name)``)
and returns the URL's kwargs; ``at_setting``, ``at_la``, ``at_child`` and ``at_la_child``
there cover the usual cases. The matrix fails when a URL pattern has no row.
"""
