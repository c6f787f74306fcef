"""The EYPP plan's pages: bad input named and kept, locked plans, totals, counts, races."""

import importlib
import re
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.urls import reverse

from accounts.models import SchoolTerm
from common.submissions import AlreadySaved
from eypp.models import ActionPlan, PlanLine
from eypp.plans import services
from eypp.plans.reminders import PLAN_RETURNED, plan_returned
from learning.models import Area
from notifications.models import Notification
from tests.factories.accounts import ChildFactory
from tests.factories.eypp import ActionPlanFactory, PlanLineFactory
from tests.factories.pep import PepTargetFactory

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/London"))
Status = ActionPlan.Status


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def url(plan, name, *args):
    return reverse(f"settings:eypp:{name}", args=[plan.care_setting.slug, plan.pk, *args])


def parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def line_data(plan, **changes):
    data = {
        "version": str(plan.version),
        "need": "Has not been to a farm.",
        "area": str(Area.objects.get(code="UTW").pk),
        "action": "A farm visit with the key person.",
        "who": "Key person",
        **parts("starts_on", plan.period_start),
        **parts("ends_on", plan.period_end),
        "cost": "35.00",
        "intended_impact": "Names three farm animals and what they eat.",
        "idea": "visits",
    }
    return {**data, **changes}


def text(response):
    return unescape(response.content.decode())


