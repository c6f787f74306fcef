"""Query budgets: the one place both the query-count tests and the benchmarks read them.

Two kinds of number, for two scales:

- ``PINNED``: what a query-count test (``tests/*/test_queries.py``, ``tests/notifications/``)
  pins for a page with a handful of rows, keyed by URL name, transaction control included
  as a test's transaction counts it (the savepoint pair around the session save). The test
  asserts the number exactly; the bench, at one LA's scale, asserts its own count, counted
  the same way, is no more: more there than here means the count grows with the data.
  Take the number from the first green run and name each query in the test.
- ``STATEMENTS``: the bench's budget in SQL statements at that scale, transaction control
  (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE) left out, since it depends on how the request
  is wrapped, not on the page. ``MAX_STATEMENTS`` unless the page is listed.

Plain numbers, importable without Django, so the tests import them from here and the
portal itself never imports the tests.
"""

# --- What the query-count tests pin, and the bench checks at scale ------------------------

PINNED: dict[str, int] = {
    # tests/accounts/test_queries.py
    "la:overview": 10,
    "la:my_settings": 11,  # the improvement advisor's and the CiC advisor's home alike
    "settings:staff": 10,
    "settings:audit": 14,
    "la:audit": 11,  # as the LA admin
    # tests/children/test_queries.py
    "settings:children:list": 13,
    "settings:children:export": 12,
    # the hub of a looked-after child, with its PEP section (the PEPs, one query); as the
    # manager, +2 for the safeguarding section (the open status, the open concerns' count)
    "settings:children:detail": 16,
    "la_children:detail": 14,
    # tests/keypersons/test_queries.py (the setting's overview with key persons' records)
    # (+4 with EYPP's rules: a plan not written reads the funded children, their grounds
    # and the LAs' terms; an impact review due reads the ended plans)
    "settings:overview": 40,
    "settings:keypersons:board": 12,
    "settings:keypersons:caseloads": 11,
    "settings:keypersons:training": 11,
    # with the PEPs of the key children (one query) and EYPP's rules (+4, as above)
    "settings:my_key_children": 37,
    # tests/notifications/test_views.py
    "notifications:list": 8,
}

# tests/notifications/test_sweep.py: a sweep that writes nothing new, per reminder rule:
# savepoint, due rows, managers, keys already written, release.
SWEEP_PINNED_PER_RULE = 5


# --- The bench's budgets at one LA's scale ----------------------------------------------------

# SQL statements per request, transaction control not counted: the work a page asks of the
# database, whatever the transactions around it.
MAX_STATEMENTS = 15
# The dashboards list what needs doing per child by asking every reminder rule about
# children (notifications.rules.to_dos): one query per rule, so what they show and what
# the reminders say are the same rows. Their budget is the page's plus those queries.
DASHBOARD_MAX_STATEMENTS = 39
# Signing in writes on purpose: the session, last_login, the audit event and the
# lockout counters, each in its own transaction. Its budget was 20 queries counted with
# the 8 BEGIN/COMMIT statements of those transactions; without them, 12.
SIGN_IN_MAX_STATEMENTS = 12

STATEMENTS: dict[str, int] = {
    "settings:overview": DASHBOARD_MAX_STATEMENTS,
    "settings:my_key_children": DASHBOARD_MAX_STATEMENTS,
    "accounts:login": SIGN_IN_MAX_STATEMENTS,
}

# The sweep: per reminder rule, its due rows, their settings' managers, the keys already
# written and one INSERT (``notifications.services.sweep``'s own promise: a fixed number
# per rule, however many children).
SWEEP_STATEMENTS_PER_RULE = 4
# The digest: the recipients due, then per recipient their unsent rows (locked, each with
# whether a digest went out today) and the update marking the rows sent. One transaction per
# recipient by design (see notifications/services.py), so the budget is per recipient.
DIGEST_STATEMENTS = 1
DIGEST_STATEMENTS_PER_RECIPIENT = 2


def statements(url_name: str) -> int:
    """Return the bench's statement budget for a page."""
    return STATEMENTS.get(url_name, MAX_STATEMENTS)
