"""Demo data for the child's record: rooms, health, the team around the child, consents, moves.

Called by ``manage.py seed_demo`` after the children exist. Deterministic and idempotent:
rows are matched by natural keys and only missing ones are created.
"""

import random
from collections import Counter
from datetime import date, timedelta

from accounts.demo import ROLLS, Roll, demo_children
from accounts.models import CareSetting
from children.models import HEALTH_FIELDS, Child, Consent, Room, SettingChange, TeamMember

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
    children = list(
        Child.objects.filter(care_setting_id__in=setting_ids)
        .select_related("care_setting__local_authority", "responsible_la")
        .order_by("care_setting_id", "last_name", "first_name")
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
