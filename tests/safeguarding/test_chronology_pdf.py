"""The chronology's PDF for a strategy meeting, checked by its text; its queries."""

import subprocess
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from common.models import AuditEvent
from safeguarding.chronology.build import WITHHELD
from safeguarding.chronology.views import chronology_pdf_context
from safeguarding.selectors import READ_VERB
from safeguarding.status.selectors import open_status
from tests.factories.accounts import ChildFactory
from tests.matrix.base import day_parts
from tests.safeguarding.chronology_world import (
    NOW,
    SECRET_THIRD_PARTY,
    SHAREABLE_THIRD_PARTY,
    everything_about,
)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "chronology.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def pdf_info(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def world(key_child, care_setting, dsl):
    return everything_about(key_child, care_setting=care_setting, dsl=dsl)


def pdf_url(child):
    return reverse(
        "settings:safeguarding:chronology_pdf", args=[child.care_setting.slug, child.pk]
    )


def test_the_pdf_has_its_header_marking_and_every_entry(client_as, dsl, world, tmp_path):
    response = client_as(dsl).get(pdf_url(world.child))

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "chronology-kai-" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    child = world.child
    assert "OFFICIAL-SENSITIVE" in text
    assert "Chronology for a strategy meeting" in text
    assert f"{child.first_name} {child.last_name}" in text
    assert f"{child.date_of_birth:%-d %B %Y}" in text
    assert "Acorn Day Nursery" in text
    assert "Child protection plan (Neglect) since" in text
    assert "Printed by Dana Safeguarding, 16 March 2026 at 10:00" in text
    assert "Page 1 of" in text
    for expected in (
        "Mother moved out of the family home",
        "PEP meeting held",
        "Safeguarding file sent to Hill Top Nursery",
        "Visit from Northshire Healthy Child Programme",
    ):
        assert expected in text, expected


def test_third_party_information_without_onward_consent_is_withheld_from_the_pdf(
    client_as, dsl, world, tmp_path
):
    text = pdf_text(client_as(dsl).get(pdf_url(world.child)).content, tmp_path)

    assert SECRET_THIRD_PARTY not in text
    assert "attended at the home address" not in text
    # Its date and agency stay; the reader is told why the words are not there.
    assert "Information shared with the setting by Northshire Police" in text
    assert " ".join(WITHHELD.split()) in text
    assert SHAREABLE_THIRD_PARTY in text


def test_a_filter_narrows_the_pdf_and_the_pdf_says_so(client_as, dsl, world, tmp_path):
    days = world.days
    response = client_as(dsl).get(
        pdf_url(world.child),
        {"sources": ["entries", "meetings"], **day_parts("since", days["concern"])},
    )

    text = pdf_text(response.content, tmp_path)
    assert "Mother moved out of the family home" in text
    assert "PEP meeting held" in text
    assert "Visit from" not in text
    assert "Concern C-" not in text
    assert "Safeguarding file sent" not in text
    assert "2 entries" in text
    assert "Significant events; PEP meetings and looked-after reviews" in text
    assert f"from {days['concern']:%-d %B %Y}" in text


def test_a_pdf_with_wrong_dates_sends_the_reader_back_to_the_filter(client_as, dsl, world):
    response = client_as(dsl).get(pdf_url(world.child), {"since_0": "99", "since_1": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse(
            "settings:safeguarding:chronology",
            args=[world.child.care_setting.slug, world.child.pk],
        )
    )


def test_the_pdf_is_tagged_and_titled(client_as, dsl, world, tmp_path):
    info = pdf_info(client_as(dsl).get(pdf_url(world.child)).content, tmp_path)

    assert "Tagged:          yes" in info
    assert "Chronology for a strategy meeting" in info


def test_printing_the_pdf_is_in_the_trail_of_reads(client_as, dsl, world):
    client_as(dsl).get(pdf_url(world.child))

    assert AuditEvent.objects.get(verb=READ_VERB).changes == {"page": "Chronology (PDF)"}


@pytest.mark.parametrize("copies", [1, 4])
def test_the_pdf_builder_makes_the_same_queries_however_long_the_chronology(
    copies, care_setting, dsl, django_assert_num_queries
):
    child = ChildFactory(care_setting=care_setting, looked_after=True)
    for copy in range(copies):
        everything_about(child, care_setting=care_setting, dsl=dsl, ended=copy > 0)
    child.refresh_from_db()
    status = open_status(care_setting, child)

    # concerns, the DSL's actions, statuses, visits, shares, events by hand, transfers,
    # the child's setting changes, PEP meetings held
    with django_assert_num_queries(9):
        context = chronology_pdf_context(
            care_setting=care_setting, child=child, by=dsl, filters={}, status=status
        )
    assert len(context["entries"]) >= 14 * copies
