"""How the PEP page and the QA page read to the key person and the advisor.

Found walking the whole workflow in the browser (tests/browser/test_pep_workflow.py): the
quality assurance panel must reach the page with its context, the page must not link to
itself, a finished PEP must not count working days, and the QA decision says what it does.
"""

from html import unescape

from django.urls import reverse
from django.utils import timezone

from pep.models import Pep, QaReview
from tests.factories.pep import PepFactory


def setting_page(pep) -> str:
    return reverse("settings:pep:detail", args=[pep.care_setting.slug, pep.pk])


def la_page(pep) -> str:
    return reverse("la_pep:detail", args=[pep.responsible_la.slug, pep.pk])


def test_the_advisor_reaches_quality_assurance_from_the_pep_page(client_as, cic_advisor, key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(rag=Pep.Rag.AMBER, qa_feedback="Add the dates.")

    html = unescape(client_as(cic_advisor).get(la_page(key_pep)).content.decode())

    qa = reverse("la_pep:qa", args=[key_pep.responsible_la.slug, key_pep.pk])
    assert f'href="{qa}">Quality-assure this PEP</a>' in html
    assert "Not rated yet" not in html
    assert "Add the dates." in html


def test_the_key_person_reads_why_the_pep_was_returned_and_where(client_as, key_person, key_pep):
    reason = "Add what the carer said about bedtime."
    Pep.objects.filter(pk=key_pep.pk).update(
        status=Pep.Status.RETURNED, returned_reason=reason, rag=Pep.Rag.AMBER
    )

    html = unescape(client_as(key_person).get(setting_page(key_pep)).content.decode())

    assert "Returned for changes" in html
    assert html.count(reason) == 1  # in the QA panel; the paperwork section points to it
    assert 'href="#pep-qa-heading">read why under Quality assurance</a>' in html
    assert "Quality-assure this PEP" not in html


def test_the_meeting_on_the_pep_page_does_not_link_to_the_pep_page(
    client_as, cic_advisor, key_pep
):
    html = unescape(client_as(cic_advisor).get(la_page(key_pep)).content.decode())

    assert "The PEP meeting" in html
    assert "Open the PEP</a>" not in html


def test_a_signed_pep_shows_its_due_date_without_counting_days(client_as, manager, key_child):
    signed = PepFactory(child=key_child, signed=True)

    html = unescape(client_as(manager).get(setting_page(signed)).content.decode())

    assert f"{signed.due_on.day} {signed.due_on:%B %Y}" in html
    assert "working days left" not in html and "working days overdue" not in html


def test_the_frozen_progress_summary_gives_its_date_in_words(client_as, key_person, key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(
        status=Pep.Status.SUBMITTED,
        submitted_at=timezone.now(),
        progress_snapshot={"taken_on": "2026-12-01", "scale": "", "areas": []},
    )

    html = unescape(client_as(key_person).get(setting_page(key_pep)).content.decode())

    assert "when the paperwork was submitted on 1 December 2026." in html
    assert "2026-12-01" not in html


def test_the_qa_decisions_say_what_they_do(client_as, cic_advisor, key_pep):
    url = reverse("la_pep:qa", args=[key_pep.responsible_la.slug, key_pep.pk])

    html = unescape(client_as(cic_advisor).get(url).content.decode())

    for label in ("Give feedback only", "Return it to the setting for changes", "Sign it off"):
        assert label in html
    assert "The PEP is locked, its PDF pack is stored and the next cycle opens." in html
    assert QaReview.Decision.RETURNED.label == "Returned"  # the history still says "Returned"
