from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg

from bench.budgets import (
    DIGEST_STATEMENTS,
    DIGEST_STATEMENTS_PER_RECIPIENT,
    MAX_STATEMENTS,
    SIGN_IN_MAX_STATEMENTS,
    SWEEP_PINNED_PER_RULE,
    SWEEP_STATEMENTS_PER_RULE,
)
from bench.database import BASE_DIR
from bench.measure import JOB_RUNS, JOB_WARM_UPS, WARM_UPS, Result
from bench.targets import JOB_P95_MS, PAGE_P95_MS, SEEDED_RULES, SIGN_IN_P95_MS

DOCS_PATH = BASE_DIR / "docs" / "benchmarks.md"


# Above this 1-minute load average, other work is competing for the CPU: warn.
BUSY_LOAD = 1.0


# Above this many statements a miss lists them grouped by the code that made them.
LIST_EACH_QUERY_UP_TO = 40


def diagnose(result: Result) -> list[str]:
    """Explain a missed target: every query if too many, the slowest with its plan if too slow."""
    from collections import Counter

    from django.db import connection

    what = "run" if result.target.method == "job" else "request"
    lines = [
        f"{result.target.label} as {result.target.persona}: {'; '.join(result.failures)}.",
        f"The counted {what} took {result.counted_ms:.0f} ms: {result.sql_ms:.1f} ms in"
        f" {result.query_count} queries ({result.transaction_count} of them transaction"
        f" control), {result.render_ms:.0f} ms rendering templates (lazy queries included);"
        " the rest is Python.",
        f"Over the {len(result.times_ms)} timed {what}s (median {result.median_ms:.0f} ms),"
        f" garbage collection took {result.gc_ms:.0f} ms in all, {result.gc_full} full"
        " collections among them.",
    ]
    if result.outcome:
        lines.append(f"The counted run {result.outcome}; budget {result.budget_note}.")
    too_many = result.statement_count > result.budget or (
        result.pinned is not None and result.query_count > result.pinned
    )
    if too_many and result.query_count <= LIST_EACH_QUERY_UP_TO:
        lines.append("Queries in order, with the code that made them:")
        for number, query in enumerate(result.queries, 1):
            origin = query.origin or "(transaction control)"
            lines.append(f"  {number:2d}. {query.ms:6.1f} ms  {origin}")
            lines.append(f"      {query.sql[:160]}")
    elif too_many:
        lines.append("Statements by the code that made them (count, total ms):")
        counts: Counter[str] = Counter()
        spent: Counter[str] = Counter()
        for query in result.queries:
            origin = query.origin or "(transaction control)"
            counts[origin] += 1
            spent[origin] += query.ms
        for origin, count in counts.most_common():
            lines.append(f"  {count:5d}  {spent[origin]:8.1f} ms  {origin}")
    if result.p95_ms > result.target.p95_ms:
        slowest = sorted(result.queries, key=lambda query: query.ms, reverse=True)[:3]
        lines.append("Slowest queries:")
        for query in slowest:
            lines.append(f"  {query.ms:6.1f} ms  {query.origin}")
            lines.append(f"      {query.sql[:400]}")
        if slowest and slowest[0].sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0].sql)
                lines.append("EXPLAIN ANALYZE of the slowest:")
                lines.extend(f"    {row[0]}" for row in cursor.fetchall())
    return lines


