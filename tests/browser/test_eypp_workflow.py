"""A looked-after child's EYPP action plan in real Chromium, every page checked with axe-core.

The key person starts the plan for the period of the child's PEP and adds a need tied to an
EYFS area and to one of the PEP's targets (a cost in words, then a negative one, are refused
with what was typed kept); the responsible LA's children in care advisor records the virtual
school's allocation, returns the plan with a reason; the key person changes a need and
submits it again; the advisor approves it and it is locked. The plan is then in the PEP's
paperwork and in the PEP's PDF pack. At the end of the period the key person records the
impact review, with the evidence chosen from the child's observations.

The end of the period is reached with ``time_machine``: the clock is moved to the day after
the plan's period, as the key person would meet it. The plan, its lines and the evidence
keep the dates they were written with (a direct database change of the period would leave
the lines' dates outside it, which the app never allows). The live server runs in a thread
of this process, so it sees the same clock; the session expires with the jump, so the key
person signs in again, as they would after weeks away.

The PEP is signed off by a direct update (its quality assurance in the browser is
``test_pep_workflow``'s), then its pack is made by the pack service, as the worker does at
sign-off, and downloaded through the browser.
"""

import importlib
import re
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from children.models import Child
from common import dates
from eypp.models import ActionPlan, Basis, ImpactReview, LineOutcome
from eypp.plans.selectors import periods_for
from learning.models import Area
from pep.models import Pep
from pep.pack.services import pack_make
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.browser.test_children_workflow import fill_date, summary_value
from tests.factories.accounts import ChildFactory
from tests.factories.eypp import EligibilityFactory
from tests.factories.learning_journey import ObservationFactory
from tests.factories.pep import PepTargetFactory

pytestmark = pytest.mark.browser

FRAMEWORK_DATA = importlib.import_module("learning.migrations.0002_framework_data")

TARGET = "Kai will ask for help with a three-word phrase at snack time."
NEED = "Kai rarely speaks in a group and points instead of asking for help."
ACTION = "Small-group talk sessions twice a week with the key person."
REVISED_ACTION = "Small-group talk sessions twice a week, and story sacks to share at home."
IMPACT = "Kai asks for help with a short phrase in the group."
RETURN_REASON = "Say how the story sacks reach home and what they cost."
OBSERVED = "Kai said 'help me please' to the key person at snack time, unprompted."


