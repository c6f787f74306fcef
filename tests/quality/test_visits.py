"""Notes of visit: written and shared by the advisor, read and reflected on by the setting.

No grade is given at these visits: every page says so and none shows anything like one.
"""

import re
import subprocess
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEvent
from notifications.models import Notification
from notifications.rules import RULES
from notifications.services import sweep
from quality.models import ActionPlan, Visit
from quality.visits.reminders import VISIT_REFLECTED, VISIT_SHARED
from quality.visits.services import visit_record
from quality.visits.views import NO_GRADE
from tests.factories.accounts import CareSettingFactory
from tests.factories.quality import ActionPlanFactory, VisitFactory
from tests.matrix.base import ago, day_parts

# Words and looks of a grade, none of which a page of notes of visit may show.
GRADE_WORDS = ("Outstanding", "Requires improvement", "Inadequate", "Good")
GRADE_LOOKS = ("govuk-tag--green", "govuk-tag--red", "govuk-tag--yellow", "<meter", "RAG")


def url(name, visit=None, setting=None):
    setting = setting or visit.care_setting
    args = [setting.slug] + ([visit.pk] if visit is not None else [])
    return reverse(f"settings:quality:{name}", args=args)


def shared_visit(care_setting, advisor, **fields):
    return VisitFactory(
        care_setting=care_setting,
        advisor=advisor,
        visited_on=ago(5),
        shared_at=timezone.now() - timedelta(days=1),
        shared_by=advisor,
        **fields,
    )


def notes(**overrides):
    return {
        **day_parts("visited_on", ago(1)),
        "kind": "post_inspection",
        "met_with": "The manager and the deputy manager",
        "working_well": "Children settle quickly; key persons know their families.",
        "worried_about": "Next steps from observations are not followed up.",
        "needs_to_happen": "Room leaders plan each child's next steps every week.",
        "setting_scale": "6",
        "advisor_scale": "4",
        **overrides,
    }


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "visit.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def pdf_info(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return info.stdout


def no_grade_shown(html: str) -> None:
    main = html.split("<main", 1)[1]
    assert NO_GRADE.split(":")[0] in main
    assert "Ofsted is the sole arbiter" in main
    for word in GRADE_WORDS:
        assert not re.search(rf"\b{word}\b", main), word
    for look in GRADE_LOOKS:
        assert look not in main, look


# --- Writing the notes -------------------------------------------------------------------


def test_the_advisor_writes_notes_as_a_draft_linked_to_the_open_plan(
    client_as, advisor, care_setting
):
    plan = ActionPlanFactory(care_setting=care_setting)
    client = client_as(advisor)
    page = client.get(url("visit_add", setting=care_setting))
    no_grade_shown(page.content.decode())
    assert "these notes will be linked to it" in page.content.decode()

    response = client.post(url("visit_add", setting=care_setting), notes())

    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == url("visit_detail", visit)
    assert visit.plan == plan and visit.advisor == advisor and visit.shared_at is None
    assert (visit.setting_scale, visit.advisor_scale) == (6, 4)
    assert visit.kind == Visit.Kind.POST_INSPECTION
    event = AuditEvent.objects.get(verb="quality.visit_recorded")
    assert event.restricted_to == "record_visit" and event.care_setting == care_setting


def test_the_same_form_sent_twice_saves_the_notes_once(client_as, advisor, care_setting):
    client = client_as(advisor)
    data = notes(submission_token=str(uuid.uuid4()))

    client.post(url("visit_add", setting=care_setting), data)
    client.post(url("visit_add", setting=care_setting), data)

    assert Visit.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("setting_scale", "11", "The setting&#x27;s view must be a whole number from 0 to 10"),
        ("advisor_scale", "-1", "Your view must be a whole number from 0 to 10"),
        ("advisor_scale", "٣", "Your view must be a whole number from 0 to 10"),
        ("setting_scale", "six", "The setting&#x27;s view must be a whole number from 0 to 10"),
        ("working_well", "", "Enter what is working well"),
        ("kind", "", "Select the kind of visit"),
    ],
)
def test_what_is_refused_says_why_and_keeps_what_was_typed(
    client_as, advisor, care_setting, field, value, message
):
    response = client_as(advisor).post(
        url("visit_add", setting=care_setting), notes(**{field: value})
    )

    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert message in html
    assert "Next steps from observations are not followed up." in html
    assert not Visit.objects.exists()


