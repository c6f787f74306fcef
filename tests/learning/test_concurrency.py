"""Two people (or one double click) at the same moment on the learning pages.

The early assessment and the setting's tracker scale carry a version: a save over someone
else's is refused and explained, with the saved values next to the typed ones. Periods are
added one after another per setting, so two at once cannot overlap. The same render of the
observation or period form sent twice saves once; the same edit sent twice is no conflict.
"""

from datetime import date
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from learning.models import (
    AssessmentPeriod,
    EarlyAssessment,
    Observation,
    ProgressCheckAtTwo,
    TrackerJudgement,
    TrackerPolicy,
    TrackerScale,
)
from learning.tracker import services as tracker_services
from tests.concurrency import (
    needs_postgres,
    post_together,
    rendered_fields,
    ship_framework_data,
)
from tests.conftest import MODEL_BACKEND
from tests.factories.accounts import MembershipFactory
from tests.factories.learning import (
    DM_AHEAD,
    AssessmentPeriodFactory,
    EarlyAssessmentFactory,
    area,
    point,
)
from tests.factories.learning_check import ProgressCheckFactory, child_aged
from tests.factories.learning_journey import ObservationFactory, framework_areas

TODAY = date(2026, 11, 24)
ROUNDS = 4


@pytest.fixture
def framework(transactional_db) -> None:
    ship_framework_data()


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(TODAY, tick=False):
        yield


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def date_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def deputy(care_setting) -> User:
    """A second manager at the setting."""
    return MembershipFactory(
        user__full_name="Morgan Deputy", care_setting=care_setting, manager=True
    ).user


# --- Item: the early assessment is never overwritten without a word --------------------------


def assessment_url(child) -> str:
    return reverse("settings:learning:assessment_edit", args=[child.care_setting.slug, child.pk])


def assessment_form(summary: str, *, code: str = "typical", **overrides: str) -> dict[str, str]:
    data = {"summary": summary, **date_parts("completed_on", date(2026, 11, 10))}
    for prime in ("CL", "PSED", "PD"):
        data[f"point_{area(prime).pk}"] = str(point("dm", code).pk)
        data[f"note_{area(prime).pk}"] = ""
    return {**data, **overrides}


def test_an_early_assessment_saved_over_someone_elses_is_refused_and_keeps_what_was_typed(
    client_as, manager, key_person, key_child
):
    EarlyAssessmentFactory(child=key_child, summary="Settling in well")
    first, second = client_as(key_person), client_as(manager)
    seen_by_first = rendered_fields(first, assessment_url(key_child))
    seen_by_second = rendered_fields(second, assessment_url(key_child))
    assert seen_by_first["version"] == seen_by_second["version"] == "1"

    saved = first.post(
        assessment_url(key_child), {**seen_by_first, **assessment_form("Chatty and confident")}
    )
    late = second.post(
        assessment_url(key_child),
        {**seen_by_second, **assessment_form("Quiet at first", code=DM_AHEAD)},
    )

    assert saved.status_code == 302
    assert late.status_code == 200
    page = text_of(late)
    assert "Someone else changed this record while you were editing it." in page
    # What the record says now, next to what was typed, and the typing is still there.
    assert "Chatty and confident" in page and "Quiet at first" in page
    assert "Communication and Language" in page
    assert 'name="version" value="2"' in page
    assessment = EarlyAssessment.objects.get(child=key_child)
    assert (assessment.summary, assessment.version) == ("Chatty and confident", 2)
    assert {row.point.code for row in assessment.areas.all()} == {"typical"}


def test_a_first_early_assessment_recorded_by_two_people_is_kept_and_the_second_is_told(
    client_as, manager, key_person, key_child
):
    first, second = client_as(key_person), client_as(manager)
    seen_by_first = rendered_fields(first, assessment_url(key_child))
    seen_by_second = rendered_fields(second, assessment_url(key_child))
    assert seen_by_first["version"] == "0"

    first.post(assessment_url(key_child), {**seen_by_first, **assessment_form("First")})
    late = second.post(assessment_url(key_child), {**seen_by_second, **assessment_form("Second")})

    assert late.status_code == 200
    assert "Someone else changed this record" in text_of(late)
    assert EarlyAssessment.objects.get(child=key_child).summary == "First"


