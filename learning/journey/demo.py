"""Demo data for the learning journey: about a year of observations.

Deterministic and idempotent: an observation is found by its setting, date and text; only
missing rows are created. Each child on roll has an
observation every three to five weeks from when they started (at most a year back), in
their key person's voice, chosen by age band and area; each room has a group observation
about every fortnight. Most are published, a few recent ones are drafts, and some are
shared with carers. No photos: the demo has no pictures of children.
"""

import random
from collections import Counter
from datetime import date, timedelta

from accounts.models import CareSetting, User
from children.models import Child
from common.demo import DemoContext
from learning.models import Area, Observation

SEED = 4242
# (text, next steps) by area and age band: "baby" under 2, "two" 2 to 3, "older" 3 and over.
SOLO: dict[str, dict[str, list[tuple[str, str]]]] = {
    "CL": {
        "baby": [
            (
                "{name} babbled 'ba-ba-ba' back to me during our rhyme time and watched my face "
                "closely, waiting for the next line.",
                "Keep repeating favourite rhymes and pause so {name} can fill the gap.",
            ),
            (
                "{name} turned to the sound of the door and pointed, looking back at me. I said "
                "'Door! Someone's coming' and {name} smiled.",
                "Name things {name} points to.",
            ),
        ],
        "two": [
            (
                "{name} brought me the tractor book and said 'tractor go' while turning the "
                "pages. {name} joined in with 'brrm' on every page.",
                "Model three-word phrases: 'the big tractor goes'.",
            ),
            (
                "At snack {name} asked 'more milk please' without a prompt and told a friend "
                "'my cup'.",
                "Offer choices at snack to encourage new words.",
            ),
        ],
        "older": [
            (
                "{name} retold the story of the three bears to a friend using the puppets, "
                "changing voices for each bear and remembering the repeated lines.",
                "Invite {name} to make up a new ending with the puppets.",
            ),
            (
                "During circle time {name} listened to a friend's news and asked 'why did your "
                "dog run away?'",
                "Encourage {name} to ask questions in small groups.",
            ),
        ],
    },
    "PSED": {
        "baby": [
            (
                "{name} settled quickly after drop-off today, reaching for me and then crawling "
                "to the treasure basket.",
                "Keep the same greeting routine at drop-off.",
            ),
        ],
        "two": [
            (
                "{name} waited for a turn on the bike for a short while with my support, then "
                "rode off happily.",
                "Use a sand timer to help {name} with turn taking.",
            ),
            (
                "{name} was upset when mum left but came for a cuddle and was soon playing in "
                "the home corner.",
                "Share photos of home in the setting to help {name} settle.",
            ),
        ],
        "older": [
            (
                "{name} noticed a friend crying and brought them their comforter, saying 'it's "
                "ok, mummy is coming back'.",
                "Talk about feelings using the emotions cards.",
            ),
            (
                "{name} put on a coat and shoes for outdoor play without help and helped a "
                "younger child with a zip.",
                "Give {name} a helper role at tidy-up time.",
            ),
        ],
    },
    "PD": {
        "baby": [
            (
                "{name} pulled up to standing on the low shelf and cruised along to reach the "
                "shakers.",
                "Set out sturdy push-along toys for {name} to practise walking.",
            ),
        ],
        "two": [
            (
                "{name} climbed the steps of the small slide and came down on tummy, feet "
                "first, laughing.",
                "Offer the balance beam with a hand to hold.",
            ),
            (
                "{name} used a spoon to feed independently at lunch, scooping most of the pasta.",
                "Offer a fork next time.",
            ),
        ],
        "older": [
            (
                "{name} used scissors to snip along the lines on the strip of card, holding it "
                "steady with the other hand.",
                "Offer curved lines to cut along.",
            ),
            (
                "{name} hopped on one foot across the playground markings and balanced on the "
                "beam with arms out.",
                "Set up an obstacle course for {name} to plan.",
            ),
        ],
    },
    "L": {
        "baby": [
            (
                "{name} patted the pictures in the touchy-feely book and turned a thick page.",
                "Share board books every day.",
            )
        ],
        "two": [
            (
                "{name} sat on the cushion with a book and 'read' it to the teddy, "
                "pointing at the pictures.",
                "Visit the library corner together.",
            )
        ],
        "older": [
            (
                "{name} recognised the first letter of their name on the peg labels and said "
                "'that's mine, it starts like me'.",
                "Play letter hunts with {name}'s initial.",
            ),
            (
                "{name} made marks on the clipboard and told me it was a shopping list: "
                "'apples, milk, sweets'.",
                "Add clipboards to the role-play shop.",
            ),
        ],
    },
    "M": {
        "baby": [
            (
                "{name} put the blocks into the tin one by one and tipped them out again, "
                "many times.",
                "Offer containers of different sizes.",
            )
        ],
        "two": [
            (
                "{name} sorted the animals into 'big ones' and 'baby ones' on the farm mat.",
                "Use size words in play: bigger, smaller.",
            )
        ],
        "older": [
            (
                "{name} counted five cars accurately, touching each one, and said 'five!' when "
                "asked how many.",
                "Count beyond five together in everyday routines.",
            ),
            (
                "{name} made a repeating pattern with the red and blue pegs and explained "
                "'red, blue, red, blue'.",
                "Challenge {name} with a three-colour pattern.",
            ),
        ],
    },
    "UTW": {
        "baby": [
            (
                "{name} watched the bubbles float and reached out to touch them, "
                "surprised when they popped.",
                "Explore water and bubbles outdoors.",
            )
        ],
        "two": [
            (
                "{name} found a worm in the digging patch and said 'wiggly!' and wanted "
                "to show everyone.",
                "Look at the minibeast book with {name}.",
            )
        ],
        "older": [
            (
                "{name} planted a bean in a pot and predicted 'it will grow up to the sky like "
                "Jack's'.",
                "Measure the bean each week with {name}.",
            ),
            (
                "{name} talked about celebrating Diwali at home and showed friends how to make "
                "a diya from clay.",
                "Invite family to share more about the celebration.",
            ),
        ],
    },
    "EAD": {
        "baby": [
            (
                "{name} bounced and swayed when the music played and shook the maracas.",
                "Offer a range of instruments.",
            )
        ],
        "two": [
            (
                "{name} squeezed the paint bottle and spread the colours with both hands, "
                "saying 'mixing'.",
                "Offer brushes and rollers as well as hands.",
            )
        ],
        "older": [
            (
                "{name} built a rocket from boxes and tubes, choosing the tape and explaining "
                "'this is where the astronauts sit'.",
                "Add a space role-play area.",
            ),
            (
                "{name} made up a song about the rain and sang it to the group with actions.",
                "Record {name}'s song to share with family.",
            ),
        ],
    },
}
GROUP = [
    (
        "A group of us made playdough together: {names} took turns to pour, stir and knead. "
        "Lots of talk about 'sticky' and 'soft'.",
        "Make playdough again and let the children measure the flour.",
        ("PD", "CL"),
    ),
    (
        "{names} went on a welly walk to the park. They jumped in puddles, collected leaves and "
        "compared their sizes.",
        "Make a leaf collage from the walk.",
        ("UTW", "PD"),
    ),
    (
        "At story time {names} joined in with 'We're going on a bear hunt', doing the actions "
        "and shouting the repeated lines.",
        "Act out the story outdoors.",
        ("L", "CL"),
    ),
    (
        "{names} set up a café in the home corner, taking orders and counting out pretend coins.",
        "Add a menu with prices to the café.",
        ("M", "PSED"),
    ),
    (
        "{names} painted a long mural together for the entrance, sharing the pots and "
        "talking about the colours they mixed.",
        "Display the mural and talk about it with families.",
        ("EAD", "PSED"),
    ),
]