def test_a_visit_in_the_future_is_refused(client_as, advisor, care_setting):
    response = client_as(advisor).post(
        url("visit_add", setting=care_setting), notes(**day_parts("visited_on", ago(-1)))
    )

    html = response.content.decode()
    assert "The date of the visit must be today or in the past" in html
    assert "Room leaders plan each child&#x27;s next steps every week." in html
    assert not Visit.objects.exists()


def test_the_scales_are_optional(client_as, advisor, care_setting):
    client_as(advisor).post(
        url("visit_add", setting=care_setting), notes(setting_scale="", advisor_scale=" 0 ")
    )

    visit = Visit.objects.get()
    assert (visit.setting_scale, visit.advisor_scale) == (None, 0)


# --- Who sees what -----------------------------------------------------------------------


def test_the_manager_sees_only_shared_notes(client_as, manager, advisor, care_setting):
    shared = shared_visit(care_setting, advisor, met_with="Shared meeting")
    draft = VisitFactory(care_setting=care_setting, advisor=advisor, met_with="Draft meeting")
    client = client_as(manager)

    listing = client.get(url("visit_list", setting=care_setting)).content.decode()

    assert url("visit_detail", shared) in listing
    assert url("visit_detail", draft) not in listing
    assert "Not yet shared" not in listing
    for name in ("visit_detail", "visit_pdf", "visit_reflect", "visit_edit"):
        assert client.get(url(name, draft)).status_code == 404, name
    assert client.post(url("visit_share", draft), {"version": draft.version}).status_code == 404


def test_the_advisor_sees_drafts_marked_not_yet_shared(client_as, advisor, care_setting):
    shared_visit(care_setting, advisor)
    draft = VisitFactory(care_setting=care_setting, advisor=advisor)

    listing = client_as(advisor).get(url("visit_list", setting=care_setting)).content.decode()

    assert url("visit_detail", draft) in listing
    assert "Not yet shared" in listing and ">Shared<" in listing


def test_the_manager_cannot_change_the_advisors_notes(client_as, manager, advisor, care_setting):
    visit = shared_visit(care_setting, advisor)
    client = client_as(manager)

    assert client.get(url("visit_edit", visit)).status_code == 403
    response = client.post(
        url("visit_edit", visit), notes(version=visit.version, working_well="Rewritten")
    )

    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.working_well != "Rewritten"
    detail = client.get(url("visit_detail", visit)).content.decode()
    assert url("visit_edit", visit) not in detail and url("visit_reflect", visit) in detail


def test_the_advisor_cannot_write_the_settings_reflections(client_as, advisor, care_setting):
    visit = shared_visit(care_setting, advisor)

    response = client_as(advisor).post(
        url("visit_reflect", visit), {"version": visit.version, "reflections": "Mine"}
    )

    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.reflections == ""


def test_notes_of_another_setting_are_not_found(
    client_as, manager, advisor, la_admin, care_setting, home_la
):
    neighbour = CareSettingFactory(local_authority=home_la, name="Bluebell Pre-school")
    theirs = shared_visit(neighbour, advisor)

    for user in (manager, advisor, la_admin):
        client = client_as(user)
        for name in ("visit_detail", "visit_pdf", "visit_edit", "visit_reflect"):
            address = reverse(f"settings:quality:{name}", args=[care_setting.slug, theirs.pk])
            assert client.get(address).status_code == 404, (user, name)


# --- The page ----------------------------------------------------------------------------


def test_the_notes_read_by_the_three_questions_with_the_scales_in_words(
    client_as, manager, advisor, care_setting
):
    visit = shared_visit(
        care_setting, advisor, setting_scale=6, advisor_scale=None, reflections="We agree."
    )

    html = client_as(manager).get(url("visit_detail", visit)).content.decode()

    no_grade_shown(html)
    positions = [
        html.index(question)
        for question in (
            "What is working well?",
            "What are we worried about?",
            "What needs to happen?",
            "The setting's reflections",
        )
    ]
    assert positions == sorted(positions)
    assert "The setting's view: 6 out of 10" in html
    assert "The advisor's view: Not asked" in html
    assert "We agree." in html
    assert url("visit_pdf", visit) in html


def test_the_list_says_no_grade_is_given(client_as, advisor, care_setting):
    shared_visit(care_setting, advisor)

    page = client_as(advisor).get(url("visit_list", setting=care_setting))

    no_grade_shown(page.content.decode())


# --- Sharing -----------------------------------------------------------------------------


