"""Benchmark the portal's pages at one local authority's scale (DOMAIN.md §10).

Performance targets are checked here, never by timed unit tests.

Run ``make bench`` (``.venv/bin/python -m bench``). The suite:

1. Uses the PostgreSQL database ``eyfs_bench`` on 127.0.0.1:5432, or the one named by
   ``BENCH_DATABASE_URL``, and creates it if it is missing. Settings are the production
   defaults of ``eyfs_portal.settings.base`` (``DEBUG`` off, the real password hasher),
   except that static files use the plain ``StaticFilesStorage`` so no
   ``collectstatic`` is needed.
2. Builds one LA's worth of data with ``random.Random(7)`` (see ``SCALE``), once: later
   runs reuse it while the scale, this builder and the migrations are unchanged and the
   data is under 30 days old. ``--rebuild`` drops the database and builds it again.
3. Requests each page in ``TARGETS`` through Django's test ``Client`` as its persona:
   3 warm-ups, then ``--requests`` timed requests (default 30), then one more request
   whose SQL queries are counted. The time is the server side only: middleware, view,
   queries and template rendering, with no network or browser. The reminder jobs (the
   sweep and the daily digest) are called directly: 1 warm-up, 10 timed runs from the same
   starting state, then one counted run.
4. Prints the figures, writes them to ``docs/benchmarks.md`` and exits 1 if any target
   is missed. A miss is explained: where the time went (SQL, template rendering, garbage
   collection), the slowest queries with the plan of the worst, or, for too many
   queries, each query with the code that made it.

Targets: p95 server time at most 300 ms for a page and 800 ms for a sign-in (which
hashes the password on purpose), 5 s for a reminder job. Queries are budgeted in SQL
*statements*, transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE) left out:
at most 15 per page, 12 for the sign-in; the sweep at most 4 per reminder rule and the
digest 1 plus 2 per recipient, so neither grows with the number of children. Where a
query-count test pins a page (``tests/*/test_queries.py``, pins kept in ``budgets``), the
count with transaction control, counted as the tests count, must also not exceed the pin:
more at this scale than with the tests' handful of rows means the count grows with the data.

The package: ``budgets`` (every query budget and the tests' pins, in one place),
``targets`` (pages, personas and time limits), ``scale`` (how big one LA is),
``database`` (creating or reusing the database), ``datasets/`` (one builder per app),
``measure`` (timing and counting queries), ``report`` (printing, explaining misses and
writing ``docs/benchmarks.md``), and ``__main__`` (the command).
"""
