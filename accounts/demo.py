"""The fictional demo data set behind ``manage.py seed_demo``.

Everything here is invented: two local authorities, five care settings, their staff,
LA officers and about eighty children, eleven of them looked after. Every name,
address, URN and phone number is made up (phone numbers come from Ofcom's drama range).

``demo_seed`` is idempotent. Rows are found by natural keys (slugs, e-mail addresses,
a setting and inspection date, a child's setting and names) and only changed fields are
written, so a second run on the same day writes nothing. Random choices come from
``random.Random(2026)`` and are drawn in the same order whatever the date; children's
dates are then worked out back from the seed day, so ages stay between 0 and 5 whenever
it runs. A run on a later day moves those dates along but never adds rows.
"""

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.db import models, transaction

from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    OfstedInspection,
    User,
)
from common.dates import add_months, months_between, school_year_start

DEMO_PASSWORD = "demo-password-2026"
SEED = 2026

# Values of Child's choices, written out because accounts sits below the children app.
LOOKED_AFTER = "looked_after"
PREVIOUSLY = "previously"
NOT_LOOKED_AFTER = "no"
SEN_NONE, SEN_SUPPORT, EHCP = "none", "sen_support", "ehcp"
NOT_FUNDED, TWO_15, WORKING_15, UNIVERSAL_15, WORKING_30 = (
    "none",
    "two_15",
    "working_15",
    "universal_15",
    "working_30",
)

M = TypeVar("M", bound=models.Model)
Row = dict[str, Any]


# --- Local authorities, settings, inspections ---------------------------------------

NORTHSHIRE, WESTVALE = "northshire", "westvale"
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
    Staff("Helen Marsden", LITTLE_OWLS, MANAGER, "Pre-school manager", is_dsl=True),
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
)


# --- Children ----------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    """Invented names of one heritage, with the home languages such a family might speak."""

    weight: int
    girls: str
    boys: str
    surnames: str
    languages: tuple[tuple[str, int], ...]


NAME_POOLS = (
    NamePool(
        48,
        "Amelia Isla Freya Ivy Ava Ruby Elsie Esme Poppy Evie Daisy Willow Orla Thea Mabel "
        "Niamh Elizabeth",
        "Oliver Arlo Leo Noah Finley Jacob Rory Oscar Alfie Jude Archie Felix Henry Reuben "
        "Ronan Sebastian Theodore",
        "Walker Hughes Clarke Robinson Evans Wright Mitchell Turner Green Harris Lewis Wood "
        "Murphy Shaw Baker Ward Bailey Cooper Fox Holt Pearce Reid Moss Lambert Dawson",
        (("English", 24), ("English and Welsh", 1), ("English and Irish", 1)),
    ),
    NamePool(
        10,
        "Aisha Zara Mariam Ayesha Noor Hafsa Inaya Maryam",
        "Yusuf Ibrahim Zain Ayaan Hamza Rayan Idris Musa",
        "Ahmed Ali Hussain Iqbal Mahmood Akhtar Bashir Raza",
        (("Urdu and English", 4), ("Punjabi and English", 2), ("English", 2), ("Urdu", 1)),
    ),
    NamePool(
        5,
        "Anisa Tahmina Sumaiya Raisa",
        "Rayyan Arif Sami Imtiaz",
        "Chowdhury Miah Uddin Islam",
        (("Bengali and English", 3), ("Sylheti and English", 1), ("English", 1)),
    ),
    NamePool(
        4,
        "Diya Anika Riya Saanvi",
        "Aarav Vihaan Arjun Kian",
        "Patel Mistry Parmar Solanki",
        (("Gujarati and English", 2), ("English", 1)),
    ),
    NamePool(
        3,
        "Simran Jasleen Harleen",
        "Arjan Gurveer Jaskaran",
        "Sandhu Gill Dhillon Bains",
        (("Punjabi and English", 3), ("English", 1)),
    ),
    NamePool(
        8,
        "Zofia Maja Lena Hanna Julia Alicja",
        "Tomasz Kacper Jakub Filip Antoni Szymon",
        "Nowak Kaminski Mazur Zielinski Krawczyk Wojcik",
        (("English and Polish", 3), ("Polish", 2)),
    ),
    NamePool(
        4,
        "Ioana Elena Bianca",
        "Andrei Matei Stefan",
        "Popescu Ionescu Lungu Dumitru",
        (("Romanian", 2), ("Romanian and English", 2)),
    ),
    NamePool(
        4,
        "Sofiia Anastasiia Zlata",
        "Maksym Bohdan Mykyta",
        "Kovalenko Bondarenko Tkachenko Melnyk",
        (("Ukrainian", 2), ("Ukrainian and Russian", 1), ("Ukrainian and English", 1)),
    ),
    NamePool(
        5,
        "Adaeze Chioma Ifeoma Temitope",
        "Chidi Emeka Oluwatobi Tunde",
        "Okonkwo Eze Adeyemi Balogun Nwosu",
        (("English", 3), ("English and Yoruba", 1), ("English and Igbo", 1)),
    ),
    NamePool(
        4,
        "Akosua Abena Efua",
        "Kofi Kwabena Yaw",
        "Mensah Osei Boateng Owusu",
        (("English", 2), ("English and Twi", 2)),
    ),
    NamePool(
        3,
        "Hodan Ayan Sagal",
        "Abdirahman Guled Liban",
        "Abdi Jama Warsame Hersi",
        (("Somali and English", 3), ("Somali", 1)),
    ),
    NamePool(
        2,
        "Yara Lina",
        "Karim Omar",
        "Haddad Nasser Saleh",
        (("Arabic and English", 2), ("Arabic", 1)),
    ),
)
PREFERRED_NAMES = {
    "Elizabeth": "Libby",
    "Sebastian": "Seb",
    "Theodore": "Teddy",
    "Oluwatobi": "Tobi",
    "Anastasiia": "Nastia",
}


