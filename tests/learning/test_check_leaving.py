"""The leaving summary: its content, flat queries, the stored file and the task."""

import io
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from children.models import Child, Consent
from common.audit import audit_record
from common.models import AuditEvent
from learning import tasks
from learning.check.selectors import leaving_summary_child, leaving_summary_context
from learning.check.services import leaving_summary_path
from learning.models import Observation, ObservationPhoto
from tests.factories.children import ConsentFactory
from tests.factories.learning_check import (
    JudgementFactory,
    PeriodFactory,
    ProgressCheckFactory,
    area_named,
    observe,
    scale_point,
)

TODAY = date(2026, 7, 20)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(
        datetime(2026, 7, 20, 10, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def leaver(key_child) -> Child:
    Child.objects.filter(pk=key_child.pk).update(
        first_name="Hana",
        date_of_birth=date(2022, 5, 1),
        start_date=date(2023, 9, 1),
        leave_date=date(2026, 7, 17),
        leaving_destination="Reception at Oakfield Primary School",
    )
    key_child.refresh_from_db()
    return key_child


def jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def fill(child: Child, rows: int) -> None:
    """Give the child ``rows`` judgements, observations (with a photo each) and a check."""
    areas = [area_named(code) for code in ("CL", "PSED", "PD", "L")]
    periods = [
        PeriodFactory(care_setting=child.care_setting, name=f"Term {n + 1}") for n in range(3)
    ]
    typical = scale_point("typical", label="Typical for age")
    at_risk = scale_point("at-risk", label="At risk of delay", is_concern=True)
    for n in range(rows):
        JudgementFactory(
            child=child,
            area=areas[n % 4],
            period=periods[(n // 4) % 3]
            if n < 12
            else PeriodFactory(care_setting=child.care_setting),
            point=at_risk if n == 0 else typical,
        )
        observation = observe(
            child,
            observed_on=date(2026, 1, 1 + n),
            text=f"Observation {n}: counted to ten.",
            next_steps=f"Step {n}",
        )
        observation.areas.add(areas[n % 4])
        ObservationPhoto.objects.create(
            observation=observation, image=jpeg(), caption=f"Photo {n}"
        )
    # Never in the summary: a draft, and one kept from carers.
    observe(child, text="Draft only", status=Observation.Status.DRAFT)
    observe(child, text="Staff only", visible_to_carers=False)
    ProgressCheckFactory(child=child, strengths="Loves stories")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("rows", [2, 22])
def test_the_summary_context_takes_the_same_queries_for_2_and_22_rows(
    rows, leaver, django_assert_num_queries
):
    fill(leaver, rows)
    ConsentFactory(child=leaver, kind=Consent.Kind.PHOTOGRAPHS, given_on=date(2024, 1, 1))

    # areas, judgements (+ area, period, point), check, photo consent, observations,
    # their areas, their photos
    child = leaving_summary_child(leaver.pk)

    with django_assert_num_queries(7):
        context = leaving_summary_context(child=child, today=TODAY)

    assert len(context["observations"]) == rows
    assert all(len(row["photos"]) == 1 for row in context["observations"])


def test_without_photo_consent_no_photo_is_loaded(leaver, django_assert_num_queries):
    fill(leaver, 2)

    # areas, judgements, check, photo consent, observations, their areas
    child = leaving_summary_child(leaver.pk)

    with django_assert_num_queries(6):
        context = leaving_summary_context(child=child, today=TODAY)

    assert all(row["photos"] == [] for row in context["observations"])


def test_the_summary_pdf_shows_the_child_progress_and_the_shared_journey(
    client_as, practitioner, leaver, key_person, tmp_path
):
    fill(leaver, 2)
    ConsentFactory(child=leaver, kind=Consent.Kind.PHOTOGRAPHS, given_on=date(2024, 1, 1))

    response = client_as(practitioner).get(
        reverse("settings:learning:leaving_pdf", args=[leaver.care_setting.slug, leaver.pk])
    )

    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "Learning journey and progress summary",
        "Hana",
        "1 May 2022",
        "17 July 2026",
        "Reception at Oakfield Primary School",
        key_person.full_name,
        "Latest judgement in each area",
        "Progress over time",
        "Term 1",
        scale_point("at-risk").label,
        "Progress check at age two",
        "Loves stories",
        "Observation 0: counted to ten.",
        "Observation 1: counted to ten.",
        "Next steps",
        "Step 1",
    ):
        assert expected in text, expected
    assert "Draft only" not in text
    assert "Staff only" not in text
    images = subprocess.run(
        ["pdfimages", "-list", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert len(images.strip().splitlines()) == 2 + 2  # header, rule, two photos
    assert AuditEvent.objects.filter(verb="learning.leaving_summary_downloaded").count() == 1


def test_the_task_stores_the_summary_and_a_rerun_overwrites_it(leaver, tmp_path):
    fill(leaver, 2)

    first = tasks.leaving_summary_render(leaver.pk)
    second = tasks.leaving_summary_render(leaver.pk)

    assert first == second == leaving_summary_path(leaver.pk) == f"leaving/{leaver.pk}/summary.pdf"
    assert default_storage.listdir(f"leaving/{leaver.pk}")[1] == ["summary.pdf"]
    with default_storage.open(first, "rb") as handle:
        assert "Learning journey and progress summary" in pdf_text(handle.read(), tmp_path)


def test_the_task_skips_a_child_who_no_longer_exists(db):
    assert tasks.leaving_summary_render(987654) == ""


def test_the_view_serves_the_stored_summary_while_it_is_fresh(
    client_as, manager, leaver, tmp_path
):
    tasks.leaving_summary_render(leaver.pk)
    name = leaving_summary_path(leaver.pk)
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"%PDF-1.7 stored copy"))

    response = client_as(manager).get(
        reverse("settings:learning:leaving_pdf", args=[leaver.care_setting.slug, leaver.pk])
    )

    assert response.content == b"%PDF-1.7 stored copy"


def test_the_view_renders_anew_after_a_later_change_to_the_childs_records(
    client_as, manager, leaver, tmp_path
):
    tasks.leaving_summary_render(leaver.pk)
    name = leaving_summary_path(leaver.pk)
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"%PDF-1.7 stored copy"))
    with time_machine.travel(datetime(2026, 7, 21, 10, tzinfo=ZoneInfo("Europe/London"))):
        audit_record(actor=manager, verb="child.updated", target=leaver, subject=leaver)
        response = client_as(manager).get(
            reverse("settings:learning:leaving_pdf", args=[leaver.care_setting.slug, leaver.pk])
        )

    assert response.content.startswith(b"%PDF")
    assert response.content != b"%PDF-1.7 stored copy"
    assert "Hana" in pdf_text(response.content, tmp_path)


def test_the_summary_lists_each_next_step_once(leaver):
    # A group observation is written once per child with the same next step; the check
    # may name a step an observation also names.
    ProgressCheckFactory(child=leaver, next_steps="Model new words at snack time.")
    for day, step in (
        (1, "Offer the balance beam."),
        (2, "Add a menu to the café."),
        (3, "Model new words at snack time."),
        (4, "Make playdough again."),
        (5, "make playdough  again. "),
        (6, "Make playdough again."),
    ):
        observe(leaver, observed_on=date(2026, 6, day), next_steps=step)

    context = leaving_summary_context(child=leaving_summary_child(leaver.pk), today=TODAY)

    assert context["next_steps"] == [
        "Model new words at snack time.",
        "Make playdough again.",
        "Add a menu to the café.",
        "Offer the balance beam.",
    ]


def test_the_summary_pdf_is_named_after_the_child_and_the_day(client_as, manager, leaver):
    Child.objects.filter(pk=leaver.pk).update(preferred_name="Ava", last_name="Smith")

    response = client_as(manager).get(
        reverse("settings:learning:leaving_pdf", args=[leaver.care_setting.slug, leaver.pk])
    )

    assert response["Content-Disposition"] == (
        'inline; filename="leaving-summary-ava-smith-2026-07-20.pdf"'
    )
