"""Benchmark the portal's pages at one local authority's scale (DOMAIN.md §10).

Performance targets are checked here, never by timed unit tests.

Run ``make bench`` (``.venv/bin/python bench/run.py``). The suite:

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
digest 1 plus 3 per recipient, so neither grows with the number of children. Where a
query-count test pins a page (``tests/*/test_queries.py``), the count with transaction
control, counted as the tests count, must also not exceed the pin: more at this scale
than with the tests' handful of rows means the count grows with the data.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
DOCS_PATH = BASE_DIR / "docs" / "benchmarks.md"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/eyfs_bench"
MARKER_TABLE = "bench_dataset"
# Bump when the builder changes what it creates, so old datasets are rebuilt.
BUILDER_VERSION = 3
MAX_DATASET_AGE = timedelta(days=30)
WARM_UPS = 3
# The reminder jobs take seconds and rewrite their starting state before each run.
JOB_WARM_UPS = 1
JOB_RUNS = 10
# Above this 1-minute load average, other work is competing for the CPU: warn.
BUSY_LOAD = 1.0
SIGN_IN_PASSWORD = "bench-sign-in-password-2026"

# --- Targets ------------------------------------------------------------------------

PAGE_P95_MS = 300
SIGN_IN_P95_MS = 800
JOB_P95_MS = 5000
# SQL statements per request, transaction control not counted (see Query): the work a
# page asks of the database, whatever the transactions around it.
MAX_QUERIES = 15
# Signing in writes on purpose: the session, last_login, the audit event and the
# lockout counters, each in its own transaction. Its budget was 20 queries counted with
# the 8 BEGIN/COMMIT statements of those transactions; without them, 12.
SIGN_IN_MAX_QUERIES = 12
# The sweep: per reminder rule, its due rows, their settings' managers, the keys already
# written and one INSERT (``notifications.services.sweep``'s own promise: a fixed number
# per rule, however many children).
SWEEP_STATEMENTS_PER_RULE = 4
# The digest: the recipients due, then per recipient their unsent rows (locked), the check
# for a digest sent today and the update marking the rows sent. One transaction per
# recipient by design (see notifications/services.py), so the budget is per recipient.
DIGEST_STATEMENTS = 1
DIGEST_STATEMENTS_PER_RECIPIENT = 3


@dataclass(frozen=True)
class Target:
    """One page, requested as one persona, or one reminder job, and the limits it must meet.

    ``max_queries`` is in SQL statements, transaction control not counted. ``pinned`` is the
    count a query-count test pins for the page at small scale, transaction control counted
    as the tests count it; None where no test pins this page or job at this scale.
    """

    url_name: str  # a URL name, or for a job the dotted name of the function it times
    persona: str
    note: str = ""
    place: str = ""  # "la", "setting" or "" for URLs without a slug
    query: str = ""
    method: str = "get"  # "get", "post", or "job" for a reminder job (see JOBS)
    status: int = 200
    p95_ms: int = PAGE_P95_MS
    max_queries: int = MAX_QUERIES  # for a job, JOBS computes it from rules or recipients
    pinned: int | None = None
    child: bool = False  # the URL takes the hub child's id after the slug
    job: str = ""  # the key of the job in JOBS

    @property
    def label(self) -> str:
        return f"{self.url_name} {self.note}".strip()


TARGETS: list[Target] = [
    Target("la:overview", "la_admin", "(400 settings)", place="la", pinned=12),
    Target("la:my_settings", "improvement_advisor", "(40 settings)", place="la", pinned=11),
    Target("la:my_settings", "cic_advisor", "(~530 children)", place="la", pinned=11),
    Target("settings:overview", "manager", "(largest setting)", place="setting", pinned=16),
    Target("settings:staff", "manager", place="setting", pinned=10),
    Target("settings:audit", "manager", "page 1", place="setting", query="?page=1", pinned=11),
    Target(
        "settings:audit", "manager", "page 200", place="setting", query="?page=200", pinned=11
    ),
    Target("la:audit", "la_admin", "page 1", place="la", query="?page=1", pinned=10),
    Target("la:audit", "la_admin", "page 200", place="la", query="?page=200", pinned=10),
    Target("settings:children:list", "manager", "(160 children)", place="setting", pinned=13),
    Target(
        "settings:children:list",
        "manager",
        "search ?q=a",
        place="setting",
        query="?q=a",
        pinned=13,
    ),
    Target("settings:children:export", "manager", "(CSV)", place="setting", pinned=12),
    Target(
        "settings:children:detail",
        "manager",
        "(looked-after child, full team)",
        place="setting",
        child=True,
        pinned=13,
    ),
    Target(
        "la_children:detail", "cic_advisor", "(the same child)", place="la", child=True, pinned=13
    ),
    Target("settings:keypersons:board", "manager", "(160 children)", place="setting", pinned=12),
    Target("settings:keypersons:caseloads", "manager", "(28 staff)", place="setting", pinned=11),
    Target("settings:keypersons:training", "manager", "(28 staff)", place="setting", pinned=11),
    Target(
        "settings:my_key_children", "key_person", "(12 key children)", place="setting", pinned=14
    ),
    Target("notifications:list", "manager", "(200 notifications)", pinned=8),
    Target("home", "manager", "(redirect)", status=302),
    Target(
        "accounts:login",
        "manager",
        "sign-in POST",
        method="post",
        status=302,
        p95_ms=SIGN_IN_P95_MS,
        max_queries=SIGN_IN_MAX_QUERIES,
    ),
    # The reminder jobs, run directly as the beat-scheduled tasks run them.
    Target(
        "notifications.services.sweep",
        "(task)",
        "catch-up",
        method="job",
        job="sweep_catch_up",
        p95_ms=JOB_P95_MS,
    ),
    Target(
        "notifications.services.sweep",
        "(task)",
        "hourly rerun",
        method="job",
        job="sweep_rerun",
        p95_ms=JOB_P95_MS,
        pinned=10,
    ),
    Target(
        "notifications.services.send_digests",
        "(task)",
        "after the catch-up",
        method="job",
        job="digest",
        p95_ms=JOB_P95_MS,
    ),
]

# --- Scale: one local authority, DOMAIN.md §10 ------------------------------------------

SCALE: dict[str, int] = {
    "home_settings": 400,
    "other_settings": 20,
    "memberships": 1200,
    "children_on_roll": 10_000,
    "other_children_on_roll": 600,
    "leavers": 1_000,
    "looked_after_home": 460,  # in home-LA settings, home LA responsible
    "looked_after_placed_in": 35,  # in home-LA settings, the other LA responsible
    "looked_after_out_of_county": 35,  # in other-LA settings, home LA responsible
    "looked_after_other": 20,  # in other-LA settings, the other LA responsible
    "previously_looked_after": 120,
    "shared_with_la": 300,
    "advisor_settings": 40,
    "audit_events": 50_000,
    "audit_events_large_setting": 12_000,
    "audit_events_la_level": 2_000,
    "large_setting_children": 160,
    "large_setting_staff": 28,
    # Key persons, the team around the child, consents, training and reminders.
    "allocated_percent": 95,  # children on roll with a key person
    "buddy_percent": 40,  # of those, with a buddy key person too
    "reallocated_percent": 15,  # of those, with an earlier key person whose allocation ended
    "leavers_allocated_percent": 90,  # leavers whose allocation their leaving ended
    "key_children_of_key_person": 12,
    "buddy_children_of_key_person": 5,
    "consents_per_child": 5,  # one answer of each kind
    "setting_changes": 300,
    "notifications": 20_000,
    "notifications_of_manager": 200,
    "notifications_of_key_person": 40,
    "unread_percent": 50,
}
# What each course's training is valid for, in years (None: no expiry). Safeguarding is
# the LA's default ``safeguarding_training_years``; the rest as keypersons.services.
COURSE_YEARS: dict[str, int | None] = {
    "safeguarding": 2,
    "dsl": 2,
    "paediatric_first_aid": 3,
    "children_in_care": None,
    "attachment_trauma": None,
    "positive_behaviour": None,
}
# Of the courses that expire, the share whose newest record has expired, and the share
# expiring within 30 days; a tenth of the rest were renewed (an older record superseded).
TRAINING_EXPIRED = 0.06
TRAINING_EXPIRING = 0.05

HOME_LA_SLUG = "northshire-bench"
OTHER_LA_SLUG = "westvale-bench"
LARGE_SETTING_SLUG = "acorn-day-nursery-bench"
PERSONA_EMAILS = {
    "la_admin": "la.admin@bench.test",
    "improvement_advisor": "improvement.advisor@bench.test",
    "cic_advisor": "cic.advisor@bench.test",
    "manager": "manager@bench.test",
    "key_person": "key.person@bench.test",  # a practitioner at the largest setting
}
# The key person's place in the largest setting's staff (0 manages it, 1 is the DSL, 2
# the SENCo).
KEY_PERSON_POSITION = 3

KIND_SHARES = {"childminder": 0.40, "day_nursery": 0.30, "preschool": 0.20, "school_nursery": 0.10}
CHILDREN_RANGE = {
    "childminder": (2, 6),
    "day_nursery": (35, 90),
    "preschool": (20, 45),
    "school_nursery": (20, 40),
}
STAFF_RANGE = {
    "childminder": (1, 2),
    "day_nursery": (5, 12),
    "preschool": (3, 6),
    "school_nursery": (2, 4),
}
KIND_WORDS = {
    "childminder": "Childminding",
    "day_nursery": "Day Nursery",
    "preschool": "Pre-school",
    "school_nursery": "Primary School Nursery",
}


def words(*lines: str) -> list[str]:
    return [word for line in lines for word in line.split()]


FIRST_NAMES = words(
    "Amelia Olivia Isla Ava Mia Ivy Lily Freya Florence Sophia Grace Willow Evie Ella Rosie "
    "Muhammad Noah Oliver George Leo Arthur Oscar Freddie Theo Archie Jack Harry Alfie Henry "
    "Aisha Zara Maryam Fatima Yusuf Ibrahim Kacper Zofia Mateo Sofia Priya Arjun Chloe Ruby"
)
LAST_NAMES = words(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson "
    "Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan "
    "Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell "
    "Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan "
    "Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb "
    "Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes "
    "Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Nowak"
)
TOWNS = words(
    "Ashford Barnfield Castleton Dunmore Elmbridge Fairhaven Greystone Hartwell Ivybridge "
    "Kingsmead Longford Marston Newbury Oakley Penrith Queensbury Redhill Stanton Thornbury"
)
CARER_FIRST_NAMES = words(
    "Joanne Mark Lorraine Dev Sandra Peter Yasmin Colin Bernadette Tomasz Precious Gareth"
)
SOCIAL_WORKERS = words("Hayley_Crane Dominic_Reyes Nasreen_Akhtar Liam_Gallagher Rosa_Mendes")
IROS = words("Patricia_Doyle Samuel_Okoye Helen_Marsh")
HEALTH_VISITORS = words("Beth_Morgan Anita_Desai Claire_Fenton")
VERBS = words(
    "child.created child.updated observation.recorded assessment.recorded pep.updated "
    "consent.recorded key_person.allocated staff.invited user.signed_in document.uploaded"
)


# --- Database ----------------------------------------------------------------------------


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise SystemExit(f"BENCH_DATABASE_URL names no database: {url}")
    return name


def fingerprint() -> str:
    """Return a hash of the scale, this builder and every migration file."""
    digest = hashlib.sha256(json.dumps([BUILDER_VERSION, SCALE], sort_keys=True).encode())
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stored_marker(url: str) -> dict[str, Any] | None:
    """Return the marker row of a built dataset, or None if there is none."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            exists = conn.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()
            if not exists or exists[0] is None:
                return None
            row = conn.execute(
                sql.SQL("SELECT value FROM {} WHERE key = 'dataset'").format(
                    sql.Identifier(MARKER_TABLE)
                )
            ).fetchone()
    except psycopg.OperationalError:
        return None
    return json.loads(row[0]) if row else None


