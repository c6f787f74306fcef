"""The locked PDF pack: its text, tags, page size, header, determinism, storage and download."""

import hashlib
import re
import subprocess
import zlib
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEvent
from learning.models import Area, ScalePoint
from pep.models import Invitee, Pep, PepPack
from pep.pack import services
from pep.pack.builder import pack_context
from pep.pack.tasks import make_pep_pack
from tests.factories.learning_journey import ObservationFactory, ObservationPhotoFactory
from tests.factories.pep import (
    InviteeFactory,
    MeetingFactory,
    PepFactory,
    PepTargetFactory,
    TargetReviewFactory,
)

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


def a_snapshot():
    """A tracker snapshot in the shape the paperwork part freezes: two periods, two areas."""
    areas = list(Area.objects.order_by("order")[:2])
    points = list(ScalePoint.objects.order_by("scale_id", "order")[:3])
    cells = [(areas[0], 1, points[0]), (areas[0], 2, points[1]), (areas[1], 2, points[2])]
    return {
        "version": 1,
        "taken_on": "2026-03-20",
        "scale": "Development Matters",
        "areas": [
            {
                "code": areas[0].code,
                "name": areas[0].name,
                "judgement": points[1].label,
                "period": "Spring 2026",
                "change": f"Was {points[0].label} at the last PEP",
            },
            {
                "code": areas[1].code,
                "name": areas[1].name,
                "judgement": points[2].label,
                "period": "Spring 2026",
                "change": "First judgement",
            },
        ],
        "chart": {
            "areas": [{"id": a.pk, "code": a.code, "name": a.name} for a in areas],
            "periods": [{"id": 1, "name": "Autumn 2025"}, {"id": 2, "name": "Spring 2026"}],
            "points": [{"id": p.pk, "label": p.label} for p in points],
            "cells": [
                {"area": area.pk, "period": period, "point": point.pk, "label": point.label}
                for area, period, point in cells
            ],
        },
    }


