"""A setting's action plan: opened and closed by inspections, written by the setting,
commented on and supported by the advisor, with its pages' query counts flat."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from accounts.models import OfstedInspection
from common.models import AuditEvent, SubmissionToken
from common.versioning import StaleRecord
from notifications.models import Notification
from quality.models import ActionPlan, PlanAction, SupportItem
from quality.plans import services
from quality.plans.reminders import ADVISOR_UPDATE, SETTING_UPDATE
from tests.factories.accounts import CareSettingFactory, OfstedInspectionFactory
from tests.factories.quality import (
    ActionPlanFactory,
    PlanActionFactory,
    SupportItemFactory,
    VisitFactory,
)

Grade = OfstedInspection.Grade
pytestmark = pytest.mark.django_db


def _url(name, care_setting, *args):
    return reverse(f"settings:quality:{name}", args=[care_setting.slug, *args])


def _action_fields(**extra):
    return {
        "concern": "Next steps are not followed up.",
        "action": "Room leaders check next steps weekly.",
        "who": "Room leaders",
        "due_on": timezone.localdate() + timedelta(days=30),
        "evidence": "",
        "status": "not_started",
        **extra,
    }


def _day(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


# --- Opening and closing -------------------------------------------------------------------


def test_a_plan_closes_on_a_good_inspection_and_a_maintenance_contact_falls_due(care_setting):
    ri = OfstedInspectionFactory(
        care_setting=care_setting,
        inspected_on=date(2024, 5, 21),
        overall_grade=Grade.REQUIRES_IMPROVEMENT,
    )
    plan = services.plans_follow_inspection(ri, actor=None)
    assert plan.status == ActionPlan.Status.OPEN

    good = OfstedInspectionFactory(
        care_setting=care_setting, inspected_on=date(2025, 5, 20), overall_grade=Grade.GOOD
    )
    closed = services.plans_follow_inspection(good, actor=None)

    plan.refresh_from_db()
    assert closed == plan
    assert plan.status == ActionPlan.Status.CLOSED
    assert plan.closing_inspection == good
    days = care_setting.local_authority.maintenance_contact_days
    assert plan.maintenance_contact_due == good.inspected_on + timedelta(days=days)


def test_the_plan_says_in_words_which_report_cards_opened_and_closed_it(
    client_as, care_setting, advisor
):
    # A report card was named only as "Report card": not why it opened or closed the plan.
    areas = {
        "Leadership and governance": "expected",
        "Curriculum and teaching": "needs_attention",
        "Achievement": "expected",
        "Behaviour, attitudes and routines": "expected",
        "Personal development and well-being": "expected",
        "Inclusion": "expected",
    }
    weak = OfstedInspectionFactory(
        care_setting=care_setting,
        inspected_on=date(2025, 12, 1),
        scheme=OfstedInspection.Scheme.REPORT_CARD,
        overall_grade="",
        area_grades=areas,
        safeguarding_met=True,
    )
    plan = services.plans_follow_inspection(weak, actor=None)
    good = OfstedInspectionFactory(
        care_setting=care_setting,
        inspected_on=date(2026, 10, 1),
        scheme=OfstedInspection.Scheme.REPORT_CARD,
        overall_grade="",
        area_grades=dict.fromkeys(areas, "strong"),
        safeguarding_met=True,
    )
    services.plans_follow_inspection(good, actor=None)
    client = client_as(advisor)

    detail = client.get(_url("plan_detail", care_setting, plan.pk)).content.decode()
    listing = client.get(_url("plan_list", care_setting)).content.decode()

    assert (
        "after the inspection of 1 October 2026 (Report card: safeguarding met; every area "
        "at the expected standard or above)." in " ".join(detail.split())
    )
    assert (
        "1 December 2025: Report card: safeguarding met; Needs attention in Curriculum and "
        "teaching" in " ".join(listing.split())
    )


def test_an_advisor_opens_a_plan_without_an_inspection_and_not_a_second(care_setting, advisor):
    plan = services.plan_open(
        care_setting=care_setting, by=advisor, opened_on=timezone.localdate(), reason="Review."
    )
    assert plan.inspection is None
    assert plan.contacted_on == timezone.localdate()

    with pytest.raises(ValidationError, match="already has an open action plan"):
        services.plan_open(
            care_setting=care_setting, by=advisor, opened_on=timezone.localdate(), reason="Again"
        )


def test_the_database_refuses_a_second_open_plan_opened_at_the_same_moment(care_setting):
    ActionPlanFactory(care_setting=care_setting)
    with pytest.raises(IntegrityError):
        ActionPlanFactory(care_setting=care_setting)


def test_opening_a_plan_when_one_is_open_answers_a_clear_error_not_a_500(
    client_as, advisor, care_setting
):
    existing = ActionPlanFactory(care_setting=care_setting)
    response = client_as(advisor).post(
        _url("plan_open", care_setting),
        {**_day("opened_on", timezone.localdate()), "reason": "Self-review"},
    )
    assert response.status_code == 200
    assert "already has an open action plan" in response.content.decode()
    assert list(ActionPlan.objects.filter(care_setting=care_setting)) == [existing]


def test_a_plan_refused_because_one_is_open_keeps_what_was_typed(client_as, advisor, care_setting):
    ActionPlanFactory(care_setting=care_setting)
    response = client_as(advisor).post(
        _url("plan_open", care_setting),
        {**_day("opened_on", timezone.localdate()), "reason": "Our self-review found gaps"},
    )
    assert "Our self-review found gaps</textarea>" in response.content.decode()


def test_a_made_up_action_is_not_found_before_the_right_is_weighed(
    client_as, advisor, care_setting
):
    plan = ActionPlanFactory(care_setting=care_setting)
    response = client_as(advisor).get(_url("plan_action_edit", care_setting, plan.pk, 987654))
    assert response.status_code == 404


# --- Actions -------------------------------------------------------------------------------


def test_actions_are_numbered_and_completed_on_the_day_they_are_done(care_setting, manager):
    plan = ActionPlanFactory(care_setting=care_setting)
    first = services.plan_action_add(plan=plan, by=manager, **_action_fields())
    second = services.plan_action_add(plan=plan, by=manager, **_action_fields(status="done"))
    assert (first.number, second.number) == (1, 2)
    assert first.completed_on is None
    assert second.completed_on == timezone.localdate()

    services.plan_action_edit(
        plan_action=first, by=manager, version=first.version, **_action_fields(status="done")
    )
    first.refresh_from_db()
    assert first.status == "done" and first.completed_on == timezone.localdate()


def test_a_closed_plan_refuses_new_actions(client_as, care_setting, manager):
    plan = ActionPlanFactory(
        care_setting=care_setting, status="closed", closed_on=date(2025, 1, 2)
    )
    with pytest.raises(services.PlanClosed):
        services.plan_action_add(plan=plan, by=manager, **_action_fields())

    response = client_as(manager).get(_url("plan_action_add", care_setting, plan.pk))
    assert response.status_code == 403
    assert "closed on 2 January 2025" in response.content.decode()
    assert not PlanAction.objects.exists()


def test_a_stale_action_edit_is_refused_with_an_explanation(client_as, care_setting, manager):
    action = PlanActionFactory(plan=ActionPlanFactory(care_setting=care_setting), number=1)
    url = _url("plan_action_edit", care_setting, action.plan_id, action.pk)
    form = {
        "version": action.version,
        "concern": action.concern,
        "action": action.action,
        "who": action.who,
        **_day("due_on", action.due_on),
        "status": "in_progress",
        "evidence": "Started.",
    }
    PlanAction.objects.filter(pk=action.pk).update(who="The deputy", version=action.version + 1)

    response = client_as(manager).post(url, form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone changed this after you opened it" in page
    assert "The deputy" in page
    action.refresh_from_db()
    assert action.status == "not_started"
    with pytest.raises(StaleRecord):
        services.plan_action_edit(
            plan_action=action, by=manager, version=0, **_action_fields(who="Me")
        )


def test_the_same_action_form_sent_twice_saves_once(client_as, care_setting, manager):
    plan = ActionPlanFactory(care_setting=care_setting)
    client = client_as(manager)
    url = _url("plan_action_add", care_setting, plan.pk)
    token = "0b7c2f52-3c4e-4a77-9a0e-6f6e1c1d2a11"
    form = {
        "submission_token": token,
        "concern": "Next steps",
        "action": "Weekly checks",
        "who": "Room leaders",
        **_day("due_on", timezone.localdate() + timedelta(days=9)),
        "status": "not_started",
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert plan.actions.count() == 1
    assert SubmissionToken.objects.filter(token=token).exists()


def test_adding_an_action_tells_the_assigned_advisor_once_a_day(care_setting, manager, advisor):
    plan = ActionPlanFactory(care_setting=care_setting)
    services.plan_action_add(plan=plan, by=manager, **_action_fields())
    services.plan_action_add(plan=plan, by=manager, **_action_fields())
    notes = Notification.objects.filter(kind=SETTING_UPDATE)
    assert [note.recipient for note in notes] == [advisor]
    assert notes.get().url == _url("plan_detail", care_setting, plan.pk)


# --- The advisor's side --------------------------------------------------------------------


def test_comments_and_support_tell_the_setting_managers(care_setting, manager, advisor):
    plan = ActionPlanFactory(care_setting=care_setting)
    services.plan_comment(plan=plan, by=advisor, version=plan.version, advisor_comment="Good")
    services.support_add(
        plan=plan,
        by=advisor,
        kind="peer",
        detail="Visits to a Good setting",
        offered_on=timezone.localdate(),
        take_up="offered",
        take_up_notes="",
    )
    assert [n.recipient for n in Notification.objects.filter(kind=ADVISOR_UPDATE)] == [manager]
    assert AuditEvent.objects.filter(verb="quality.support_brokered").count() == 1


def test_declining_support_needs_the_date_ofsted_was_informed(care_setting, advisor):
    plan = ActionPlanFactory(care_setting=care_setting)
    with pytest.raises(ValidationError) as refused:
        services.plan_engagement(
            plan=plan,
            by=advisor,
            version=plan.version,
            engagement="declined",
            engagement_recorded_on=timezone.localdate(),
            engagement_notes="",
            ofsted_informed_on=None,
        )
    assert "ofsted_informed_on" in refused.value.error_dict

    services.plan_engagement(
        plan=plan,
        by=advisor,
        version=plan.version,
        engagement="not_engaged",
        engagement_recorded_on=timezone.localdate() - timedelta(days=2),
        engagement_notes="No reply to three calls.",
        ofsted_informed_on=timezone.localdate(),
    )
    plan.refresh_from_db()
    assert plan.engagement == "not_engaged" and plan.ofsted_informed_on == timezone.localdate()


def test_partly_taken_up_support_says_what_was_taken_up(care_setting, advisor):
    item = SupportItemFactory(plan=ActionPlanFactory(care_setting=care_setting))
    fields = {
        "kind": item.kind,
        "detail": item.detail,
        "offered_on": item.offered_on,
        "take_up": "partly",
        "take_up_notes": "",
    }
    with pytest.raises(ValidationError):
        services.support_edit(item=item, by=advisor, version=item.version, **fields)
    services.support_edit(
        item=item, by=advisor, version=item.version, **{**fields, "take_up_notes": "Two visits"}
    )
    item.refresh_from_db()
    assert item.take_up == SupportItem.TakeUp.PARTLY


def test_a_maintenance_visit_records_the_maintenance_contact(care_setting, advisor):
    plan = ActionPlanFactory(
        care_setting=care_setting,
        status="closed",
        closed_on=timezone.localdate() - timedelta(days=20),
        maintenance_contact_due=timezone.localdate() + timedelta(days=40),
    )
    made = services.maintenance_contact_made(
        care_setting=care_setting, on=timezone.localdate(), actor=advisor
    )
    assert made == plan
    plan.refresh_from_db()
    assert plan.maintenance_contact_on == timezone.localdate()
    again = services.maintenance_contact_made(
        care_setting=care_setting, on=timezone.localdate(), actor=advisor
    )
    assert again is None


# --- Pages ---------------------------------------------------------------------------------


def test_another_settings_plan_is_not_found_under_this_setting(client_as, care_setting, manager):
    elsewhere = ActionPlanFactory(
        care_setting=CareSettingFactory(local_authority=care_setting.local_authority)
    )
    response = client_as(manager).get(_url("plan_detail", care_setting, elsewhere.pk))
    assert response.status_code == 404


def test_the_plan_page_shows_actions_support_and_linked_visits(
    client_as, care_setting, manager, advisor
):
    inspection = OfstedInspectionFactory(
        care_setting=care_setting,
        inspected_on=timezone.localdate() - timedelta(days=30),
        overall_grade=Grade.REQUIRES_IMPROVEMENT,
    )
    plan = services.plans_follow_inspection(inspection, actor=None)
    PlanActionFactory(plan=plan, number=1, due_on=timezone.localdate() - timedelta(days=1))
    SupportItemFactory(plan=plan, kind="remote", take_up="taken_up")
    VisitFactory(care_setting=care_setting, plan=plan, shared_at=timezone.now())

    page = client_as(manager).get(_url("plan_detail", care_setting, plan.pk)).content.decode()

    assert "Requires improvement" in page
    assert "E-mail and telephone support" in page and "Taken up" in page
    assert "Overdue" in page
    assert "Add an action" in page
    assert "Broker support" not in page
    advisor_page = client_as(advisor).get(_url("plan_detail", care_setting, plan.pk))
    assert "Broker support" in advisor_page.content.decode()
    assert "Add an action" not in advisor_page.content.decode()


def _plans(care_setting, count):
    for number in range(count):
        plan = ActionPlanFactory(
            care_setting=care_setting,
            status="closed",
            opened_on=date(2015 + number, 1, 5),
            inspection=OfstedInspectionFactory(
                care_setting=care_setting,
                inspected_on=date(2015 + number, 1, 1),
                overall_grade=Grade.REQUIRES_IMPROVEMENT,
            ),
        )
        PlanActionFactory(plan=plan, number=1, status="done")
        PlanActionFactory(plan=plan, number=2)


@pytest.mark.parametrize("count", [2, 6])
def test_the_plan_list_makes_the_same_queries_whatever_the_number_of_plans(
    count, client_as, care_setting, manager, django_assert_num_queries
):
    _plans(care_setting, count)
    client = client_as(manager)
    client.get(_url("plan_list", care_setting))
    # session, user, the door (setting, membership, LA roles), the page's frame (navigation
    # and notifications), and the plans with their inspections and counts in one
    with django_assert_num_queries(10):
        response = client.get(_url("plan_list", care_setting))
    assert response.content.decode().count("of 2") == count


def _busy_plan(care_setting, advisor, size):
    """An open plan with ``size`` actions, ``size`` parts of support and ``size`` visits."""
    plan = ActionPlanFactory(care_setting=care_setting, opened_on=date(2026, 1, 5))
    for number in range(1, size + 1):
        PlanActionFactory(plan=plan, number=number, updated_by=advisor)
        SupportItemFactory(plan=plan, brokered_by=advisor)
        VisitFactory(care_setting=care_setting, plan=plan, shared_at=timezone.now())
    return plan


@pytest.mark.parametrize("size", [2, 12])
def test_the_plan_page_makes_the_same_queries_whatever_the_size_of_the_plan(
    size, client_as, care_setting, manager, advisor, django_assert_num_queries
):
    plan = _busy_plan(care_setting, advisor, size)
    client = client_as(manager)
    client.get(_url("plan_detail", care_setting, plan.pk))
    # session, user, the door (setting, membership, LA roles), the page's frame (navigation
    # and notifications), the plan with its inspections and people, its actions with who
    # changed them last, its support with who brokered it, the visits linked to it
    with django_assert_num_queries(13):
        response = client.get(_url("plan_detail", care_setting, plan.pk))
    assert response.content.decode().count("Change<span") == size
