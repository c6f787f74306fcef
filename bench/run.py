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
BUILDER_VERSION = 4
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
# The dashboards list what needs doing per child by asking every reminder rule about
# children (notifications.rules.to_dos): one query per rule, so what they show and what
# the reminders say are the same rows. Their budget is the page's plus those queries.
DASHBOARD_MAX_QUERIES = 30
# Signing in writes on purpose: the session, last_login, the audit event and the
# lockout counters, each in its own transaction. Its budget was 20 queries counted with
# the 8 BEGIN/COMMIT statements of those transactions; without them, 12.
SIGN_IN_MAX_QUERIES = 12
# The sweep: per reminder rule, its due rows, their settings' managers, the keys already
# written and one INSERT (``notifications.services.sweep``'s own promise: a fixed number
# per rule, however many children).
SWEEP_STATEMENTS_PER_RULE = 4
# tests/notifications/test_sweep.py pins a sweep that writes nothing new at 10 queries for
# its two rules, transaction control included: per rule savepoint, due rows, managers,
# keys already written, release. The pin scales with the rules registered.
SWEEP_PINNED_PER_RULE = 5
# The reminder rules whose records the builder seeds (key persons, training). The others
# (the learning app's progress check, early assessment, DSL referral...) find no records
# here, so every child looks overdue to them: the full registry is timed separately.
SEEDED_RULES = ("key_person.unallocated", "training.expiring")
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
    Target(
        "settings:overview",
        "manager",
        "(largest setting)",
        place="setting",
        max_queries=DASHBOARD_MAX_QUERIES,
        pinned=31,
    ),
    Target("settings:staff", "manager", place="setting", pinned=10),
    Target("settings:audit", "manager", "page 1", place="setting", query="?page=1", pinned=12),
    Target("settings:audit", "manager", "page 200", place="setting", query="?page=200", pinned=12),
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
        "settings:my_key_children",
        "key_person",
        "(12 key children)",
        place="setting",
        max_queries=DASHBOARD_MAX_QUERIES,
        pinned=27,
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
    from children.models import Child, Consent, Room, SettingChange, TeamMember
    from common.models import AuditEvent
    from keypersons.models import KeyPersonAllocation, TrainingRecord
    from notifications.models import Notification

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

        # Each setting's rooms, youngest first; a child is put in the room for their age.
        room_specs = [("Babies", None, 24), ("Toddlers", 24, 48), ("Pre-school", 48, None)]
        rooms = Room.objects.bulk_create(
            [
                Room(
                    care_setting_id=planned.pk,
                    name=name,
                    min_age_months=low,
                    max_age_months=high,
                    order=order,
                )
                for planned in planned_settings
                for order, (name, low, high) in enumerate(room_specs, start=1)
            ],
            batch_size=batch,
        )
        room_ids: dict[int, list[int]] = {}
        for room in rooms:
            room_ids.setdefault(room.care_setting_id, []).append(room.pk)

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
                is_key_person = planned is home[0] and position == KEY_PERSON_POSITION
                if planned.pk == planned_settings[0].pk and is_manager:
                    email = PERSONA_EMAILS["manager"]
                elif is_key_person:
                    email = PERSONA_EMAILS["key_person"]
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
                        # The persona draws too, so the other staff are as before.
                        is_active=is_manager or rng.random() > 0.05 or is_key_person,
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
                room_id=room_ids[planned.pk][min(age_years // 2, 2)],
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
        # Newer data draws from its own generator, so the older data above stays as it was.
        extra = random.Random(11)
        hub_child = next(
            (
                c
                for c in picked_home[: SCALE["looked_after_home"]]
                if c.care_setting_id == home[0].pk
            ),
            None,
        )
        if hub_child is None:
            raise SystemExit("No looked-after child at the largest setting: change the seed")
        key_person_id = next(u.pk for u in users if u.email == PERSONA_EMAILS["key_person"])
        # Key persons are chosen before the children are saved, so Child.key_person is
        # written with them; the allocation rows follow once the children have ids.
        allocations, designated = plan_allocations(
            children,
            memberships,
            large_setting=home[0].pk,
            key_person=key_person_id,
            hub_child=hub_child,
            rng=extra,
            today=today,
            now=now,
        )
        children = Child.objects.bulk_create(children, batch_size=batch)
        KeyPersonAllocation.objects.bulk_create(allocations, batch_size=batch)
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

        # The team around each child, their consents, moves between settings.
        team, carers = plan_team(children, hub_child=hub_child, rng=extra, now=now, today=today)
        TeamMember.objects.bulk_create(team, batch_size=batch)
        Consent.objects.bulk_create(
            plan_consents(children, carers, hub_child=hub_child, rng=extra, today=today, now=now),
            batch_size=batch,
        )
        SettingChange.objects.bulk_create(
            plan_setting_changes(
                children,
                [p.pk for p in planned_settings],
                managers={
                    m.care_setting_id: m.user_id for m in memberships if m.role == "manager"
                },
                hub_child=hub_child,
                rng=extra,
                now=now,
            ),
            batch_size=batch,
        )
        # Staff training, then the reminders people have had over the last year.
        TrainingRecord.objects.bulk_create(
            plan_training(
                memberships,
                designated=designated,
                key_person=key_person_id,
                rng=extra,
                today=today,
                now=now,
            ),
            batch_size=batch,
        )
        slugs = {p.pk: p.slug for p in planned_settings}
        Notification.objects.bulk_create(
            plan_notifications(
                memberships,
                slugs=slugs,
                manager=users[0].pk,
                key_person=key_person_id,
                rng=extra,
                now=now,
            ),
            batch_size=batch,
        )

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "fingerprint": fingerprint(),
        "built_at": datetime.now().astimezone().isoformat(),
        "build_seconds": round(time.perf_counter() - started, 1),
        "last_audit_event": AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0],
        "last_notification": Notification.objects.order_by("-pk").values_list("pk", flat=True)[0],
        "hub_child": hub_child.pk,
    }


