"""Support for a setting after an Ofsted report below Good, in real Chromium.

Every page visited is checked with axe-core:

1. the setting's improvement advisor records an inspection graded Requires improvement, and
   an action plan opens;
2. the advisor records notes of a visit after the inspection with the Positive Practice
   Tool and shares them; the notes say that no grade is given, and their PDF downloads;
3. the setting's manager reads the notes, adds reflections and writes the action plan;
4. the advisor comments on the plan and brokers a support package;
5. the advisor records the next inspection, a report card at the expected standard or
   better with safeguarding met: the plan closes and a maintenance contact is due;
6. the LA pages: the portfolio (sorted and filtered), the strategy action plan and one of
   its commitments, and the children in care cohort report with its charts.
"""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from accounts.models import CareSetting, LocalAuthority, User
from children.models import Child
from quality.models import ActionPlan, StrategyCommitment
from tests.browser.helpers import RESULTS, axe_check, screenshot, sign_in
from tests.browser.test_children_workflow import fill_date
from tests.factories.quality import StrategyCommitmentFactory

pytestmark = pytest.mark.browser

RI_DAY = date(2025, 10, 14)  # graded judgements end on 9 November 2025
WORKING_WELL = "Children settle quickly; key persons know their families well."
WORRIED_ABOUT = "Next steps from observations do not reach the weekly planning."
NEEDS_TO_HAPPEN = "Room leaders bring each child's next steps to the planning meeting."
REFLECTIONS = "We agree about planning and will start the meetings next week."
CONCERN = "Next steps are not followed up in planning."
ACTION = "Room leaders check next steps in every learning journey each week."
PLAN_COMMENT = "A clear plan; the first action can start at once."
SUPPORT_DETAIL = "Three advisory visits this term on observation and planning."


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def expect_heading(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.locator("h1")).to_have_text(text)


def banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def group(page: Page, legend: str) -> Locator:
    """A fieldset of radios, found by its legend."""
    return page.get_by_role("group", name=legend, exact=True)


def url(name: str, *args: object) -> str:
    return reverse(name, args=list(args))


@pytest.fixture
def commitment(home_la: LocalAuthority) -> StrategyCommitment:
    return StrategyCommitmentFactory(
        chapter__local_authority=home_la,
        chapter__title="Children in care",
        reference="2.4 (iv)",
        status=StrategyCommitment.Status.IN_PROGRESS,
        rag=StrategyCommitment.Rag.AMBER,
    )