def test_the_same_early_assessment_sent_twice_is_saved_once_without_a_conflict(
    client_as, key_person, key_child
):
    client = client_as(key_person)
    data = {**rendered_fields(client, assessment_url(key_child)), **assessment_form("Settled")}

    responses = [
        client.post(assessment_url(key_child), data),
        client.post(assessment_url(key_child), data),
    ]

    assert [response.status_code for response in responses] == [302, 302]
    assessment = EarlyAssessment.objects.get(child=key_child)
    assert (assessment.summary, assessment.version) == ("Settled", 1)


def test_the_early_assessment_service_refuses_a_save_from_an_older_version(key_person, key_child):
    EarlyAssessmentFactory(child=key_child, summary="Someone else's")
    EarlyAssessment.objects.filter(child=key_child).update(version=2)

    with pytest.raises(tracker_services.StaleRecord):
        tracker_services.early_assessment_save(
            child=key_child,
            by=key_person,
            version=1,
            completed_on=date(2026, 11, 10),
            summary="Mine",
            entries={area(code): (point(), "") for code in ("CL", "PSED", "PD")},
        )

    assert EarlyAssessment.objects.get(child=key_child).summary == "Someone else's"


# --- Item: the setting's tracker scale is never overwritten without a word -------------------


def periods_url(care_setting) -> str:
    return reverse("settings:learning:periods", args=[care_setting.slug])


def policy_form(scale_code: str, weeks: str = "6") -> dict[str, str]:
    return {
        "save_policy": "Save",
        "policy-scale": str(TrackerScale.objects.get(code=scale_code).pk),
        "policy-early_assessment_weeks": weeks,
    }


def test_a_scale_chosen_over_someone_elses_choice_is_refused_and_keeps_what_was_typed(
    client_as, manager, deputy, care_setting
):
    first, second = client_as(manager), client_as(deputy)
    seen_by_first = rendered_fields(first, periods_url(care_setting))
    seen_by_second = rendered_fields(second, periods_url(care_setting))
    assert seen_by_first["policy-version"] == "0"

    saved = first.post(periods_url(care_setting), {**seen_by_first, **policy_form("b25m")})
    late = second.post(periods_url(care_setting), {**seen_by_second, **policy_form("eyfsp", "8")})

    assert saved.status_code == 302
    assert late.status_code == 200
    page = text_of(late)
    assert "Someone else changed this record while you were editing it." in page
    assert "Birth to 5 Matters" in page
    assert 'name="policy-early_assessment_weeks" value="8"' in page
    assert 'name="policy-version" value="1"' in page
    policy = TrackerPolicy.objects.get(care_setting=care_setting)
    assert (policy.scale.code, policy.early_assessment_weeks) == ("b25m", 6)


def test_the_same_scale_choice_sent_twice_is_saved_once_without_a_conflict(
    client_as, manager, care_setting
):
    client = client_as(manager)
    data = {**rendered_fields(client, periods_url(care_setting)), **policy_form("b25m", "8")}

    responses = [client.post(periods_url(care_setting), data) for _ in range(2)]

    assert [response.status_code for response in responses] == [302, 302]
    policy = TrackerPolicy.objects.get(care_setting=care_setting)
    assert (policy.scale.code, policy.early_assessment_weeks, policy.version) == ("b25m", 8, 1)


# --- Item: periods added at once neither overlap nor answer 500 ---------------------------


def period_form(name: str, starts_on: date, ends_on: date) -> dict[str, str]:
    return {
        "add_period": "1",
        "period-name": name,
        **date_parts("period-starts_on", starts_on),
        **date_parts("period-ends_on", ends_on),
    }


