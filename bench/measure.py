from __future__ import annotations

import gc
import math
import os
import statistics
import time
import traceback
from dataclasses import dataclass
from typing import Any
from unittest import mock

from bench.budgets import (
    DIGEST_STATEMENTS,
    DIGEST_STATEMENTS_PER_RECIPIENT,
    SWEEP_PINNED_PER_RULE,
    SWEEP_STATEMENTS_PER_RULE,
)
from bench.database import BASE_DIR
from bench.scale import HOME_LA_SLUG, LARGE_SETTING_SLUG, PERSONA_EMAILS, SIGN_IN_PASSWORD
from bench.targets import SEEDED_RULES, Target

WARM_UPS = 3


# The reminder jobs take seconds and rewrite their starting state before each run.
JOB_WARM_UPS = 1


JOB_RUNS = 10


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


# Frames in these places are plumbing: a query's origin is the first frame outside them.
PLUMBING = ("/django/db/", "/django/utils/", "/contextlib.py", f"{BASE_DIR}/bench/")


@dataclass(frozen=True)
class Query:
    """One statement of the counted request, with its time and the code that made it."""

    sql: str
    ms: float = 0.0
    origin: str = ""

    @property
    def is_transaction_control(self) -> bool:
        return self.sql.upper().startswith(TRANSACTION_CONTROL)


def query_origin() -> str:
    """Return "module.py:line in function" for the code that asked for the current query."""
    for frame in reversed(traceback.extract_stack()):
        path = frame.filename.replace(os.sep, "/")
        if any(part in path for part in PLUMBING):
            continue
        if "/site-packages/" in path:
            path = path.split("/site-packages/", 1)[1]
        elif path.startswith(str(BASE_DIR)):
            path = path[len(str(BASE_DIR)) + 1 :]
        return f"{path}:{frame.lineno} in {frame.name}"
    return "unknown"


class QueryRecorder:
    """Time each statement precisely and note where it came from (an execute wrapper)."""

    def __init__(self) -> None:
        self.records: list[Query] = []

    def __call__(self, execute: Any, sql_text: str, params: Any, many: bool, context: Any) -> Any:
        from django.db import connection

        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            try:
                shown = connection.ops.last_executed_query(context["cursor"], sql_text, params)
            except Exception:  # the plain text is good enough for a report
                shown = sql_text
            self.records.append(Query(shown, elapsed, query_origin()))


class GcWatch:
    """Add up the time the garbage collector runs, and count its full collections."""

    def __init__(self) -> None:
        self.ms = 0.0
        self.full = 0
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.ms += (time.perf_counter() - self._started) * 1000
        self.full += info["generation"] == 2

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)