@pytest.fixture
def eypp_child(transactional_db, key_child: Child, key_pep: Pep) -> tuple[Child, Pep]:
    """The key child, three and a half, with funded hours, a looked-after ground and a PEP target.

    Also a published observation of the child made yesterday, inside the plan's period.
    """
    FRAMEWORK_DATA.ship(apps, None)
    Child.objects.filter(pk=key_child.pk).update(
        funded_entitlement="universal_15",
        date_of_birth=timezone.localdate() - timedelta(days=3 * 365 + 180),
    )
    key_child.refresh_from_db()
    EligibilityFactory(
        child=key_child,
        basis=Basis.LOOKED_AFTER,
        eligible_from=key_child.entered_care_on,
        evidence="",
        evidence_seen_by=None,
        evidence_seen_on=None,
        source="child_record",
    )
    PepTargetFactory(pep=key_pep, area=Area.objects.get(code="CL"), target=TARGET)
    ObservationFactory(
        care_setting=key_child.care_setting,
        author=key_child.key_person,
        children=[key_child],
        areas=[Area.objects.get(code="CL")],
        observed_on=timezone.localdate() - timedelta(days=1),
        text=OBSERVED,
    )
    return key_child, key_pep


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def expect_heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_have_text(text)


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def error_summary(page: Page):
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    return summary


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def test_a_looked_after_childs_plan_from_start_to_its_impact_review(
    page: Page,
    settings,
    tmp_path: Path,
    key_person: User,
    cic_advisor: User,
    care_setting,
    home_la,
    eypp_child: tuple[Child, Pep],
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    child, pep = eypp_child
    name = f"{child.known_as} {child.last_name}"
    today = dates.today()
    periods, _pep = periods_for(child, today=today)
    period = periods[0]
    assert period.key == "pep"
    plan_title = f"EYPP action plan: {period.label}"

    # --- 1. The key person starts the plan and adds a need linked to the PEP target ------------
    sign_in(page, key_person.email)
    page.goto(reverse("settings:children:detail", args=[care_setting.slug, child.pk]))
    page.get_by_role("link", name=f"EYPP, DAF and action plans of {child.known_as}").click()
    expect_heading(page, "Early Years Pupil Premium")
    expect(page.get_by_text("No action plan has been written for")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Start a plan").click()
    expect_heading(page, "Start an EYPP action plan")
    axe_check(page)
    expect(page.get_by_label(f"{period.label} (the current PEP)", exact=True)).to_be_checked()
    page.get_by_role("button", name="Start the plan").click()

    expect_heading(page, plan_title)
    expect(banner(page)).to_contain_text(f"The plan for {period.label} has been started.")
    expect(page.locator("#plan-allocation")).to_have_text(
        "Awaiting the virtual school's allocation"
    )
    expect(summary_value(page, "PEP")).to_contain_text("Part of the paperwork of the PEP")
    axe_check(page)
    plan = ActionPlan.objects.get(child=child)
    assert (plan.pep_id, plan.period_start, plan.period_end) == (
        pep.pk,
        period.starts_on,
        period.ends_on,
    )

    page.get_by_role("link", name="Add a need").click()
    expect_heading(page, "Add a need to the plan")
    axe_check(page)
    page.get_by_label("Identified need").fill(NEED)
    page.get_by_role("group", name="EYFS area of learning").get_by_label(
        "Communication and Language", exact=True
    ).check()
    page.get_by_label("PEP target it serves (optional)").select_option(
        label=f"Communication and Language: {TARGET} (PEP opened {pep.opened_on:%-d %B %Y})"
    )
    page.get_by_label("Action or intervention").fill(ACTION)
    page.get_by_label("Who will do it").fill("Key person")
    fill_date(page, "starts_on", period.starts_on)
    fill_date(page, "ends_on", period.ends_on)
    page.get_by_label("Cost").fill("twelve")
    page.get_by_label("Intended impact").fill(IMPACT)
    page.get_by_role("button", name="Add the need").click()
    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_text(
        ["Cost must be an amount in pounds, like 120.50"]
    )
    expect(page.get_by_label("Cost")).to_have_value("twelve")
    expect(page.get_by_label("Identified need")).to_have_value(NEED)
    expect(page.get_by_label("Intended impact")).to_have_value(IMPACT)
    expect(
        page.get_by_role("group", name="EYFS area of learning").get_by_label(
            "Communication and Language", exact=True
        )
    ).to_be_checked()
    screenshot(page, "eypp-line-cost-refused")
    axe_check(page)
    page.get_by_label("Cost").fill("-40")
    page.get_by_role("button", name="Add the need").click()
    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_text(["Cost must be more than £0"])
    expect(page.get_by_label("Cost")).to_have_value("-40")
    expect(page.get_by_label("Action or intervention")).to_have_value(ACTION)
    axe_check(page)
    page.get_by_label("Cost").fill("250")
    page.get_by_role("button", name="Add the need").click()

    expect_heading(page, plan_title)
    expect(banner(page)).to_contain_text("The need has been added to the plan.")
    lines = page.locator("#plan-lines")
    expect(lines).to_contain_text(NEED)
    expect(lines).to_contain_text("Communication and Language")
    expect(lines).to_contain_text(f"PEP target: {TARGET}")
    expect(page.locator("#planned-total")).to_have_text("£250.00")
    expect(lines.locator("tfoot")).to_contain_text("Allocation not recorded yet")
    axe_check(page)
    line = plan.lines.get()
    assert line.pep_target.target == TARGET and line.area.code == "CL"

    page.get_by_role("link", name="Check and submit the plan").click()
    expect_heading(page, "Check and submit the plan")
    expect(page.get_by_role("main")).to_contain_text("£250.00")
    axe_check(page)
    page.get_by_role("button", name="Submit the plan").click()
    expect_heading(page, plan_title)
    expect(banner(page)).to_contain_text("The plan has been submitted.")
    expect(page.locator("#plan-status")).to_have_text("Submitted to the LA")
    expect(page.get_by_role("link", name="Add a need")).to_have_count(0)
    axe_check(page)
    sign_out(page)

    # --- 2. The advisor records the allocation and returns the plan with a reason ------------
    sign_in(page, cic_advisor.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="EYPP plans").click()
    expect_heading(page, "EYPP plans")
    axe_check(page)
    page.get_by_role("link", name=re.compile(rf"^{name}\s?: open the plan$")).click()
    expect_heading(page, plan_title)
    axe_check(page)
    page.get_by_role("link", name="Record the allocation").click()
    expect_heading(page, "Record the virtual school's allocation")
    axe_check(page)
    page.get_by_label("Allocation").fill("300")
    page.get_by_role("button", name="Record the allocation").click()
    expect(banner(page)).to_contain_text("The allocation of £300.00 has been recorded.")
    expect(page.locator("#plan-allocation")).to_contain_text("£300.00")
    expect(page.locator("#plan-allocation")).to_contain_text("Allocated by the virtual school")
    expect(page.locator("#planned-total")).to_have_text("£250.00")
    expect(page.locator("#plan-lines tfoot")).to_contain_text("of £300.00 allocated")
    axe_check(page)

    page.get_by_role("link", name="Approve or return the plan").click()
    expect_heading(page, "Approve or return the plan")
    axe_check(page)
    decision = page.get_by_role("group", name="Your decision")
    decision.get_by_label("Return it to the setting for changes").check()
    page.get_by_role("button", name="Save the decision").click()
    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_text(["Enter why the plan is being returned"])
    expect(decision.get_by_label("Return it to the setting for changes")).to_be_checked()
    axe_check(page)
    page.get_by_label("Why it is returned (if you return it)").fill(RETURN_REASON)
    page.get_by_role("button", name="Save the decision").click()
    expect(banner(page)).to_contain_text("The plan has been returned.")
    expect(page.locator("#plan-status")).to_have_text("Returned")
    axe_check(page)
    sign_out(page)

    # --- The key person reads why, changes the need, submits it again ----------------------
    sign_in(page, key_person.email)
    page.goto(reverse("settings:eypp:child_eypp", args=[care_setting.slug, child.pk]))
    page.get_by_role("link", name=period.label).click()
    expect_heading(page, plan_title)
    returned = page.get_by_role("region", name="Returned for changes")
    expect(returned).to_contain_text(RETURN_REASON)
    expect(page.locator("#plan-lines tfoot")).to_contain_text("of £300.00 allocated")
    screenshot(page, "eypp-plan-returned")
    axe_check(page)
    page.get_by_role("link", name="Change need 1").click()
    expect_heading(page, "Change a need")
    axe_check(page)
    expect(page.get_by_label("Cost")).to_have_value("250.00")
    page.get_by_label("Action or intervention").fill(REVISED_ACTION)
    page.get_by_label("Cost").fill("285.50")
    page.get_by_role("button", name="Save the need").click()
    expect(banner(page)).to_contain_text("The need has been changed.")
    expect(page.locator("#plan-lines")).to_contain_text(REVISED_ACTION)
    expect(page.locator("#planned-total")).to_have_text("£285.50")
    expect(page.locator("#over-allocation")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Submit the plan again").click()
    axe_check(page)
    page.get_by_role("button", name="Submit the plan").click()
    expect(banner(page)).to_contain_text("The plan has been submitted.")
    sign_out(page)

    # --- The advisor approves it: locked ----------------------------------------------------
    sign_in(page, cic_advisor.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="EYPP plans").click()
    page.get_by_role("link", name=re.compile(rf"^{name}\s?: open the plan$")).click()
    expect(page.locator("#plan-lines")).to_contain_text(REVISED_ACTION)
    page.get_by_role("link", name="Approve or return the plan").click()
    page.get_by_role("group", name="Your decision").get_by_label("Approve the plan").check()
    page.get_by_label("Comment to the setting (optional)").fill("Clear and well costed.")
    page.get_by_role("button", name="Save the decision").click()
    expect(banner(page)).to_contain_text("The plan has been approved and locked.")
    expect(page.locator("#plan-status")).to_have_text("Approved")
    expect(page.locator("#review-comment")).to_have_text("Clear and well costed.")
    axe_check(page)
    sign_out(page)

    sign_in(page, key_person.email)
    plan_url = reverse("settings:eypp:plan", args=[care_setting.slug, plan.pk])
    page.goto(plan_url)
    expect(page.locator("#plan-status")).to_have_text("Approved")
    expect(page.get_by_text("This plan was approved and is locked.")).to_be_visible()
    main = page.get_by_role("main")
    for editing in ("Add a need", "Check and submit the plan", "Submit the plan again"):
        expect(main.get_by_role("link", name=editing)).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile(r"^(Change|Remove) need"))).to_have_count(0)
    expect(main.get_by_role("link", name="Start a new version")).to_be_visible()
    screenshot(page, "eypp-plan-approved")
    axe_check(page)
    line.refresh_from_db()
    response = page.goto(
        reverse("settings:eypp:line_change", args=[care_setting.slug, plan.pk, line.pk])
    )
    assert response is not None and response.status == 403
    expect_heading(page, "This plan cannot be changed now")
    axe_check(page)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED
    assert str(plan.lines.get().cost) == "285.50"

    # --- 3. In the PEP: the paperwork's EYPP section and the PEP pack -------------------------
    page.goto(reverse("settings:pep:detail", args=[care_setting.slug, pep.pk]))
    page.get_by_role("link", name="EYPP plan", exact=True).click()
    expect_heading(page, "EYPP plan")
    section = page.get_by_role("main")
    expect(summary_value(page, "Status")).to_have_text("Approved")
    expect(section).to_contain_text(NEED)
    expect(section).to_contain_text(REVISED_ACTION)
    expect(summary_value(page, "Total cost")).to_have_text("£285.50")
    axe_check(page)
    section.get_by_role("link", name="Open the EYPP plan").click()
    expect_heading(page, plan_title)

    Pep.objects.filter(pk=pep.pk).update(
        status=Pep.Status.SIGNED_OFF, signed_off_at=timezone.now(), signed_off_by=cic_advisor
    )
    assert pack_make(pep_id=pep.pk) is not None
    pack = page.request.get(reverse("settings:pep:pack_pdf", args=[care_setting.slug, pep.pk]))
    assert pack.ok and pack.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "pep-pack.pdf"
    pdf.write_bytes(pack.body())
    text = pdf_text(pdf)
    assert "Early Years Pupil Premium plan" in text
    assert NEED in text
    assert "Status: Approved" in text
    assert "Allocation £300.00 (allocated by the responsible LA); planned £285.50." in text
    sign_out(page)

    # --- 4. At the end of the period the key person records the impact review --------------
    after = timezone.make_aware(datetime.combine(period.ends_on + timedelta(days=1), time(10)))
    with time_machine.travel(after, tick=True):
        sign_in(page, key_person.email)
        page.goto(plan_url)
        panel = page.get_by_role("region", name="Impact review")
        expect(panel).to_contain_text("Impact review due")
        axe_check(page)
        panel.get_by_role("link", name="Record the impact review").click()
        axe_check(page)
        need = page.get_by_role("group", name=re.compile(r"^Need 1, Communication and Language"))
        need.get_by_label("Partly achieved").check()
        need.get_by_label("Amount actually spent").fill("270.25")
        need.get_by_label("Notes").fill("One session missed for a bank holiday.")
        page.get_by_label("What difference the funding made").fill(
            "Kai now asks for help in a short phrase most days."
        )
        page.get_by_label("What this means for the next plan and PEP").fill(
            "Carry on with the group; add a turn-taking game."
        )
        page.get_by_role("group", name="Observations that show the difference").get_by_label(
            re.compile(re.escape(OBSERVED[:30]))
        ).check()
        page.get_by_role("button", name="Record the review").click()

        expect_heading(page, plan_title)
        expect(banner(page)).to_contain_text("The impact review has been recorded.")
        panel = page.get_by_role("region", name="Impact review")
        expect(panel).to_contain_text("Impact reviewed")
        expect(panel).to_contain_text("£270.25")
        expect(panel).to_contain_text("Kai now asks for help in a short phrase most days.")
        expect(panel).to_contain_text(OBSERVED[:30])
        expect(panel.get_by_role("link", name="Record the impact review")).to_have_count(0)
        screenshot(page, "eypp-impact-reviewed")
        axe_check(page)

    review = ImpactReview.objects.get(plan=plan)
    assert review.completed_at is not None
    assert list(review.observations.values_list("text", flat=True)) == [OBSERVED]
    outcome = LineOutcome.objects.get(review=review)
    assert (outcome.outcome, str(outcome.spent)) == (LineOutcome.Outcome.PARTLY, "270.25")


@pytest.fixture
def economic_child(transactional_db, care_setting) -> Child:
    """A child of three and a half with 15 funded hours and a benefits-related ground."""
    FRAMEWORK_DATA.ship(apps, None)
    child = ChildFactory(
        care_setting=care_setting,
        first_name="Ada",
        funded_entitlement="universal_15",
        eypp_basis="economic",
        date_of_birth=timezone.localdate() - timedelta(days=3 * 365 + 180),
    )
    EligibilityFactory(child=child)
    return child


def test_the_setting_list_the_childs_page_the_rates_and_the_rollup_pass_axe(
    page: Page, manager: User, la_admin: User, home_la, economic_child: Child
):
    """Reached through the menus and links, as people would; each page checked with axe-core.

    ``test_eypp_review`` checks the lists' and the roll-up's contents; this one the way
    between them: the setting's list to a child's EYPP page, the roll-up to the rates, and
    a rate refused then saved.
    """
    name = f"{economic_child.known_as} {economic_child.last_name}"
    sign_in(page, manager.email)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Children", exact=True
    ).click()
    page.get_by_role("navigation", name="Children").get_by_role(
        "link", name="EYPP", exact=True
    ).click()
    expect_heading(page, "Early Years Pupil Premium (EYPP)")
    axe_check(page)
    page.get_by_role("link", name=re.compile(rf"^{name}\s?: EYPP, DAF and action plans$")).click()
    expect_heading(page, "Early Years Pupil Premium")
    expect(summary_value(page, "Funded on")).to_have_text("Family receives a qualifying benefit")
    expect(page.get_by_role("link", name="Start a plan")).to_be_visible()
    axe_check(page)
    sign_out(page)

    sign_in(page, la_admin.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="EYPP roll-up").click()
    expect(page.locator("h1")).to_contain_text("EYPP spend and impact")
    axe_check(page)
    page.get_by_role("link", name="See the EYPP and Disability Access Fund rates").click()
    expect_heading(page, "EYPP and Disability Access Fund rates")
    axe_check(page)
    add = page.get_by_role("link", name=re.compile(r"^Add rates for "))
    label = add.inner_text().removeprefix("Add rates for ")
    add.click()
    expect_heading(page, f"Add rates for {label}")
    axe_check(page)
    page.get_by_label("EYPP hourly rate").fill("one pound")
    page.get_by_role("button", name="Save rates").click()
    summary = error_summary(page)
    expect(summary).to_contain_text("Enter the EYPP hourly rate as an amount in pounds")
    expect(page.get_by_label("EYPP hourly rate")).to_have_value("one pound")
    axe_check(page)
    page.get_by_label("EYPP hourly rate").fill("1.95")
    page.get_by_role("button", name="Save rates").click()
    expect(banner(page)).to_contain_text(f"The rates for {label} have been saved.")
    row = page.locator("tbody tr").filter(has_text=label)
    expect(row).to_contain_text("£1.95")
    expect(row).to_contain_text("Set by the local authority")
    axe_check(page)
