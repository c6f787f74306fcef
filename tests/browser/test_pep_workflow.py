"""The whole PEP workflow in real Chromium, every page visited checked with axe-core.

A child of three enters care; the clock opens the initial PEP; the children in care
advisor schedules the meeting, invites the key person and the social worker and confirms
it; the key person writes the paperwork with the child's voice and submits it; the advisor
records the meeting with SMART targets, returns the PEP with a reason, the key person fixes
it and submits again; the advisor signs it off; the worker makes the locked PDF pack and
the next cycle (the review) is due six months after the meeting.

The meeting is held on the day itself (it may be scheduled for today and recorded once the
day has come), so no clock is pinned: the live server runs in a thread of this process and
the expected dates are worked out from today with ``common.dates``. The e-mails go to
Django's in-memory outbox, shared with the live server's thread, and the workers' tasks
run at once (``CELERY_TASK_ALWAYS_EAGER``), as the pack's worker would run them.
"""

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import User
from children.models import Child, TeamMember
from common import dates
from keypersons.models import KeyPersonAllocation
from pep.clock.rules import next_review_due
from pep.models import Meeting, Pep, PepPack
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.browser.test_children_workflow import fill_date, summary_value
from tests.browser.test_learning_workflow import framework, private_media  # noqa: F401
from tests.factories.children import TeamMemberFactory
from tests.factories.learning_check import child_aged

pytestmark = pytest.mark.browser

SOCIAL_WORKER = "Sam Social-Worker"
FOSTER_CARER = "Fran Foster"
LIKES = "I like the water tray and the big red bus: I go back to them every morning."
HAPPY = "Singing 'Wheels on the Bus' with my key person makes me laugh and clap."
SHOW_IT = "I hide my face in my blanket when I am worried and bounce when I am happy."
RETURN_REASON = "The carer's views need the date they were given and what the carer said."