@dataclass(frozen=True)
class Special:
    """A child the demo needs on purpose: looked after, previously looked after, shared."""

    age_months: int
    looked_after: str = NOT_LOOKED_AFTER
    responsible_la: str | None = None
    legal_status: str = ""
    in_care_days: int = 0
    emergency: bool = False
    shared: bool = False
    sen: str | None = None


@dataclass(frozen=True)
class Leaver:
    destination: str
    to_reception: bool = True


@dataclass(frozen=True)
class Roll:
    """How many children a setting has, which rooms, and its special cases."""

    setting: str
    kind: str
    count: int
    rooms: tuple[tuple[int | None, str], ...]
    specials: tuple[Special, ...] = ()
    leavers: tuple[Leaver, ...] = ()


def _lac(age: int, la: str, status: str, days: int, *, emergency: bool = False) -> Special:
    return Special(
        age_months=age,
        looked_after=LOOKED_AFTER,
        responsible_la=la,
        legal_status=status,
        in_care_days=days,
        emergency=emergency,
    )


ROLLS = (
    Roll(
        ACORN,
        DAY_NURSERY,
        24,
        ((24, "Baby room"), (36, "Toddlers"), (None, "Pre-school")),
        specials=(
            _lac(44, NORTHSHIRE, "C2", 420),
            _lac(28, NORTHSHIRE, "C1", 25, emergency=True),
            _lac(38, NORTHSHIRE, "E1", 700),
            # Placed here by Westvale: an out-of-county placement, Westvale arranges the PEP.
            _lac(41, WESTVALE, "V2", 150),
            _lac(15, NORTHSHIRE, "V2", 9, emergency=True),
            Special(age_months=31, looked_after=PREVIOUSLY),
            Special(age_months=46, shared=True, sen=EHCP),
            Special(age_months=26, shared=True, sen=SEN_SUPPORT),
        ),
        leavers=(
            Leaver("Brook Lane Primary School reception"),
            Leaver("St Wilfrid's CE Primary School reception"),
        ),
    ),
    Roll(
        LITTLE_OWLS,
        PRESCHOOL,
        18,
        ((36, "Caterpillars"), (None, "Butterflies")),
        specials=(
            _lac(36, NORTHSHIRE, "C2", 500),
            _lac(30, NORTHSHIRE, "C1", 90),
            Special(age_months=42, looked_after=PREVIOUSLY),
            Special(age_months=34, shared=True, sen=SEN_SUPPORT),
        ),
        leavers=(Leaver("Wrenbury Cross Community Primary School reception"),),
    ),
    Roll(
        BROOK_LANE,
        SCHOOL_NURSERY,
        16,
        (),  # rooms by session, see _room
        specials=(_lac(45, NORTHSHIRE, "C2", 800), Special(age_months=47, sen=EHCP)),
        leavers=(Leaver("Brook Lane Primary School reception"),),
    ),
    Roll(
        RAINBOW_STEPS,
        CHILDMINDER,
        5,
        (),
        specials=(_lac(33, NORTHSHIRE, "E1", 610), Special(age_months=40, shared=True)),
    ),
    Roll(
        MEADOWBANK,
        DAY_NURSERY,
        17,
        ((18, "Babies"), (36, "Tweenies"), (None, "Pre-school")),
        specials=(
            # Northshire's child placed out of county, in Westvale.
            _lac(45, NORTHSHIRE, "C2", 300),
            _lac(26, WESTVALE, "C1", 60),
            Special(age_months=48, looked_after=PREVIOUSLY),
        ),
        leavers=(
            Leaver("Westvale Park Primary School reception"),
            Leaver("Another nursery: the family moved out of the area", to_reception=False),
        ),
    ),
)