def test_a_period_sent_twice_from_the_same_page_is_added_once(client_as, manager, care_setting):
    client = client_as(manager)
    data = {
        **rendered_fields(client, periods_url(care_setting)),
        **period_form("Extra 2040", date(2040, 1, 1), date(2040, 3, 1)),
    }

    responses = [client.post(periods_url(care_setting), data) for _ in range(2)]

    assert [response.status_code for response in responses] == [302, 302]
    assert AssessmentPeriod.objects.filter(care_setting=care_setting).count() == 1


def test_this_years_terms_made_meanwhile_are_not_made_twice(manager, care_setting):
    AssessmentPeriodFactory(
        care_setting=care_setting,
        name="Autumn 2026",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
    )

    created = tracker_services.periods_create_default(
        care_setting=care_setting, today=TODAY, by=manager
    )

    assert [period.name for period in created] == ["Spring 2027", "Summer 2027"]


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("framework")
def test_two_managers_adding_overlapping_periods_at_once_add_one_and_tell_the_second(
    manager, deputy, care_setting
):
    first, second = signed_in(manager), signed_in(deputy)
    for round_ in range(ROUNDS):
        year = 2040 + round_
        posts = [
            (
                client,
                periods_url(care_setting),
                {**rendered_fields(client, periods_url(care_setting)), **period_form(*period)},
            )
            for client, period in (
                (first, (f"Extra {year} a", date(year, 1, 1), date(year, 3, 1))),
                (second, (f"Extra {year} b", date(year, 2, 1), date(year, 4, 1))),
            )
        ]

        responses = post_together(posts)

        assert sorted(response.status_code for response in responses) == [200, 302]
        refused = text_of(next(r for r in responses if r.status_code == 200))
        assert "periods must not overlap" in refused
        assert AssessmentPeriod.objects.filter(starts_on__year=year).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("framework")
def test_two_managers_creating_this_years_terms_at_once_create_them_once(
    manager, deputy, care_setting
):
    first, second = signed_in(manager), signed_in(deputy)
    for _ in range(ROUNDS):
        AssessmentPeriod.objects.filter(care_setting=care_setting).delete()
        posts = [
            (client, periods_url(care_setting), {"create_terms": "1"})
            for client in (first, second)
        ]

        responses = post_together(posts)

        assert [response.status_code for response in responses] == [302, 302]
        names = AssessmentPeriod.objects.filter(care_setting=care_setting).values_list(
            "name", flat=True
        )
        assert sorted(names) == ["Autumn 2026", "Spring 2027", "Summer 2027"]


# --- Item: an observation sent twice is recorded once ---------------------------------------


def observation_url(care_setting) -> str:
    return reverse("settings:learning:observation_add", args=[care_setting.slug])


def observation_form(child, text: str) -> dict[str, object]:
    areas = framework_areas()
    return {
        "children": [str(child.pk)],
        **date_parts("observed_on", TODAY),
        "text": text,
        "areas": [str(areas["CL"].pk)],
        "next_steps": "",
        "status": "published",
    }


def test_an_observation_sent_twice_from_the_same_page_is_recorded_once(
    client_as, key_person, key_child
):
    client = client_as(key_person)
    add_url = observation_url(key_child.care_setting)
    data = {**rendered_fields(client, add_url), **observation_form(key_child, "Built a tower")}

    responses = [client.post(add_url, data), client.post(add_url, data)]

    journey = reverse(
        "settings:learning:journey", args=[key_child.care_setting.slug, key_child.pk]
    )
    assert [path_of(response) for response in responses] == [journey, journey]
    assert Observation.objects.filter(text="Built a tower").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("framework")
def test_a_double_click_on_save_observation_records_it_once(key_person, key_child):
    add_url = observation_url(key_child.care_setting)
    first_tab, second_tab = signed_in(key_person), signed_in(key_person)
    for round_ in range(ROUNDS):
        data = {
            **rendered_fields(first_tab, add_url),
            **observation_form(key_child, f"Built a tower {round_}"),
        }

        responses = post_together([(first_tab, add_url, data), (second_tab, add_url, data)])

        assert [response.status_code for response in responses] == [302, 302]
        assert Observation.objects.filter(text=f"Built a tower {round_}").count() == 1


