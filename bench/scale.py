from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

SIGN_IN_PASSWORD = "bench-sign-in-password-2026"


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


def at(day: date, *, today: date, now: datetime) -> datetime:
    """Return the moment ``now`` was, on the given day."""
    return now - timedelta(days=(today - day).days)


def shift_years(day: date, years: int) -> date:
    """Return the same day ``years`` later (earlier if negative); 29 February becomes 28."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def day_between(start: date, end: date, rng: random.Random) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))