# Youngest age at which each kind of setting takes a child, in months.
START_AGE_MONTHS = {DAY_NURSERY: 6, CHILDMINDER: 6, PRESCHOOL: 24, SCHOOL_NURSERY: 36}
SETTLING_DAYS = 21


# --- Dates ---------------------------------------------------------------------------


def _oldest_before_reception(on: date) -> date:
    """Return the earliest birthday of a child not yet in reception on the day."""
    return date(school_year_start(on).year - 4, 9, 1)


def _term_after(day: date) -> date:
    """Return the first day of the funding term (Sep, Jan, Apr) after the day."""
    starts = [date(year, month, 1) for year in (day.year, day.year + 1) for month in (1, 4, 9)]
    return min(start for start in starts if start > day)


def _funded(born: date, on: date, months: int) -> bool:
    """Return whether funding that starts the term after an age has started on the day."""
    return on >= _term_after(add_months(born, months))


def _summer_term_end(year: int) -> date:
    """Return the Friday on or before 22 July, roughly when the summer term ends."""
    day = date(year, 7, 22)
    return day - timedelta(days=(day.weekday() - 4) % 7)


def _next_monday(day: date) -> date:
    return day + timedelta(days=-day.weekday() % 7)


def _between(low: date, high: date, u: float) -> date:
    return low + timedelta(days=int((high - low).days * u))


# --- The plan: every row the demo needs, drawn without touching the database ----------


@dataclass
class Draw:
    """The random choices for one child, drawn in the same order whatever the date."""

    first_name: str
    last_name: str
    languages: str
    age: float
    start: float
    sen: float
    funding: float
    economic: float
    leave: float


def _draw_name(
    rng: random.Random, *, taken: set[tuple[str, str]], firsts: Counter[str], here: set[str]
) -> tuple[NamePool, str, str]:
    """Draw an unused name; no first name thrice, no surname twice in one setting."""
    pools = list(NAME_POOLS)
    weights = [pool.weight for pool in pools]
    while True:
        pool = rng.choices(pools, weights)[0]
        first = rng.choice((pool.girls if rng.random() < 0.5 else pool.boys).split())
        last = rng.choice(pool.surnames.split())
        if (first, last) not in taken and firsts[first] < 2 and last not in here:
            taken.add((first, last))
            firsts[first] += 1
            here.add(last)
            return pool, first, last


def _draw_children(rng: random.Random) -> list[list[Draw]]:
    taken: set[tuple[str, str]] = set()
    firsts: Counter[str] = Counter()
    rolls = []
    for roll in ROLLS:
        draws = []
        here: set[str] = set()
        for _ in range(roll.count):
            pool, first, last = _draw_name(rng, taken=taken, firsts=firsts, here=here)
            languages, language_weights = zip(*pool.languages, strict=True)
            draws.append(
                Draw(
                    first_name=first,
                    last_name=last,
                    languages=rng.choices(languages, language_weights)[0],
                    age=rng.random(),
                    start=rng.random(),
                    sen=rng.random(),
                    funding=rng.random(),
                    economic=rng.random(),
                    leave=rng.random(),
                )
            )
        rolls.append(draws)
    return rolls