# --- The same edit sent twice is not someone else's change ---------------------------------


def test_the_same_observation_change_sent_twice_is_saved_once_without_a_conflict(
    client_as, key_person, key_child
):
    areas = framework_areas()
    observation = ObservationFactory(
        care_setting=key_child.care_setting, author=key_person, children=[key_child]
    )
    edit_url = reverse(
        "settings:learning:observation_edit", args=[observation.care_setting.slug, observation.pk]
    )
    client = client_as(key_person)
    data = {
        **rendered_fields(client, edit_url),
        **date_parts("observed_on", observation.observed_on),
        "text": "Changed text",
        "areas": [str(areas["EAD"].pk)],
        "next_steps": "",
        "status": "published",
    }

    responses = [client.post(edit_url, data), client.post(edit_url, data)]

    assert [response.status_code for response in responses] == [302, 302]
    observation.refresh_from_db()
    assert (observation.text, observation.version) == ("Changed text", 2)


def test_an_observation_changed_by_someone_else_shows_both_versions(
    client_as, key_person, manager, key_child
):
    areas = framework_areas()
    observation = ObservationFactory(
        care_setting=key_child.care_setting, author=key_person, children=[key_child]
    )
    Observation.objects.filter(pk=observation.pk).update(text="Manager's version", version=2)
    edit_url = reverse(
        "settings:learning:observation_edit", args=[observation.care_setting.slug, observation.pk]
    )

    response = client_as(key_person).post(
        edit_url,
        {
            "version": "1",
            **date_parts("observed_on", observation.observed_on),
            "text": "Key person's version",
            "areas": [str(areas["EAD"].pk)],
            "next_steps": "",
            "status": "published",
        },
    )

    page = text_of(response)
    assert "What did you see and hear?" in page
    assert "Manager&#x27;s version" in page and "Key person&#x27;s version" in page


def test_the_same_progress_check_change_sent_twice_is_saved_once_without_a_conflict(
    client_as, manager, care_setting
):
    hana = child_aged(months=30, today=TODAY, care_setting=care_setting, first_name="Hana")
    check = ProgressCheckFactory(child=hana, completed_on=TODAY)
    edit_url = reverse("settings:learning:check_edit", args=[care_setting.slug, hana.pk])
    client = client_as(manager)
    data = {
        **rendered_fields(client, edit_url),
        **date_parts("completed_on", check.completed_on),
        "communication_and_language": check.communication_and_language,
        "personal_social_emotional": check.personal_social_emotional,
        "physical_development": check.physical_development,
        "strengths": "Singing",
        "less_than_expected": "",
        "next_steps": check.next_steps,
        "parent_comments": "",
        "childs_voice": "",
    }

    responses = [client.post(edit_url, data), client.post(edit_url, data)]

    assert [response.status_code for response in responses] == [302, 302]
    check.refresh_from_db()
    assert (check.strengths, check.version) == ("Singing", 2)
    assert ProgressCheckAtTwo.objects.count() == 1


def test_the_same_judgements_sent_twice_are_not_reported_as_someone_elses(
    client_as, key_person, key_child
):
    period = AssessmentPeriodFactory(
        care_setting=key_child.care_setting,
        name="Autumn 2026",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
    )
    edit_url = reverse(
        "settings:learning:tracker_edit",
        args=[key_child.care_setting.slug, key_child.pk, period.pk],
    )
    client = client_as(key_person)
    data = {
        **rendered_fields(client, edit_url),
        f"point_{area('CL').pk}": str(point().pk),
        f"note_{area('CL').pk}": "Chatty",
    }

    responses = [client.post(edit_url, data), client.post(edit_url, data)]

    assert [response.status_code for response in responses] == [302, 302]
    assert TrackerJudgement.objects.get(child=key_child).version == 1
