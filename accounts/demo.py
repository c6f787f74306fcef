"""Accounts' part of the fictional demo data set: ``demo_step`` runs it.

Everything here is invented: two local authorities, five care settings, their staff and
LA officers, the settings' Ofsted inspections and the advisors' assignments. Every name,
address, URN and phone number is made up (phone numbers come from Ofcom's drama range).

``demo_seed`` is idempotent. Rows are found by natural keys (slugs, e-mail addresses,
a setting and inspection date) and only changed fields are written, so a second run on
the same day writes nothing.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.db import transaction

from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    OfstedInspection,
    User,
    below_good,
)
from common.dates import school_year_start
from common.demo import DemoContext, Row, Tally
from common.demo import sync as _sync

DEMO_PASSWORD = "demo-password-2026"


# --- Local authorities, settings, inspections ---------------------------------------

NORTHSHIRE, WESTVALE = "northshire", "westvale"
# An LA that places a child in Northshire but does not use the portal: the setting records
# its PEPs (the meeting's outcome and the LA's own PEP document).
FENMOOR = "fenmoor"
ACORN, LITTLE_OWLS, BROOK_LANE = (
    "acorn-day-nursery",
    "little-owls-pre-school",
    ("brook-lane-primary-school-nursery"),
)
RAINBOW_STEPS, MEADOWBANK = "rainbow-steps-childminding", "meadowbank-nursery"

LOCAL_AUTHORITIES: list[Row] = [
    # DOMAIN.md §11 defaults.
    {
        "slug": NORTHSHIRE,
        "name": "Northshire County Council",
        "dfe_code": "931",
        "pep_review_cycle": LocalAuthority.ReviewCycle.SIX_MONTHLY,
        "termly_cut_off_dates": [],
        "pep_day_count": LocalAuthority.DayCount.WORKING,
        "initial_pep_days": 20,
        "emergency_pep_days": 10,
        "change_of_setting_pep_days": 10,
        "paperwork_lead_days": 5,
        "ey_pep_start_age": 2,
        "pep_reminder_days": 10,
        "unallocated_key_person_days": 10,
        "safeguarding_training_years": 2,
    },
    {
        "slug": WESTVALE,
        "name": "Westvale Borough Council",
        "dfe_code": "872",
        "pep_review_cycle": LocalAuthority.ReviewCycle.TERMLY,
        "termly_cut_off_dates": ["11-30", "03-31", "07-15"],
        "pep_day_count": LocalAuthority.DayCount.WORKING,
        "initial_pep_days": 20,
        "emergency_pep_days": 10,
        "change_of_setting_pep_days": 10,
        "paperwork_lead_days": 10,
        "ey_pep_start_age": 3,
        "ey_pep_start_rule": LocalAuthority.PepStart.TERM_AFTER,
        "pep_reminder_days": 10,
        "unallocated_key_person_days": 10,
        "safeguarding_training_years": 2,
    },
    {
        "slug": FENMOOR,
        "name": "Fenmoor Borough Council",
        "dfe_code": "998",
        "pep_review_cycle": LocalAuthority.ReviewCycle.SIX_MONTHLY,
        "termly_cut_off_dates": [],
        "pep_day_count": LocalAuthority.DayCount.WORKING,
        "initial_pep_days": 20,
        "emergency_pep_days": 10,
        "change_of_setting_pep_days": 10,
        "paperwork_lead_days": 5,
        "ey_pep_start_age": 2,
        "ey_pep_start_rule": LocalAuthority.PepStart.AT_AGE,
        "pep_reminder_days": 10,
        "unallocated_key_person_days": 10,
        "safeguarding_training_years": 2,
    },
]

DAY_NURSERY = CareSetting.Kind.DAY_NURSERY
PRESCHOOL = CareSetting.Kind.PRESCHOOL
SCHOOL_NURSERY = CareSetting.Kind.SCHOOL_NURSERY
CHILDMINDER = CareSetting.Kind.CHILDMINDER

CARE_SETTINGS: list[Row] = [
    {
        "slug": ACORN,
        "name": "Acorn Day Nursery",
        "kind": DAY_NURSERY,
        "ofsted_urn": "EY912847",
        "la": NORTHSHIRE,
        "address_line_1": "14 Chapel Row",
        "address_line_2": "Kelsey Park",
        "town": "Hollinsford",
        "postcode": "NX4 7QT",
        "phone": "01632 960142",
        "email": "office@acorn-day-nursery.demo.test",
    },
    {
        "slug": LITTLE_OWLS,
        "name": "Little Owls Pre-School",
        "kind": PRESCHOOL,
        "ofsted_urn": "EY938129",
        "la": NORTHSHIRE,
        "address_line_1": "St Aidan's Church Hall",
        "address_line_2": "Orchard Street",
        "town": "Wrenbury Cross",
        "postcode": "NX9 2LD",
        "phone": "01632 960387",
        "email": "hello@little-owls-pre-school.demo.test",
    },
    {
        "slug": BROOK_LANE,
        "name": "Brook Lane Primary School Nursery",
        "kind": SCHOOL_NURSERY,
        "ofsted_urn": "199431",
        "la": NORTHSHIRE,
        "address_line_1": "Brook Lane Primary School",
        "address_line_2": "Brook Lane",
        "town": "Hollinsford",
        "postcode": "NX4 3HB",
        "phone": "01632 960514",
        "email": "nursery@brook-lane-primary.demo.test",
    },
    {
        "slug": RAINBOW_STEPS,
        "name": "Rainbow Steps Childminding",
        "kind": CHILDMINDER,
        "ofsted_urn": "EY961093",
        "la": NORTHSHIRE,
        "address_line_1": "7 Larkspur Close",
        "address_line_2": "",
        "town": "Easterley",
        "postcode": "NX12 6PW",
        "phone": "01632 960778",
        "email": "rainbow.steps@demo.test",
    },
    {
        "slug": MEADOWBANK,
        "name": "Meadowbank Nursery",
        "kind": DAY_NURSERY,
        "ofsted_urn": "EY997316",
        "la": WESTVALE,
        "address_line_1": "2 Meadowbank Road",
        "address_line_2": "",
        "town": "Westvale",
        "postcode": "WX2 8RS",
        "phone": "01632 960925",
        "email": "office@meadowbank-nursery.demo.test",
    },
]

GRADED, REPORT_CARD = OfstedInspection.Scheme.GRADED, OfstedInspection.Scheme.REPORT_CARD
Grade, Card = OfstedInspection.Grade, OfstedInspection.CardGrade
REPORT_CARD_AREAS = (
    "Leadership and governance",
    "Curriculum and teaching",
    "Achievement",
    "Behaviour, attitudes and routines",
    "Personal development and well-being",
    "Inclusion",
)


def _card(*grades: str) -> dict[str, str]:
    return dict(zip(REPORT_CARD_AREAS, grades, strict=True))


# Graded judgements before 10 November 2025, report cards after it.
INSPECTIONS: list[Row] = [
    {"setting": ACORN, "inspected_on": date(2019, 6, 12), "grade": Grade.GOOD},
    {"setting": ACORN, "inspected_on": date(2023, 3, 8), "grade": Grade.OUTSTANDING},
    {
        "setting": ACORN,
        "inspected_on": date(2026, 3, 18),
        "card": _card(
            Card.STRONG, Card.STRONG, Card.EXPECTED, Card.STRONG, Card.EXCEPTIONAL, Card.EXPECTED
        ),
    },
    # The "below Good" setting: its latest judgement is Requires improvement.
    {"setting": LITTLE_OWLS, "inspected_on": date(2018, 10, 2), "grade": Grade.GOOD},
    {
        "setting": LITTLE_OWLS,
        "inspected_on": date(2024, 5, 21),
        "grade": Grade.REQUIRES_IMPROVEMENT,
    },
    {"setting": BROOK_LANE, "inspected_on": date(2017, 2, 8), "grade": Grade.GOOD},
    {"setting": BROOK_LANE, "inspected_on": date(2022, 1, 19), "grade": Grade.GOOD},
    {
        "setting": BROOK_LANE,
        "inspected_on": date(2026, 2, 4),
        "card": _card(
            Card.EXPECTED,
            Card.EXPECTED,
            Card.NEEDS_ATTENTION,
            Card.STRONG,
            Card.EXPECTED,
            Card.EXPECTED,
        ),
    },
    {"setting": RAINBOW_STEPS, "inspected_on": date(2021, 9, 14), "grade": Grade.GOOD},
    {
        "setting": RAINBOW_STEPS,
        "inspected_on": date(2025, 11, 26),
        "card": _card(
            Card.EXPECTED, Card.STRONG, Card.EXPECTED, Card.STRONG, Card.STRONG, Card.EXPECTED
        ),
    },
    {"setting": MEADOWBANK, "inspected_on": date(2016, 11, 23), "grade": Grade.GOOD},
    {"setting": MEADOWBANK, "inspected_on": date(2022, 7, 5), "grade": Grade.OUTSTANDING},
]


# --- People ------------------------------------------------------------------------

MANAGER, PRACTITIONER = Membership.Role.MANAGER, Membership.Role.PRACTITIONER


@dataclass(frozen=True)
class Staff:
    full_name: str
    setting: str
    role: str
    job_title: str
    is_dsl: bool = False
    is_senco: bool = False
    login: str = ""

    @property
    def email(self) -> str:
        """Return the persona login, else firstname.lastname@<setting>.demo.test."""
        return self.login or f"{self.full_name.lower().replace(' ', '.')}@{self.setting}.demo.test"


@dataclass(frozen=True)
class Officer:
    email: str
    full_name: str
    la: str
    role: str
    assigned: tuple[str, ...] = ()


P, DEPUTY = PRACTITIONER, "Deputy manager"
EYP = "Early years practitioner"
# Each setting has a DSL and each group setting a SENCo; a childminder is both.
STAFF: list[Staff] = [
    Staff("Grace Okafor", ACORN, MANAGER, "Nursery manager", login="manager@demo.test"),
    Staff("Tom Ashworth", ACORN, P, "Room leader", login="keyperson@demo.test"),
    Staff("Priya Shah", ACORN, P, EYP, login="practitioner@demo.test"),
    Staff("Amira Khan", ACORN, P, DEPUTY, is_dsl=True, login="dsl@demo.test"),
    Staff("Ellie Robson", ACORN, P, EYP, is_senco=True),
    Staff("Kacper Zielinski", ACORN, P, "Apprentice practitioner"),
    Staff(
        "Helen Marsden",
        LITTLE_OWLS,
        MANAGER,
        "Pre-school manager",
        is_dsl=True,
        login="littleowls@demo.test",
    ),
    Staff("Marcus Bell", LITTLE_OWLS, P, DEPUTY, is_senco=True),
    Staff("Sofia Nowicka", LITTLE_OWLS, P, EYP),
    Staff("Ruth Adeyemi", LITTLE_OWLS, P, EYP),
    Staff("Jamal Hussain", LITTLE_OWLS, P, EYP),
    Staff("Catherine Rowe", BROOK_LANE, MANAGER, "EYFS lead"),
    Staff("Owen Pryce", BROOK_LANE, P, "Deputy headteacher", is_dsl=True),
    Staff("Fatima Begum", BROOK_LANE, P, "SENCo", is_senco=True),
    Staff("Laura Pennington", BROOK_LANE, P, "Nursery teacher"),
    Staff("Kwame Asante", BROOK_LANE, P, "Teaching assistant"),
    Staff(
        "Joanne Hartley",
        RAINBOW_STEPS,
        MANAGER,
        "Registered childminder",
        is_dsl=True,
        is_senco=True,
    ),
    Staff("Nadia Rahman", RAINBOW_STEPS, P, "Childminding assistant"),
    Staff(
        "Sarah Whitfield", MEADOWBANK, MANAGER, "Nursery manager", login="othermanager@demo.test"
    ),
    Staff("Ben Carver", MEADOWBANK, P, DEPUTY, is_dsl=True),
    Staff("Aisha Mohammed", MEADOWBANK, P, "Room leader", is_senco=True),
    Staff("Ewa Kowalska", MEADOWBANK, P, EYP),
    Staff("Ryan Doherty", MEADOWBANK, P, EYP),
]

ADVISOR = LaRole.Role.IMPROVEMENT_ADVISOR
OFFICERS: list[Officer] = [
    Officer(
        "advisor@demo.test",
        "Rachel Hennessy",
        NORTHSHIRE,
        ADVISOR,
        (ACORN, LITTLE_OWLS, RAINBOW_STEPS),
    ),
    Officer(
        "imran.siddiqui@northshire.demo.test",
        "Imran Siddiqui",
        NORTHSHIRE,
        ADVISOR,
        (BROOK_LANE,),
    ),
    Officer("cicadvisor@demo.test", "Claire Dunmore", NORTHSHIRE, LaRole.Role.CIC_ADVISOR),
    Officer("laadmin@demo.test", "Mark Ellison", NORTHSHIRE, LaRole.Role.LA_ADMIN),
    Officer("westvale.admin@demo.test", "Hannah Brooks", WESTVALE, LaRole.Role.LA_ADMIN),
    Officer("westvale.cic@demo.test", "Yetunde Bakare", WESTVALE, LaRole.Role.CIC_ADVISOR),
]
ASSIGNED_ON = date(2025, 9, 1)

DEMO_LOGINS = (
    "manager@demo.test",
    "keyperson@demo.test",
    "practitioner@demo.test",
    "dsl@demo.test",
    "advisor@demo.test",
    "cicadvisor@demo.test",
    "laadmin@demo.test",
    "othermanager@demo.test",
    "littleowls@demo.test",
)


def _sync_users(people: Mapping[str, str], *, password: str, tally: Tally) -> dict[str, User]:
    """Create or update the demo users; give each the password unless they already have it.

    Hashing is deliberately slow (PBKDF2, about 0.2 s), so the password is hashed once and
    each distinct stored hash is checked once: new users and any whose password was
    changed share one fresh hash, and a rerun costs a single check.
    """
    users = {user.email: user for user in User.objects.filter(email__in=list(people))}
    new = set()
    for email, full_name in people.items():
        if email not in users:
            users[email] = User.objects.create_user(
                email=email, full_name=full_name, password=None
            )
            new.add(email)
    has_password: dict[str, bool] = {}
    hashed = ""
    changed, fields = [], set()
    for email, full_name in people.items():
        user = users[email]
        differ = []
        if user.full_name != full_name:
            user.full_name = full_name
            differ.append("full_name")
        if not user.is_active:
            user.is_active = True
            differ.append("is_active")
        if user.password not in has_password:
            # check_password hashes even an unusable password, to hide timing; skip that.
            has_password[user.password] = is_password_usable(user.password) and check_password(
                password, user.password
            )
        if not has_password[user.password]:
            hashed = hashed or make_password(password)
            user.password = hashed
            differ.append("password")
        if differ:
            changed.append(user)
            fields.update(differ)
    if changed:
        User.objects.bulk_update(changed, sorted(fields))
    tally.created["users"] += len(new)
    tally.updated["users"] += sum(1 for user in changed if user.email not in new)
    return users


@dataclass(frozen=True)
class DemoSummary:
    local_authorities: int
    care_settings: int
    inspections: int
    users: int
    memberships: int
    la_roles: int
    created: Counter[str]
    updated: Counter[str]


@transaction.atomic
def demo_seed(*, password: str, today: date) -> DemoSummary:
    """Create or bring up to date the demo data set; return what is there and what changed."""
    tally = Tally()

    las = _sync(
        LocalAuthority.objects.filter(slug__in=[row["slug"] for row in LOCAL_AUTHORITIES]),
        key=("slug",),
        rows=LOCAL_AUTHORITIES,
        tally=tally,
    )
    la_ids = {slug: la.pk for (slug,), la in las.items()}

    setting_rows = [
        {name: value for name, value in row.items() if name != "la"}
        | {"local_authority_id": la_ids[row["la"]], "is_active": True}
        for row in CARE_SETTINGS
    ]
    settings = _sync(
        CareSetting.objects.filter(slug__in=[row["slug"] for row in CARE_SETTINGS]),
        key=("slug",),
        rows=setting_rows,
        tally=tally,
    )
    setting_ids = {slug: setting.pk for (slug,), setting in settings.items()}

    inspection_rows = [
        {
            "care_setting_id": setting_ids[row["setting"]],
            "inspected_on": row["inspected_on"],
            "scheme": REPORT_CARD if "card" in row else GRADED,
            "overall_grade": row.get("grade", ""),
            "safeguarding_met": True if "card" in row else None,
            "area_grades": row.get("card", {}),
            # Written in bulk, without save(): work it out as save() would.
            "below_good": below_good(
                REPORT_CARD if "card" in row else GRADED,
                row.get("grade", ""),
                True if "card" in row else None,
                row.get("card", {}),
            ),
        }
        for row in INSPECTIONS
        if row["inspected_on"] <= today
    ]
    _sync(
        OfstedInspection.objects.filter(care_setting_id__in=setting_ids.values()),
        key=("care_setting_id", "inspected_on"),
        rows=inspection_rows,
        tally=tally,
    )

    people = {person.email: person.full_name for person in [*STAFF, *OFFICERS]}
    users = _sync_users(people, password=password, tally=tally)

    _sync(
        Membership.objects.filter(user__in=users.values()),
        key=("user_id", "care_setting_id"),
        rows=[
            {
                "user_id": users[staff.email].pk,
                "care_setting_id": setting_ids[staff.setting],
                "role": staff.role,
                "is_dsl": staff.is_dsl,
                "is_senco": staff.is_senco,
                "job_title": staff.job_title,
                "is_active": True,
            }
            for staff in STAFF
        ],
        tally=tally,
    )
    la_roles = _sync(
        LaRole.objects.filter(user__in=users.values()),
        key=("user_id", "local_authority_id", "role"),
        rows=[
            {
                "user_id": users[officer.email].pk,
                "local_authority_id": la_ids[officer.la],
                "role": officer.role,
                "is_active": True,
            }
            for officer in OFFICERS
        ],
        tally=tally,
    )
    _sync(
        AdvisorAssignment.objects.filter(la_role__in=la_roles.values()),
        key=("la_role_id", "care_setting_id"),
        rows=[
            {
                "la_role_id": la_roles[
                    (users[officer.email].pk, la_ids[officer.la], officer.role)
                ].pk,
                "care_setting_id": setting_ids[slug],
                "assigned_on": ASSIGNED_ON,
            }
            for officer in OFFICERS
            for slug in officer.assigned
        ],
        tally=tally,
    )

    return DemoSummary(
        local_authorities=len(las),
        care_settings=len(settings),
        inspections=len(inspection_rows),
        users=len(users),
        memberships=len(STAFF),
        la_roles=len(OFFICERS),
        created=tally.created,
        updated=tally.updated,
    )


def demo_step(ctx: DemoContext) -> None:
    """Seed accounts' part: LAs, settings, inspections, users, roles, school terms."""
    summary = demo_seed(password=ctx.password, today=ctx.today)
    ctx.created.update(summary.created)
    ctx.created.update(demo_school_terms(today=ctx.today))
    ctx.updated.update(summary.updated)
    ctx.setting_ids[:] = CareSetting.objects.filter(
        slug__in=[row["slug"] for row in CARE_SETTINGS]
    ).values_list("pk", flat=True)
    ctx.figures.update(
        local_authorities=summary.local_authorities,
        care_settings=summary.care_settings,
        users=summary.users,
    )


