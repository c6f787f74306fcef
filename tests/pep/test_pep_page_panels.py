"""The PEP page and the child's hub as their readers see them, panels included.

Each panel is checked through the page that shows it (not its template alone): the PEP
page hands a panel its context as ``panel``.
"""

from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import LaRole
from pep.models import Meeting, Pep, QaReview
from pep.pack.services import pack_make
from tests.factories.accounts import LaRoleFactory, LocalAuthorityFactory
from tests.factories.pep import MeetingFactory, PepFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


def setting_page(pep, name="detail"):
    return reverse(f"settings:pep:{name}", args=[pep.care_setting.slug, pep.pk])


def la_page(pep, la, name="detail"):
    return reverse(f"la_pep:{name}", args=[la.slug, pep.pk])


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def qa_section(html):
    return html.split('id="pep-qa-heading"')[1].split("</section>")[0]


def test_the_advisor_is_linked_from_the_pep_page_to_quality_assurance(
    client_as, cic_advisor, key_pep, home_la
):
    Pep.objects.filter(pk=key_pep.pk).update(status=Pep.Status.AWAITING_QA)

    html = page_of(client_as(cic_advisor), la_page(key_pep, home_la))

    assert f'href="{la_page(key_pep, home_la, "qa")}">Quality-assure this PEP' in qa_section(html)


def test_the_key_person_reads_why_the_pep_was_returned_once_with_its_rating(
    client_as, cic_advisor, key_pep, key_person
):
    reason = "Add what the carer said about bedtime."
    Pep.objects.filter(pk=key_pep.pk).update(
        status=Pep.Status.RETURNED, returned_reason=reason, rag=Pep.Rag.AMBER
    )
    QaReview.objects.create(
        pep=key_pep,
        by=cic_advisor,
        decision=QaReview.Decision.RETURNED,
        rag=Pep.Rag.AMBER,
        checklist={},
        reason=reason,
    )

    html = page_of(client_as(key_person), setting_page(key_pep))

    assert html.count(reason) == 1
    assert "Make the changes, then submit the paperwork again." in html
    panel = qa_section(html)
    assert "Amber" in panel
    assert "Returned" in panel
    assert "Quality-assure this PEP" not in panel


def test_a_signed_pep_shows_its_due_date_without_a_clock_and_links_its_pack(
    media, client_as, manager, signed_pep
):
    pack_make(pep_id=signed_pep.pk)

    html = page_of(client_as(manager), setting_page(signed_pep))

    assert f"{signed_pep.due_on:%-d %B %Y}" in html
    assert "working days overdue" not in html and "working days left" not in html
    assert "Signed off" in html
    panel = qa_section(html)
    assert f'href="{setting_page(signed_pep, "pack_pdf")}">Download the PEP pack' in panel
    assert "Being made" not in panel


def test_the_hub_links_a_signed_peps_pack_only_once_it_is_made(
    media, client_as, manager, signed_pep
):
    child = signed_pep.child
    hub = reverse("settings:children:detail", args=[child.care_setting.slug, child.pk])
    pack = setting_page(signed_pep, "pack_pdf")

    assert pack not in page_of(client_as(manager), hub)
    pack_make(pep_id=signed_pep.pk)
    assert pack in page_of(client_as(manager), hub)


def test_the_meeting_panel_does_not_link_the_pep_page_to_itself(client_as, key_person, key_pep):
    html = page_of(client_as(key_person), setting_page(key_pep))

    assert "Open the PEP" not in html
    assert f'href="{setting_page(key_pep)}"' not in html


def test_a_pep_recorded_for_an_la_off_the_portal_has_no_qa_panel_and_a_meeting_day(
    client_as, manager, key_child, cic_advisor
):
    elsewhere = LocalAuthorityFactory(name="Fenmoor Borough Council", slug="fenmoor")
    key_child.responsible_la = elsewhere
    key_child.save(update_fields=["responsible_la"])
    pep = PepFactory(child=key_child, signed=True, signed_off_by=None)
    starts = timezone.make_aware(datetime.combine(pep.opened_on, time.min))
    MeetingFactory(
        pep=pep,
        child=key_child,
        status=Meeting.Status.HELD,
        starts_at=starts,
        ends_at=starts + timedelta(days=1),
        held_on=pep.opened_on,
        organiser=manager,
    )

    html = page_of(client_as(manager), setting_page(pep))

    assert 'id="pep-qa-heading"' not in html
    assert f"PEP meeting: {pep.opened_on:%A %-d %B %Y}" in " ".join(html.split())
    assert "00:00" not in html
    # With the LA's children in care advisor on the portal, the LA quality-assures it.
    LaRoleFactory(local_authority=elsewhere, role=LaRole.Role.CIC_ADVISOR)
    assert 'id="pep-qa-heading"' in page_of(client_as(manager), setting_page(pep))