class TestSupportAfterRequiresImprovement:
    def test_inspection_visit_plan_support_and_the_next_inspection_closes_the_plan(
        self,
        page: Page,
        advisor: User,
        manager: User,
        la_admin: User,
        care_setting: CareSetting,
        key_child: Child,
        commitment: StrategyCommitment,
    ):
        slug = care_setting.slug
        self.advisor_records_requires_improvement(page, advisor, slug)
        plan = ActionPlan.objects.get(care_setting=care_setting)
        self.advisor_records_and_shares_a_visit(page, slug)
        sign_out(page)
        self.manager_reflects_and_writes_the_plan(page, manager, slug, plan)
        sign_out(page)
        self.advisor_comments_and_brokers_support(page, advisor, slug, plan)
        self.advisor_records_the_next_inspection(page, slug, plan)
        self.advisor_reads_the_portfolio_and_the_strategy(page, care_setting, commitment)
        sign_out(page)
        self.la_admin_reads_the_cohort_report(page, la_admin, care_setting)

    # --- 1 ----------------------------------------------------------------------------------
    def advisor_records_requires_improvement(self, page: Page, advisor: User, slug: str) -> None:
        sign_in(page, advisor.email)
        page.goto(url("settings:quality:overview", slug))
        expect_heading(page, "Ofsted and support")
        expect(page.locator("#plan")).to_contain_text("No action plan is open.")
        axe_check(page)

        page.get_by_role("link", name="Record an inspection").click()
        expect(page).to_have_url(re.compile(url("settings:quality:inspection_add", slug)))
        axe_check(page)
        fill_date(page, "inspected_on", RI_DAY)
        page.get_by_label("Graded judgement").check()
        group(page, "Overall effectiveness").get_by_label(
            "Requires improvement", exact=True
        ).check()
        group(page, "Safeguarding").get_by_label("Met", exact=True).check()
        page.get_by_role("button", name="Save inspection").click()

        expect_heading(page, "Ofsted and support")
        expect(banner(page)).to_be_visible()
        expect(page.locator("#inspections")).to_contain_text("Requires improvement")
        expect(page.locator("#plan")).to_contain_text("Open action plan")
        expect(page.locator("#plan")).to_contain_text(
            f"after the inspection of {RI_DAY:%-d %B %Y}"
        )
        screenshot(page, "quality-overview-requires-improvement")
        axe_check(page)

    # --- 2 ----------------------------------------------------------------------------------
    def advisor_records_and_shares_a_visit(self, page: Page, slug: str) -> None:
        page.get_by_role("link", name="Record a visit").first.click()
        expect(page).to_have_url(re.compile(url("settings:quality:visit_add", slug)))
        expect(page.locator("#no-grade")).to_contain_text("No grade is given at these visits")
        axe_check(page)
        visited_on = timezone.localdate() - timedelta(days=3)
        fill_date(page, "visited_on", visited_on)
        page.get_by_label("After an inspection").check()
        page.get_by_label("Who did you meet?").fill("The manager and the deputy manager")
        page.get_by_label("What is working well?").fill(WORKING_WELL)
        page.get_by_label("What are we worried about?").fill(WORRIED_ABOUT)
        page.get_by_label("What needs to happen?").fill(NEEDS_TO_HAPPEN)
        page.get_by_label("Where does the setting put itself on a scale of 0 to 10?").fill("6")
        page.get_by_label("Where do you put it on a scale of 0 to 10?").fill("5")
        page.get_by_role("button", name="Save notes").click()

        expect_heading(page, f"Notes of visit on {visited_on:%-d %B %Y}")
        expect(page.locator("#no-grade")).to_contain_text("No grade is given at these visits")
        expect(page.get_by_role("main")).not_to_contain_text(re.compile(r"\bgrade[ds]?:", re.I))
        axe_check(page)
        page.get_by_role("button", name="Share with the setting").click()
        expect(banner(page)).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("Shared with the setting")
        screenshot(page, "quality-visit-shared")
        axe_check(page)

        link = page.get_by_role("link", name="Download the notes as a PDF")
        href = link.get_attribute("href")
        assert href is not None
        response = page.request.get(href)
        assert response.ok
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "quality-notes-of-visit.pdf").write_bytes(response.body())

        page.goto(url("settings:quality:visit_list", slug))
        expect_heading(page, "Notes of visit")
        axe_check(page)

    # --- 3 ----------------------------------------------------------------------------------
    def manager_reflects_and_writes_the_plan(
        self, page: Page, manager: User, slug: str, plan: ActionPlan
    ) -> None:
        sign_in(page, manager.email)
        page.goto(url("settings:quality:overview", slug))
        expect_heading(page, "Ofsted and support")
        axe_check(page)
        page.locator("#visits").get_by_role("link").first.click()
        expect(page.locator("#no-grade")).to_contain_text("No grade is given at these visits")
        expect(page.get_by_role("main")).to_contain_text(WORRIED_ABOUT)
        axe_check(page)
        page.get_by_role("link", name="Add your reflections").click()
        axe_check(page)
        page.get_by_label("Your reflections").fill(REFLECTIONS)
        page.get_by_role("button", name="Save reflections").click()
        expect(page.get_by_role("main")).to_contain_text(REFLECTIONS)
        axe_check(page)

        page.goto(url("settings:quality:plan_list", slug))
        expect_heading(page, "Action plans")
        axe_check(page)
        page.goto(url("settings:quality:plan_detail", slug, plan.pk))
        expect(page.locator("#no-actions")).to_be_visible()
        axe_check(page)
        page.get_by_role("link", name="Add an action").click()
        expect(page).to_have_url(
            re.compile(url("settings:quality:plan_action_add", slug, plan.pk))
        )
        axe_check(page)
        page.get_by_label("What is the concern?").fill(CONCERN)
        page.get_by_label("What needs to happen?").fill(ACTION)
        page.get_by_label("Who will do it").fill("Room leaders")
        fill_date(page, "due_on", timezone.localdate() + timedelta(days=30))
        group(page, "Where is it up to?").get_by_label("In progress").check()
        page.get_by_role("button", name="Add the action").click()

        expect(page.locator("#action-1")).to_contain_text(CONCERN)
        expect(page.locator("#action-1")).to_contain_text("In progress")
        axe_check(page)

    # --- 4 ----------------------------------------------------------------------------------
    def advisor_comments_and_brokers_support(
        self, page: Page, advisor: User, slug: str, plan: ActionPlan
    ) -> None:
        sign_in(page, advisor.email)
        page.goto(url("settings:quality:plan_detail", slug, plan.pk))
        expect(page.locator("#action-1")).to_contain_text(ACTION)
        axe_check(page)
        page.get_by_role("link", name="Comment on the plan").click()
        axe_check(page)
        page.get_by_label("Your comments on the plan").fill(PLAN_COMMENT)
        page.get_by_role("button", name="Save the comments").click()
        expect(page.locator("#advisor-comment")).to_have_text(PLAN_COMMENT)

        page.get_by_role("link", name="Broker support").click()
        expect(page).to_have_url(re.compile(url("settings:quality:support_add", slug, plan.pk)))
        axe_check(page)
        group(page, "Kind of support").get_by_label("Advisory visits").check()
        page.get_by_label("What is offered").fill(SUPPORT_DETAIL)
        fill_date(page, "offered_on", timezone.localdate())
        group(page, "Has the setting taken it up?").get_by_label("Taken up", exact=True).check()
        page.get_by_role("button", name="Add the support").click()

        support = page.locator("#support")
        expect(support).to_contain_text("Advisory visits")
        expect(support).to_contain_text(SUPPORT_DETAIL)
        screenshot(page, "quality-plan-with-support")
        axe_check(page)

    # --- 5 ----------------------------------------------------------------------------------
    def advisor_records_the_next_inspection(self, page: Page, slug: str, plan: ActionPlan) -> None:
        page.goto(url("settings:quality:inspection_add", slug))
        fill_date(page, "inspected_on", timezone.localdate())
        page.get_by_label("Report card").check()
        for area in (
            "Leadership and governance",
            "Curriculum and teaching",
            "Achievement",
            "Behaviour, attitudes and routines",
            "Personal development and well-being",
            "Inclusion",
        ):
            page.get_by_label(area, exact=True).select_option(label="Expected standard")
        group(page, "Safeguarding").get_by_label("Met", exact=True).check()
        page.get_by_role("button", name="Save inspection").click()

        expect_heading(page, "Ofsted and support")
        expect(page.locator("#plan")).to_contain_text("No action plan is open.")
        expect(page.locator("#plan")).to_contain_text("a maintenance contact is due by")
        axe_check(page)

        page.goto(url("settings:quality:plan_detail", slug, plan.pk))
        closed = page.locator("#closed")
        expect(closed).to_contain_text(f"This plan closed on {timezone.localdate():%-d %B %Y}")
        expect(closed).to_contain_text("every area at the expected standard or above")
        expect(closed).to_contain_text("A maintenance contact is due by")
        screenshot(page, "quality-plan-closed")
        axe_check(page)
        plan.refresh_from_db()
        assert plan.status == ActionPlan.Status.CLOSED
        assert plan.maintenance_contact_due is not None

    # --- 6 ----------------------------------------------------------------------------------
    def advisor_reads_the_portfolio_and_the_strategy(
        self, page: Page, care_setting: CareSetting, commitment: StrategyCommitment
    ) -> None:
        la = care_setting.local_authority.slug
        page.goto(url("la_quality:portfolio", la))
        expect_heading(page, "Settings portfolio")
        expect(page.get_by_role("link", name=care_setting.name)).to_be_visible()
        axe_check(page)
        page.locator("th a", has_text="Setting").click()
        expect(page.locator("th[aria-sort=descending]")).to_contain_text("Setting")
        axe_check(page)
        page.get_by_label("Support level").select_option(label="Universal")
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"support=universal"))
        expect(page.get_by_role("link", name=care_setting.name)).to_be_visible()
        screenshot(page, "quality-portfolio")
        axe_check(page)

        page.goto(url("la_quality:strategy", la))
        expect_heading(page, "Early years strategy action plan")
        axe_check(page)
        page.get_by_role("link", name=commitment.reference, exact=True).click()
        expect(page).to_have_url(
            re.compile(url("la_quality:commitment_detail", la, commitment.pk))
        )
        expect(page.get_by_role("main")).to_contain_text(commitment.text)
        axe_check(page)

    def la_admin_reads_the_cohort_report(
        self, page: Page, la_admin: User, care_setting: CareSetting
    ) -> None:
        sign_in(page, la_admin.email)
        page.goto(url("la_quality:cohort", care_setting.local_authority.slug))
        expect_heading(page, "Children in care cohort")
        expect(page.get_by_role("img").first).to_be_visible()
        screenshot(page, "quality-cohort")
        axe_check(page)
