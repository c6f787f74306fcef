"""The demo notes of visit: shared at Little Owls and Acorn, one draft, one reflected on."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import ACORN, LITTLE_OWLS
from accounts.models import CareSetting, User
from common import dates
from quality.models import ActionPlan, Visit
from quality.visits.demo import demo_visits


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_shared_notes_a_draft_and_reflections(seeded, client_as):
    little_owls = Visit.objects.filter(care_setting__slug=LITTLE_OWLS)
    acorn = Visit.objects.filter(care_setting__slug=ACORN)

    plan = ActionPlan.objects.get(care_setting__slug=LITTLE_OWLS, status=ActionPlan.Status.OPEN)
    assert little_owls.count() == 2 and all(visit.plan == plan for visit in little_owls)
    assert little_owls.filter(kind=Visit.Kind.POST_INSPECTION, shared_at__isnull=False).exists()
    reflected = little_owls.exclude(reflections="").get()
    assert reflected.reflections_by.email == "littleowls@demo.test"
    assert acorn.filter(kind=Visit.Kind.MONITORING, shared_at__isnull=False).exists()
    draft = Visit.objects.get(shared_at__isnull=True)
    assert draft.care_setting.slug == ACORN
    assert all(visit.advisor.email == "advisor@demo.test" for visit in Visit.objects.all())
    assert all(visit.visited_on <= dates.today() for visit in Visit.objects.all())

    manager = client_as(User.objects.get(email="manager@demo.test"))
    address = reverse("settings:quality:visit_detail", args=[ACORN, draft.pk])
    assert manager.get(address).status_code == 404

    again = demo_visits(
        setting_ids=list(CareSetting.objects.values_list("pk", flat=True)),
        today=dates.today(),
    )
    assert sum(again.values()) == 0
    assert Visit.objects.count() == 4