@pytest.fixture
def child_entering_care(care_setting, key_person) -> Child:
    """A child of three at the setting, not looked after yet, with a key person and a team."""
    child = child_aged(
        months=38,
        care_setting=care_setting,
        key_person=key_person,
        first_name="Theo",
        last_name="Marsh",
        preferred_name="Teddy",
    )
    KeyPersonAllocation.objects.create(
        child=child, staff=key_person, starts_on=child.start_date, is_designated=True
    )
    TeamMemberFactory(
        child=child,
        social_worker=True,
        name=SOCIAL_WORKER,
        organisation="Northshire Children's Services",
        email="social.worker@northshire.example.test",
        invite_to_pep=False,
    )
    TeamMemberFactory(child=child, foster_carer=True, name=FOSTER_CARER, invite_to_pep=True)
    return child


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def expect_heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_have_text(text)


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_a_pep_from_entering_care_to_the_signed_pack_and_the_next_cycle(
    page: Page,
    framework,  # noqa: F811
    private_media,  # noqa: F811
    settings,
    tmp_path: Path,
    manager: User,
    key_person: User,
    cic_advisor: User,
    care_setting,
    home_la,
    child_entering_care: Child,
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    child = child_entering_care
    name = str(child)
    today = dates.today()
    entered_on = dates.add_working_days(today, -3)
    initial_due = dates.add_working_days(entered_on, home_la.initial_pep_days)
    days_left = dates.working_days_between(today, initial_due)

    # --- 1. The manager records that the child has entered care ----------------------------
    sign_in(page, manager.email)
    page.goto(f"/settings/{care_setting.slug}/children/{child.pk}/")
    expect_heading(page, name)
    page.get_by_role("link", name=f"Change the record of {name}").click()
    axe_check(page)
    page.get_by_role("group", name="Is the child looked after?").get_by_label(
        "Looked after", exact=True
    ).check()
    page.get_by_label("Legal status").select_option(label="C1 Interim care order")
    fill_date(page, "entered_care_on", entered_on)
    page.get_by_label("Responsible local authority").select_option(label=home_la.name)
    page.get_by_role("button", name=re.compile("^Save")).click()

    expect_heading(page, name)
    pep_section = page.locator("#hub-pep")
    expect(summary_value(page, "Current PEP")).to_contain_text("Initial PEP")
    expect(pep_section).to_contain_text(f"Due {long_date(initial_due)}")
    expect(pep_section).to_contain_text(f"{days_left} working days left")
    expect(summary_value(page, "Meeting")).to_have_text("Not scheduled yet")
    screenshot(page, "pep-hub-after-entering-care")
    axe_check(page)
    pep = Pep.objects.get(child=child, is_current=True)
    assert (pep.kind, pep.status, pep.due_on) == (Pep.Kind.INITIAL, Pep.Status.DUE, initial_due)
    sign_out(page)

    # --- 2. The advisor schedules the meeting and confirms it ------------------------------
    sign_in(page, cic_advisor.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="PEP board").click()
    expect_heading(page, "PEP board")
    axe_check(page)
    page.get_by_role("link", name=re.compile(rf"^{name}\s?: Initial PEP$")).click()
    expect_heading(page, "Initial PEP")
    axe_check(page)

    page.get_by_role("link", name="Schedule the PEP meeting").click()
    expect_heading(page, f"Schedule {child.known_as}'s PEP meeting")
    axe_check(page)
    team = page.get_by_role("group", name="People from the team around the child")
    expect(team.get_by_label(f"{FOSTER_CARER} (Foster carer)")).to_be_checked()
    social_worker = team.get_by_label(f"{SOCIAL_WORKER} (Social worker, Northshire")
    expect(social_worker).not_to_be_checked()
    social_worker.check()
    expect(page.get_by_label(f"{key_person.full_name} (designated key person)")).to_be_checked()
    fill_date(page, "date", today)
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("10:30")
    page.get_by_label("Place", exact=True).fill("Acorn Day Nursery, the family room")
    screenshot(page, "pep-meeting-schedule")
    page.get_by_role("button", name="Schedule the meeting and send the invitations").click()

    expect_heading(page, "Initial PEP")
    expect(banner(page)).to_contain_text(f"The PEP meeting for {child.known_as} is scheduled for")
    card = page.locator(".govuk-summary-card").filter(has_text="PEP meeting")
    expect(card).to_contain_text("Acorn Day Nursery, the family room")
    for invited in (SOCIAL_WORKER, FOSTER_CARER, key_person.full_name):
        expect(card).to_contain_text(invited)
    axe_check(page)
    meeting = Meeting.objects.get(pep__child=child)
    invited_emails = {
        "social.worker@northshire.example.test",
        key_person.email,
        TeamMember.objects.get(child=child, name=FOSTER_CARER).email,
    }
    assert {message.to[0] for message in mail.outbox} == invited_emails
    ics = [
        part
        for message in mail.outbox
        for part in message.attachments
        if getattr(part, "get_content_type", lambda: "")() == "text/calendar"
    ]
    assert len(ics) == 3, [message.attachments for message in mail.outbox]
    assert "METHOD:REQUEST" in ics[0].get_payload(decode=True).decode()
    assert child.last_name not in "".join(message.body for message in mail.outbox)
    mail.outbox.clear()

    card.get_by_role("link", name=re.compile(r"^Confirm")).click()
    expect_heading(page, "Confirm the meeting")
    axe_check(page)
    page.get_by_role("button", name="Confirm the meeting and request the paperwork").click()
    expect_heading(page, "Initial PEP")
    expect(banner(page)).to_contain_text("The key person has been asked for the paperwork by")
    expect(summary_value(page, "Status")).to_have_text("Paperwork requested")
    screenshot(page, "pep-meeting-confirmed")
    axe_check(page)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONFIRMED
    sign_out(page)

    # --- 3. The key person writes the paperwork and submits it -----------------------------
    sign_in(page, key_person.email)
    expect_heading(page, "My key children")
    # Confirming the meeting asked the key person for the paperwork, at once.
    expect(
        page.get_by_role("link", name=re.compile(r"^Notifications \(1 unread\s*\)$"))
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("region", name="PEPs of my key children").get_by_role(
        "link", name=re.compile(rf"^{name}\s?: open the PEP$")
    ).click()
    expect_heading(page, "Initial PEP")
    expect(summary_value(page, "Status")).to_have_text("Paperwork requested")
    screenshot(page, "pep-paperwork-to-do")
    axe_check(page)

    page.get_by_role("link", name="More about me").click()
    expect_heading(page, "More about me")
    axe_check(page)
    page.get_by_label("What I like").fill(LIKES)
    page.get_by_label("What comforts me").fill("My blue blanket and being sung to.")
    page.get_by_label("What makes me happy").fill(HAPPY)
    page.get_by_label("How I show how I feel").fill(SHOW_IT)
    page.get_by_role("button", name="Save and go back to the PEP").click()
    expect(banner(page)).to_contain_text("“More about me” has been saved.")
    expect(page.locator("#section-more-about-me-status")).to_have_text("Completed")
    axe_check(page)

    page.get_by_role("link", name="Carer's and social worker's views").click()
    expect_heading(page, "Carer's and social worker's views")
    axe_check(page)
    page.get_by_label("The carer's views", exact=True).fill(
        "Teddy sleeps well and loves bath time."
    )
    page.get_by_label("How were the carer's views given?").fill("Told to the key person")
    page.get_by_label("The social worker's views", exact=True).fill("The placement is settled.")
    page.get_by_label("How were the social worker's views given?").fill("By e-mail")
    page.get_by_role("button", name="Save and go back to the PEP").click()
    expect(banner(page)).to_contain_text("has been saved.")

    page.get_by_role("link", name="Attendance, health and SEN").click()
    expect_heading(page, "Attendance, health and SEN")
    page.get_by_label("Sessions offered this term").fill("40")
    page.get_by_label("Sessions attended this term").fill("44")
    page.get_by_label("Funded hours a week").fill("15")
    page.get_by_label("Health and wellbeing").fill("Well; eczema cream twice a day.")
    page.get_by_role("button", name="Save and go back to the PEP").click()
    # More attended than offered: the error says so and what was typed stays.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Sessions attended this term must be no more than the sessions offered"
    )
    expect(page.get_by_label("Health and wellbeing")).to_have_value(
        "Well; eczema cream twice a day."
    )
    expect(page.get_by_label("Funded hours a week")).to_have_value("15")
    axe_check(page)
    page.get_by_label("Sessions attended this term").fill("37")
    page.get_by_role("button", name="Save and go back to the PEP").click()
    expect(banner(page)).to_contain_text("has been saved.")

    # The progress summary is not written yet: the submission names it, nothing is lost.
    page.get_by_role("link", name="Check and submit the paperwork").click()
    expect_heading(page, "Submit the paperwork")
    axe_check(page)
    page.get_by_role("button", name="Submit the paperwork").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link")).to_have_text(
        ["Complete “Progress summary”: it needs your summary of progress"]
    )
    expect(summary).to_contain_text("Nothing you have written has been lost.")
    screenshot(page, "pep-submit-refused")
    axe_check(page)
    summary.get_by_role("link").click()
    expect_heading(page, "Progress summary")
    axe_check(page)
    page.get_by_label("Your summary of progress").fill(
        "Talking in short sentences; joins group singing."
    )
    page.get_by_role("button", name="Save and go back to the PEP").click()
    expect(banner(page)).to_contain_text("“Progress summary” has been saved.")
    page.get_by_role("link", name="More about me").click()
    expect(page.get_by_label("What I like")).to_have_value(LIKES)
    expect(page.get_by_label("How I show how I feel")).to_have_value(SHOW_IT)
    axe_check(page)
    page.get_by_role("link", name="Back to the PEP").click()

    page.get_by_role("link", name="Check and submit the paperwork").click()
    page.get_by_role("button", name="Submit the paperwork").click()
    expect_heading(page, "Initial PEP")
    expect(banner(page)).to_contain_text("The paperwork has been submitted.")
    expect(summary_value(page, "Paperwork submitted")).to_have_text(long_date(today))
    expect(page.get_by_role("link", name="Check and submit the paperwork")).to_have_count(0)
    screenshot(page, "pep-paperwork-submitted")
    axe_check(page)
    sign_out(page)

    # --- 4. The advisor records the meeting and the SMART targets ----------------------------
    sign_in(page, cic_advisor.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="PEP board").click()
    page.get_by_role("link", name=re.compile(rf"^{name}\s?: Initial PEP$")).click()
    expect(summary_value(page, "Status")).to_have_text("Paperwork submitted")
    page.locator(".govuk-summary-card").filter(has_text="PEP meeting").get_by_role(
        "link", name=re.compile(r"^Record what happened")
    ).click()
    expect_heading(page, "Record the meeting")
    axe_check(page)
    next_due = next_review_due(today, cycle=home_la.pep_review_cycle, cut_offs=()).on
    for invited in (SOCIAL_WORKER, key_person.full_name):
        page.get_by_role("group", name=re.compile(rf"^{invited}")).get_by_label("Attended").check()
    page.get_by_role("group", name=re.compile(rf"^{FOSTER_CARER}")).get_by_label(
        "Sent apologies"
    ).check()
    page.get_by_label("What was agreed").fill("Two targets agreed; speech therapy referral.")
    fill_date(page, "next_pep_on", next_due)
    page.get_by_role("button", name="Record the meeting").click()
    expect_heading(page, "Initial PEP")
    expect(banner(page)).to_contain_text(f"held on {long_date(today)} is recorded")
    expect(summary_value(page, "Status")).to_have_text("Awaiting quality assurance")
    axe_check(page)

    page.get_by_role("link", name="Add a target").click()
    expect_heading(page, "Add a SMART target")
    axe_check(page)
    page.get_by_label("Communication and Language", exact=True).check()
    page.get_by_label("The target").fill("Teddy will ask for help with a three-word phrase.")
    page.get_by_label("Actions").fill("Model phrases at snack time; carer does the same at tea.")
    page.get_by_label("Who will do it").fill("Key person and carer")
    fill_date(page, "by_when", dates.add_months(today, 3))
    page.get_by_label("How success is measured").fill("Heard three times a week, noted.")
    page.get_by_role("button", name="Add the target").click()
    expect(banner(page)).to_contain_text("The target has been added.")

    axe_check(page)
    page.get_by_role("link", name="Add a target").click()
    axe_check(page)
    page.get_by_label("Physical Development", exact=True).check()
    page.get_by_label("The target").fill("Teddy will pedal the trike around the garden.")
    page.get_by_label("Who will do it").fill("Key person")
    fill_date(page, "by_when", dates.add_months(today, 3))
    page.get_by_role("button", name="Add the target").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "It does not say how success will be measured."
    )
    targets = page.locator(".govuk-summary-card").filter(has_text="Target 2")
    expect(targets).to_contain_text("This target is not yet specific.")
    screenshot(page, "pep-targets")
    axe_check(page)
    sign_out(page)

    # --- 5. The advisor returns it with a reason; the key person fixes it --------------------
    sign_in(page, cic_advisor.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="PEP board").click()
    page.get_by_role("link", name=re.compile(rf"^{name}\s?: Initial PEP$")).click()
    page.get_by_role("link", name="Quality-assure this PEP").click()
    expect_heading(page, "Quality assurance of the PEP")
    screenshot(page, "pep-qa")
    axe_check(page)
    page.get_by_role("group", name="Rating").get_by_label("Amber").check()
    page.get_by_role("group", name="Decision").get_by_label(
        "Return it to the setting for changes"
    ).check()
    page.get_by_role("button", name="Save decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Enter why the PEP is being returned"])
    expect(page.get_by_role("group", name="Rating").get_by_label("Amber")).to_be_checked()
    axe_check(page)
    page.get_by_label("Why it is returned (if you return it)").fill(RETURN_REASON)
    page.get_by_role("button", name="Save decision").click()
    expect(banner(page)).to_contain_text("The PEP has been returned.")
    axe_check(page)
    sign_out(page)

    sign_in(page, key_person.email)
    page.get_by_role("region", name="PEPs of my key children").get_by_role(
        "link", name=re.compile(rf"^{name}\s?: open the PEP$")
    ).click()
    expect(summary_value(page, "Status")).to_have_text("Returned")
    returned = page.get_by_role("region", name="Returned for changes")
    expect(returned).to_contain_text(RETURN_REASON)
    screenshot(page, "pep-returned")
    axe_check(page)
    page.get_by_role("link", name="read why under Quality assurance").click()
    expect(returned).to_be_in_viewport()
    page.get_by_role("link", name="Carer's and social worker's views").click()
    axe_check(page)
    expect(page.get_by_label("The carer's views", exact=True)).to_have_value(
        "Teddy sleeps well and loves bath time."
    )
    page.get_by_label("The carer's views", exact=True).fill(
        "The carer says Teddy sleeps well, loves bath time and now says 'more please'."
    )
    page.get_by_label("How were the carer's views given?").fill(
        "Told to the key person at collection on the day of the meeting"
    )
    page.get_by_role("button", name="Save and go back to the PEP").click()
    expect(banner(page)).to_contain_text("has been saved.")
    page.get_by_role("link", name="Check and submit the paperwork").click()
    axe_check(page)
    page.get_by_role("button", name="Submit the paperwork").click()
    expect(banner(page)).to_contain_text("The paperwork has been submitted.")
    expect(summary_value(page, "Status")).to_have_text("Awaiting quality assurance")
    axe_check(page)
    sign_out(page)

    # --- 6. The advisor signs it off: locked, the pack made, the next cycle open -------------
    sign_in(page, cic_advisor.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="PEP board").click()
    page.get_by_role("link", name=re.compile(rf"^{name}\s?: Initial PEP$")).click()
    axe_check(page)
    page.get_by_role("link", name="Quality-assure this PEP").click()
    axe_check(page)
    checklist = page.get_by_role("group", name="Checklist")
    for item in (
        "The child's voice is present",
        "The targets are SMART",
        "The carer's input is included",
        "Attendees and the next PEP date are recorded",
    ):
        checklist.get_by_label(item).check()
    page.get_by_role("group", name="Rating").get_by_label("Green").check()
    page.get_by_label("Feedback to the setting").fill("A clear picture of Teddy. Thank you.")
    page.get_by_role("group", name="Decision").get_by_label("Sign it off").check()
    page.get_by_role("button", name="Save decision").click()
    expect(banner(page)).to_contain_text("The PEP has been signed off and locked.")
    expect(page.get_by_role("heading", name="Signed off and locked")).to_be_visible()
    pack_link = page.get_by_role("link", name="Download the PEP pack (PDF)")
    expect(pack_link).to_be_visible()
    screenshot(page, "pep-signed-off")
    axe_check(page)
    pep.refresh_from_db()
    assert pep.status == Pep.Status.SIGNED_OFF and pep.is_locked
    assert PepPack.objects.filter(pep=pep).exists()

    page.get_by_role("link", name="Back to the PEP").click()
    expect_heading(page, "Initial PEP")
    expect(summary_value(page, "Status")).to_have_text("Signed off")
    for editing in ("Add a target", "Check and submit the paperwork", "Schedule the PEP meeting"):
        expect(page.get_by_role("link", name=editing)).to_have_count(0)
    main = page.get_by_role("main")
    expect(
        main.get_by_role("link", name=re.compile(r"^(Change|Remove|Record what)"))
    ).to_have_count(0)
    screenshot(page, "pep-locked")
    axe_check(page)

    # A write URL answers with the refusal, and nothing changes.
    response = page.goto(f"/la/{home_la.slug}/pep/{pep.pk}/targets/add/")
    assert response is not None and response.status == 409
    expect_heading(page, "This PEP cannot be changed")
    expect(page.locator("main")).to_contain_text("Signed off: this PEP can no longer be changed.")
    axe_check(page)
    assert pep.targets.count() == 2

    # The locked pack: a PDF naming the child, with what was written.
    page.goto(f"/la/{home_la.slug}/pep/{pep.pk}/quality-assurance/")
    with page.expect_response(re.compile(r"/pack\.pdf$")) as response_info:
        page.get_by_role("link", name="Download the PEP pack (PDF)").click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "pep-pack.pdf"
    saved = page.request.get(response.url)
    assert saved.ok
    pdf.write_bytes(saved.body())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert f"Personal Education Plan for {child.known_as}" in text
    assert f"Date of birth {long_date(child.date_of_birth)}" in text
    assert " ".join(LIKES.split()) in text
    assert "Teddy will ask for help with a three-word phrase." in text
    page.goto(f"/la/{home_la.slug}/pep/board/")

    # The next cycle: the review, due six months after the meeting (the working day before,
    # if that is not a working day), on the board and on the child's hub.
    expect_heading(page, "PEP board")
    row = page.locator("tbody tr").filter(has_text=name)
    expect(row).to_contain_text("PEP review")
    expect(row).to_contain_text(f"Due {long_date(next_due)}")
    axe_check(page)
    row.get_by_role("link", name=re.compile(rf"^{name}")).click()
    expect_heading(page, "PEP review")
    axe_check(page)
    review = Pep.objects.get(child=child, is_current=True)
    assert (review.kind, review.status, review.due_on) == (
        Pep.Kind.REVIEW,
        Pep.Status.DUE,
        next_due,
    )
    assert review.previous_id == pep.pk
    sign_out(page)

    sign_in(page, manager.email)
    page.goto(f"/settings/{care_setting.slug}/children/{child.pk}/")
    expect(summary_value(page, "Current PEP")).to_contain_text("PEP review")
    expect(page.locator("#hub-pep")).to_contain_text(f"Due {long_date(next_due)}")
    signed = page.locator("#hub-pep").get_by_role(
        "link", name=re.compile(r"^Initial PEP, signed off")
    )
    expect(signed).to_have_text(f"Initial PEP, signed off {long_date(today)}")
    screenshot(page, "pep-hub-next-cycle")
    axe_check(page)
