"""Out-of-county PEPs of an LA not on the portal: the setting uploads the LA's PEP document
and records the meeting, which completes the cycle; refused when that LA is on the portal."""

import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import LaRole
from accounts.permissions import la_is_on_platform, las_on_platform, setting_access_for
from common.models import AuditEvent
from pep import hooks
from pep.board.documents import MAX_SIZE
from pep.board.panels import external_panel
from pep.models import ExternalPepDocument, Meeting, Pep
from tests.factories.accounts import ChildFactory, LaRoleFactory, UserFactory
from tests.factories.pep import PepFactory

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def away_pep(care_setting, other_la, key_person):
    """The current PEP of a child placed at the manager's setting by Westvale, which has no
    children in care advisor: it is not on the portal."""
    child = ChildFactory(
        care_setting=care_setting,
        looked_after=True,
        responsible_la=other_la,
        key_person=key_person,
        first_name="Ozzie",
    )
    return PepFactory(child=child)


@pytest.fixture
def fired():
    """The on_signed_off calls made during the test."""
    calls = []

    def listener(**kwargs):
        calls.append(kwargs)

    hooks.on_signed_off.register(listener)
    yield calls
    hooks.on_signed_off._listeners.remove(listener)


def url(name, pep, *args, setting=None):
    return reverse(f"settings:pep:{name}", args=[setting or pep.care_setting.slug, pep.pk, *args])


def upload(client, pep, content, name="pep.pdf", content_type="application/pdf"):
    return client.post(
        url("external_upload", pep),
        {"document": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def stored_document(pep, user, content=PDF):
    document = ExternalPepDocument(
        pep=pep,
        original_name="Westvale PEP.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    document.file.save("document.pdf", io.BytesIO(content), save=False)
    document.save()
    return document


def outcome(pep, **extra):
    held = timezone.localdate() - timedelta(days=2)
    after = held + timedelta(days=180)
    return {
        "version": pep.version,
        "held_on_0": held.day,
        "held_on_1": held.month,
        "held_on_2": held.year,
        "outcome": "Speech and language targets agreed.",
        "next_pep_on_0": after.day,
        "next_pep_on_1": after.month,
        "next_pep_on_2": after.year,
        **extra,
    }


# --- On the platform ----------------------------------------------------------------------


def test_an_la_is_on_the_platform_when_it_has_an_active_children_in_care_advisor(
    home_la, other_la, cic_advisor, other_la_admin
):
    inactive = LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])

    assert las_on_platform([home_la.pk, other_la.pk]) == {home_la.pk}
    assert la_is_on_platform(home_la.pk)
    assert not la_is_on_platform(other_la.pk)


# --- Upload ---------------------------------------------------------------------------------


def test_the_manager_uploads_a_pdf_stored_privately_with_its_checksum(
    client_as, manager, away_pep
):
    response = upload(client_as(manager), away_pep, PDF, name="Westvale PEP.pdf")

    assert response.status_code == 302
    assert response["Location"] == url("external_record", away_pep)
    document = ExternalPepDocument.objects.get(pep=away_pep)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.original_name == "Westvale PEP.pdf"
    assert document.uploaded_by == manager
    # A random name under a private folder: not the typed one, not under MEDIA_URL's pages.
    assert document.file.name.startswith(f"pep-external/{away_pep.child_id}/")
    assert "Westvale" not in document.file.name
    with document.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == document.sha256
    event = AuditEvent.objects.get(verb="pep.external_uploaded")
    assert event.changes["sha256"] == document.sha256
    assert event.restricted_to == "view_pep"


def test_the_key_person_uploads_a_word_document(client_as, key_person, away_pep):
    content = docx_bytes()
    response = upload(
        client_as(key_person),
        away_pep,
        content,
        name="pep.docx",
        content_type="application/octet-stream",
    )

    assert response.status_code == 302
    document = ExternalPepDocument.objects.get(pep=away_pep)
    assert document.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + b"0" * 100,  # a picture
        b"MZ\x90\x00" + b"0" * 100,  # a program
        b"<html><script>alert(1)</script></html>",
        xlsx_bytes(),  # a spreadsheet: a ZIP package, but not a Word document
        b"PK\x03\x04 not really a zip",
    ],
    ids=["png", "exe", "html", "xlsx", "broken-zip"],
)
def test_a_file_of_another_type_renamed_pdf_is_refused(client_as, manager, away_pep, content):
    response = upload(client_as(manager), away_pep, content, name="pep.pdf")

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "is not a PDF or a Word (.docx) document" in page
    assert "Choose the file again" in page
    assert not ExternalPepDocument.objects.exists()