def prepare_database(url: str, *, rebuild: bool) -> dict[str, Any] | None:
    """Create the database if missing (dropping it first if stale); return a reusable marker."""
    name = database_name(url)
    marker = None if rebuild else stored_marker(url)
    reusable = (
        marker is not None
        and marker.get("fingerprint") == fingerprint()
        and datetime.fromisoformat(marker["built_at"])
        > datetime.now().astimezone() - MAX_DATASET_AGE
    )
    with psycopg.connect(url, dbname="postgres", autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reusable:
            print(f"Dropping the stale benchmark database {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            print(f"Creating the benchmark database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return marker if reusable else None


def setup_django(url: str) -> None:
    """Start Django on the benchmark database with the production defaults of base.py."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "eyfs_portal.settings.base"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.pop("DJANGO_DEBUG", None)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


# --- Dataset -----------------------------------------------------------------------------


def fit(sizes: list[int], total: int, rng: random.Random, adjustable: list[int]) -> None:
    """Nudge the adjustable sizes by one at a time until they sum to ``total``."""
    while (gap := total - sum(sizes)) != 0:
        index = rng.choice(adjustable)
        if gap > 0:
            sizes[index] += 1
        elif sizes[index] > 1:
            sizes[index] -= 1


@dataclass
class PlannedSetting:
    kind: str
    la: str  # "home" or "other"
    children: int
    staff: int
    name: str = ""
    slug: str = ""
    pk: int = 0
    staff_user_ids: list[int] = field(default_factory=list)
    child_ids: list[int] = field(default_factory=list)


def build_dataset() -> dict[str, Any]:
    """Create one LA's data in bulk and return the marker to store."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from accounts.models import (
        AdvisorAssignment,
        CareSetting,
        LaRole,
        LocalAuthority,
        Membership,
        OfstedInspection,
        User,
    )
    from children.models import Child
    from common.models import AuditEvent

    started = time.perf_counter()
    rng = random.Random(7)
    today = timezone.localdate()
    now = timezone.now()
    batch = 2000

    def person() -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def day_between(start: date, end: date) -> date:
        return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))

    # Plan the settings: kinds, sizes and staff, fitted to the totals of SCALE.
    kinds = list(KIND_SHARES)
    home: list[PlannedSetting] = [
        PlannedSetting(
            "day_nursery", "home", SCALE["large_setting_children"], SCALE["large_setting_staff"]
        )
    ]
    for _ in range(SCALE["home_settings"] - 1):
        kind = rng.choices(kinds, weights=list(KIND_SHARES.values()))[0]
        home.append(
            PlannedSetting(
                kind, "home", rng.randint(*CHILDREN_RANGE[kind]), rng.randint(*STAFF_RANGE[kind])
            )
        )
    group = [i for i, s in enumerate(home) if i and s.kind != "childminder"]
    sizes = [s.children for s in home]
    fit(sizes, SCALE["children_on_roll"], rng, group)
    staff = [s.staff for s in home]
    fit(staff, SCALE["memberships"] - SCALE["other_settings"] * 3, rng, group)
    for planned, children, members in zip(home, sizes, staff, strict=True):
        planned.children, planned.staff = children, members
    other = [
        PlannedSetting(kind, "other", rng.randint(*CHILDREN_RANGE[kind]), 3)
        for kind in rng.choices(["day_nursery", "preschool"], k=SCALE["other_settings"])
    ]
    sizes = [s.children for s in other]
    fit(sizes, SCALE["other_children_on_roll"], rng, list(range(len(other))))
    for planned, children in zip(other, sizes, strict=True):
        planned.children = children
    planned_settings = home + other

    with transaction.atomic():
        home_la = LocalAuthority.objects.create(
            name="Northshire County Council (bench)", slug=HOME_LA_SLUG, dfe_code="901"
        )
        other_la = LocalAuthority.objects.create(
            name="Westvale Borough Council (bench)", slug=OTHER_LA_SLUG, dfe_code="902"
        )
        las = {"home": home_la, "other": other_la}

        rows = []
        for n, planned in enumerate(planned_settings):
            town = rng.choice(TOWNS)
            if n == 0:
                planned.name, planned.slug = "Acorn Day Nursery", LARGE_SETTING_SLUG
            else:
                surname = rng.choice(LAST_NAMES)
                planned.name = (
                    f"{surname} {KIND_WORDS[planned.kind]}"
                    if planned.kind == "childminder"
                    else f"{town} {rng.choice(LAST_NAMES)} {KIND_WORDS[planned.kind]}"
                )
                planned.slug = f"{slugify(planned.name)}-{n}"
            rows.append(
                CareSetting(
                    name=planned.name,
                    slug=planned.slug,
                    kind=planned.kind,
                    ofsted_urn=(
                        f"{100000 + n}" if planned.kind == "school_nursery" else f"EY{500000 + n}"
                    ),
                    local_authority=las[planned.la],
                    address_line_1=f"{rng.randint(1, 200)} {rng.choice(LAST_NAMES)} Road",
                    town=town,
                    postcode=f"NS{rng.randint(1, 30)} {rng.randint(1, 9)}AB",
                    phone=f"01632 {rng.randint(100000, 999999)}",
                    created_at=now - timedelta(days=rng.randint(30, 3000)),
                )
            )
        for planned, care_setting in zip(
            planned_settings, CareSetting.objects.bulk_create(rows, batch_size=batch), strict=True
        ):
            planned.pk = care_setting.pk

        # Inspections: graded judgements up to November 2025, report cards after.
        report_cards_from = date(2025, 11, 10)
        grades = ["outstanding", "good", "requires_improvement", "inadequate"]
        card_grades = ["exceptional", "strong", "expected", "needs_attention"]
        rows = []
        for planned in planned_settings:
            day = today - timedelta(days=rng.randint(20, 1400))
            for _ in range(rng.randint(1, 3)):
                if day >= report_cards_from:
                    rows.append(
                        OfstedInspection(
                            care_setting_id=planned.pk,
                            inspected_on=day,
                            scheme="report_card",
                            safeguarding_met=rng.random() > 0.05,
                            area_grades={
                                area: rng.choice(card_grades)
                                for area in ("curriculum", "behaviour", "leadership")
                            },
                        )
                    )
                else:
                    rows.append(
                        OfstedInspection(
                            care_setting_id=planned.pk,
                            inspected_on=day,
                            scheme="graded",
                            overall_grade=rng.choices(grades, weights=[15, 72, 10, 3])[0],
                        )
                    )
                day -= timedelta(days=rng.randint(900, 1600))
        OfstedInspection.objects.bulk_create(rows, batch_size=batch)

        # Staff: one user per membership; the first member of each setting manages it.
        unusable = make_password(None)
        users, memberships = [], []
        for planned in planned_settings:
            for position in range(planned.staff):
                is_manager = position == 0
                if planned.pk == planned_settings[0].pk and is_manager:
                    email = PERSONA_EMAILS["manager"]
                else:
                    email = f"staff{len(users)}@bench.test"
                users.append(
                    User(
                        email=email,
                        full_name=person(),
                        password=unusable,
                        last_login=None
                        if rng.random() < 0.05
                        else now - timedelta(days=rng.randint(0, 60)),
                        date_joined=now - timedelta(days=rng.randint(30, 1500)),
                    )
                )
                memberships.append(
                    Membership(
                        care_setting_id=planned.pk,
                        role="manager" if is_manager else "practitioner",
                        is_dsl=position == (0 if planned.staff == 1 else 1),
                        is_senco=position == min(2, planned.staff - 1),
                        job_title="Setting manager" if is_manager else "Early years practitioner",
                        is_active=is_manager or rng.random() > 0.05,
                    )
                )
        # Only the signing-in persona gets a real hash: hashing 1,200 would take minutes.
        users[0].password = make_password(SIGN_IN_PASSWORD)
        users = User.objects.bulk_create(users, batch_size=batch)
        for user, membership in zip(users, memberships, strict=True):
            membership.user_id = user.pk
        Membership.objects.bulk_create(memberships, batch_size=batch)
        by_setting = {p.pk: p for p in planned_settings}
        for membership in memberships:
            by_setting[membership.care_setting_id].staff_user_ids.append(membership.user_id)

        # The LA's own staff.
        la_people = User.objects.bulk_create(
            [
                User(
                    email=PERSONA_EMAILS[key],
                    full_name=person(),
                    password=unusable,
                    last_login=now,
                )
                for key in ("la_admin", "improvement_advisor", "cic_advisor")
            ]
            + [User(email="other.la.admin@bench.test", full_name=person(), password=unusable)]
        )
        la_admin, improvement_advisor, cic_advisor, other_admin = la_people
        roles = LaRole.objects.bulk_create(
            [
                LaRole(user=la_admin, local_authority=home_la, role="la_admin"),
                LaRole(
                    user=improvement_advisor, local_authority=home_la, role="improvement_advisor"
                ),
                LaRole(user=cic_advisor, local_authority=home_la, role="cic_advisor"),
                LaRole(user=other_admin, local_authority=other_la, role="la_admin"),
            ]
        )
        assigned = [home[0], *rng.sample(home[1:], SCALE["advisor_settings"] - 1)]
        AdvisorAssignment.objects.bulk_create(
            [AdvisorAssignment(la_role=roles[1], care_setting_id=p.pk) for p in assigned]
        )

        # Children: on roll in every setting, plus leavers; then the looked-after ones.
        def child(planned: PlannedSetting, *, leaver: bool) -> Child:
            born = today - timedelta(days=rng.randint(90, 5 * 365 + 300))
            start = day_between(born + timedelta(days=90), today)
            age_years = (today - born).days // 365
            sen = rng.choices(["none", "sen_support", "ehcp"], weights=[85, 12, 3])[0]
            if age_years >= 3:
                entitlement = rng.choice(["universal_15", "working_30"])
            elif age_years == 2:
                entitlement = rng.choice(["none", "two_15", "working_15"])
            else:
                entitlement = rng.choice(["none", "working_15"])
            return Child(
                care_setting_id=planned.pk,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=born,
                start_date=start,
                leave_date=day_between(start, today - timedelta(days=1)) if leaver else None,
                leaving_destination="Reception class" if leaver else "",
                room=["Babies", "Toddlers", "Pre-school"][min(age_years // 2, 2)],
                sen_status=sen,
                funded_entitlement=entitlement,
                eypp_basis="economic" if rng.random() < 0.12 else "",
                created_at=now - timedelta(days=rng.randint(0, 900)),
            )

        children: list[Child] = []
        for planned in planned_settings:
            children.extend(child(planned, leaver=False) for _ in range(planned.children))
        home_pks = [p.pk for p in home for _ in range(p.children)]
        for _ in range(SCALE["leavers"]):
            children.append(child(by_setting[rng.choice(home_pks)], leaver=True))
        on_roll_home = [
            c
            for c in children
            if c.leave_date is None and by_setting[c.care_setting_id].la == "home"
        ]
        on_roll_other = [
            c
            for c in children
            if c.leave_date is None and by_setting[c.care_setting_id].la == "other"
        ]
        picked_home = rng.sample(
            on_roll_home,
            SCALE["looked_after_home"]
            + SCALE["looked_after_placed_in"]
            + SCALE["previously_looked_after"],
        )
        picked_other = rng.sample(
            on_roll_other, SCALE["looked_after_out_of_county"] + SCALE["looked_after_other"]
        )
        responsible = (
            [home_la] * SCALE["looked_after_home"]
            + [other_la] * SCALE["looked_after_placed_in"]
            + [None] * SCALE["previously_looked_after"]
            + [home_la] * SCALE["looked_after_out_of_county"]
            + [other_la] * SCALE["looked_after_other"]
        )
        for record, la in zip(picked_home + picked_other, responsible, strict=True):
            if la is None:
                record.looked_after_status, record.eypp_basis = "previously", "left_care"
                continue
            record.looked_after_status, record.eypp_basis = "looked_after", "looked_after"
            record.responsible_la = la
            record.legal_status = rng.choices(["C2", "C1", "E1", "V2"], weights=[55, 20, 10, 15])[
                0
            ]
            record.entered_care_on = day_between(record.date_of_birth, today)
            record.emergency_placement = rng.random() < 0.1
        for record in rng.sample(
            [c for c in on_roll_home if c.looked_after_status == "no"], SCALE["shared_with_la"]
        ):
            record.shared_with_la = True
        children = Child.objects.bulk_create(children, batch_size=batch)
        for record in children:
            by_setting[record.care_setting_id].child_ids.append(record.pk)

        # Audit events: the large setting is busy; the rest follow the size of each setting.
        child_type = ContentType.objects.get_for_model(Child)
        emails = {user.pk: user.email for user in users}
        two_years = int(timedelta(days=730).total_seconds())

        def event(planned: PlannedSetting | None) -> AuditEvent:
            source = planned or home[rng.randrange(len(home))]
            actor_id = rng.choice(source.staff_user_ids)
            target_id = str(rng.choice(source.child_ids)) if source.child_ids else ""
            return AuditEvent(
                at=now - timedelta(seconds=rng.randrange(two_years)),
                actor_id=actor_id,
                actor_label=emails[actor_id],
                verb=rng.choice(VERBS),
                target_type=child_type if target_id else None,
                target_id=target_id,
                target_label=f"Child {target_id}",
                subject_type=child_type if target_id else None,
                subject_id=target_id,
                care_setting_id=planned.pk if planned else None,
                local_authority=None if planned else home_la,
                ip_address=f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            )

        spread = (
            SCALE["audit_events"]
            - SCALE["audit_events_large_setting"]
            - SCALE["audit_events_la_level"]
        )
        sources: list[PlannedSetting | None] = [home[0]] * SCALE["audit_events_large_setting"]
        sources += rng.choices(home[1:], weights=[p.children for p in home[1:]], k=spread)
        sources += [None] * SCALE["audit_events_la_level"]
        for start in range(0, len(sources), batch * 5):
            AuditEvent.objects.bulk_create(
                [event(source) for source in sources[start : start + batch * 5]], batch_size=batch
            )

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "fingerprint": fingerprint(),
        "built_at": datetime.now().astimezone().isoformat(),
        "build_seconds": round(time.perf_counter() - started, 1),
        "last_audit_event": AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0],
    }