def test_sharing_tells_the_managers_in_the_portal(
    client_as, advisor, manager, practitioner, care_setting, key_child
):
    visit = VisitFactory(care_setting=care_setting, advisor=advisor, kind=Visit.Kind.SUPPORT)
    client = client_as(advisor)

    response = client.post(url("visit_share", visit), {"version": visit.version})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.shared_by == advisor and visit.shared_at is not None
    told = Notification.objects.get(kind=VISIT_SHARED)
    assert told.recipient == manager and told.url == url("visit_detail", visit)
    assert "support visit" in told.body
    assert key_child.first_name not in told.subject + told.body
    assert AuditEvent.objects.get(verb="quality.visit_shared").restricted_to == "view_quality"

    again = client.post(url("visit_share", visit), {"version": visit.version - 1})

    assert again.status_code == 302
    assert Notification.objects.filter(kind=VISIT_SHARED).count() == 1
    assert AuditEvent.objects.filter(verb="quality.visit_shared").count() == 1


def test_notes_changed_since_the_page_was_opened_are_not_shared(client_as, advisor, care_setting):
    visit = VisitFactory(care_setting=care_setting, advisor=advisor)
    Visit.objects.filter(pk=visit.pk).update(version=visit.version + 1)

    response = client_as(advisor).post(
        url("visit_share", visit), {"version": visit.version}, follow=True
    )

    assert "Someone else changed this record" in response.content.decode()
    visit.refresh_from_db()
    assert visit.shared_at is None


# --- Changing the notes ------------------------------------------------------------------


def test_a_change_after_sharing_stays_on_the_notes_trail(
    client_as, advisor, manager, care_setting
):
    visit = shared_visit(care_setting, advisor)
    client = client_as(advisor)
    form = client.get(url("visit_edit", visit)).content.decode()
    assert "the setting will see which questions were changed" in form

    response = client.post(
        url("visit_edit", visit),
        notes(
            version=visit.version,
            **day_parts("visited_on", visit.visited_on),
            kind=visit.kind,
            met_with=visit.met_with,
            working_well=visit.working_well,
            worried_about=visit.worried_about,
            needs_to_happen="Weekly planning meetings pick up next steps.",
            setting_scale="",
            advisor_scale="",
        ),
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="quality.visit_changed_after_sharing")
    assert event.changes == {"what needs to happen?": "changed"}
    assert event.restricted_to == "view_quality"
    detail = client_as(manager).get(url("visit_detail", visit)).content.decode()
    assert "Notes of visit changed after sharing, by Adam Advisor" in detail
    assert "what needs to happen?" in detail


def test_a_change_to_a_draft_is_not_on_the_settings_trail(client_as, advisor, care_setting):
    visit = VisitFactory(care_setting=care_setting, advisor=advisor)

    client_as(advisor).post(
        url("visit_edit", visit), notes(version=visit.version, met_with="The owner")
    )

    visit.refresh_from_db()
    assert visit.met_with == "The owner"
    assert AuditEvent.objects.get(verb="quality.visit_changed").restricted_to == "record_visit"


def test_someone_elses_change_is_not_overwritten(client_as, advisor, la_admin, care_setting):
    visit = VisitFactory(care_setting=care_setting, advisor=advisor)
    client_as(la_admin).post(
        url("visit_edit", visit), notes(version=visit.version, met_with="The owner")
    )

    response = client_as(advisor).post(
        url("visit_edit", visit), notes(version=visit.version, met_with="The deputy")
    )

    html = response.content.decode()
    assert response.status_code == 200 and "Someone else changed this record" in html
    assert "The deputy" in html
    visit.refresh_from_db()
    assert visit.met_with == "The owner"


# --- Reflections -------------------------------------------------------------------------


