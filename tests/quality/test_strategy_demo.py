"""The demo's strategy action plan: every status and RAG rating, dated updates, idempotent."""

from datetime import date

import pytest

from accounts.demo import demo_step as accounts_step
from common.demo import DemoContext
from quality.models import StrategyCommitment, StrategyUpdate
from quality.strategy.demo import demo_step

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


def run() -> DemoContext:
    ctx = DemoContext(today=TODAY, password="demo-password-2026")
    accounts_step(ctx)
    demo_step(ctx)
    return ctx


def test_the_plan_has_every_status_and_rag_and_reruns_write_nothing():
    run()
    commitments = StrategyCommitment.objects.filter(local_authority__slug="northshire")

    assert set(commitments.values_list("status", flat=True)) == set(
        StrategyCommitment.Status.values
    )
    assert set(commitments.values_list("rag", flat=True)) == set(StrategyCommitment.Rag.values)
    track = commitments.get(reference="2.4 (iv)")
    assert track.text.startswith("Track and monitor attainment and achievement")
    assert [lead.email for lead in track.leads.all()] == ["cicadvisor@demo.test"]
    assert track.timescale < TODAY
    assert commitments.filter(timescale__lt=TODAY).exclude(status="complete").count() >= 3
    assert StrategyUpdate.objects.filter(commitment=track).count() == 2

    again = run()

    assert not {k: v for k, v in again.created.items() if "strateg" in k}
    assert not {k: v for k, v in again.updated.items() if "strateg" in k}
