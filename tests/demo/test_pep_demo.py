"""The demo's PEPs: one at every stage, the clock's rule of one current cycle kept, packs made."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from children.models import Child
from common import dates
from notifications.services import sweep
from pep.clock.services import ensure_cycles
from pep.models import ExternalPepDocument, Pep, PepPack

# Packs are rendered once the demo's transaction commits: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)
FRAMEWORK_DATA = importlib.import_module("learning.migrations.0002_framework_data")


@pytest.fixture
def seeded(settings, tmp_path):
    # A transactional test starts from emptied tables: put back the shipped framework data.
    FRAMEWORK_DATA.ship(apps, None)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_a_pep_at_every_stage(seeded):
    current = set(Pep.objects.filter(is_current=True).values_list("status", flat=True))

    assert current >= {
        Pep.Status.DUE,
        Pep.Status.SCHEDULED,
        Pep.Status.PAPERWORK_REQUESTED,
        Pep.Status.SUBMITTED,
        Pep.Status.AWAITING_QA,
        Pep.Status.RETURNED,
    }
    today = dates.today()
    overdue = Pep.objects.filter(is_current=True, due_on__lt=today)
    assert overdue.filter(kind=Pep.Kind.REVIEW, status=Pep.Status.DUE).exists()
    assert overdue.filter(kind=Pep.Kind.INITIAL, status=Pep.Status.DUE).exists()
    assert Pep.objects.filter(
        is_current=True, status=Pep.Status.PAPERWORK_REQUESTED, paperwork_due_on__lt=today
    ).exists()


def test_every_signed_demo_pep_has_its_pack_with_a_matching_checksum(seeded):
    import hashlib

    signed = Pep.objects.filter(status=Pep.Status.SIGNED_OFF)
    packs = PepPack.objects.filter(pep__in=signed)

    assert packs.count() == signed.exclude(external_documents__isnull=False).count() > 0
    for pack in packs:
        with pack.pdf.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == pack.sha256


def test_the_child_placed_by_an_la_off_the_portal_has_its_pep_recorded_with_the_document(
    seeded,
):
    document = ExternalPepDocument.objects.select_related("pep__responsible_la").get()

    assert document.pep.status == Pep.Status.SIGNED_OFF
    assert document.pep.responsible_la.slug == "fenmoor"
    assert Pep.objects.filter(child=document.pep.child, is_current=True, previous=document.pep)


def test_the_clock_agrees_with_the_demo_and_the_first_sweep_writes_pep_reminders(seeded):
    in_care = Child.objects.looked_after().filter(leave_date__isnull=True)
    with_two = [child for child in in_care if child.peps.filter(is_current=True).count() > 1]

    assert with_two == []
    assert ensure_cycles(today=dates.today()).get("opened", 0) == 0
    written = sweep(today=dates.today())
    assert sum(count for kind, count in written.items() if kind.startswith("pep.")) > 0
