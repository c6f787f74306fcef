"""A safeguarding concern from the practitioner's notice to the receiving setting's DSL.

In real Chromium, every page checked with axe-core:

1. the practitioner raises a concern about their key child with a body-map mark, from the
   child's hub, using only the keyboard, and reads the receipt;
2. the DSL, alerted in their notifications, opens the concern, starts the review, records an
   action and the outcome "Referral to children's social care" with its reference;
3. the DSL reads the child's chronology, which shows the concern and its outcome, and
   downloads it as a PDF for a strategy meeting;
4. the practitioner gets 404 on the concern, the chronology and the child's safeguarding page;
5. the manager moves the child to a setting on the portal; the sending DSL sends the
   safeguarding file; the receiving setting's DSL downloads it and acknowledges receipt;
   the sending DSL sees the receipt.
"""

import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from accounts.models import CareSetting, User
from children.models import Child
from common import dates
from safeguarding.models import Concern, Outcome, Transfer
from tests.browser.helpers import RESULTS, axe_check, screenshot, sign_in
from tests.browser.test_children_workflow import fill_date, summary_value
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.browser

SEEN = "A round bruise on the left upper arm, seen when taking off the coat."
WORDS = "Daddy squeezed too hard"
MARK = "Oval, about 3cm, purple"
ACTION = "Spoke to the parent at collection; the explanation did not match the mark."
REFERENCE = "CSC-2026-0412"
REASONS = "The mark and the child's words meet the threshold for a referral."


