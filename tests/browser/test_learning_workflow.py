"""Learning in real Chromium: an observation with a photo, termly judgements and the chart.

The key person works through the real pages as a person would; every page visited is
checked with axe-core against WCAG 2.2 AA.

The framework data (areas, scales) ships in a data migration, but the live server's
transactional tests flush every table after each test: the ``framework`` fixture puts the
shipped rows back, through the migration's own function, so each test starts the same.
"""

import importlib
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from children.models import Consent
from keypersons.models import KeyPersonAllocation
from learning.models import Observation, ProgressCheckAtTwo, TrackerJudgement
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.accounts import ChildFactory
from tests.factories.children import ConsentFactory, TeamMemberFactory
from tests.factories.learning_check import child_aged

pytestmark = pytest.mark.browser

FRAMEWORK_DATA = importlib.import_module("learning.migrations.0002_framework_data")
OBSERVATION_TEXT = "Kai built a bridge of blocks for the toy cars and said 'car go over'."


@pytest.fixture
def framework(transactional_db) -> None:
    """Put back the shipped areas and scales (idempotent: update or create by code)."""
    FRAMEWORK_DATA.ship(apps, None)


@pytest.fixture
def private_media(settings, tmp_path: Path) -> Path:
    """Keep the uploaded photos in the test's own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def photo_file(tmp_path: Path) -> Path:
    """A real 800 by 600 JPEG, as a phone would send."""
    path = tmp_path / "bridge-of-blocks.jpg"
    Image.new("RGB", (800, 600), "orange").save(path, format="JPEG", quality=85)
    return path


@pytest.fixture
def consenting_child(key_child):
    """The key child, whose mother has given photo consent."""
    mother = TeamMemberFactory(child=key_child, name="Grace Hopper")
    ConsentFactory(child=key_child, kind=Consent.Kind.PHOTOGRAPHS, granted=True, given_by=mother)
    return key_child


def fill_date(page: Page, field: str, day: date) -> None:
    """Type a date into a GOV.UK date input (Day, Month, Year boxes) as a person would."""
    for index, part in enumerate((day.day, day.month, day.year)):
        page.locator(f"#id_{field}_{index}").fill(str(part))


def term_of(day: date) -> str:
    """Return the name of the default term containing the day (September to August)."""
    if day.month >= 9:
        return f"Autumn {day.year}"
    return f"Spring {day.year}" if day.month <= 3 else f"Summer {day.year}"


def open_hub(page: Page, name: str) -> None:
    """From the key person's home page, open the child's record."""
    expect(page.locator("h1")).to_have_text("My key children")
    page.get_by_role("table", name="Children I am key person for").get_by_role(
        "link", name=name
    ).click()
    expect(page.locator("h1")).to_have_text(name)


def record_observation(page: Page, name: str, photo: Path) -> None:
    """On the observation form reached from the hub, type the observation and attach a photo."""
    expect(page.locator("h1")).to_have_text("Record an observation")
    expect(page.get_by_label(name, exact=True)).to_be_checked()
    fill_date(page, "observed_on", timezone.localdate())
    page.get_by_label("What did you see and hear?").fill(OBSERVATION_TEXT)
    page.get_by_label("Communication and Language", exact=True).check()
    page.get_by_label("Physical Development", exact=True).check()
    page.get_by_label("Next steps (optional)").fill("Offer ramps of different heights.")
    expect(page.get_by_label("Yes, publish it in the learning journey")).to_be_checked()
    page.get_by_label("Photos (optional)").set_input_files(str(photo))


def test_a_key_person_records_an_observation_with_a_photo_then_judges_and_sees_the_chart(
    page: Page, framework, private_media, key_person, consenting_child, photo_file
):
    child = consenting_child
    name = str(child)
    today = timezone.localdate()
    sign_in(page, key_person.email)
    open_hub(page, name)
    axe_check(page)

    page.get_by_role("link", name=f"Record an observation of {name}").click()
    axe_check(page)
    record_observation(page, name, photo_file)
    page.get_by_role("button", name="Save observation").click()

    # The learning journey shows the observation, its areas and its photo.
    expect(page.locator("h1")).to_have_text(f"{name}: learning journey")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your observation has been saved."
    )
    card = page.locator(".govuk-summary-card").filter(has_text=OBSERVATION_TEXT)
    expect(card).to_be_visible()
    expect(card).to_contain_text("Communication and Language")
    expect(card).to_contain_text("Physical Development")
    expect(card).to_contain_text("Offer ramps of different heights.")
    photo = card.get_by_role("img", name=f"Photo from the observation on {today:%-d %B %Y}")
    expect(photo).to_have_count(1)
    photo.scroll_into_view_if_needed()  # the thumbnail loads lazily
    # Wait for the image to settle (loaded, or failed: a broken image has naturalWidth 0).
    page.wait_for_function("img => img.complete", arg=photo.element_handle())
    natural = photo.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural[0] > 0 and natural[1] > 0, f"the photo did not load: {natural}"
    screenshot(page, "learning-journey-with-photo")
    axe_check(page)
    observation = Observation.objects.get(children=child)
    assert observation.status == Observation.Status.PUBLISHED
    assert observation.photos.count() == 1
    assert (private_media / observation.photos.get().image.name).exists()

    # To the tracker: this year's terms do not exist yet; starting them opens this term.
    page.get_by_role("link", name=f"Back to {child.known_as}'s record").click()
    expect(page.locator("h1")).to_have_text(name)
    page.get_by_role("link", name="Progress tracker and early assessment").click()
    expect(page.locator("h1")).to_have_text("Progress tracker")
    expect(
        page.get_by_text(f"There are no assessment periods since {child.known_as}")
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Start this year's termly tracking").click()

    period = term_of(today)
    expect(page.locator("h1")).to_have_text(f"Judgements for {period}")
    axe_check(page)
    judgements = {
        "Communication and Language": "Ahead for age",
        "Personal, Social and Emotional Development": "Typical for age",
        "Physical Development": "Typical for age",
        "Literacy": "May be at risk of delay",
        "Mathematics": "Typical for age",
        "Understanding the World": "Typical for age",
        "Expressive Arts and Design": "Typical for age",
    }
    for area_name, label in judgements.items():
        page.get_by_role("group", name=area_name, exact=True).get_by_label(label).check()
    page.get_by_label("Note on Literacy (optional)").fill("Not yet interested in mark making.")
    page.get_by_role("button", name="Save judgements").click()

    # Back on the tracker: the chart has a line per area through this period, and the table.
    expect(page.locator("h1")).to_have_text("Progress tracker")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Judgements for {period} saved"
    )
    chart = page.locator("svg[role=img]")
    expect(chart).to_have_count(1)
    expect(chart.locator("title").first).to_have_text(f"Progress of {name} over time")
    series = chart.locator("g.series")
    expect(series).to_have_count(7)
    assert sorted(series.evaluate_all("gs => gs.map(g => g.dataset.area)")) == sorted(
        ["CL", "PSED", "PD", "L", "M", "UTW", "EAD"]
    )
    expect(chart.locator("g.x-axis text").first).to_have_text(period)
    expect(chart.locator("g.series[data-area=CL] circle title")).to_have_text(
        f"Communication and Language, {period}: Ahead for age"
    )
    table = page.get_by_role("table", name="Judgements by area and period")
    expect(table.get_by_role("columnheader", name=period)).to_be_visible()
    for area_name, label in judgements.items():
        row = table.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=re.compile(rf"^{re.escape(area_name)} \("))
        )
        expect(row).to_contain_text(label)
    expect(table).to_contain_text("Not yet interested in mark making.")
    screenshot(page, "progress-tracker-after-judgements")
    axe_check(page)
    assert TrackerJudgement.objects.filter(child=child, period__name=period).count() == 7


def test_a_photo_of_a_child_without_photo_consent_is_refused_and_the_text_is_kept(
    page: Page, framework, private_media, key_person, key_child, photo_file
):
    name = str(key_child)
    sign_in(page, key_person.email)
    open_hub(page, name)
    page.get_by_role("link", name=f"Record an observation of {name}").click()
    record_observation(page, name, photo_file)
    page.get_by_role("button", name="Save observation").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link")).to_have_text(
        [re.compile(rf"^{re.escape(name)} has no photo consent: remove the photo or the child")]
    )
    expect(page.get_by_text("Your photos have not been saved.")).to_be_visible()
    expect(page.get_by_label("What did you see and hear?")).to_have_value(OBSERVATION_TEXT)
    expect(page.get_by_label("Communication and Language", exact=True)).to_be_checked()
    expect(page.get_by_label(name, exact=True)).to_be_checked()
    axe_check(page)
    assert not Observation.objects.exists()


def test_the_progress_check_at_two_pdf_downloads(
    page: Page, framework, key_person, care_setting, tmp_path: Path
):
    child = child_aged(
        months=28,
        care_setting=care_setting,
        key_person=key_person,
        first_name="Mia",
        last_name="Okonjo",
    )
    KeyPersonAllocation.objects.create(
        child=child, staff=key_person, starts_on=child.start_date, is_designated=True
    )
    ChildFactory(care_setting=care_setting)  # someone else, not in the PDF
    name = str(child)
    sign_in(page, key_person.email)
    open_hub(page, name)
    page.get_by_role("link", name="Progress check at age two").click()
    expect(page.locator("h1")).to_have_text("Progress check at age two")
    expect(page.get_by_text(f"{name} is 28 months old.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Record the progress check").click()
    expect(page.locator("h1")).to_have_text("Record the progress check at age two")
    axe_check(page)
    fill_date(page, "completed_on", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Communication and language", exact=True).fill(
        "Uses two-word phrases and follows simple instructions."
    )
    page.get_by_label("Personal, social and emotional development", exact=True).fill(
        "Plays alongside friends and seeks out her key person."
    )
    page.get_by_label("Physical development", exact=True).fill("Climbs the low frame.")
    page.get_by_label("Strengths", exact=True).fill("Loves stories and singing.")
    page.get_by_label("Next steps", exact=True).fill("Model new words during snack time.")
    page.get_by_role("button", name="Save the progress check").click()

    expect(page.locator("h1")).to_have_text("Progress check at age two")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{name}'s progress check at age two has been saved."
    )
    expect(page.get_by_text("Loves stories and singing.")).to_be_visible()
    axe_check(page)
    assert ProgressCheckAtTwo.objects.filter(child=child).count() == 1

    # The PDF is sent inline (Content-Disposition: inline), so Chromium opens it in its
    # viewer rather than firing a download: follow the link, check the response, then fetch
    # the same URL with the signed-in context's cookies to save the file.
    link = page.get_by_role("link", name="Download the progress check for carers (PDF)")
    with page.expect_response(re.compile(r"/progress-check\.pdf$")) as response_info:
        link.click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    checked_on = timezone.localdate() - timedelta(days=1)
    filename = f"progress-check-at-two-mia-okonjo-{checked_on.isoformat()}.pdf"
    assert f'filename="{filename}"' in response.headers["content-disposition"]
    pdf = tmp_path / filename
    saved = page.request.get(response.url)
    assert saved.ok
    pdf.write_bytes(saved.body())
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Progress check at age two" in text
    assert name in text
    assert "Loves stories and singing." in text
