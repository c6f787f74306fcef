"""Accounts' part of the bench dataset: LAs, settings, inspections, people, the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

from bench.datasets import Build
from bench.scale import (
    CHILDREN_RANGE,
    HOME_LA_SLUG,
    KEY_PERSON_POSITION,
    KIND_SHARES,
    KIND_WORDS,
    LARGE_SETTING_SLUG,
    LAST_NAMES,
    OTHER_LA_SLUG,
    PERSONA_EMAILS,
    SCALE,
    SIGN_IN_PASSWORD,
    STAFF_RANGE,
    TOWNS,
    VERBS,
    PlannedSetting,
    fit,
)


def plan_settings(b: Build) -> None:
    """Plan the settings: kinds, sizes and staff, fitted to the totals of SCALE."""
    rng = b.rng
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
    b.home, b.planned_settings = home, planned_settings


def build_places(b: Build) -> None:
    """Create the two local authorities and their care settings."""
    from django.utils.text import slugify

    from accounts.models import CareSetting, LocalAuthority

    rng, now, batch, planned_settings = b.rng, b.now, b.batch, b.planned_settings
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
    b.las = las


def build_inspections(b: Build) -> None:
    """Inspections: graded judgements up to November 2025, report cards after."""
    from accounts.models import OfstedInspection, below_good

    rng, today, batch, planned_settings = b.rng, b.today, b.batch, b.planned_settings
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
    for row in rows:  # bulk_create skips save(), which sets it
        row.below_good = below_good(
            row.scheme, row.overall_grade, row.safeguarding_met, row.area_grades
        )
    OfstedInspection.objects.bulk_create(rows, batch_size=batch)


def build_people(b: Build) -> None:
    """Create the staff (the first member of each setting manages it), then the LA's own."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import AdvisorAssignment, LaRole, Membership, User

    rng, now, batch = b.rng, b.now, b.batch
    home, planned_settings, person = b.home, b.planned_settings, b.person
    home_la, other_la = b.las["home"], b.las["other"]
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
            LaRole(user=improvement_advisor, local_authority=home_la, role="improvement_advisor"),
            LaRole(user=cic_advisor, local_authority=home_la, role="cic_advisor"),
            LaRole(user=other_admin, local_authority=other_la, role="la_admin"),
        ]
    )
    assigned = [home[0], *rng.sample(home[1:], SCALE["advisor_settings"] - 1)]
    AdvisorAssignment.objects.bulk_create(
        [AdvisorAssignment(la_role=roles[1], care_setting_id=p.pk) for p in assigned]
    )
    b.users, b.memberships, b.by_setting = users, memberships, by_setting


def build_audit_trail(b: Build) -> None:
    """Audit events: the large setting is busy; the rest follow the size of each setting."""
    from django.contrib.contenttypes.models import ContentType

    from children.models import Child
    from common.models import AuditEvent

    rng, now, batch, home, users = b.rng, b.now, b.batch, b.home, b.users
    home_la = b.las["home"]
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