# --- Bad input is named and nothing typed is lost ----------------------------------------


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("-5", "Cost must be more than £0"),
        ("0", "Cost must be more than £0"),
        ("twelve", "Cost must be an amount in pounds, like 120.50"),
        ("5000.01", "Cost must be £5,000.00 or less"),
        ("99999999", "Cost must be £5,000.00 or less"),
        ("12.345", "no more than 2 decimal places"),
        ("", "Enter the cost"),
    ],
)
def test_bad_costs_are_named_and_what_was_typed_is_kept(
    client_as, key_person, key_plan, cost, message
):
    response = client_as(key_person).post(
        url(key_plan, "line_add"), line_data(key_plan, cost=cost)
    )
    page = text(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert message in page
    assert "A farm visit with the key person." in page  # nothing typed is lost
    assert f'value="{cost}"' in page or cost == ""
    assert key_plan.lines.count() == 1


def test_dates_outside_the_period_are_refused(client_as, key_person, key_plan):
    data = line_data(key_plan, **parts("ends_on", key_plan.period_end + timedelta(days=1)))
    response = client_as(key_person).post(url(key_plan, "line_add"), data)
    assert "The end date must be inside the plan&#x27;s period" in response.content.decode() or (
        "The end date must be inside the plan's period" in text(response)
    )
    assert key_plan.lines.count() == 1


def test_a_good_line_is_added_with_a_pep_target(client_as, key_person, key_plan, key_pep):
    target = PepTargetFactory(pep=key_pep)
    response = client_as(key_person).post(
        url(key_plan, "line_add"), line_data(key_plan, pep_target=str(target.pk), cost="£1,200.5")
    )
    assert response.status_code == 302
    line = key_plan.lines.order_by("-pk").first()
    assert (line.cost, line.pep_target, line.idea) == (Decimal("1200.50"), target, "visits")


def test_the_ideas_are_prompts_never_required(client_as, key_person, key_plan):
    page = text(client_as(key_person).get(url(key_plan, "line_add")))
    assert "Ideas for spending" in page
    assert "govuk-details" in page
    response = client_as(key_person).post(url(key_plan, "line_add"), line_data(key_plan, idea=""))
    assert response.status_code == 302


def test_a_return_needs_a_reason_on_the_form(client_as, key_plan, cic_advisor):
    ActionPlan.objects.filter(pk=key_plan.pk).update(status=Status.SUBMITTED)
    key_plan.refresh_from_db()
    response = client_as(cic_advisor).post(
        url(key_plan, "plan_decide"),
        {"version": key_plan.version, "decision": "return", "reason": "  ", "comment": "Nice"},
    )
    assert "Enter why the plan is being returned" in text(response)
    key_plan.refresh_from_db()
    assert key_plan.status == Status.SUBMITTED


def test_the_start_page_refuses_a_year_without_rates(client_as, manager, eypp_child):
    eypp_child.date_of_birth = date(2022, 11, 1)
    eypp_child.save()
    response = client_as(manager).post(
        reverse("settings:eypp:plan_start", args=[eypp_child.care_setting.slug, eypp_child.pk]),
        {
            "period": "own",
            "own_label": "Summer 2027",
            **parts("own_start", date(2027, 4, 20)),
            **parts("own_end", date(2027, 7, 20)),
        },
    )
    assert "No EYPP rates for 2027-28: ask your LA administrator" in text(response)
    assert 'value="Summer 2027"' in text(response)


def test_the_start_page_links_to_the_existing_plan(client_as, key_person, key_plan):
    SchoolTerm.objects.create(
        local_authority=key_plan.care_setting.local_authority,
        name="Summer term 2026",
        starts_on=key_plan.period_start,
        ends_on=key_plan.period_end,
    )
    start = reverse(
        "settings:eypp:plan_start", args=[key_plan.care_setting.slug, key_plan.child_id]
    )
    page = client_as(key_person).get(start)
    assert "Summer term 2026" in text(page)
    term = SchoolTerm.objects.get()
    response = client_as(key_person).post(start, {"period": f"term-{term.pk}"})
    assert "There is already a plan" in text(response)
    assert url(key_plan, "plan") in text(response)


# --- Locked plans ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED])
def test_edit_pages_of_a_locked_plan_answer_403_saying_why(
    client_as, key_person, key_plan, status
):
    ActionPlan.objects.filter(pk=key_plan.pk).update(status=status)
    line = key_plan.lines.get()
    client = client_as(key_person)
    for page in (url(key_plan, "line_add"), url(key_plan, "line_change", line.pk)):
        response = client.get(page)
        assert response.status_code == 403
        assert "This plan cannot be changed now" in text(response)
    response = client.post(url(key_plan, "line_remove", line.pk), {"version": key_plan.version})
    assert response.status_code == 403
    assert key_plan.lines.count() == 1


# --- The plan page ----------------------------------------------------------------------------


def test_the_plan_page_warns_when_over_the_allocation(client_as, key_person, key_plan):
    PlanLineFactory(plan=key_plan, cost=Decimal("250.00"))
    page = text(client_as(key_person).get(url(key_plan, "plan")))
    assert "£370.00" in page
    assert "The plan is £70.00 over its allocation of £300.00" in page
    assert "govuk-warning-text" in page


def test_the_plan_page_shows_the_returned_reason_and_buttons(client_as, key_person, key_plan):
    ActionPlan.objects.filter(pk=key_plan.pk).update(
        status=Status.RETURNED, returned_reason="Say how impact is measured."
    )
    page = text(client_as(key_person).get(url(key_plan, "plan")))
    assert "Returned for changes" in page
    assert "Say how impact is measured." in page
    assert "Submit the plan again" in page
    assert url(key_plan, "line_add") in page


def test_a_looked_after_plan_without_allocation_awaits_the_virtual_school(
    client_as, cic_advisor, key_plan
):
    ActionPlan.objects.filter(pk=key_plan.pk).update(allocation=None)
    page = text(client_as(cic_advisor).get(url(key_plan, "plan")))
    assert "Awaiting the virtual school's allocation" in page
    assert url(key_plan, "plan_allocation") in page
    assert url(key_plan, "line_add") not in page


def test_the_whole_way_through_with_a_new_version(client_as, key_person, cic_advisor, key_plan):
    kp, cic = client_as(key_person), client_as(cic_advisor)
    key_plan.refresh_from_db()
    assert kp.post(url(key_plan, "plan_submit"), {"version": key_plan.version}).status_code == 302
    key_plan.refresh_from_db()
    returned = cic.post(
        url(key_plan, "plan_decide"),
        {"version": key_plan.version, "decision": "return", "reason": "Cost the visits."},
    )
    assert returned.status_code == 302
    assert Notification.objects.filter(kind=PLAN_RETURNED, recipient=key_person).exists()
    key_plan.refresh_from_db()
    line = key_plan.lines.get()
    changed = kp.post(url(key_plan, "line_change", line.pk), line_data(key_plan, cost="80"))
    assert changed.status_code == 302
    key_plan.refresh_from_db()
    kp.post(url(key_plan, "plan_submit"), {"version": key_plan.version})
    key_plan.refresh_from_db()
    cic.post(url(key_plan, "plan_decide"), {"version": key_plan.version, "decision": "approve"})
    key_plan.refresh_from_db()
    assert key_plan.status == Status.APPROVED and key_plan.checksum
    revised = kp.post(
        url(key_plan, "plan_revise"), {"version": key_plan.version, "reason": "More."}
    )
    revision = ActionPlan.objects.get(previous=key_plan)
    assert revised["Location"] == url(revision, "plan")
    page = text(kp.get(url(revision, "plan")))
    assert "Version history" in page and "More." in page


def test_a_stale_line_change_shows_the_conflict_and_keeps_the_input(
    client_as, key_person, key_plan
):
    line = key_plan.lines.get()
    stale = line_data(key_plan, cost="77.00")
    ActionPlan.objects.filter(pk=key_plan.pk).update(version=key_plan.version + 1)
    PlanLine.objects.filter(pk=line.pk).update(cost=Decimal("10.00"))
    response = client_as(key_person).post(url(key_plan, "line_change", line.pk), stale)
    page = text(response)
    assert "Someone changed this plan after you opened it" in page
    assert 'value="77.00"' in page
    assert PlanLine.objects.get(pk=line.pk).cost == Decimal("10.00")


# --- Query counts ------------------------------------------------------------------------------

PLAN_PAGE_QUERIES = 12


@pytest.mark.parametrize("lines", [2, 12])
def test_the_plan_page_reads_a_fixed_number_of_queries(
    client_as, key_person, key_plan, key_pep, django_assert_num_queries, lines
):
    target = PepTargetFactory(pep=key_pep)
    for _ in range(lines - 1):
        PlanLineFactory(plan=key_plan, pep_target=target)
    client = client_as(key_person)
    client.get(url(key_plan, "plan"))  # sessions and caches warmed
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(url(key_plan, "plan"))
    assert response.status_code == 200


# --- Reminders -----------------------------------------------------------------------------------


def test_a_returned_plan_is_brought_up_each_week_until_sent_back(key_plan, key_person, manager):
    ActionPlan.objects.filter(pk=key_plan.pk).update(
        status=Status.RETURNED, returned_reason="x", decided_at=NOW
    )
    today = NOW.date()
    first = {(d.recipient_id, d.due_on) for d in plan_returned(today)}
    assert first == {(key_person.pk, today), (manager.pk, today)}
    later = {d.due_on for d in plan_returned(today + timedelta(days=9))}
    assert later == {today + timedelta(days=7)}
    ActionPlan.objects.filter(pk=key_plan.pk).update(status=Status.SUBMITTED)
    assert list(plan_returned(today + timedelta(days=14))) == []


@pytest.mark.parametrize("plans", [2, 12])
def test_the_returned_rule_reads_a_fixed_number_of_queries(
    care_setting, manager, django_assert_num_queries, plans
):
    for _ in range(plans):
        plan = ActionPlanFactory(child=ChildFactory(care_setting=care_setting), returned=True)
        PlanLineFactory(plan=plan)
    with django_assert_num_queries(2):
        rows = list(plan_returned(NOW.date() + timedelta(days=1)))
    assert len(rows) >= plans


# --- The same form twice at once -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_same_start_sent_twice_at_once_makes_one_plan(manager, care_setting):
    importlib.import_module("learning.migrations.0002_framework_data").ship(apps, None)
    # A looked-after child: the plan waits for the LA's allocation, so no rates are read
    # (an earlier transactional test may have emptied the shipped ones).
    child = ChildFactory(
        care_setting=care_setting, funded_entitlement="universal_15", looked_after=True
    )
    import uuid

    token = uuid.uuid4()
    outcomes = []
    barrier = threading.Barrier(2)

    def start():
        try:
            barrier.wait()
            services.plan_start(
                child=child,
                by=manager,
                period_label="Summer term",
                period_start=date(2026, 4, 20),
                period_end=date(2026, 7, 20),
                submission_token=token,
            )
            outcomes.append("saved")
        except AlreadySaved:
            outcomes.append("already")
        except services.PlanExists:
            outcomes.append("exists")
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "saved"]
    assert ActionPlan.objects.filter(child=child).count() == 1


def test_the_same_need_sent_twice_is_added_once(client_as, key_person, key_plan):
    client = client_as(key_person)
    page = client.get(url(key_plan, "line_add")).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    data = line_data(key_plan, submission_token=token)
    first = client.post(url(key_plan, "line_add"), data)
    second = client.post(url(key_plan, "line_add"), data)
    assert first.status_code == second.status_code == 302
    assert key_plan.lines.count() == 2


def test_a_need_removed_twice_is_not_a_crash(client_as, key_person, key_plan):
    line = key_plan.lines.get()
    client = client_as(key_person)
    data = {"version": key_plan.version}
    assert client.post(url(key_plan, "line_remove", line.pk), data).status_code == 302
    assert client.post(url(key_plan, "line_remove", line.pk), data).status_code == 404
    assert key_plan.lines.count() == 0