def _room(roll: Roll, *, age_months: int, entitlement: str) -> str:
    if roll.kind == SCHOOL_NURSERY:
        return "Nursery (full day)" if entitlement == WORKING_30 else "Nursery (mornings)"
    for below, room in roll.rooms:
        if below is None or age_months < below:
            return room
    return ""


def _entitlement(
    born: date, on: date, *, disadvantaged: bool, looked_after: bool, u: float
) -> str:
    """Return a funded entitlement that fits the child's age on the day (DOMAIN.md §4)."""
    if _funded(born, on, 36):
        if disadvantaged:
            return UNIVERSAL_15
        return WORKING_30 if u < 0.5 else UNIVERSAL_15
    if _funded(born, on, 24):
        if disadvantaged:
            return TWO_15
        return WORKING_30 if u < 0.4 else WORKING_15 if u < 0.55 else NOT_FUNDED
    # Working-parent hours from 9 months; foster carers' eligibility is unconfirmed.
    if _funded(born, on, 9) and not looked_after:
        return WORKING_30 if u < 0.35 else WORKING_15 if u < 0.55 else NOT_FUNDED
    return NOT_FUNDED


def _child_row(
    roll: Roll,
    draw: Draw,
    *,
    today: date,
    special: Special | None,
    leaver: Leaver | None,
) -> Row:
    """Return one child's row: dates from the seed day, choices from the child's draw."""
    special = special or Special(age_months=0)
    start_age = START_AGE_MONTHS[roll.kind]
    leave_date = None
    if leaver is not None and leaver.to_reception:
        leave_date = _summer_term_end(today.year)
        if leave_date > today:
            leave_date = _summer_term_end(today.year - 1)
        oldest = _oldest_before_reception(leave_date)
        born = _between(oldest, add_months(oldest, 12) - timedelta(days=1), draw.age)
    else:
        on = today
        if leaver is not None:
            leave_date = on = today - timedelta(days=14 + int(draw.leave * 60))
        youngest = add_months(on, -start_age) - timedelta(days=SETTLING_DAYS)
        oldest = _oldest_before_reception(on)
        if special.age_months:
            wanted = add_months(on, -special.age_months) - timedelta(days=int(draw.age * 25))
            born = max(oldest, min(youngest, wanted))
        else:
            born = _between(youngest, oldest, draw.age)
    on = leave_date or today
    age_months = months_between(born, on)

    entered_care_on = None
    last_start = on - timedelta(days=7)
    first_start = add_months(born, start_age)
    start_date = _next_monday(_between(first_start, last_start, draw.start))
    if special.looked_after == LOOKED_AFTER:
        entered_care_on = max(
            born + timedelta(days=14), today - timedelta(days=special.in_care_days)
        )
        if special.in_care_days <= 120:
            # A new placement, so a new setting close to it.
            start_date = min(today, max(entered_care_on + timedelta(days=5), start_date))

    looked_after = special.looked_after == LOOKED_AFTER
    economic = (
        special.looked_after == NOT_LOOKED_AFTER and draw.economic < 0.18 and _funded(born, on, 24)
    )
    disadvantaged = economic or special.looked_after != NOT_LOOKED_AFTER
    entitlement = _entitlement(
        born, on, disadvantaged=disadvantaged, looked_after=looked_after, u=draw.funding
    )
    eypp_basis = ""
    if entitlement != NOT_FUNDED:
        eypp_basis = {LOOKED_AFTER: "looked_after", PREVIOUSLY: "left_care"}.get(
            special.looked_after, "economic" if economic else ""
        )

    sen = special.sen
    if sen is None:
        sen = SEN_SUPPORT if age_months >= 18 and draw.sen < 0.13 else SEN_NONE

    return {
        "setting": roll.setting,
        "first_name": draw.first_name,
        "last_name": draw.last_name,
        "preferred_name": PREFERRED_NAMES.get(draw.first_name, ""),
        "date_of_birth": born,
        "start_date": start_date,
        "leave_date": leave_date,
        "leaving_destination": leaver.destination if leaver else "",
        "room": _room(roll, age_months=age_months, entitlement=entitlement),
        "home_languages": draw.languages,
        "sen_status": sen,
        "funded_entitlement": entitlement,
        "eypp_basis": eypp_basis,
        "looked_after_status": special.looked_after,
        "legal_status": special.legal_status if looked_after else "",
        "entered_care_on": entered_care_on,
        "emergency_placement": special.emergency,
        "responsible_la": special.responsible_la if looked_after else None,
        "shared_with_la": special.shared,
    }


