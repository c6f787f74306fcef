"""Demo data for the child's record: the roll, rooms, health, the team, consents, moves.

``demo_step`` is the children app's demo step, run after the accounts step has made the
settings. Deterministic and idempotent: rows are matched by natural keys, only missing ones
are created and only changed fields written. The roll's random choices come from
``random.Random(ROLL_SEED)`` and are drawn in the same order whatever the date; children's
dates are then worked out back from the seed day, so ages stay between 0 and 5 whenever it
runs. A run on a later day moves those dates along but never adds rows.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F

from accounts.demo import (
    ACORN,
    BROOK_LANE,
    CARE_SETTINGS,
    FENMOOR,
    LITTLE_OWLS,
    LOCAL_AUTHORITIES,
    MEADOWBANK,
    NORTHSHIRE,
    RAINBOW_STEPS,
    WESTVALE,
)
from accounts.models import CareSetting, LocalAuthority
from children.models import HEALTH_FIELDS, Child, Consent, Room, SettingChange, TeamMember
from common.dates import add_months, months_between, school_year_start
from common.demo import DemoContext, Row
from common.demo import sync as _sync

ROLL_SEED = 2026
DAY_NURSERY = CareSetting.Kind.DAY_NURSERY
PRESCHOOL = CareSetting.Kind.PRESCHOOL
SCHOOL_NURSERY = CareSetting.Kind.SCHOOL_NURSERY
CHILDMINDER = CareSetting.Kind.CHILDMINDER

# Values of Child's choices, as the roll's plan writes them.
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


# --- The roll: who is at each setting, planned without touching the database ---------


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
            # Placed here by Fenmoor, which does not use the portal: the setting records
            # the PEP meeting's outcome and uploads Fenmoor's PEP document.
            _lac(30, FENMOOR, "C1", 90),
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
    # The EYPP ground the family would declare (not a field of the child: the EYPP demo
    # step records it with its evidence, and the EYPP app keeps the child's award).
    eypp_ground = "left_care" if special.looked_after == PREVIOUSLY else ""
    if economic:
        eypp_ground = "economic"

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
        "eypp_ground": eypp_ground,
        "looked_after_status": special.looked_after,
        "legal_status": special.legal_status if looked_after else "",
        "entered_care_on": entered_care_on,
        "emergency_placement": special.emergency,
        "responsible_la": special.responsible_la if looked_after else None,
        "shared_with_la": special.shared,
    }


def demo_children(*, today: date) -> list[Row]:
    """Return the demo children as rows keyed by slugs, ages counted back from today."""
    rng = random.Random(ROLL_SEED)
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


SEED = 2027
SOCIAL_CARE = {
    "northshire": "Northshire County Council Children's Services",
    "westvale": "Westvale Borough Council Children's Services",
}
CARER_FIRST = ["Joanne", "Mark", "Lorraine", "Dev", "Sandra", "Peter", "Yasmin", "Colin"]
CARER_LAST = ["Holt", "Ferris", "Adebayo", "Malik", "Greaves", "Lund", "Osei", "Barnard"]
WORKERS = ["Hayley Crane", "Dominic Reyes", "Nasreen Akhtar", "Liam Gallagher-Price"]
IROS = ["Patricia Doyle", "Samuel Okoye"]
HEALTH_VISITORS = ["Beth Morgan", "Anita Desai"]


def _room_specs(roll: Roll, named: set[str]) -> list[tuple[str, int | None, int | None]]:
    """Return (name, from age, up to age) of the setting's rooms, youngest first."""
    specs: list[tuple[str, int | None, int | None]] = []
    low = None
    for below, name in roll.rooms:
        specs.append((name, low, below))
        low = below
    # Rooms by session rather than age (a school nursery's mornings and full days).
    specs += [(name, None, None) for name in sorted(named - {spec[0] for spec in specs})]
    return specs


