"""The progress check at age two: pages, the age window, versions, sharing and audit."""

import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.permissions import Action, setting_access_for
from children.models import Child, Consent
from children.selectors import child_get_for
from common.models import AuditEvent
from common.pdf import render_pdf
from learning.check.selectors import check_for, check_pdf_context
from learning.models import ProgressCheckAtTwo
from tests.factories.children import ConsentFactory
from tests.factories.learning_check import ProgressCheckFactory
from tests.factories.learning_journey import ObservationFactory

TODAY = date(2026, 3, 2)
BORN = date(2024, 1, 15)  # 25 months old on TODAY


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(
        datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


@pytest.fixture
def hana(key_child) -> Child:
    """The key child, renamed Hana and aged 25 months."""
    Child.objects.filter(pk=key_child.pk).update(
        first_name="Hana", date_of_birth=BORN, start_date=date(2024, 9, 1)
    )
    key_child.refresh_from_db()
    return key_child


def url(name: str, child: Child) -> str:
    return reverse(f"settings:learning:{name}", args=[child.care_setting.slug, child.pk])


def form_data(**overrides: object) -> dict[str, object]:
    data = {
        "version": 0,
        "completed_on_0": "20",
        "completed_on_1": "2",
        "completed_on_2": "2026",
        "communication_and_language": "Uses two-word phrases.",
        "personal_social_emotional": "Plays alongside friends.",
        "physical_development": "Climbs the low frame.",
        "strengths": "Loves stories.",
        "less_than_expected": "",
        "next_steps": "Model new words at snack time.",
        "parent_comments": "She sings at home.",
        "childs_voice": "",
    }
    data.update(overrides)
    return data


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_page_says_the_check_is_due_with_a_button_for_the_key_person(
    client_as, key_person, hana
):
    response = client_as(key_person).get(url("check", hana))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Progress check at age two" in page
    assert "is 25 months old" in page
    assert "Record the progress check" in page


def test_a_practitioner_sees_the_due_state_without_the_button(client_as, practitioner, hana):
    page = client_as(practitioner).get(url("check", hana)).content.decode()

    assert "is due" in page
    assert "Record the progress check" not in page


def test_the_key_person_records_the_check_and_it_is_audited(client_as, key_person, hana):
    response = client_as(key_person).post(url("check_edit", hana), form_data())

    assert response.status_code == 302
    check = ProgressCheckAtTwo.objects.get(child=hana)
    assert check.completed_on == date(2026, 2, 20)
    assert check.by == key_person
    event = AuditEvent.objects.get(verb="learning.check_recorded")
    assert event.subject_id == str(hana.pk)


def test_the_prime_areas_are_required(client_as, key_person, hana):
    response = client_as(key_person).post(
        url("check_edit", hana), form_data(physical_development="", strengths="Kept")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Enter what you have seen of the child&#x27;s physical development" in page
    assert "Kept" in page
    assert not ProgressCheckAtTwo.objects.exists()


@pytest.mark.parametrize(
    ("day", "months"),
    [(("14", "1", "2026"), 23), (("15", "1", "2027"), 36)],
)
def test_the_check_date_must_fall_between_24_and_36_months(
    client_as, key_person, hana, day, months
):
    with time_machine.travel(datetime(2027, 3, 1, 10, tzinfo=ZoneInfo("Europe/London"))):
        data = form_data(completed_on_0=day[0], completed_on_1=day[1], completed_on_2=day[2])
        response = client_as(key_person).post(url("check_edit", hana), data)

    page = response.content.decode()
    assert f"Hana was {months} months old on" in page
    assert "the progress check at age two is done between 24 and 36 months" in page
    assert not ProgressCheckAtTwo.objects.exists()


def test_a_check_date_before_the_child_was_born_is_refused(client_as, key_person, hana):
    response = client_as(key_person).post(
        url("check_edit", hana), form_data(completed_on_2="2020")
    )

    assert "must be after Hana&#x27;s date of birth, 15 January 2024" in response.content.decode()


def test_a_check_date_in_the_future_is_refused(client_as, key_person, hana):
    response = client_as(key_person).post(
        url("check_edit", hana), form_data(completed_on_0="3", completed_on_1="3")
    )

    assert "Date of the check must be today or in the past" in response.content.decode()


def test_an_edit_from_an_old_version_is_refused_not_overwritten(client_as, manager, hana):
    check = ProgressCheckFactory(child=hana, strengths="Original")
    ProgressCheckAtTwo.objects.filter(pk=check.pk).update(strengths="Someone else's", version=2)

    response = client_as(manager).post(
        url("check_edit", hana), form_data(version=1, strengths="Mine")
    )

    assert response.status_code == 200
    assert "Someone else saved this progress check" in response.content.decode()
    check.refresh_from_db()
    assert check.strengths == "Someone else's"


def test_an_edit_from_the_current_version_is_saved_and_audited(client_as, manager, hana):
    check = ProgressCheckFactory(child=hana)

    client_as(manager).post(url("check_edit", hana), form_data(version=1, strengths="Singing"))

    check.refresh_from_db()
    assert (check.strengths, check.version) == ("Singing", 2)
    event = AuditEvent.objects.get(verb="learning.check_changed")
    assert event.changes["strengths"][1] == "Singing"


def test_two_people_recording_a_first_check_at_once_do_not_overwrite(client_as, manager, hana):
    ProgressCheckFactory(child=hana, strengths="First")

    response = client_as(manager).post(url("check_edit", hana), form_data(version=0))

    assert "Someone else saved this progress check" in response.content.decode()
    assert ProgressCheckAtTwo.objects.get().strengths == "First"


def test_sharing_is_refused_without_the_health_visitor_consent(client_as, key_person, hana):
    ProgressCheckFactory(child=hana)
    ConsentFactory(child=hana, kind=Consent.Kind.HEALTH_VISITOR, granted=False)

    response = client_as(key_person).post(url("check_share", hana))

    page = response.content.decode()
    assert response.status_code == 400
    assert "have not consented to sharing the progress check with the health visitor" in page
    assert (
        reverse("settings:children:consent_record", args=[hana.care_setting.slug, hana.pk]) in page
    )
    assert ProgressCheckAtTwo.objects.get().shared_with_health_visitor_on is None


def test_sharing_is_refused_once_the_consent_is_withdrawn(client_as, key_person, hana):
    ProgressCheckFactory(child=hana)
    ConsentFactory(
        child=hana,
        kind=Consent.Kind.HEALTH_VISITOR,
        given_on=date(2025, 1, 1),
        withdrawn_on=date(2026, 3, 1),
    )

    response = client_as(key_person).post(url("check_share", hana))

    assert response.status_code == 400


def test_sharing_with_consent_is_recorded_and_audited(client_as, key_person, hana):
    ProgressCheckFactory(child=hana)
    ConsentFactory(child=hana, kind=Consent.Kind.HEALTH_VISITOR, given_on=date(2025, 1, 1))

    response = client_as(key_person).post(url("check_share", hana))

    assert response.status_code == 302
    assert ProgressCheckAtTwo.objects.get().shared_with_health_visitor_on == TODAY
    assert AuditEvent.objects.filter(verb="learning.check_shared_with_health_visitor").exists()


def test_sharing_a_check_already_shared_keeps_the_first_date_and_audits_once(
    client_as, key_person, hana
):
    ProgressCheckFactory(child=hana)
    ConsentFactory(child=hana, kind=Consent.Kind.HEALTH_VISITOR, given_on=date(2025, 1, 1))
    client = client_as(key_person)
    client.post(url("check_share", hana))

    with time_machine.travel(
        datetime(2026, 3, 5, 10, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        response = client.post(url("check_share", hana))

    assert response.status_code == 302
    assert ProgressCheckAtTwo.objects.get().shared_with_health_visitor_on == TODAY
    assert AuditEvent.objects.filter(verb="learning.check_shared_with_health_visitor").count() == 1


def test_the_pdf_for_carers_has_the_title_the_child_and_every_section(
    client_as, practitioner, hana, key_person, tmp_path
):
    ProgressCheckFactory(
        child=hana,
        completed_on=date(2026, 2, 20),
        less_than_expected="Speech: fewer words than expected",
        parent_comments="",
    )

    response = client_as(practitioner).get(url("check_pdf", hana))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "Progress check at age two",
        "Hana",
        hana.last_name,
        "Acorn Day Nursery",
        "15 January 2024",
        "2 years 1 month",
        key_person.full_name,
        "Communication and language",
        "Personal, social and emotional development",
        "Physical development",
        "Strengths",
        "Areas where progress is less than expected",
        "Speech: fewer words than expected",
        "Next steps",
        "Parent or carer comments",
        "Signed (parent or carer)",
        "Page 1 of",
    ):
        assert expected in text, expected
    event = AuditEvent.objects.get(verb="learning.check_pdf_downloaded")
    assert (event.actor, event.subject_id) == (practitioner, str(hana.pk))


def test_the_pdf_of_a_child_without_a_check_is_not_found(client_as, manager, hana):
    assert client_as(manager).get(url("check_pdf", hana)).status_code == 404


def test_the_check_page_shows_a_recorded_check(client_as, practitioner, hana):
    ProgressCheckFactory(child=hana, strengths="Loves singing")

    page = client_as(practitioner).get(url("check", hana)).content.decode()

    assert "Loves singing" in page
    assert "Download the progress check for carers (PDF)" in page
    assert "Change the progress check" not in page


@pytest.mark.parametrize("rows", [2, 22])
def test_the_progress_check_pdf_context_makes_no_query_however_many_records(
    rows, hana, key_person, django_assert_num_queries
):
    for _ in range(rows):
        ObservationFactory(care_setting=hana.care_setting, children=[hana])
    access = setting_access_for(key_person, hana.care_setting.slug)
    child = child_get_for(access, hana.pk, Action.VIEW_PROGRESS)
    ProgressCheckFactory(child=child)
    check = check_for(child)

    # The child comes loaded with its setting and key person, as the PDF view loads it.
    with django_assert_num_queries(0):
        context = check_pdf_context(child=child, check=check)

    assert context["key_person_name"] == key_person.full_name


# --- The PDF for carers: layout, order and file name -------------------------------------


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """Return the text of each page (pdftotext ends every page with a form feed)."""
    return pdf_text(pdf, tmp_path).split("\f")[:-1]


@pytest.mark.parametrize("lines", range(0, 26))
def test_the_write_in_label_is_never_parted_from_its_box(hana, tmp_path, lines):
    # Longer and longer strengths move the parents' part down the page: wherever the page
    # ends, the label, its box and the signature lines stay on one page.
    strengths = "\n".join(f"Strength {n}: loves stories and singing." for n in range(lines + 1))
    check = ProgressCheckFactory(child=hana, strengths=strengths, parent_comments="")
    child = Child.objects.select_related("care_setting", "key_person").get(pk=hana.pk)

    pdf = render_pdf(
        template="pdf/progress_check.html", context=check_pdf_context(child=child, check=check)
    )

    label = "anything you would like to add"
    [page] = [page for page in pdf_pages(pdf, tmp_path) if label in page.replace("\n", " ")]
    assert "Signed (parent or carer)" in page


def headings_in(text: str, headings: list[str]) -> list[str]:
    """Return the headings in the order the text shows them."""
    found = sorted((text.index(heading), heading) for heading in headings if heading in text)
    return [heading for _, heading in found]


def test_the_check_page_and_its_pdf_show_the_sections_in_the_same_order(
    client_as, practitioner, hana, tmp_path
):
    ProgressCheckFactory(
        child=hana,
        less_than_expected="Fewer words",
        parent_comments="She sings at home.",
        childs_voice="I like the slide.",
    )
    headings = [
        "The prime areas",
        "Communication and language",
        "Personal, social and emotional development",
        "Physical development",
        "Strengths",
        "Areas where progress is less than expected",
        "Next steps",
        "The child's voice",
        "Parent or carer comments",
    ]
    client = client_as(practitioner)

    page = client.get(url("check", hana)).content.decode().replace("&#x27;", "'")
    pdf = pdf_text(client.get(url("check_pdf", hana)).content, tmp_path)

    main = page[page.index("<main") :]
    assert headings_in(main, headings) == headings
    assert headings_in(pdf, headings) == headings


def test_the_check_pdf_is_named_after_the_child_and_the_date_of_the_check(
    client_as, practitioner, hana
):
    Child.objects.filter(pk=hana.pk).update(preferred_name="Zoë-Mae", last_name="O'Brien")
    ProgressCheckFactory(child=hana, completed_on=date(2026, 2, 20))

    response = client_as(practitioner).get(url("check_pdf", hana))

    assert response["Content-Disposition"] == (
        'inline; filename="progress-check-at-two-zoe-mae-obrien-2026-02-20.pdf"'
    )


def test_a_name_with_nothing_safe_for_a_file_name_is_left_out_of_it(client_as, practitioner, hana):
    Child.objects.filter(pk=hana.pk).update(first_name="هناء", last_name='"\r\n;')
    ProgressCheckFactory(child=hana, completed_on=date(2026, 2, 20))

    response = client_as(practitioner).get(url("check_pdf", hana))

    assert response["Content-Disposition"] == (
        'inline; filename="progress-check-at-two-2026-02-20.pdf"'
    )