def demo_children(*, today: date) -> list[Row]:
    """Return the demo children as rows keyed by slugs, ages counted back from today."""
    rng = random.Random(SEED)
    rows = []
    for roll, draws in zip(ROLLS, _draw_children(rng), strict=True):
        specials: list[Special | None] = list(roll.specials)
        leavers: list[Leaver | None] = list(roll.leavers)
        regular = roll.count - len(specials) - len(leavers)
        slots = specials + [None] * regular
        for index, draw in enumerate(draws):
            special = slots[index] if index < len(slots) else None
            leaver = leavers[index - len(slots)] if index >= len(slots) else None
            rows.append(_child_row(roll, draw, today=today, special=special, leaver=leaver))
    return rows


# --- Writing: find by natural key, create what is missing, update what changed ------


@dataclass
class Tally:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)


def _sync(
    scope: "models.QuerySet[M]", *, key: Sequence[str], rows: Iterable[Row], tally: Tally
) -> dict[tuple[Any, ...], M]:
    """Create the rows missing from scope and update changed fields; return rows by key."""
    model = scope.model
    label = str(model._meta.verbose_name_plural)
    existing = {tuple(getattr(obj, name) for name in key): obj for obj in scope}
    missing, changed, fields = [], [], set()
    for row in rows:
        obj = existing.get(tuple(row[name] for name in key))
        if obj is None:
            missing.append(model(**row))
            continue
        differ = [name for name, value in row.items() if getattr(obj, name) != value]
        for name in differ:
            setattr(obj, name, row[name])
        if differ:
            changed.append(obj)
            fields.update(model._meta.get_field(name).name for name in differ)
    if missing:
        model.objects.bulk_create(missing)
        tally.created[label] += len(missing)
    if changed:
        model.objects.bulk_update(changed, sorted(fields))
        tally.updated[label] += len(changed)
    if missing:
        existing = {tuple(getattr(obj, name) for name in key): obj for obj in scope.all()}
    return existing


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
    children: int
    looked_after: int
    previously_looked_after: int
    created: Counter[str]
    updated: Counter[str]


@transaction.atomic
def demo_seed(*, password: str, today: date) -> DemoSummary:
    """Create or bring up to date the demo data set; return what is there and what changed."""
    child_model = apps.get_model("children", "Child")
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

    # Rooms are the children app's: children.demo.demo_rooms puts each child in theirs.
    child_rows = [
        {
            name: value
            for name, value in row.items()
            if name not in {"setting", "responsible_la", "room"}
        }
        | {
            "care_setting_id": setting_ids[row["setting"]],
            "responsible_la_id": la_ids[row["responsible_la"]] if row["responsible_la"] else None,
        }
        for row in demo_children(today=today)
    ]
    children = _sync(
        child_model.objects.filter(care_setting_id__in=setting_ids.values()),
        key=("care_setting_id", "first_name", "last_name"),
        rows=child_rows,
        tally=tally,
    )
    demo_keys = {
        (row["care_setting_id"], row["first_name"], row["last_name"]) for row in child_rows
    }
    statuses = Counter(
        child.looked_after_status for key, child in children.items() if key in demo_keys
    )
    return DemoSummary(
        local_authorities=len(las),
        care_settings=len(settings),
        inspections=len(inspection_rows),
        users=len(users),
        memberships=len(STAFF),
        la_roles=len(OFFICERS),
        children=len(demo_keys),
        looked_after=statuses[LOOKED_AFTER],
        previously_looked_after=statuses[PREVIOUSLY],
        created=tally.created,
        updated=tally.updated,
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
            _summer_term_end(next_year),
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