def demo_rooms(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Give each demo setting its list of rooms and put every demo child in theirs."""
    created: Counter[str] = Counter()
    ids = dict(CareSetting.objects.filter(pk__in=setting_ids).values_list("slug", "pk"))
    wanted: dict[tuple[int, str, str], str] = {}
    for row in demo_children(today=today):
        if row["setting"] in ids and row["room"]:
            wanted[(ids[row["setting"]], row["first_name"], row["last_name"])] = row["room"]
    rooms = {
        (room.care_setting_id, room.name): room
        for room in Room.objects.filter(care_setting_id__in=ids.values())
    }
    new_rooms = []
    for roll in ROLLS:
        if roll.setting not in ids:
            continue
        setting_id = ids[roll.setting]
        named = {name for (where, _, _), name in wanted.items() if where == setting_id}
        for order, (name, low, high) in enumerate(_room_specs(roll, named), start=1):
            if (setting_id, name) not in rooms:
                new_rooms.append(
                    Room(
                        care_setting_id=setting_id,
                        name=name,
                        min_age_months=low,
                        max_age_months=high,
                        order=order,
                    )
                )
    for room in Room.objects.bulk_create(new_rooms):
        rooms[(room.care_setting_id, room.name)] = room
    created["rooms"] += len(new_rooms)

    moved = []
    for child in Child.objects.filter(care_setting_id__in=ids.values()):
        name = wanted.get((child.care_setting_id, child.first_name, child.last_name))
        room = rooms.get((child.care_setting_id, name)) if name else None
        if room is not None and child.room_id != room.pk:
            child.room = room
            moved.append(child)
    Child.objects.bulk_update(moved, ["room"])
    return created


FIRST_TO_CALL = {"is_emergency_contact": True, "emergency_order": 1}
# Health details, drawn per child so that the draws of the older demo steps do not move.
ALLERGIES = [
    "Peanuts and tree nuts: anaphylaxis. Adrenaline pen (EpiPen Jr) in the office, a second "
    "in the outings bag.",
    "Cow's milk protein: rash and vomiting. Oat milk instead.",
    "Egg: hives around the mouth. Antihistamine (cetirizine) in the office.",
    "Sesame: swelling of the lips. Check every snack label.",
    "Penicillin (from the GP's record).",
]
CONDITIONS = [
    ("Asthma, worse in cold weather.", "Blue reliever inhaler with spacer, 2 puffs as needed."),
    ("Eczema on the hands and behind the knees.", "Emollient cream after handwashing."),
    ("Febrile convulsions in the past: call 999 if a seizure lasts over 5 minutes.", ""),
    ("Type 1 diabetes.", "Insulin by the parent at home; glucose tablets in the office."),
]
DIETS = ["Vegetarian", "Halal", "No pork", "Vegan", "Soft foods: still learning to chew"]
GP_PRACTICES = [
    ("Dr Aisha Rahman", "Brook Lane Surgery", "01632 960401"),
    ("Dr Tom Whitfield", "Northshire Health Centre", "01632 960402"),
    ("Dr Grace Owusu", "Meadowbank Medical Practice", "01632 960403"),
]
GRANDPARENTS = ["Grandmother", "Grandfather", "Aunt", "Family friend"]


def _own_rng(child: Child, purpose: str) -> random.Random:
    """Return a generator for one child, the same whatever order the children come in."""
    return random.Random(f"{SEED}:{purpose}:{child.first_name}:{child.last_name}")


def _second_contact(child: Child, rng: random.Random) -> dict | None:
    """Return a relative to call after the parent, for about a third of the families."""
    if child.looked_after_status == Child.LookedAfter.LOOKED_AFTER or rng.random() > 0.35:
        return None
    relationship = rng.choice(GRANDPARENTS)
    return {
        "role": TeamMember.Role.OTHER,
        "name": f"{rng.choice(CARER_FIRST)} {rng.choice(CARER_LAST)}",
        "relationship": relationship,
        "phone": _phone(rng),
        "is_emergency_contact": True,
        "emergency_order": 2,
    }


def demo_health(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Give the demo children a GP and some of them allergies, diets and medical needs.

    Only records with no health details yet are filled, so a rerun changes nothing. The
    first looked-after child of each setting has an allergy, so that the key person's list
    and the advisors' pages show one.
    """
    created: Counter[str] = Counter()
    children = list(
        Child.objects.filter(care_setting_id__in=setting_ids).order_by(
            "care_setting_id", "last_name", "first_name"
        )
    )
    first_in_care = {}
    for child in children:
        if child.is_looked_after:
            first_in_care.setdefault(child.care_setting_id, child.pk)
    filled = []
    for child in children:
        if any(getattr(child, name) for name in HEALTH_FIELDS):
            continue
        rng = _own_rng(child, "health")
        child.gp_name, child.gp_practice, child.gp_phone = rng.choice(GP_PRACTICES)
        if rng.random() < 0.2 or first_in_care.get(child.care_setting_id) == child.pk:
            child.allergies = rng.choice(ALLERGIES)
        if rng.random() < 0.15:
            child.medical_conditions, child.medication = rng.choice(CONDITIONS)
        if rng.random() < 0.2:
            child.dietary_needs = rng.choice(DIETS)
        filled.append(child)
    Child.objects.bulk_update(filled, list(HEALTH_FIELDS))
    created["health records"] += len(filled)
    return created


def _phone(rng: random.Random) -> str:
    # Ofcom's numbers for drama: never a real line.
    return f"01632 960{rng.randint(0, 999):03d}"


def _team_rows(child: Child, rng: random.Random) -> list[dict]:
    la_slug = (child.responsible_la or child.care_setting.local_authority).slug
    if child.looked_after_status == Child.LookedAfter.LOOKED_AFTER:
        carer_name = f"{rng.choice(CARER_FIRST)} {rng.choice(CARER_LAST)}"
        kinship = rng.random() < 0.25
        return [
            {
                "role": TeamMember.Role.KINSHIP_CARER if kinship else TeamMember.Role.FOSTER_CARER,
                "name": carer_name,
                "relationship": "Grandmother" if kinship else "",
                "phone": _phone(rng),
                "email": f"{carer_name.lower().replace(' ', '.')}@carers.demo.test",
                "has_parental_responsibility": False,
                "invite_to_pep": True,
                **FIRST_TO_CALL,
            },
            {
                "role": TeamMember.Role.SOCIAL_WORKER,
                "name": rng.choice(WORKERS),
                "organisation": SOCIAL_CARE.get(la_slug, "Children's Services"),
                "phone": _phone(rng),
                "email": f"social.work@{la_slug}.demo.test",
                "invite_to_pep": True,
            },
            {
                "role": TeamMember.Role.IRO,
                "name": rng.choice(IROS),
                "organisation": SOCIAL_CARE.get(la_slug, "Children's Services"),
                "email": f"iro@{la_slug}.demo.test",
                "invite_to_pep": True,
            },
        ]
    parent = f"{rng.choice(CARER_FIRST)} {child.last_name}"
    rows = [
        {
            "role": TeamMember.Role.PARENT,
            "name": parent,
            "relationship": rng.choice(["Mother", "Father"]),
            "phone": _phone(rng),
            "email": f"{parent.lower().replace(' ', '.')}@families.demo.test",
            "has_parental_responsibility": True,
            **FIRST_TO_CALL,
        }
    ]
    if child.age_in_months(child.start_date) < 30 and rng.random() < 0.5:
        rows.append(
            {
                "role": TeamMember.Role.HEALTH_VISITOR,
                "name": rng.choice(HEALTH_VISITORS),
                "organisation": "Northshire Community Health",
            }
        )
    return rows


def demo_team_and_consents(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Give every demo child a team and consents; return what was created."""
    rng = random.Random(SEED)
    created: Counter[str] = Counter()
    # Drawn in the order of the roll: a child who moved to another setting keeps the place
    # (and so the draws) of the setting whose roll they are on.
    slugs = dict(CareSetting.objects.filter(pk__in=setting_ids).values_list("slug", "pk"))
    roll_of = {
        (row["first_name"], row["last_name"]): slugs.get(row["setting"])
        for row in demo_children(today=today)
    }
    children = sorted(
        Child.objects.filter(care_setting_id__in=setting_ids).select_related(
            "care_setting__local_authority", "responsible_la"
        ),
        key=lambda child: (
            roll_of.get((child.first_name, child.last_name)) or child.care_setting_id,
            child.last_name,
            child.first_name,
        ),
    )
    have_team = {
        (member.child_id, member.role, member.name): member
        for member in TeamMember.objects.filter(child__in=children)
    }
    new_members, flagged = [], []
    for child in children:
        rows = _team_rows(child, rng)
        if second := _second_contact(child, _own_rng(child, "contacts")):
            rows.append(second)
        for row in rows:
            member = have_team.get((child.pk, row["role"], row["name"]))
            if member is None:
                new_members.append(TeamMember(child=child, **row))
            elif row.get("is_emergency_contact") and not member.is_emergency_contact:
                # Seeded before emergency contacts were recorded.
                member.is_emergency_contact = True
                member.emergency_order = row["emergency_order"]
                flagged.append(member)
    TeamMember.objects.bulk_create(new_members)
    TeamMember.objects.bulk_update(flagged, ["is_emergency_contact", "emergency_order"])
    created["team members"] += len(new_members)

    carers = {}
    for member in TeamMember.objects.filter(
        child__in=children, role__in=TeamMember.CARER_ROLES
    ).order_by("pk"):
        carers.setdefault(member.child_id, member)
    have_consent = set(Consent.objects.filter(child__in=children).values_list("child_id", "kind"))
    new_consents = []
    for child in children:
        carer = carers.get(child.pk)
        # The newest starters have not returned their forms yet.
        if carer is None or (today - child.start_date).days < 14:
            continue
        for kind in Consent.Kind.values:
            if (child.pk, kind) in have_consent:
                continue
            refused = kind == Consent.Kind.PHOTOGRAPHS and rng.random() < 0.1
            withdrawn = kind == Consent.Kind.OUTINGS and not refused and rng.random() < 0.05
            new_consents.append(
                Consent(
                    child=child,
                    kind=kind,
                    granted=not refused,
                    given_by=carer,
                    given_on=child.start_date,
                    withdrawn_on=(today - timedelta(days=20)) if withdrawn else None,
                )
            )
    Consent.objects.bulk_create(new_consents)
    created["consents"] += len(new_consents)
    return created


def demo_setting_change(*, from_slug: str, to_slug: str, today: date) -> Counter[str]:
    """Record that the first looked-after child at ``to_slug`` moved there from ``from_slug``."""
    created: Counter[str] = Counter()
    to_setting = CareSetting.objects.get(slug=to_slug)
    child = (
        Child.objects.looked_after()
        .filter(care_setting=to_setting)
        .order_by("last_name", "first_name")
        .first()
    )
    if child is None or SettingChange.objects.filter(child=child).exists():
        return created
    SettingChange.objects.create(
        child=child,
        from_setting=CareSetting.objects.get(slug=from_slug),
        to_setting=to_setting,
        moved_on=child.start_date,
        reason="New foster placement nearer Acorn Day Nursery",
    )
    created["setting changes"] += 1
    return created


def demo_roll(ctx: DemoContext) -> None:
    """Create or bring up to date the demo children of the demo settings."""
    today = ctx.today
    la_ids = dict(
        LocalAuthority.objects.filter(
            slug__in=[row["slug"] for row in LOCAL_AUTHORITIES]
        ).values_list("slug", "pk")
    )
    setting_ids = dict(
        CareSetting.objects.filter(slug__in=[row["slug"] for row in CARE_SETTINGS]).values_list(
            "slug", "pk"
        )
    )
    # Rooms come next: demo_rooms puts each child in theirs.
    child_rows = [
        {
            name: value
            for name, value in row.items()
            if name not in {"setting", "responsible_la", "room", "eypp_ground"}
        }
        | {
            "care_setting_id": setting_ids[row["setting"]],
            "responsible_la_id": la_ids[row["responsible_la"]] if row["responsible_la"] else None,
        }
        for row in demo_children(today=today)
    ]
    # A child who moved on to another setting on the portal is there now, not made again.
    moved_on = set(
        SettingChange.objects.filter(from_setting_id__in=setting_ids.values())
        .exclude(child__care_setting_id=F("from_setting_id"))
        .values_list("from_setting_id", "child__first_name", "child__last_name")
    )
    children = _sync(
        Child.objects.filter(care_setting_id__in=setting_ids.values()),
        key=("care_setting_id", "first_name", "last_name"),
        rows=[
            row
            for row in child_rows
            if (row["care_setting_id"], row["first_name"], row["last_name"]) not in moved_on
        ],
        tally=ctx,
    )
    demo_keys = {
        (row["care_setting_id"], row["first_name"], row["last_name"]) for row in child_rows
    }
    statuses = Counter(
        child.looked_after_status for key, child in children.items() if key in demo_keys
    )
    ctx.figures.update(
        children=len(demo_keys),
        looked_after=statuses[LOOKED_AFTER],
        previously_looked_after=statuses[PREVIOUSLY],
    )


def demo_step(ctx: DemoContext) -> None:
    """Seed the children app's part: the roll, then rooms, health, teams, consents, a move."""
    demo_roll(ctx)
    for part in (demo_rooms, demo_health, demo_team_and_consents):
        ctx.created.update(part(setting_ids=ctx.setting_ids, today=ctx.today))
    ctx.created.update(demo_setting_change(from_slug=LITTLE_OWLS, to_slug=ACORN, today=ctx.today))