def clear_leftovers(marker: dict[str, Any]) -> None:
    """Delete what earlier measurements wrote (sign-in events, sessions, axes logs)."""
    from django.apps import apps
    from django.contrib.sessions.models import Session

    from common.models import AuditEvent

    AuditEvent.objects.filter(pk__gt=marker["last_audit_event"]).delete()
    Session.objects.all().delete()
    for model in apps.get_app_config("axes").get_models():
        model.objects.all().delete()


def store_marker(marker: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key text PRIMARY KEY, value text)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (key, value) VALUES ('dataset', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(marker)],
        )


def dataset_sizes() -> dict[str, int]:
    """Return what the dataset holds, counted from the database."""
    from django.db.models import Q

    from accounts.models import (
        AdvisorAssignment,
        CareSetting,
        LocalAuthority,
        Membership,
        OfstedInspection,
        User,
    )
    from children.models import Child
    from common.models import AuditEvent

    home_la = LocalAuthority.objects.get(slug=HOME_LA_SLUG)
    on_roll = Child.objects.on_roll()
    return {
        "local authorities": LocalAuthority.objects.count(),
        "care settings in the home LA": CareSetting.objects.filter(
            local_authority=home_la
        ).count(),
        "care settings in the other LA": CareSetting.objects.exclude(
            local_authority=home_la
        ).count(),
        "Ofsted inspections": OfstedInspection.objects.count(),
        "users": User.objects.count(),
        "staff memberships": Membership.objects.count(),
        "children on roll in the home LA": on_roll.filter(
            care_setting__local_authority=home_la
        ).count(),
        "children on roll in the other LA": on_roll.exclude(
            care_setting__local_authority=home_la
        ).count(),
        "children who have left": Child.objects.exclude(pk__in=on_roll.values("pk")).count(),
        "looked-after children the CiC advisor follows": on_roll.looked_after()
        .filter(Q(responsible_la=home_la) | Q(care_setting__local_authority=home_la))
        .count(),
        "settings assigned to the improvement advisor": AdvisorAssignment.objects.count(),
        "children in the largest setting": on_roll.filter(
            care_setting__slug=LARGE_SETTING_SLUG
        ).count(),
        "audit events": AuditEvent.objects.count(),
        "audit events of the largest setting": AuditEvent.objects.filter(
            care_setting__slug=LARGE_SETTING_SLUG
        ).count(),
    }


