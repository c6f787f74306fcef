"""Children's part of the bench dataset: rooms, the roll, teams, consents, moves."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from bench.datasets import Build
from bench.scale import (
    CARER_FIRST_NAMES,
    FIRST_NAMES,
    HEALTH_VISITORS,
    IROS,
    LAST_NAMES,
    SCALE,
    SOCIAL_WORKERS,
    TOWNS,
    PlannedSetting,
    at,
    day_between,
)


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


def build_rooms(b: Build) -> None:
    """Each setting's rooms, youngest first; a child is put in the room for their age."""
    from children.models import Room

    batch, planned_settings = b.batch, b.planned_settings
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
    b.room_ids = room_ids


def plan_roll(b: Build) -> None:
    """Plan the children: on roll in every setting, plus leavers; then the looked-after ones."""
    from children.models import Child

    rng, today, now, home = b.rng, b.today, b.now, b.home
    planned_settings, by_setting, room_ids = b.planned_settings, b.by_setting, b.room_ids
    day_between = b.day_between
    home_la, other_la = b.las["home"], b.las["other"]

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
        c for c in children if c.leave_date is None and by_setting[c.care_setting_id].la == "home"
    ]
    on_roll_other = [
        c for c in children if c.leave_date is None and by_setting[c.care_setting_id].la == "other"
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
        record.legal_status = rng.choices(["C2", "C1", "E1", "V2"], weights=[55, 20, 10, 15])[0]
        record.entered_care_on = day_between(record.date_of_birth, today)
        record.emergency_placement = rng.random() < 0.1
    for record in rng.sample(
        [c for c in on_roll_home if c.looked_after_status == "no"], SCALE["shared_with_la"]
    ):
        record.shared_with_la = True
    hub_child = next(
        (c for c in picked_home[: SCALE["looked_after_home"]] if c.care_setting_id == home[0].pk),
        None,
    )
    if hub_child is None:
        raise SystemExit("No looked-after child at the largest setting: change the seed")
    b.children, b.picked_home, b.hub_child = children, picked_home, hub_child


def save_roll(b: Build) -> None:
    """Save the planned children, their key persons already chosen."""
    from children.models import Child

    batch, by_setting = b.batch, b.by_setting
    children = Child.objects.bulk_create(b.children, batch_size=batch)
    for record in children:
        by_setting[record.care_setting_id].child_ids.append(record.pk)
    b.children = children


def build_team_consents_and_moves(b: Build) -> None:
    """The team around each child, their consents, moves between settings."""
    from children.models import Consent, SettingChange, TeamMember

    children, hub_child, extra = b.children, b.hub_child, b.extra
    now, today, batch = b.now, b.today, b.batch
    planned_settings, memberships = b.planned_settings, b.memberships
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
            managers={m.care_setting_id: m.user_id for m in memberships if m.role == "manager"},
            hub_child=hub_child,
            rng=extra,
            now=now,
        ),
        batch_size=batch,
    )
