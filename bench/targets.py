"""What the bench measures: each page as its persona, each reminder job, and its limits."""

from __future__ import annotations

from dataclasses import dataclass

from bench.budgets import PINNED, statements

# p95 server time: a page, the sign-in (which hashes the password on purpose), a reminder job.
PAGE_P95_MS = 300
SIGN_IN_P95_MS = 800
JOB_P95_MS = 5000


# The reminder rules whose records the builder seeds (key persons, training). The others
# (the learning app's progress check, early assessment, DSL referral...) find no records
# here, so every child looks overdue to them: the full registry is timed separately.
SEEDED_RULES = ("key_person.unallocated", "training.expiring")


@dataclass(frozen=True)
class Target:
    """One page, requested as one persona, or one reminder job, and the limits it must meet.

    ``max_queries`` is in SQL statements, transaction control not counted. ``pinned`` is the
    count a query-count test pins for the page at small scale, transaction control counted
    as the tests count it; None where no test pins this page at this scale. Both come from
    ``bench.budgets``, by URL name; a job's come from JOBS instead.
    """

    url_name: str  # a URL name, or for a job the dotted name of the function it times
    persona: str
    note: str = ""
    place: str = ""  # "la", "setting" or "" for URLs without a slug
    query: str = ""
    method: str = "get"  # "get", "post", or "job" for a reminder job (see JOBS)
    status: int = 200
    p95_ms: int = PAGE_P95_MS
    child: bool = False  # the URL takes the hub child's id after the slug
    job: str = ""  # the key of the job in JOBS

    @property
    def max_queries(self) -> int:
        return statements(self.url_name)

    @property
    def pinned(self) -> int | None:
        return PINNED.get(self.url_name)

    @property
    def label(self) -> str:
        return f"{self.url_name} {self.note}".strip()


TARGETS: list[Target] = [
    Target("la:overview", "la_admin", "(400 settings)", place="la"),
    Target("la:my_settings", "improvement_advisor", "(40 settings)", place="la"),
    Target("la:my_settings", "cic_advisor", "(~530 children)", place="la"),
    Target("settings:overview", "manager", "(largest setting)", place="setting"),
    Target("settings:staff", "manager", place="setting"),
    Target("settings:audit", "manager", "page 1", place="setting", query="?page=1"),
    Target("settings:audit", "manager", "page 200", place="setting", query="?page=200"),
    Target("la:audit", "la_admin", "page 1", place="la", query="?page=1"),
    Target("la:audit", "la_admin", "page 200", place="la", query="?page=200"),
    Target("settings:children:list", "manager", "(160 children)", place="setting"),
    Target("settings:children:list", "manager", "search ?q=a", place="setting", query="?q=a"),
    Target("settings:children:export", "manager", "(CSV)", place="setting"),
    Target(
        "settings:children:detail",
        "manager",
        "(looked-after child, full team)",
        place="setting",
        child=True,
    ),
    Target("la_children:detail", "cic_advisor", "(the same child)", place="la", child=True),
    Target("settings:keypersons:board", "manager", "(160 children)", place="setting"),
    Target("settings:keypersons:caseloads", "manager", "(28 staff)", place="setting"),
    Target("settings:keypersons:training", "manager", "(28 staff)", place="setting"),
    Target("settings:my_key_children", "key_person", "(12 key children)", place="setting"),
    Target("notifications:list", "manager", "(200 notifications)"),
    Target("home", "manager", "(redirect)", status=302),
    Target(
        "accounts:login",
        "manager",
        "sign-in POST",
        method="post",
        status=302,
        p95_ms=SIGN_IN_P95_MS,
    ),
    # The reminder jobs, run directly as the beat-scheduled tasks run them.
    Target(
        "notifications.services.sweep",
        "(task)",
        "catch-up, seeded rules",
        method="job",
        job="sweep_catch_up_seeded",
        p95_ms=JOB_P95_MS,
    ),
    Target(
        "notifications.services.sweep",
        "(task)",
        "catch-up, every rule",
        method="job",
        job="sweep_catch_up",
        p95_ms=JOB_P95_MS,
    ),
    Target(
        "notifications.services.sweep",
        "(task)",
        "hourly rerun, every rule",
        method="job",
        job="sweep_rerun",
        p95_ms=JOB_P95_MS,
    ),
    Target(
        "notifications.services.send_digests",
        "(task)",
        "after the catch-up of every rule",
        method="job",
        job="digest",
        p95_ms=JOB_P95_MS,
    ),
]