def table(results: list[Result]) -> list[str]:
    rows = [
        "| Page or job | Persona | Median ms | p95 ms | Statements | + BEGIN/COMMIT | Tests pin"
        " | SQL ms | KB | Target | Result |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for r in results:
        budget = f"{r.budget:,} statements" + (f" ({r.budget_note})" if r.budget_note else "")
        target = f"p95 ≤ {r.target.p95_ms:,} ms, ≤ {budget}"
        verdict = "PASS" if r.passed else "FAIL: " + "; ".join(r.failures)
        page = f"`{r.target.url_name}` {r.target.note}".strip()
        if r.outcome:
            page += f": {r.outcome}"
        pinned = "" if r.pinned is None else str(r.pinned)
        size = "" if r.target.method == "job" else f"{r.size_kb:.0f}"
        rows.append(
            f"| {page} | {r.target.persona} | {r.median_ms:.1f} | {r.p95_ms:.1f}"
            f" | {r.statement_count:,} | {r.transaction_count:,} | {pinned} | {r.sql_ms:.1f}"
            f" | {size} | {target} | {verdict} |"
        )
    return rows


def environment() -> dict[str, str]:
    import django
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        commit = subprocess.run(
            ["git", "-C", str(BASE_DIR), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(BASE_DIR), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commit += " with uncommitted changes" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "CPU cores (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU": cpu,
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": postgres,
        "psycopg": psycopg.__version__,
        "Cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "Git commit": commit,
    }


def write_docs(
    results: list[Result],
    sizes: dict[str, int],
    marker: dict[str, Any],
    env: dict[str, str],
    requests: int,
    diagnoses: list[str],
) -> None:
    now = datetime.now().astimezone()
    verdict = "All targets met." if not diagnoses else "Some targets were missed; see below."
    lines = [
        "# Benchmarks",
        "",
        "Performance targets are checked by the benchmark suite in `bench/`, never by timed",
        "unit tests. This page is written by `make bench`; do not edit the figures by hand.",
        "",
        "## How to run, and what the targets mean",
        "",
        "`make bench` runs `.venv/bin/python -m bench` against the PostgreSQL database",
        "`eyfs_bench` on 127.0.0.1:5432 (or `BENCH_DATABASE_URL`), creating it if missing.",
        "The first run builds one local authority's data (DOMAIN.md §10) with a fixed random",
        "seed; later runs reuse it until the scale, the builder or a migration changes, or it is",
        "30 days old. `--rebuild` starts again; `--requests N` changes the number of timed",
        "requests.",
        "",
        f"Each page is requested through Django's test client as its persona: {WARM_UPS}",
        f"warm-ups, then {requests} timed requests, then one more whose SQL queries are counted.",
        "The times are server-side only (middleware, view, queries and template rendering; no",
        "network, no browser), with the production settings of `eyfs_portal.settings.base`:",
        "`DEBUG` off, persistent database connections and the default PBKDF2 password hasher.",
        "The reminder jobs are called directly, as their Celery tasks call them (e-mail to the",
        f"locmem backend): {JOB_WARM_UPS} warm-up, then {JOB_RUNS} timed runs, each from the same",
        "starting state (the catch-up sweep's notifications deleted, the digest's marks",
        f"undone), then one counted run; with {JOB_RUNS} runs the p95 is the slowest. The",
        "catch-up is the first sweep over the LA (everything due up to today is written); the",
        "hourly rerun follows it and finds everything written. The builder seeds the records",
        f"of {' and '.join(f'`{kind}`' for kind in SEEDED_RULES)} only, so the catch-up is",
        "timed for those rules and for every registered rule: the other rules find no",
        "records (no progress check, no early assessment...) and remind about every child they",
        "cover, as on the day such a feature reaches an LA. The digest follows that catch-up.",
        "",
        "### Time",
        "",
        f"- Every page must answer within **{PAGE_P95_MS} ms at the 95th percentile** at this",
        f"  scale; the sign-in may take **{SIGN_IN_P95_MS} ms**, since hashing the password is",
        f"  slow on purpose; a reminder job (sweep or digest) **{JOB_P95_MS:,} ms**.",
        "- Times are only comparable on an otherwise idle machine: the load average is recorded",
        "  under Machine, and the suite warns when other work competes for the CPU.",
        "",
        "### Queries: how they are counted, and the budgets",
        "",
        "- **Statements** are the SQL statements the request or job sends, transaction control",
        "  (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE SAVEPOINT) left out: the work asked of",
        "  the database. Transaction control depends on how the request is wrapped, not on the",
        "  page: the session save every signed-in request ends with is BEGIN … COMMIT here and",
        "  SAVEPOINT … RELEASE inside a test's transaction. `+ BEGIN/COMMIT` shows those",
        "  statements; `SQL ms` is the time in the database during the counted request.",
        f"- A page may make at most **{MAX_STATEMENTS} statements**; the sign-in at most",
        f"  **{SIGN_IN_MAX_STATEMENTS}** (it writes the session, `last_login`, the audit event",
        "  and the lockout counters on purpose; its earlier budget of 20 counted its 8",
        "  BEGIN/COMMIT).",
        f"- The **sweep** at most **{SWEEP_STATEMENTS_PER_RULE} statements per reminder rule**:",
        "  the rows due, their settings' managers, the keys already written and one INSERT,",
        "  as `notifications.services.sweep` promises (one INSERT holds up to",
        "  `INSERT_BATCH_SIZE` = 1,000 new notifications). The budget follows the rules, not",
        "  the children: a sweep that makes a query per child or per row fails it.",
        f"- The **digest** at most **{DIGEST_STATEMENTS} + {DIGEST_STATEMENTS_PER_RECIPIENT} per"
        " recipient**:",
        "  the recipients due, then for each, in their own transaction by design (a failure",
        "  never loses or repeats anyone else's digest), their unsent rows locked, the check",
        "  for a digest already sent today and the update marking the rows sent. It grows with",
        "  the people e-mailed, never with children or notifications.",
        "- **Tests pin**: the count the query-count tests (`tests/*/test_queries.py`,",
        "  `tests/notifications/`) pin for the page with a handful of rows, transaction",
        "  control included as the tests count it; the tests and the bench both read it from",
        "  `bench/budgets.py`, with every budget above. The bench's count, counted the same way",
        "  (statements + BEGIN/COMMIT), must not exceed it: more here than there means the",
        "  count grows with the data. Pages without a pinned test show none. The sweep's pin",
        f"  is {SWEEP_PINNED_PER_RULE} per registered rule when it writes nothing new (the test"
        " pins 10",
        "  for its two rules: savepoint, rows due, managers, keys written, release).",
        "- `KB` is the size of the response. A miss makes `make bench` exit non-zero.",
        "",
        f"## Results, {now:%d %B %Y %H:%M %Z}",
        "",
        verdict,
        "",
        *table(results),
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in env.items()),
        "",
        "## Dataset",
        "",
        f"Built {marker['built_at'][:16].replace('T', ' ')} in {marker['build_seconds']} s.",
        "",
        "| What | Rows |",
        "|---|--:|",
        *(f"| {name} | {count:,} |" for name, count in sizes.items()),
        "",
    ]
    if diagnoses:
        lines += ["## Missed targets", "", "```", *diagnoses, "```", ""]
    DOCS_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOCS_PATH.write_text("\n".join(lines))