# --- School terms (self-contained: one step, idempotent) ---------------------------------


def _demo_term_rows(local_authority_id: int, first_year: int) -> list[Row]:
    """Return the six half terms of the school year starting in September ``first_year``.

    Roughly as English LAs set them: a week's half term in late October, February and May,
    two weeks at Christmas and Easter (taken here as the start of April), summer from late July.
    """

    def monday_on_or_after(day: date) -> date:
        return day + timedelta(days=-day.weekday() % 7)

    def friday_on_or_before(day: date) -> date:
        return day - timedelta(days=(day.weekday() - 4) % 7)

    year, next_year = first_year, first_year + 1

    def weekday_on_or_after(day: date) -> date:
        return monday_on_or_after(day) if day.weekday() >= 5 else day

    halves = [
        (
            f"Autumn {year} first half",
            weekday_on_or_after(date(year, 9, 3)),
            friday_on_or_before(date(year, 10, 24)),
        ),
        (
            f"Autumn {year} second half",
            monday_on_or_after(date(year, 11, 1)),
            friday_on_or_before(date(year, 12, 19)),
        ),
        (
            f"Spring {next_year} first half",
            weekday_on_or_after(date(next_year, 1, 5)),
            friday_on_or_before(date(next_year, 2, 13)),
        ),
        (
            f"Spring {next_year} second half",
            monday_on_or_after(date(next_year, 2, 23)),
            friday_on_or_before(date(next_year, 3, 31)),
        ),
        (
            f"Summer {next_year} first half",
            monday_on_or_after(date(next_year, 4, 14)),
            friday_on_or_before(date(next_year, 5, 22)),
        ),
        (
            f"Summer {next_year} second half",
            monday_on_or_after(date(next_year, 6, 1)),
            friday_on_or_before(date(next_year, 7, 22)),
        ),
    ]
    return [
        {"local_authority_id": local_authority_id, "name": name, "starts_on": s, "ends_on": e}
        for name, s, e in halves
    ]


def demo_school_terms(*, today: date) -> Counter[str]:
    """Give each demo LA its school terms, last school year to next; return what was created."""
    from accounts.models import SchoolTerm

    tally = Tally()
    la_ids = LocalAuthority.objects.filter(
        slug__in=[row["slug"] for row in LOCAL_AUTHORITIES]
    ).values_list("pk", flat=True)
    first = school_year_start(today).year
    rows = [
        row
        for la_id in la_ids
        for year in (first - 1, first, first + 1)
        for row in _demo_term_rows(la_id, year)
    ]
    _sync(
        SchoolTerm.objects.filter(local_authority_id__in=list(la_ids)),
        key=("local_authority_id", "name"),
        rows=rows,
        tally=tally,
    )
    return tally.created