class RenderWatch:
    """Time the rendering of the page's template (not its includes, which it contains)."""

    def __init__(self) -> None:
        self.ms = 0.0

    def __enter__(self) -> RenderWatch:
        from django.template.backends.django import Template

        original = Template.render
        watch = self

        def render(template: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(template, *args, **kwargs)
            finally:
                watch.ms += (time.perf_counter() - started) * 1000

        self._patch = mock.patch.object(Template, "render", render)
        self._patch.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._patch.stop()


@dataclass
class Result:
    target: Target
    times_ms: list[float]
    queries: list[Query]
    size_kb: float
    status: int
    counted_ms: float = 0.0  # the counted request, end to end
    render_ms: float = 0.0  # its template rendering, lazy queries included
    gc_ms: float = 0.0  # garbage collection during the timed requests
    gc_full: int = 0  # full (generation 2) collections among them
    budget: int = 0  # statements allowed, transaction control not counted
    budget_note: str = ""  # how a job's budget was worked out
    outcome: str = ""  # what a job did in the counted run
    pinned: int | None = None  # the tests' pin, transaction control included

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95_ms(self) -> float:
        # Nearest rank: with 30 requests, the second slowest; with 10 job runs, the slowest.
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def query_count(self) -> int:
        """Every statement, transaction control included, as the query-count tests count."""
        return len(self.queries)

    @property
    def transaction_count(self) -> int:
        return sum(query.is_transaction_control for query in self.queries)

    @property
    def statement_count(self) -> int:
        """The statements the budget counts: transaction control left out."""
        return self.query_count - self.transaction_count

    @property
    def sql_ms(self) -> float:
        return sum(query.ms for query in self.queries)

    @property
    def failures(self) -> list[str]:
        found = []
        if self.status != self.target.status:
            found.append(f"status {self.status}, expected {self.target.status}")
        if self.p95_ms > self.target.p95_ms:
            found.append(f"p95 {self.p95_ms:.1f} ms > {self.target.p95_ms} ms")
        if self.statement_count > self.budget:
            found.append(f"{self.statement_count} statements > {self.budget}")
        pinned = self.pinned
        if pinned is not None and self.query_count > pinned:
            found.append(
                f"{self.query_count} queries with BEGIN/COMMIT > {pinned} pinned by tests"
            )
        return found

    @property
    def passed(self) -> bool:
        return not self.failures


def capture(run: Any) -> tuple[Any, float, list[Query], float]:
    """Run ``run()`` once, counting its statements; return its result, time, queries and
    template rendering time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # CaptureQueriesContext counts as the query-count tests do, BEGIN and COMMIT included;
    # the recorder adds precise times and origins to the statements proper.
    recorder = QueryRecorder()
    with (
        CaptureQueriesContext(connection) as captured,
        connection.execute_wrapper(recorder),
        RenderWatch() as render_watch,
    ):
        started = time.perf_counter()
        outcome = run()
        elapsed = time.perf_counter() - started
    recorded = iter(recorder.records)
    queries = [
        Query(entry["sql"])
        if Query(entry["sql"]).is_transaction_control
        else next(recorded, Query(entry["sql"]))
        for entry in captured.captured_queries
    ]
    return outcome, elapsed * 1000, queries, render_watch.ms


def measure(target: Target, requests: int, marker: dict[str, Any]) -> Result:
    """Time the target's requests, then count and time the queries of one more."""
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User

    if target.method == "job":
        return measure_job(target, marker)
    args = {"la": [HOME_LA_SLUG], "setting": [LARGE_SETTING_SLUG], "": []}[target.place]
    if target.child:
        args = [*args, marker["hub_child"]]
    url = reverse(target.url_name, args=args) + target.query
    user = User.objects.get(email=PERSONA_EMAILS[target.persona])

    if target.method == "post":
        form = {"username": user.email, "password": SIGN_IN_PASSWORD}

        def request() -> tuple[Any, float]:
            # A fresh client each time: a signed-in client is sent on without a sign-in.
            client = Client()
            started = time.perf_counter()
            response = client.post(url, form)
            return response, time.perf_counter() - started
    else:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

        def request() -> tuple[Any, float]:
            started = time.perf_counter()
            response = client.get(url)
            return response, time.perf_counter() - started

    for _ in range(WARM_UPS):
        request()
    with GcWatch() as gc_watch:
        times = [request()[1] * 1000 for _ in range(requests)]
    (response, _), counted_ms, queries, render_ms = capture(request)
    return Result(
        target=target,
        times_ms=times,
        queries=queries,
        size_kb=len(response.content) / 1024,
        status=response.status_code,
        counted_ms=counted_ms,
        render_ms=render_ms,
        gc_ms=gc_watch.ms,
        gc_full=gc_watch.full,
        budget=target.max_queries,
        pinned=target.pinned,
    )


class Job:
    """A reminder job timed from the same starting state each run.

    ``reset`` puts the state back (untimed), ``run`` is timed, ``budget`` gives the
    statements allowed and how they were worked out, ``describe`` what the run did.
    """

    def __init__(self, marker: dict[str, Any]) -> None:
        self.marker = marker

    def reset(self) -> None:
        pass

    def run(self) -> Any:
        raise NotImplementedError

    def budget(self) -> tuple[int, str]:
        raise NotImplementedError

    def describe(self, outcome: Any) -> str:
        return ""

    def pinned(self) -> int | None:
        return None


class SweepJob(Job):
    """``sweep(today)`` as the hourly task calls it, over every registered rule."""

    kinds: tuple[str, ...] | None = None  # only these rules, if set

    def rules(self) -> dict[str, Any]:
        from notifications.rules import RULES

        if self.kinds is None:
            return dict(RULES)
        return {kind: rule for kind, rule in RULES.items() if kind in self.kinds}

    def run(self) -> Any:
        from django.utils import timezone

        from notifications import services

        return services.sweep(today=timezone.localdate(), rules=self.rules())

    def budget(self) -> tuple[int, str]:
        rules = len(self.rules())
        return (
            SWEEP_STATEMENTS_PER_RULE * rules,
            f"{SWEEP_STATEMENTS_PER_RULE} per rule, {rules} rules",
        )

    def describe(self, outcome: Any) -> str:
        return "wrote " + ", ".join(f"{count:,} {kind}" for kind, count in outcome.items())


class SweepCatchUp(SweepJob):
    """The first sweep over the LA: everything due up to today is written (as after a
    first deployment, or when the worker was down for a long time)."""

    def reset(self) -> None:
        from notifications.models import Notification

        Notification.objects.filter(pk__gt=self.marker["last_notification"]).delete()


class SweepCatchUpSeeded(SweepCatchUp):
    """The catch-up of the rules whose records the builder seeds."""

    kinds = SEEDED_RULES


class SweepRerun(SweepJob):
    """An hourly sweep after the catch-up: everything due is written already."""

    def __init__(self, marker: dict[str, Any]) -> None:
        super().__init__(marker)
        self.run()

    def pinned(self) -> int | None:
        return SWEEP_PINNED_PER_RULE * len(self.rules())


class Digest(Job):
    """``send_digests(now)`` over what the catch-up sweep and the last day wrote, to the
    locmem e-mail backend. Before each run the rows a run marked are unmarked again, and
    the table vacuumed (untimed): the digest runs once a day in production, long after
    autovacuum has cleared the rows the last run replaced, while here ten runs in a row
    would otherwise each leave tens of thousands of dead rows for the next to step over."""

    def __init__(self, marker: dict[str, Any]) -> None:
        from django.utils import timezone

        super().__init__(marker)
        SweepJob(marker).run()  # nothing new unless the sweep targets did not run
        self.started = timezone.now()

    def reset(self) -> None:
        from django.core import mail
        from django.db import connection

        from notifications.models import Notification

        Notification.objects.filter(emailed_at__gte=self.started).update(emailed_at=None)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {Notification._meta.db_table}")
        mail.outbox = []

    def recipients(self) -> int:
        from notifications.models import Notification

        return (
            Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
            .exclude(recipient__email="")
            .values("recipient")
            .distinct()
            .count()
        )

    def run(self) -> Any:
        from django.utils import timezone

        from notifications import services

        return services.send_digests(now=timezone.now())

    def budget(self) -> tuple[int, str]:
        recipients = self.recipients()
        return (
            DIGEST_STATEMENTS + DIGEST_STATEMENTS_PER_RECIPIENT * recipients,
            f"{DIGEST_STATEMENTS} + {DIGEST_STATEMENTS_PER_RECIPIENT} per recipient"
            f", {recipients:,} recipients",
        )

    def describe(self, outcome: Any) -> str:
        return f"{outcome.sent:,} e-mails, {outcome.notifications:,} notifications"


JOBS: dict[str, type[Job]] = {
    "sweep_catch_up_seeded": SweepCatchUpSeeded,
    "sweep_catch_up": SweepCatchUp,
    "sweep_rerun": SweepRerun,
    "digest": Digest,
}


def measure_job(target: Target, marker: dict[str, Any]) -> Result:
    """Time a reminder job from the same starting state each run, then count one more."""
    from django.test.utils import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        job = JOBS[target.job](marker)
        for _ in range(JOB_WARM_UPS):
            job.reset()
            job.run()
        times = []
        with GcWatch() as gc_watch:
            for _ in range(JOB_RUNS):
                job.reset()
                started = time.perf_counter()
                job.run()
                times.append((time.perf_counter() - started) * 1000)
        job.reset()
        budget, budget_note = job.budget()
        outcome, counted_ms, queries, render_ms = capture(job.run)
    return Result(
        target=target,
        times_ms=times,
        queries=queries,
        size_kb=0.0,
        status=target.status,
        counted_ms=counted_ms,
        render_ms=render_ms,
        gc_ms=gc_watch.ms,
        gc_full=gc_watch.full,
        budget=budget,
        budget_note=budget_note,
        outcome=job.describe(outcome),
        pinned=job.pinned(),
    )