def a_signed_pep(child, by, key_person, *, rows=2):
    """A signed PEP of the child with ``rows`` targets, reviews, photos and invitees."""
    previous = PepFactory(child=child, signed=True, is_current=False)
    pep = PepFactory(
        child=child,
        signed=True,
        signed_off_by=by,
        signed_off_at=timezone.now() - timedelta(hours=1),
        previous=previous,
        qa_feedback="A clear plan with the child at its heart.",
        voice_likes="Splashing in puddles",
        voice_calm="A cuddle with Bunny",
        carer_views="Sleeping better since the move.",
        carer_views_source="Phone call with the foster carer",
        social_worker_views="Placement is stable.",
        sessions_offered=30,
        sessions_attended=27,
        funded_hours="15.0",
        health="Up to date with immunisations.",
        sen_support="Speech and language referral made.",
        progress_snapshot=a_snapshot(),
        progress_notes="Talking more at group time.",
    )
    meeting = MeetingFactory(pep=pep, organiser=by, status="held")
    for index in range(rows):
        PepTargetFactory(pep=pep, target=f"New target number {index}", eypp_funded=True, cost=50)
        TargetReviewFactory(
            pep=pep, target=PepTargetFactory(pep=previous, target=f"Old target number {index}")
        )
        InviteeFactory(
            meeting=meeting,
            name=f"Invitee Number{index}",
            attendance=Invitee.Attendance.ATTENDED if index else Invitee.Attendance.APOLOGIES,
        )
        photo = ObservationPhotoFactory(
            observation=ObservationFactory(
                care_setting=child.care_setting, author=key_person, children=[child]
            ),
            caption=f"Photo number {index}",
        )
        pep.voice_photos.add(photo)
    return pep


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_info(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout


def inflated(pdf: bytes) -> bytes:
    """Return the PDF's bytes with every compressed stream (object streams too) inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.fixture
def pep(media, key_child, cic_advisor, key_person):
    # A last name no word of the pack can contain (a generated one may be "Green", a rating).
    key_child.last_name = "Quenby-Ashcombe"
    key_child.save(update_fields=["last_name"])
    return a_signed_pep(key_child, cic_advisor, key_person)


# --- What it says ----------------------------------------------------------------------------


def test_the_pack_shows_every_section_by_the_childs_known_name(pep, key_child, tmp_path):
    text = pdf_text(services.pack_render(pep), tmp_path)
    flat = " ".join(text.split())

    for words in (
        "Personal Education Plan for Kai",
        "Acorn Day Nursery",
        pep.care_setting.ofsted_urn,
        "Northshire County Council",
        key_child.get_legal_status_display(),
        "Splashing in puddles",
        "Sleeping better since the move.",
        "Placement is stable.",
        "27 (90%)",
        "Speech and language referral made.",
        "Latest judgement in each area of learning",
        "Talking more at group time.",
        "Old target number 1",
        "Achieved",
        "New target number 1",
        "No EYPP plan linked",
        "Invitee Number1",
        "Sent apologies",
        "A clear plan with the child at its heart.",
        "Green",
        "Chris Virtual-School",
        f"Date of the next PEP: {pep.next_pep_on:%-d %B %Y}",
        "Page 1 of",
    ):
        assert words in flat, words
    assert key_child.last_name not in text


def test_every_page_has_the_running_header_with_the_known_name_only(pep, key_child, tmp_path):
    text = pdf_text(services.pack_render(pep), tmp_path)
    pages = text.split("\f")[:-1]

    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Personal Education Plan for Kai" in page.splitlines()[0]
        assert f"Page {number} of {len(pages)}" in page
        assert key_child.last_name not in page


def test_the_pack_is_tagged_a4_with_a_language_and_a_title(pep, tmp_path):
    pdf = services.pack_render(pep)
    info = pdf_info(pdf, tmp_path)
    body = inflated(pdf)

    assert b"/StructTreeRoot" in body
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", body)
    assert b"/Lang (en-GB)" in body
    assert "Tagged:          yes" in info
    assert "Title:           Personal Education Plan: Kai" in info
    assert "(A4)" in info
    assert "PDF version:     1.7" in info


def test_the_same_signed_version_renders_to_the_same_bytes(pep, tmp_path):
    first = services.pack_render(pep)
    with time_machine.travel(NOW + timedelta(days=40), tick=True):
        second = services.pack_render(pep)

    assert first == second
    # The document's dates are the sign-off's (pdfinfo shows them in the local zone).
    signed = timezone.localtime(pep.signed_off_at)
    info = pdf_info(first, tmp_path)
    assert f"CreationDate:    {signed:%a %b %-d %H:%M:%S %Y}" in info
    assert f"ModDate:         {signed:%a %b %-d %H:%M:%S %Y}" in info


def test_a_correction_says_what_it_corrects_and_why(pep, tmp_path):
    correction = PepFactory(
        child=pep.child,
        signed=True,
        is_current=False,
        corrects=pep,
        correction_reason="The next PEP date was typed wrongly.",
        document_version=2,
    )

    text = " ".join(pdf_text(services.pack_render(correction), tmp_path).split())

    assert "Version 2 corrects version 1" in text
    assert "The next PEP date was typed wrongly." in text


def test_an_unreadable_snapshot_leaves_the_progress_out_not_the_pack(pep, tmp_path):
    Pep.objects.filter(pk=pep.pk).update(progress_snapshot={"something": "else"})

    text = pdf_text(services.pack_render(pep), tmp_path)

    assert "No progress snapshot was taken." in text


@pytest.mark.parametrize("rows", [2, 12])
def test_the_builder_reads_in_the_same_number_of_queries_whatever_the_rows(
    rows, media, key_child, cic_advisor, key_person, django_assert_num_queries
):
    pep = a_signed_pep(key_child, cic_advisor, key_person, rows=rows)

    # the PEP with child, setting, LA, signer and corrected version; the photos; the targets
    # with areas; the reviews with targets and areas; the meetings; the invitees; the
    # progress check at two
    with django_assert_num_queries(7):
        context = pack_context(pep)

    assert len(context["targets"]) == len(context["reviews"]) == len(context["photos"]) == rows


# --- Storing ------------------------------------------------------------------------------------


def test_the_task_stores_the_pack_with_its_checksum_once(pep, tmp_path):
    pack_id = make_pep_pack(pep.pk)

    pack = PepPack.objects.get(pk=pack_id)
    with default_storage.open(pack.pdf.name, "rb") as handle:
        stored = handle.read()
    assert pack.pdf.name.startswith(f"pep-packs/{pep.child_id}/")
    assert pack.sha256 == hashlib.sha256(stored).hexdigest()
    assert pack.size == len(stored)
    assert "Personal Education Plan for Kai" in pdf_text(stored, tmp_path)
    assert AuditEvent.objects.filter(verb="pep.pack_made").count() == 1

    assert make_pep_pack(pep.pk) == pack_id
    assert PepPack.objects.count() == 1
    assert default_storage.listdir(f"pep-packs/{pep.child_id}")[1] == [Path(pack.pdf.name).name]
    assert AuditEvent.objects.filter(verb="pep.pack_made").count() == 1


def test_the_task_makes_no_pack_for_a_pep_not_signed_off(key_pep, media):
    assert make_pep_pack(key_pep.pk) is None
    assert make_pep_pack(987654321) is None
    assert not PepPack.objects.exists()


# --- Downloading ---------------------------------------------------------------------------------


def stored_pack(pep, data=b"%PDF-1.7 the stored pack"):
    pack = PepPack(pep=pep, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    pack.pdf.save("pack.pdf", ContentFile(data), save=True)
    return pack


def pack_url(pep, *, la=None):
    if la is not None:
        return reverse("la_pep:pack_pdf", args=[la.slug, pep.pk])
    return reverse("settings:pep:pack_pdf", args=[pep.care_setting.slug, pep.pk])


def test_the_download_serves_the_stored_bytes_privately_and_is_audited_as_a_read(
    pep, client_as, key_person
):
    stored_pack(pep)

    response = client_as(key_person).get(pack_url(pep))

    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 the stored pack"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    signed_on = timezone.localdate(pep.signed_off_at)
    assert response["Content-Disposition"] == f'inline; filename="pep-kai-{signed_on}.pdf"'
    assert AuditEvent.objects.filter(verb="pep.viewed", actor=key_person).count() == 1


def test_a_pack_that_does_not_match_its_checksum_is_refused_and_logged(
    pep, client_as, cic_advisor, home_la, caplog
):
    pack = stored_pack(pep)
    PepPack.objects.filter(pk=pack.pk).update(sha256="f" * 64)

    response = client_as(cic_advisor).get(pack_url(pep, la=home_la))

    assert response.status_code == 500
    assert b"%PDF" not in response.content
    assert "does not match its checksum" in caplog.text
    assert AuditEvent.objects.filter(verb="pep.pack_refused").count() == 1
    assert not AuditEvent.objects.filter(verb="pep.viewed").exists()


def test_a_pep_without_a_pack_yet_has_no_download(pep, client_as, manager):
    assert client_as(manager).get(pack_url(pep)).status_code == 404


def test_the_practitioner_who_is_not_the_key_person_cannot_download(pep, client_as, practitioner):
    stored_pack(pep)

    assert client_as(practitioner).get(pack_url(pep)).status_code == 403


def test_the_eypp_plan_from_the_paperwork_seam_is_printed(pep, tmp_path):
    from decimal import Decimal

    from pep.paperwork.eypp import EyppLine, EyppPlan, register_eypp_plan, unregister_eypp_plan

    plan = EyppPlan(
        status_label="Approved",
        is_ready=True,
        summary="Funding for speech and language support.",
        total_cost=Decimal("120.00"),
        lines=(EyppLine(need="Words", action="Small-group talk", cost=Decimal("120.00")),),
    )
    register_eypp_plan(lambda pep, access: plan)
    try:
        text = " ".join(pdf_text(services.pack_render(pep), tmp_path).split())
    finally:
        unregister_eypp_plan()

    assert "Funding for speech and language support." in text
    assert "Small-group talk" in text
    assert "No EYPP plan linked" not in text