def at(day: date, *, today: date, now: datetime) -> datetime:
    """Return the moment ``now`` was, on the given day."""
    return now - timedelta(days=(today - day).days)


def shift_years(day: date, years: int) -> date:
    """Return the same day ``years`` later (earlier if negative); 29 February becomes 28."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def plan_allocations(
    children: list[Any],
    memberships: list[Any],
    *,
    large_setting: int,
    key_person: int,
    hub_child: Any,
    rng: random.Random,
    today: date,
    now: datetime,
) -> tuple[list[Any], set[tuple[int, int]]]:
    """Allocate key persons as keypersons.services would have, and set Child.key_person.

    Of the children on roll, ``allocated_percent`` have a key person (practitioners hold
    caseloads; a childminder holds their own), ``buddy_percent`` of those a buddy, and
    ``reallocated_percent`` an earlier key person whose allocation ended on the day the
    current one started. Most leavers have the allocation their leaving ended. Looked-after
    children's key persons are mostly designated. At the largest setting the key-person
    persona holds exactly ``key_children_of_key_person`` children, the hub child among
    them, and is buddy to ``buddy_children_of_key_person`` more.

    Return the allocation rows (their children not saved yet) and the (setting, staff)
    pairs of designated key persons, who mostly have the children in care training.
    """
    from keypersons.models import KeyPersonAllocation

    key, buddy = KeyPersonAllocation.Kind.KEY_PERSON, KeyPersonAllocation.Kind.BUDDY
    everyone: dict[int, list[int]] = {}
    active: dict[int, list[int]] = {}
    practitioners: dict[int, list[int]] = {}
    managers: dict[int, int] = {}
    for member in memberships:
        setting = member.care_setting_id
        everyone.setdefault(setting, []).append(member.user_id)
        if member.role == "manager":
            managers.setdefault(setting, member.user_id)
        if member.is_active:
            active.setdefault(setting, []).append(member.user_id)
            if member.role == "practitioner":
                practitioners.setdefault(setting, []).append(member.user_id)

    def pool(setting: int) -> list[int]:
        staff = practitioners.get(setting) or active[setting]
        return [u for u in staff if u != key_person] if setting == large_setting else staff

    rows: list[Any] = []
    designated: set[tuple[int, int]] = set()

    def allocate(child: Any, staff: int, kind: str, starts: date, **fields: Any) -> None:
        rows.append(
            KeyPersonAllocation(
                child=child,
                staff_id=staff,
                kind=kind,
                starts_on=starts,
                allocated_by_id=managers.get(child.care_setting_id),
                created_at=at(starts, today=today, now=now),
                **fields,
            )
        )

    def settled(child: Any) -> date:
        return min(child.start_date + timedelta(days=rng.randint(3, 8)), today)

    on_roll = [c for c in children if c.leave_date is None]
    share = SCALE["allocated_percent"] / 100
    allocated = [c for c in on_roll if c is hub_child or rng.random() < share]
    large = [c for c in allocated if c.care_setting_id == large_setting and c is not hub_child]
    persona_keys = {
        id(c) for c in [hub_child, *rng.sample(large, SCALE["key_children_of_key_person"] - 1)]
    }
    persona_buddies = {
        id(c)
        for c in rng.sample(
            [c for c in large if id(c) not in persona_keys],
            SCALE["buddy_children_of_key_person"],
        )
    }
    for child in allocated:
        setting = child.care_setting_id
        choices = pool(setting)
        staff = key_person if id(child) in persona_keys else rng.choice(choices)
        starts = settled(child)
        looked_after = child.looked_after_status == "looked_after"
        is_designated = looked_after and (child is hub_child or rng.random() < 0.9)
        days = (today - starts).days
        reason = "Allocated when the child settled in"
        if (
            child is not hub_child
            and days > 60
            and rng.random() < SCALE["reallocated_percent"] / 100
        ):
            switch = starts + timedelta(days=rng.randint(20, days - 1))
            previous = rng.choice([u for u in everyone[setting] if u != staff] or [staff])
            allocate(
                child,
                previous,
                key,
                starts,
                ends_on=switch,
                is_designated=is_designated,
                reason=reason,
            )
            starts, reason = switch, "The previous key person moved room"
        allocate(child, staff, key, starts, is_designated=is_designated, reason=reason)
        child.key_person_id = staff
        if is_designated:
            designated.add((setting, staff))
        others = [u for u in choices if u != staff]
        if id(child) in persona_buddies:
            allocate(child, key_person, buddy, starts, reason="Buddy on the key person's days off")
        elif others and (child is hub_child or rng.random() < SCALE["buddy_percent"] / 100):
            allocate(child, rng.choice(others), buddy, starts, reason="Buddy on days off")
    for child in children:
        if child.leave_date is None:
            continue
        if rng.random() < SCALE["leavers_allocated_percent"] / 100:
            allocate(
                child,
                rng.choice(everyone[child.care_setting_id]),
                key,
                min(settled(child), child.leave_date),
                ends_on=child.leave_date,
                reason="Ended when the child left",
            )
    return rows, designated


def plan_team(
    children: list[Any], *, hub_child: Any, rng: random.Random, now: datetime, today: date
) -> tuple[list[Any], dict[int, Any]]:
    """Return the team around each child and, per child, the carer who answers consents.

    A looked-after child has a foster (or kinship) carer, a social worker and an IRO; the
    hub child has everyone a full team can have; any other child one or two parents or a
    parent and a health visitor.
    """
    from children.models import TeamMember

    role = TeamMember.Role
    team: list[Any] = []
    carers: dict[int, Any] = {}

    def member(child: Any, kind: str, name: str, **fields: Any) -> Any:
        row = TeamMember(
            child=child,
            role=kind,
            name=name.replace("_", " "),
            phone=f"01632 960{rng.randint(0, 999):03d}",
            created_at=at(child.start_date, today=today, now=now),
            **fields,
        )
        team.append(row)
        if kind in TeamMember.CARER_ROLES and id(child) not in carers:
            carers[id(child)] = row
        return row

    def carer_name() -> str:
        return f"{rng.choice(CARER_FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    services = "Children's Services"
    for child in children:
        if child.looked_after_status == "looked_after":
            kinship = rng.random() < 0.25
            member(
                child,
                role.KINSHIP_CARER if kinship else role.FOSTER_CARER,
                carer_name(),
                relationship="Grandmother" if kinship else "",
                email="carer@carers.bench.test",
                invite_to_pep=True,
            )
            member(
                child,
                role.SOCIAL_WORKER,
                rng.choice(SOCIAL_WORKERS),
                organisation=services,
                email="social.work@bench.test",
                invite_to_pep=True,
            )
            member(child, role.IRO, rng.choice(IROS), organisation=services, invite_to_pep=True)
            if child is hub_child:
                member(
                    child,
                    role.HEALTH_VISITOR,
                    rng.choice(HEALTH_VISITORS),
                    organisation="Community Health",
                )
                member(
                    child,
                    role.CIC_ADVISOR,
                    "Virtual School Advisor",
                    organisation="Virtual School",
                    invite_to_pep=True,
                )
                member(child, role.EY_SEND, "Inclusion Officer", organisation="EY SEND team")
                member(
                    child,
                    role.PARENT,
                    f"{rng.choice(CARER_FIRST_NAMES)} {child.last_name}",
                    relationship="Mother",
                    has_parental_responsibility=True,
                    notes="Contact arranged through the social worker.",
                )
                member(
                    child,
                    role.FOSTER_CARER,
                    carer_name(),
                    is_active=False,
                    notes="Previous placement.",
                )
            continue
        member(
            child,
            role.PARENT,
            f"{rng.choice(CARER_FIRST_NAMES)} {child.last_name}",
            relationship=rng.choice(["Mother", "Father"]),
            email="parent@families.bench.test",
            has_parental_responsibility=True,
        )
        if rng.random() < 0.5:
            if rng.random() < 0.7:
                member(
                    child,
                    role.PARENT,
                    f"{rng.choice(CARER_FIRST_NAMES)} {child.last_name}",
                    relationship=rng.choice(["Mother", "Father", "Stepfather"]),
                    has_parental_responsibility=rng.random() < 0.8,
                )
            else:
                member(
                    child,
                    role.HEALTH_VISITOR,
                    rng.choice(HEALTH_VISITORS),
                    organisation="Community Health",
                )
    return team, carers


def plan_consents(
    children: list[Any],
    carers: dict[int, Any],
    *,
    hub_child: Any,
    rng: random.Random,
    today: date,
    now: datetime,
) -> list[Any]:
    """Return one answer of each kind per child, from the carer, given on the first day.

    A tenth refuse photographs, a twentieth later withdraw outings; the hub child has an
    earlier answer of each kind too, so its page picks the newest from a history.
    """
    from children.models import Consent

    rows = []
    for child in children:
        carer = carers[id(child)]
        history = [child.start_date]
        if child is hub_child and child.start_date < today - timedelta(days=30):
            history = [child.start_date, child.start_date + timedelta(days=20)]
        for given_on in history:
            for kind in Consent.Kind.values[: SCALE["consents_per_child"]]:
                refused = kind == Consent.Kind.PHOTOGRAPHS and rng.random() < 0.1
                withdrawn = kind == Consent.Kind.OUTINGS and not refused and rng.random() < 0.05
                rows.append(
                    Consent(
                        child=child,
                        kind=kind,
                        granted=not refused,
                        given_by=carer,
                        given_on=given_on,
                        withdrawn_on=day_between(given_on, today, rng) if withdrawn else None,
                        recorded_at=at(given_on, today=today, now=now),
                    )
                )
    return rows


def day_between(start: date, end: date, rng: random.Random) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def plan_setting_changes(
    children: list[Any],
    setting_ids: list[int],
    *,
    managers: dict[int, int],
    hub_child: Any,
    rng: random.Random,
    now: datetime,
) -> list[Any]:
    """Return ``setting_changes`` moves into the children's settings, two for the hub child.

    Looked-after children move most (a new placement), so two in five moves are theirs.
    """
    from children.models import SettingChange

    on_roll = [c for c in children if c.leave_date is None and c is not hub_child]
    looked_after = [c for c in on_roll if c.looked_after_status == "looked_after"]
    others = [c for c in on_roll if c.looked_after_status != "looked_after"]
    total = SCALE["setting_changes"] - 2
    movers = rng.sample(looked_after, min(len(looked_after), total * 2 // 5))
    movers += rng.sample(others, total - len(movers))
    rows = []
    for child, moved_on in [
        (hub_child, hub_child.start_date - timedelta(days=200)),
        (hub_child, hub_child.start_date),
        *((c, c.start_date) for c in movers),
    ]:
        from_setting = rng.choice([pk for pk in setting_ids if pk != child.care_setting_id])
        elsewhere = rng.random() < 0.3
        rows.append(
            SettingChange(
                child=child,
                from_setting_id=None if elsewhere else from_setting,
                from_description=f"A nursery in {rng.choice(TOWNS)}" if elsewhere else "",
                to_setting_id=child.care_setting_id,
                moved_on=moved_on,
                reason="New foster placement"
                if child.looked_after_status == "looked_after"
                else "Family moved house",
                recorded_by_id=managers.get(child.care_setting_id),
                recorded_at=now - timedelta(days=rng.randint(0, 400)),
            )
        )
    return rows


def plan_training(
    memberships: list[Any],
    *,
    designated: set[tuple[int, int]],
    key_person: int,
    rng: random.Random,
    today: date,
    now: datetime,
) -> list[Any]:
    """Return 3 to 5 courses for every member of staff, a few expired or expiring.

    Everyone has safeguarding and paediatric first aid, and one to three more: the DSL
    course for a DSL, the children in care course for most designated key persons. Of
    the courses that expire, ``TRAINING_EXPIRED`` have lapsed and ``TRAINING_EXPIRING``
    expire within 30 days; a tenth of the rest were renewed, their older record kept.
    The key-person persona's first aid expires in 12 days.
    """
    from keypersons.models import TrainingRecord

    rows = []

    def record(member: Any, course: str, completed: date, expires: date | None) -> None:
        rows.append(
            TrainingRecord(
                staff_id=member.user_id,
                care_setting_id=member.care_setting_id,
                course=course,
                completed_on=completed,
                expires_on=expires,
                provider="Northshire Early Years Training",
                recorded_at=at(completed, today=today, now=now),
            )
        )

    for member in memberships:
        courses = ["safeguarding", "paediatric_first_aid"]
        pair = (member.care_setting_id, member.user_id)
        if member.user_id == key_person or (pair in designated and rng.random() < 0.85):
            courses.append("children_in_care")
        optional = [
            course
            for course in ("dsl", "attachment_trauma", "positive_behaviour", "children_in_care")
            if course not in courses and (course != "dsl" or member.is_dsl)
        ]
        if member.is_dsl and "dsl" in optional:
            optional.remove("dsl")
            courses.append("dsl")
        wanted = rng.randint(3, 5) - len(courses)
        courses += rng.sample(optional, max(0, min(wanted, len(optional))))
        for course in courses:
            years = COURSE_YEARS[course]
            if years is None:
                record(member, course, today - timedelta(days=rng.randint(30, 1500)), None)
                continue
            roll = rng.random()
            if member.user_id == key_person and course == "paediatric_first_aid":
                expires = today + timedelta(days=12)
            elif roll < TRAINING_EXPIRED:
                expires = today - timedelta(days=rng.randint(1, 240))
            elif roll < TRAINING_EXPIRED + TRAINING_EXPIRING:
                expires = today + timedelta(days=rng.randint(1, 30))
            else:
                expires = today + timedelta(days=rng.randint(31, years * 365 - 30))
            completed = shift_years(expires, -years)
            if expires > today + timedelta(days=30) and rng.random() < 0.1:
                record(member, course, shift_years(completed, -years), completed)
            record(member, course, completed, expires)
    return rows


def plan_notifications(
    memberships: list[Any],
    *,
    slugs: dict[int, str],
    manager: int,
    key_person: int,
    rng: random.Random,
    now: datetime,
) -> list[Any]:
    """Return a year of reminders, mostly to managers, ``unread_percent`` of them unread.

    The manager persona has ``notifications_of_manager`` and the key person
    ``notifications_of_key_person``. Each was e-mailed in the morning digest after it was
    written, except those written since the start of yesterday's digest (07:00). Their
    de-duplication keys are the bench's own, so the sweep's reminders never collide.
    """
    from django.urls import reverse
    from django.utils import timezone

    from notifications.models import Notification

    setting_of = {m.user_id: m.care_setting_id for m in memberships}
    others = [m.user_id for m in memberships if m.user_id not in (manager, key_person)]
    weights = [4 if m.role == "manager" else 1 for m in memberships if m.user_id in others]
    recipients = [manager] * SCALE["notifications_of_manager"]
    recipients += [key_person] * SCALE["notifications_of_key_person"]
    recipients += rng.choices(others, weights=weights, k=SCALE["notifications"] - len(recipients))
    local_now = timezone.localtime(now)
    last_digest = local_now.replace(hour=7, minute=0, second=0, microsecond=0) - timedelta(days=1)
    year = int(timedelta(days=365).total_seconds())
    rows = []
    for n, recipient in enumerate(recipients):
        created = now - timedelta(seconds=rng.randrange(year))
        slug = slugs[setting_of[recipient]]
        if rng.random() < 0.4:
            kind = "key_person.unallocated"
            subject = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} has had no key person"
            url = reverse("settings:keypersons:board", args=[slug])
        else:
            kind = "training.expiring"
            subject = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}'s training expires"
            url = reverse("settings:keypersons:training", args=[slug])
        due_on = timezone.localtime(created).date()
        unread = rng.random() < SCALE["unread_percent"] / 100
        emailed = None
        if created < last_digest:
            next_morning = timezone.localtime(created).replace(hour=7, minute=0, second=0)
            emailed = next_morning + timedelta(days=1 if next_morning <= created else 0)
        rows.append(
            Notification(
                recipient_id=recipient,
                kind=kind,
                subject=subject,
                body="Seeded by the benchmark.",
                url=url,
                due_on=due_on,
                care_setting_id=setting_of[recipient],
                dedup_key=f"{kind}:bench-{n}:{due_on.isoformat()}:{recipient}",
                created_at=created,
                emailed_at=emailed,
                read_at=None
                if unread
                else min(created + timedelta(hours=rng.randint(1, 72)), now),
            )
        )
    return rows


def clear_leftovers(marker: dict[str, Any]) -> None:
    """Undo what measurements wrote: sign-in and export events, sessions, axes logs, the
    sweep's notifications and the digest's marks (every seeded e-mail predates the build)."""
    from django.apps import apps
    from django.contrib.sessions.models import Session

    from common.models import AuditEvent
    from notifications.models import Notification

    AuditEvent.objects.filter(pk__gt=marker["last_audit_event"]).delete()
    Session.objects.all().delete()
    for model in apps.get_app_config("axes").get_models():
        model.objects.all().delete()
    Notification.objects.filter(pk__gt=marker["last_notification"]).delete()
    Notification.objects.filter(emailed_at__gte=datetime.fromisoformat(marker["built_at"])).update(
        emailed_at=None
    )


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
    from children.models import Child, Consent, SettingChange, TeamMember
    from common.models import AuditEvent
    from keypersons.models import KeyPersonAllocation, TrainingRecord
    from notifications.models import Notification

    home_la = LocalAuthority.objects.get(slug=HOME_LA_SLUG)
    on_roll = Child.objects.on_roll()
    allocations = KeyPersonAllocation.objects
    current = allocations.filter(ends_on__isnull=True)
    key_person = User.objects.get(email=PERSONA_EMAILS["key_person"])
    manager = User.objects.get(email=PERSONA_EMAILS["manager"])
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
        "children on roll with a key person": on_roll.filter(key_person__isnull=False).count(),
        "current key-person allocations": current.filter(kind="key_person").count(),
        "current buddy allocations": current.filter(kind="buddy").count(),
        "ended allocations (history)": allocations.filter(ends_on__isnull=False).count(),
        "designated key persons of looked-after children": current.filter(
            is_designated=True
        ).count(),
        "key children of the key person": on_roll.filter(key_person=key_person).count(),
        "team members": TeamMember.objects.count(),
        "consents": Consent.objects.count(),
        "setting changes": SettingChange.objects.count(),
        "training records": TrainingRecord.objects.count(),
        "notifications": Notification.objects.count(),
        "unread notifications": Notification.objects.filter(read_at__isnull=True).count(),
        "notifications of the manager": Notification.objects.filter(recipient=manager).count(),
        "notifications not yet e-mailed": Notification.objects.filter(
            emailed_at__isnull=True
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


# --- The reminder jobs -------------------------------------------------------------------


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
    locmem e-mail backend. Before each run the rows a run marked are unmarked again."""

    def __init__(self, marker: dict[str, Any]) -> None:
        from django.utils import timezone

        super().__init__(marker)
        SweepJob(marker).run()  # nothing new unless the sweep targets did not run
        self.started = timezone.now()

    def reset(self) -> None:
        from django.core import mail

        from notifications.models import Notification

        Notification.objects.filter(emailed_at__gte=self.started).update(emailed_at=None)
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


# --- Reporting ---------------------------------------------------------------------------


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
        f"- A page may make at most **{MAX_QUERIES} statements**; the sign-in at most",
        f"  **{SIGN_IN_MAX_QUERIES}** (it writes the session, `last_login`, the audit event and",
        "  the lockout counters on purpose; its earlier budget of 20 counted its 8 BEGIN/COMMIT).",
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
        "  control included as the tests count it. The bench's count, counted the same way",
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
            result = measure(target, options.requests, marker)
            results.append(result)
            print(
                f"  {target.label:<46} {target.persona:<20} median {result.median_ms:7.1f} ms"
                f"  p95 {result.p95_ms:7.1f} ms  {result.statement_count:4d} statements"
                f"  {'PASS' if result.passed else 'FAIL'}",
                flush=True,
            )
        diagnoses: list[str] = []
        for result in results:
            if not result.passed:
                diagnoses += [*diagnose(result), ""]
    clear_leftovers(marker)

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