def test_a_file_bigger_than_10_mb_is_refused(client_as, manager, away_pep):
    response = upload(client_as(manager), away_pep, PDF + b"0" * MAX_SIZE)

    assert response.status_code == 200
    assert "is bigger than 10 MB" in response.content.decode()
    assert not ExternalPepDocument.objects.exists()


def test_no_file_chosen_is_explained(client_as, manager, away_pep):
    response = client_as(manager).post(url("external_upload", away_pep), {})

    assert "Choose the PEP document to upload" in response.content.decode()


def test_the_upload_form_sends_files(client_as, manager, away_pep):
    page = client_as(manager).get(url("external_upload", away_pep)).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page


@pytest.mark.parametrize(("persona", "status"), [("practitioner", 403), ("dsl", 403)])
def test_only_who_may_edit_the_pep_uploads(request, client_as, away_pep, persona, status):
    client = client_as(request.getfixturevalue(persona))

    assert upload(client, away_pep, PDF).status_code == status
    assert not ExternalPepDocument.objects.exists()


# --- The document, served through the door ----------------------------------------------------


def test_the_document_is_served_as_an_attachment_never_cached_and_audited(
    client_as, manager, dsl, away_pep
):
    document = stored_document(away_pep, manager)

    response = client_as(dsl).get(url("external_document", away_pep, document.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="pep-ozzie-')
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    read = AuditEvent.objects.get(verb="pep.viewed")
    assert read.actor == dsl
    assert read.restricted_to == "view_pep"


def test_the_responsible_las_advisor_and_the_placing_las_advisor_read_it_on_the_la_side(
    client_as, manager, cic_advisor, home_la, away_pep
):
    document = stored_document(away_pep, manager)

    response = client_as(cic_advisor).get(
        reverse("la_pep:external_document", args=[home_la.slug, away_pep.pk, document.pk])
    )

    assert response.status_code == 200


def test_the_document_is_refused_to_who_may_not_read_the_pep(
    client_as, manager, practitioner, other_manager, other_setting, away_pep
):
    document = stored_document(away_pep, manager)
    elsewhere = url("external_document", away_pep, document.pk, setting=other_setting.slug)

    assert (
        client_as(practitioner).get(url("external_document", away_pep, document.pk)).status_code
        == 403
    )
    assert client_as(other_manager).get(elsewhere).status_code == 404
    assert not AuditEvent.objects.filter(verb="pep.viewed").exists()


def test_a_document_of_another_pep_is_not_found_through_this_one(
    client_as, manager, key_pep, away_pep
):
    document = stored_document(away_pep, manager)

    response = client_as(manager).get(url("external_document", key_pep, document.pk))

    assert response.status_code == 404


# --- Recording the outcome ---------------------------------------------------------------------


def test_recording_the_outcome_with_a_document_completes_the_cycle(
    client_as, manager, away_pep, fired
):
    stored_document(away_pep, manager)

    response = client_as(manager).post(url("external_record", away_pep), outcome(away_pep))

    assert response.status_code == 302
    away_pep.refresh_from_db()
    assert away_pep.status == Pep.Status.SIGNED_OFF
    assert not away_pep.is_current
    assert away_pep.signed_off_by == manager
    assert away_pep.meeting_outcome == "Speech and language targets agreed."
    assert away_pep.next_pep_on == timezone.localdate() + timedelta(days=178)
    meeting = Meeting.objects.get(pep=away_pep)
    assert meeting.status == Meeting.Status.HELD
    assert meeting.held_on == timezone.localdate() - timedelta(days=2)
    assert meeting.location == "Arranged by Westvale Borough Council"
    assert fired == [{"pep": away_pep, "by": manager, "on": timezone.localdate()}]
    assert AuditEvent.objects.filter(verb="pep.external_recorded").count() == 1


def test_recording_without_a_document_is_refused_and_explained(
    client_as, manager, away_pep, fired
):
    response = client_as(manager).post(url("external_record", away_pep), outcome(away_pep))

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Upload the responsible local authority&#x27;s PEP document" in page
    # What was typed is kept.
    assert "Speech and language targets agreed." in page
    away_pep.refresh_from_db()
    assert away_pep.is_current and away_pep.status == Pep.Status.DUE
    assert fired == []


def test_a_meeting_in_the_future_or_a_next_date_before_it_is_refused(client_as, manager, away_pep):
    stored_document(away_pep, manager)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client_as(manager).post(
        url("external_record", away_pep),
        outcome(
            away_pep,
            held_on_0=tomorrow.day,
            held_on_1=tomorrow.month,
            held_on_2=tomorrow.year,
        ),
    )

    assert "The meeting date must be today or in the past" in response.content.decode()
    away_pep.refresh_from_db()
    assert away_pep.is_current


def test_a_stale_form_is_explained_not_saved(client_as, manager, away_pep, fired):
    stored_document(away_pep, manager)
    Pep.objects.filter(pk=away_pep.pk).update(version=away_pep.version + 1)

    response = client_as(manager).post(url("external_record", away_pep), outcome(away_pep))

    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    away_pep.refresh_from_db()
    assert away_pep.is_current
    assert fired == []


def test_a_signed_pep_cannot_be_changed_by_anyone(client_as, manager, key_person, away_pep, fired):
    stored_document(away_pep, manager)
    client_as(manager).post(url("external_record", away_pep), outcome(away_pep))
    away_pep.refresh_from_db()
    fired.clear()
    before = (ExternalPepDocument.objects.count(), Meeting.objects.count(), away_pep.version)

    for client in (client_as(manager), client_as(key_person)):
        again = client.post(url("external_record", away_pep), outcome(away_pep))
        more = upload(client, away_pep, PDF)
        for response in (again, more):
            assert response.status_code == 200
            assert "This PEP is complete (signed off): nothing on it can be changed" in (
                response.content.decode()
            )
    away_pep.refresh_from_db()
    assert (
        ExternalPepDocument.objects.count(),
        Meeting.objects.count(),
        away_pep.version,
    ) == before
    assert fired == []


# --- Refused when the responsible LA arranges the PEP through the portal ---------------------


def test_the_pages_refuse_when_the_responsible_la_is_on_the_platform(
    client_as, manager, away_pep, other_la
):
    LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR)
    client = client_as(manager)

    for name in ("external_upload", "external_record"):
        response = client.get(url(name, away_pep))
        assert response.status_code == 403
        assert "Westvale Borough Council arranges this PEP through the portal" in (
            response.content.decode()
        )
    assert upload(client, away_pep, PDF).status_code == 403
    assert client.post(url("external_record", away_pep), outcome(away_pep)).status_code == 403
    assert not ExternalPepDocument.objects.exists()
    away_pep.refresh_from_db()
    assert away_pep.is_current


def test_the_pages_refuse_a_pep_in_county(client_as, manager, key_pep):
    response = client_as(manager).get(url("external_upload", key_pep))

    assert response.status_code == 403
    assert "arranged by the setting's own local authority" in response.content.decode()


# --- The PEP page's section ---------------------------------------------------------------------


def test_the_pep_page_section_lists_documents_and_recording_links_for_who_may_record(
    manager, dsl, care_setting, away_pep, django_assert_num_queries
):
    document = stored_document(away_pep, manager)
    stored_document(away_pep, UserFactory())
    access = setting_access_for(manager, care_setting.slug)

    # the responsible LA's advisors (on the platform?), the documents with who uploaded them
    with django_assert_num_queries(2):
        panel = external_panel(access, away_pep)

    assert [doc for doc, _ in panel["documents"]][-1] == document
    assert panel["upload_url"] == url("external_upload", away_pep)
    assert panel["record_url"] == url("external_record", away_pep)
    dsl_panel = external_panel(setting_access_for(dsl, care_setting.slug), away_pep)
    assert dsl_panel["upload_url"] == "" and len(dsl_panel["documents"]) == 2


def test_the_pep_page_section_is_left_out_in_county_or_on_the_platform(
    manager, care_setting, key_pep, away_pep, other_la
):
    access = setting_access_for(manager, care_setting.slug)

    assert external_panel(access, key_pep) is None
    LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR)
    assert external_panel(access, away_pep) is None