def _band(child: Child, on: date) -> str:
    months = child.age_in_months(on)
    return "baby" if months < 24 else "two" if months < 36 else "older"


def demo_journey(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Create the demo settings' observations; return counts."""
    created: Counter[str] = Counter()
    areas = {area.code: area for area in Area.objects.all()}
    if not areas:
        return created  # no framework data: nothing sensible to write
    rng = random.Random(SEED)
    for care_setting in CareSetting.objects.filter(pk__in=setting_ids).order_by("pk"):
        staff = list(
            User.objects.filter(
                memberships__care_setting=care_setting, memberships__is_active=True
            ).order_by("pk")
        )
        if not staff:
            continue
        children = list(
            care_setting.children.filter(start_date__lte=today)
            .exclude(leave_date__lt=today - timedelta(days=365))
            .order_by("pk")
        )
        existing = set(
            Observation.objects.filter(care_setting=care_setting).values_list(
                "observed_on", "text"
            )
        )
        plans = _solo_plans(children, staff, areas, rng, today) + _group_plans(
            children, staff, rng, today
        )
        for plan in plans:
            key = (plan["observed_on"], plan["text"])
            if key in existing:
                continue
            existing.add(key)
            observation = Observation.objects.create(
                care_setting=care_setting,
                author=plan["author"],
                observed_on=plan["observed_on"],
                text=plan["text"],
                next_steps=plan["next_steps"],
                status=plan["status"],
                visible_to_carers=plan["visible"],
            )
            observation.children.set(plan["children"])
            observation.areas.set([areas[code] for code in plan["areas"] if code in areas])
            created["observations"] += 1
    return created


def _observation_days(start: date, today: date, rng: random.Random) -> list[date]:
    day = max(start, today - timedelta(days=365)) + timedelta(days=rng.randint(3, 20))
    days = []
    while day <= today:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=rng.randint(21, 35))
    return days