# --- Measuring ---------------------------------------------------------------------------

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
# Frames in these places are plumbing: a query's origin is the first frame outside them.
PLUMBING = ("/django/db/", "/django/utils/", "/contextlib.py", "/bench/run.py")


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

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95_ms(self) -> float:
        # Nearest rank: with 30 requests, the second slowest.
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def query_count(self) -> int:
        return len(self.queries)

    @property
    def transaction_count(self) -> int:
        return sum(query.is_transaction_control for query in self.queries)

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
        if self.query_count > self.target.max_queries:
            found.append(f"{self.query_count} queries > {self.target.max_queries}")
        return found

    @property
    def passed(self) -> bool:
        return not self.failures


def measure(target: Target, requests: int) -> Result:
    """Time the target's requests, then count and time the queries of one more."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User

    args = {"la": [HOME_LA_SLUG], "setting": [LARGE_SETTING_SLUG], "": []}[target.place]
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
    # CaptureQueriesContext counts as the query-count tests do, BEGIN and COMMIT included;
    # the recorder adds precise times and origins to the statements proper.
    recorder = QueryRecorder()
    with (
        CaptureQueriesContext(connection) as captured,
        connection.execute_wrapper(recorder),
        RenderWatch() as render_watch,
    ):
        response, counted = request()
    recorded = iter(recorder.records)
    queries = [
        Query(entry["sql"])
        if Query(entry["sql"]).is_transaction_control
        else next(recorded, Query(entry["sql"]))
        for entry in captured.captured_queries
    ]
    return Result(
        target=target,
        times_ms=times,
        queries=queries,
        size_kb=len(response.content) / 1024,
        status=response.status_code,
        counted_ms=counted * 1000,
        render_ms=render_watch.ms,
        gc_ms=gc_watch.ms,
        gc_full=gc_watch.full,
    )


def diagnose(result: Result) -> list[str]:
    """Explain a missed target: every query if too many, the slowest with its plan if too slow."""
    from django.db import connection

    lines = [
        f"{result.target.label} as {result.target.persona}: {'; '.join(result.failures)}.",
        f"The counted request took {result.counted_ms:.0f} ms: {result.sql_ms:.1f} ms in"
        f" {result.query_count} queries ({result.transaction_count} of them BEGIN/COMMIT),"
        f" {result.render_ms:.0f} ms rendering {result.size_kb:.0f} KB of HTML (lazy queries"
        " included); the rest is Python in middleware and the view.",
        f"Over the {len(result.times_ms)} timed requests (median {result.median_ms:.0f} ms),"
        f" garbage collection took {result.gc_ms:.0f} ms in all, {result.gc_full} full"
        " collections among them.",
    ]
    if result.query_count > result.target.max_queries:
        lines.append("Queries in order, with the code that made them:")
        for number, query in enumerate(result.queries, 1):
            origin = query.origin or "(transaction control)"
            lines.append(f"  {number:2d}. {query.ms:6.1f} ms  {origin}")
            lines.append(f"      {query.sql[:160]}")
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


# --- Reporting ---------------------------------------------------------------------------


def table(results: list[Result]) -> list[str]:
    rows = [
        "| Page | Persona | Median ms | p95 ms | Queries (BEGIN/COMMIT) | SQL ms | KB | Target"
        " | Result |",
        "|---|---|--:|--:|--:|--:|--:|---|---|",
    ]
    for r in results:
        target = f"p95 ≤ {r.target.p95_ms} ms, ≤ {r.target.max_queries} queries"
        verdict = "PASS" if r.passed else "FAIL: " + "; ".join(r.failures)
        page = f"`{r.target.url_name}` {r.target.note}".strip()
        rows.append(
            f"| {page} | {r.target.persona} | {r.median_ms:.1f}"
            f" | {r.p95_ms:.1f} | {r.query_count} ({r.transaction_count}) | {r.sql_ms:.1f}"
            f" | {r.size_kb:.0f} | {target} | {verdict} |"
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
        "`make bench` runs `.venv/bin/python bench/run.py` against the PostgreSQL database",
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
        "",
        f"- Every page must answer within **{PAGE_P95_MS} ms at the 95th percentile** at this",
        "  scale; the sign-in may take "
        f"**{SIGN_IN_P95_MS} ms**, since hashing the password is slow on purpose.",
        f"- No request may make more than **{MAX_QUERIES} SQL queries**. The count must not grow",
        "  with the number of rows (the query-count tests prove that); this checks the constant.",
        "- `Queries` counts what `CaptureQueriesContext` records, as the query-count tests do,",
        "  so transaction control is included; the number in brackets is BEGIN/COMMIT.",
        "  `SQL ms` is the time spent in the database during the counted request; `KB` the",
        "  size of the HTML. A miss makes `make bench` exit non-zero.",
        "- Times are only comparable on an otherwise idle machine: the load average is recorded",
        "  under Machine, and the suite warns when other work competes for the CPU.",
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the dataset")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    options = parser.parse_args(argv)
    if options.requests < 1:
        parser.error("--requests must be at least 1")

    url = database_url()
    marker = prepare_database(url, rebuild=options.rebuild)
    setup_django(url)

    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    if marker is None:
        print("Building the dataset (one local authority)…", flush=True)
        marker = build_dataset()
        store_marker(marker)
        print(f"Built in {marker['build_seconds']} s")
    else:
        print(
            f"Reusing the dataset built {marker['built_at'][:16]} in {marker['build_seconds']} s"
        )
    clear_leftovers(marker)
    sizes = dataset_sizes()
    for name, count in sizes.items():
        print(f"  {count:>7,}  {name}")

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    load_before = os.getloadavg()[0]
    if load_before > BUSY_LOAD:
        print(
            f"Warning: load average {load_before:.2f} on {len(os.sched_getaffinity(0))} cores;"
            " other work competes for the CPU, so the times will be slower and noisier."
        )
    results: list[Result] = []
    with override_settings(STORAGES=plain_static):
        for target in TARGETS:
            result = measure(target, options.requests)
            results.append(result)
            print(
                f"  {target.label:<36} {target.persona:<20} median {result.median_ms:7.1f} ms"
                f"  p95 {result.p95_ms:7.1f} ms  {result.query_count:3d} queries"
                f"  {'PASS' if result.passed else 'FAIL'}",
                flush=True,
            )
        diagnoses: list[str] = []
        for result in results:
            if not result.passed:
                diagnoses += [*diagnose(result), ""]

    print()
    print("\n".join(table(results)))
    if diagnoses:
        print("\nMissed targets:\n" + "\n".join(diagnoses))
    env = environment()
    env["Load average (1 min) before and after measuring"] = (
        f"{load_before:.2f}, {os.getloadavg()[0]:.2f}"
    )
    write_docs(results, sizes, marker, env, options.requests, diagnoses)
    print(f"\nWrote {DOCS_PATH.relative_to(BASE_DIR)}")
    return 0 if all(result.passed for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