def tab_to(page: Page, target: Locator, *, limit: int = 200) -> None:
    """Press Tab until the target has the focus, as a keyboard user moves through a page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}", pytrace=False)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def expect_heading(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.locator("h1")).to_have_text(text)


def banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def download(page: Page, link: Locator, name: str) -> str:
    """Fetch the PDF behind the link with the reader's session, and return its text.

    The PDF is kept under test-results/ for people to look at.
    """
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / name
    href = link.get_attribute("href")
    assert href is not None
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    path.write_bytes(response.body())
    return pdf_text(path)


@pytest.fixture
def receiving_dsl(other_setting: CareSetting) -> User:
    """The designated safeguarding lead of the setting the child moves to."""
    return MembershipFactory(
        user__full_name="Rhea Receiving",
        user__email="receivingdsl@demo.test",
        care_setting=other_setting,
        dsl=True,
    ).user


class TestAConcernFromTheRoomToTheNextSetting:
    def test_raised_triaged_referred_kept_secret_and_transferred_with_a_receipt(
        self,
        page: Page,
        practitioner: User,
        dsl: User,
        manager: User,
        receiving_dsl: User,
        key_child: Child,
        care_setting: CareSetting,
        other_setting: CareSetting,
    ):
        child = key_child
        slug = care_setting.slug
        self.practitioner_raises_a_concern_with_the_keyboard(page, practitioner, child, slug)
        concern = Concern.objects.get(child=child)
        self.dsl_is_alerted_and_refers_the_concern(page, dsl, concern)
        self.dsl_reads_the_chronology_and_its_pdf(page, concern)
        sign_out(page)
        self.practitioner_gets_not_found(page, practitioner, concern)
        self.manager_moves_the_child(page, manager, child, other_setting)
        self.the_file_goes_to_the_receiving_dsl(page, dsl, receiving_dsl, child, other_setting)

    # --- 1 ----------------------------------------------------------------------------------
    def practitioner_raises_a_concern_with_the_keyboard(
        self, page: Page, practitioner: User, child: Child, slug: str
    ) -> None:
        sign_in(page, practitioner.email)
        page.goto(reverse("settings:children:detail", args=[slug, child.pk]))
        axe_check(page)
        tab_to(
            page,
            page.get_by_role("link", name=f"Raise a safeguarding concern about {child.known_as}"),
        )
        page.keyboard.press("Enter")
        expect_heading(page, "Raise a safeguarding concern")
        expect(page.get_by_text(f"About {child}")).to_be_visible()
        axe_check(page)

        tab_to(page, page.get_by_label("Where it happened (optional)"))
        page.keyboard.type("Cloakroom")
        # Tab enters a group of radios at its first; the arrow keys move along and choose.
        tab_to(page, page.get_by_label("Neglect", exact=True))
        page.keyboard.press("ArrowDown")
        expect(page.get_by_label("Physical abuse", exact=True)).to_be_checked()
        tab_to(page, page.get_by_label("What did you see or hear?"))
        page.keyboard.type(SEEN)
        tab_to(page, page.get_by_label("The child's own words (optional)"))
        page.keyboard.type(WORDS)
        # A select is chosen with the keyboard by typing the start of its option.
        tab_to(page, page.locator("#id_marks-0-side"))
        page.keyboard.type("Front")
        tab_to(page, page.locator("#id_marks-0-region"))
        page.keyboard.type("Left upper")
        tab_to(page, page.locator("#id_marks-0-kind"))
        page.keyboard.type("Bruise")
        tab_to(page, page.locator("#id_marks-0-description"))
        page.keyboard.type(MARK)
        tab_to(page, page.get_by_role("button", name="Pass the concern to the DSL"))
        page.keyboard.press("Enter")

        expect(page.locator("h1")).to_contain_text("Concern C-")
        expect(banner(page)).to_contain_text("Your concern has been passed to the DSL.")
        main = page.get_by_role("main")
        expect(main).to_contain_text(SEEN)
        expect(main).to_contain_text(WORDS)
        expect(main).to_contain_text(MARK)
        screenshot(page, "safeguarding-receipt")
        axe_check(page)
        concern = Concern.objects.get(child=child)
        [mark] = concern.marks.all()
        assert (mark.side, mark.region, mark.kind) == ("front", "left_upper_arm", "bruise")
        assert (concern.category, concern.location) == ("physical", "Cloakroom")
        sign_out(page)

    # --- 2 ----------------------------------------------------------------------------------
    def dsl_is_alerted_and_refers_the_concern(
        self, page: Page, dsl: User, concern: Concern
    ) -> None:
        sign_in(page, dsl.email)
        page.goto(reverse("notifications:list"))
        expect_heading(page, "Notifications")
        alert = page.locator("tbody tr").filter(
            has_text="A concern about a child's welfare has been passed to you"
        )
        expect(alert).to_have_count(1)
        # The alert names no child and quotes no words.
        expect(alert).not_to_contain_text(concern.child.first_name)
        expect(alert).not_to_contain_text(SEEN)
        axe_check(page)
        alert.get_by_role("button", name=re.compile(r"^Open")).click()

        expect_heading(page, f"Concern {concern.reference} about {concern.child}")
        expect(page.get_by_text("Waiting for review")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text(MARK)
        axe_check(page)
        page.get_by_role("button", name="Start review").click()
        expect(banner(page)).to_contain_text(
            f"You have started the review of concern {concern.reference}."
        )
        axe_check(page)

        page.get_by_role("link", name="Add a decision, action, contact or note").click()
        axe_check(page)
        page.get_by_role("group", name="What are you recording?").get_by_label(
            "Action", exact=True
        ).check()
        page.get_by_label("Details").fill(ACTION)
        page.get_by_role("button", name="Add to the log").click()
        expect(banner(page)).to_contain_text("The entry has been added to the log.")
        expect(page.get_by_role("table", name=re.compile(r"^Decisions, actions"))).to_contain_text(
            ACTION
        )
        axe_check(page)

        page.get_by_role("link", name="Record the outcome and close the concern").click()
        axe_check(page)
        page.get_by_role("group", name="What is the outcome?").get_by_label(
            "Referral to children's social care"
        ).check()
        page.get_by_label("Reasons for the outcome").fill(REASONS)
        page.get_by_role("button", name="Record the outcome").click()
        # A referral without its reference is refused, with what was typed kept.
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter the reference of the referral"
        )
        expect(page.get_by_label("Reasons for the outcome")).to_have_value(REASONS)
        axe_check(page)
        page.get_by_label("Reference (children's social care, police or LADO)").fill(REFERENCE)
        page.get_by_role("button", name="Record the outcome").click()

        expect_heading(page, f"Concern {concern.reference} about {concern.child}")
        expect(summary_value(page, "Outcome")).to_have_text("Referral to children's social care")
        expect(summary_value(page, "Reference")).to_have_text(REFERENCE)
        screenshot(page, "safeguarding-concern-referred")
        axe_check(page)
        concern.refresh_from_db()
        assert (concern.outcome, concern.outcome_reference) == (Outcome.CSC_REFERRAL, REFERENCE)

    # --- 3 ----------------------------------------------------------------------------------
    def dsl_reads_the_chronology_and_its_pdf(self, page: Page, concern: Concern) -> None:
        child = concern.child
        page.goto(
            reverse("settings:safeguarding:child", args=[concern.care_setting.slug, child.pk])
        )
        axe_check(page)
        page.get_by_role("link", name=re.compile(r"chronology", re.IGNORECASE)).first.click()
        expect_heading(page, f"Chronology: {child}")
        main = page.get_by_role("main")
        expect(main).to_contain_text(concern.reference)
        expect(main).to_contain_text("Referral to children's social care")
        screenshot(page, "safeguarding-chronology")
        axe_check(page)
        text = download(
            page,
            page.get_by_role("link", name=re.compile(r"^Print the chronology")),
            "safeguarding-chronology.pdf",
        )
        assert child.last_name in text
        assert concern.reference in text
        assert "Referral to children's social care" in text
        assert REFERENCE in text

    # --- 4 ----------------------------------------------------------------------------------
    def practitioner_gets_not_found(
        self, page: Page, practitioner: User, concern: Concern
    ) -> None:
        sign_in(page, practitioner.email)
        slug, child_id = concern.care_setting.slug, concern.child_id
        for url in (
            reverse("settings:safeguarding:concern_detail", args=[slug, concern.pk]),
            reverse("settings:safeguarding:chronology", args=[slug, child_id]),
            reverse("settings:safeguarding:chronology_pdf", args=[slug, child_id]),
            reverse("settings:safeguarding:child", args=[slug, child_id]),
        ):
            response = page.goto(url)
            assert response is not None and response.status == 404, url
            expect(page.get_by_role("main")).not_to_contain_text(concern.reference)
        axe_check(page)
        sign_out(page)

    # --- 5 ----------------------------------------------------------------------------------
    def manager_moves_the_child(
        self, page: Page, manager: User, child: Child, other_setting: CareSetting
    ) -> None:
        sign_in(page, manager.email)
        page.goto(reverse("settings:children:move", args=[child.care_setting.slug, child.pk]))
        axe_check(page)
        page.get_by_label("New setting").fill(other_setting.name)
        fill_date(page, "moved_on", dates.today())
        page.get_by_role("button", name="Move the child's record").click()
        expect(banner(page)).to_contain_text(f"has moved to {other_setting.name}")
        child.refresh_from_db()
        assert child.care_setting_id == other_setting.pk
        sign_out(page)

    def the_file_goes_to_the_receiving_dsl(
        self,
        page: Page,
        dsl: User,
        receiving_dsl: User,
        child: Child,
        other_setting: CareSetting,
    ) -> None:
        transfer = Transfer.objects.get(child=child)
        sending = transfer.from_setting.slug

        sign_in(page, dsl.email)
        page.goto(reverse("settings:safeguarding:transfer_list", args=[sending]))
        expect_heading(page, "Safeguarding file transfers")
        axe_check(page)
        page.get_by_role("link", name=str(child)).click()
        expect_heading(page, f"Safeguarding file of {child}")
        axe_check(page)
        page.get_by_role("link", name="Send the safeguarding file").click()
        axe_check(page)
        page.get_by_role("button", name=re.compile(r"^Send")).click()
        expect(banner(page)).to_contain_text("The safeguarding file has been sent.")
        expect(summary_value(page, "Receipt")).to_have_text("Not acknowledged yet")
        axe_check(page)
        sign_out(page)

        sign_in(page, receiving_dsl.email)
        page.goto(reverse("settings:safeguarding:transfer_list", args=[other_setting.slug]))
        incoming = page.get_by_role("listitem").filter(
            has_text=f"from {transfer.from_setting.name}"
        )
        expect(incoming).to_have_count(1)
        axe_check(page)
        incoming.get_by_role("link", name=str(child)).click()
        expect_heading(page, f"Safeguarding file of {child}")
        axe_check(page)
        text = download(
            page,
            page.get_by_role("link", name="Download the safeguarding file (PDF)"),
            "safeguarding-file.pdf",
        )
        assert child.last_name in text
        assert REFERENCE in text
        page.get_by_role("button", name="Acknowledge receipt").click()
        expect(banner(page)).to_contain_text("Receipt of the safeguarding file has been recorded.")
        expect(summary_value(page, "Receipt")).to_contain_text(f"by {receiving_dsl.full_name}")
        axe_check(page)
        sign_out(page)

        sign_in(page, dsl.email)
        page.goto(reverse("settings:safeguarding:transfer_detail", args=[sending, transfer.pk]))
        expect(summary_value(page, "Receipt")).to_contain_text(
            f"Acknowledged on {dates.today():%-d %B %Y}"
        )
        expect(summary_value(page, "Receipt")).to_contain_text(receiving_dsl.full_name)
        expect(page.get_by_role("main")).to_contain_text(receiving_dsl.full_name)
        screenshot(page, "safeguarding-transfer-acknowledged")
        axe_check(page)
        transfer.refresh_from_db()
        assert transfer.acknowledged_by_id == receiving_dsl.pk