def _status(day: date, today: date, rng: random.Random) -> tuple[str, bool]:
    draft = (today - day).days < 21 and rng.random() < 0.35
    if draft:
        return Observation.Status.DRAFT, False
    return Observation.Status.PUBLISHED, rng.random() < 0.4


def _solo_plans(
    children: list[Child], staff: list[User], areas: dict, rng: random.Random, today: date
) -> list[dict]:
    plans = []
    codes = list(SOLO)
    for child in children:
        last_day = child.leave_date or today
        author = next((user for user in staff if user.pk == child.key_person_id), staff[0])
        for day in _observation_days(child.start_date, min(last_day, today), rng):
            code = rng.choice(codes)
            text, steps = rng.choice(SOLO[code][_band(child, day)])
            second = rng.choice([c for c in codes if c != code]) if rng.random() < 0.3 else None
            status, visible = _status(day, today, rng)
            plans.append(
                {
                    "children": [child],
                    "author": author,
                    "observed_on": day,
                    "text": text.format(name=child.known_as),
                    "next_steps": steps.format(name=child.known_as),
                    "areas": [code] + ([second] if second else []),
                    "status": status,
                    "visible": visible,
                }
            )
    return plans


def _group_plans(
    children: list[Child], staff: list[User], rng: random.Random, today: date
) -> list[dict]:
    plans = []
    rooms: dict[int | None, list[Child]] = {}
    for child in children:
        rooms.setdefault(child.room_id, []).append(child)
    for room_children in rooms.values():
        day = today - timedelta(days=365) + timedelta(days=rng.randint(5, 14))
        while day <= today:
            present = [
                child
                for child in room_children
                if child.start_date <= day and (child.leave_date is None or child.leave_date > day)
            ]
            if len(present) >= 2 and day.weekday() < 5:
                group = rng.sample(present, min(len(present), rng.randint(2, 4)))
                text, steps, codes = rng.choice(GROUP)
                names = [child.known_as for child in group]
                status, visible = _status(day, today, rng)
                plans.append(
                    {
                        "children": group,
                        "author": rng.choice(staff),
                        "observed_on": day,
                        "text": text.format(names=", ".join(names[:-1]) + " and " + names[-1]),
                        "next_steps": steps,
                        "areas": list(codes),
                        "status": status,
                        "visible": visible,
                    }
                )
            day += timedelta(days=rng.randint(12, 18))
    return plans


def demo_step(ctx: DemoContext) -> None:
    """Seed the learning journey's part of the demo, once the children exist."""
    ctx.created.update(demo_journey(setting_ids=ctx.setting_ids, today=ctx.today))
