"""The demo data: loads, runs again without change, and fits the product's rules."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from accounts.models import LaRole, Membership, User
from children.models import Child, Consent, SettingChange, TeamMember
from keypersons.models import KeyPersonAllocation, TrainingRecord

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            Membership,
            LaRole,
            Child,
            TeamMember,
            Consent,
            SettingChange,
            KeyPersonAllocation,
            TrainingRecord,
        )
    }


def test_seeding_twice_creates_nothing_the_second_time():
    call_command("seed_demo", stdout=StringIO())
    first = counts()

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert counts() == first
    assert "Created: nothing." in out.getvalue()
    assert first["Child"] == 80


def test_every_demo_login_has_the_published_password():
    call_command("seed_demo", stdout=StringIO())

    for email in DEMO_LOGINS:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD), email


def test_the_demo_key_person_is_the_trained_designated_key_person_of_children_in_care():
    call_command("seed_demo", stdout=StringIO())
    key_person = User.objects.get(email="keyperson@demo.test")

    cic = Child.objects.looked_after().filter(care_setting__slug="acorn-day-nursery")

    assert cic.exists()
    assert set(cic.values_list("key_person", flat=True)) == {key_person.pk}
    assert not KeyPersonAllocation.objects.filter(
        child__in=cic, ends_on__isnull=True, kind="key_person", is_designated=False
    ).exists()
    assert TrainingRecord.objects.filter(staff=key_person, course="children_in_care").exists()


def test_the_child_record_names_the_key_person_of_the_current_allocation():
    call_command("seed_demo", stdout=StringIO())

    mismatched = Child.objects.exclude(
        Q(key_person__isnull=True, allocations__isnull=True)
        | Q(
            allocations__kind="key_person",
            allocations__ends_on__isnull=True,
            allocations__staff=F("key_person"),
        )
    )
    assert not mismatched.exists()
    unallocated = Child.objects.filter(
        care_setting__slug="acorn-day-nursery", key_person__isnull=True
    ).on_roll()
    assert unallocated.count() == 2


def test_looked_after_children_have_a_carer_a_social_worker_and_an_iro():
    call_command("seed_demo", stdout=StringIO())

    teams = Child.objects.looked_after().annotate(roles=Count("team__role", distinct=True))
    assert all(child.roles == 3 for child in teams)