def test_the_manager_reflects_and_the_advisor_is_told(client_as, manager, advisor, care_setting):
    visit = shared_visit(care_setting, advisor)
    client = client_as(manager)
    no_grade_shown(client.get(url("visit_reflect", visit)).content.decode())

    response = client.post(
        url("visit_reflect", visit),
        {"version": visit.version, "reflections": "We have started weekly planning checks."},
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.reflections == "We have started weekly planning checks."
    assert visit.reflections_by == manager and visit.reflections_at is not None
    told = Notification.objects.get(kind=VISIT_REFLECTED)
    assert told.recipient == advisor and "Acorn Day Nursery" in told.body

    stale = client.post(
        url("visit_reflect", visit), {"version": visit.version - 1, "reflections": "Other words"}
    )

    assert "Someone else changed this record" in stale.content.decode()
    assert "Other words" in stale.content.decode()
    visit.refresh_from_db()
    assert visit.reflections == "We have started weekly planning checks."


def test_reflections_are_needed_to_save_them(client_as, manager, advisor, care_setting):
    visit = shared_visit(care_setting, advisor)

    response = client_as(manager).post(
        url("visit_reflect", visit), {"version": visit.version, "reflections": ""}
    )

    assert "Enter your reflections" in response.content.decode()


def test_the_sweep_writes_each_notice_once(manager, advisor, care_setting):
    visit = shared_visit(care_setting, advisor)
    Visit.objects.filter(pk=visit.pk).update(reflections="Ok", reflections_at=timezone.now())
    today = timezone.localdate()

    first = sweep(today=today, rules=None)
    second = sweep(today=today, rules=None)

    assert first[VISIT_SHARED] == 1 and first[VISIT_REFLECTED] == 1
    assert second[VISIT_SHARED] == 0 and second[VISIT_REFLECTED] == 0
    assert not list(RULES[VISIT_SHARED].due(today + timedelta(days=30)))


# --- Queries and the PDF -----------------------------------------------------------------


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_list_queries_are_flat_and_it_pages(client_as, advisor, manager, care_setting):
    other = CareSettingFactory(local_authority=care_setting.local_authority)
    counts = {}
    for size in (2, 25):
        Visit.objects.all().delete()
        for _ in range(size):
            shared_visit(care_setting, advisor)
            VisitFactory(care_setting=care_setting)
            shared_visit(other, advisor)
        counts[size] = {
            who: count_queries(client_as(who), url("visit_list", setting=care_setting))
            for who in (advisor, manager)
        }

    assert counts[2] == counts[25]
    page = client_as(manager).get(url("visit_list", setting=care_setting)).content.decode()
    assert "Page 1 of 2" in page


def test_the_pdf_has_the_notes_the_reflections_and_the_statement(
    client_as, manager, advisor, care_setting, tmp_path
):
    visit = shared_visit(
        care_setting,
        advisor,
        kind=Visit.Kind.MONITORING,
        setting_scale=7,
        advisor_scale=5,
        reflections="We have started weekly planning checks.",
        reflections_by=manager,
        reflections_at=timezone.now(),
    )

    response = client_as(manager).get(url("visit_pdf", visit))

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "notes-of-visit-acorn-day-nursery-" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "Notes of visit",
        "Acorn Day Nursery",
        f"{visit.visited_on:%-d %B %Y}",
        "Monitoring",
        "The manager and the deputy",
        "What is working well? Children settle quickly",
        "What are we worried about? Next steps",
        "What needs to happen? Weekly planning meetings",
        "The setting's view 7 out of 10",
        "The advisor's view 5 out of 10",
        "We have started weekly planning checks.",
        "Written by Mary Manager",
        "No grade is given at these visits: Ofsted is the sole arbiter",
        "Printed by Mary Manager,",
        "Page 1 of",
    ):
        assert expected in text, expected
    for word in GRADE_WORDS:
        assert not re.search(rf"\b{word}\b", text), word
    info = pdf_info(response.content, tmp_path)
    assert "Tagged:          yes" in info


def test_the_pdf_is_built_in_a_constant_number_of_queries(client_as, advisor, care_setting):
    counts = []
    for size in (1, 30):
        visit = shared_visit(care_setting, advisor, working_well="Children are busy. " * size * 20)
        VisitFactory.create_batch(size, care_setting=care_setting)
        counts.append(count_queries(client_as(advisor), url("visit_pdf", visit)))

    assert counts[0] == counts[1]


def test_a_maintenance_visit_makes_the_contact_due_after_a_plan_closed(care_setting, advisor):
    today = timezone.localdate()
    plan = ActionPlanFactory(
        care_setting=care_setting,
        status=ActionPlan.Status.CLOSED,
        closed_on=today - timedelta(days=20),
        maintenance_contact_due=today + timedelta(days=40),
    )
    visit_record(
        care_setting=care_setting,
        by=advisor,
        visited_on=today,
        kind=Visit.Kind.MAINTENANCE,
        met_with="The manager",
        working_well="The action plan's changes have lasted.",
        worried_about="Nothing new.",
        needs_to_happen="Keep the weekly planning meetings.",
    )
    plan.refresh_from_db()
    assert plan.maintenance_contact_on == today
