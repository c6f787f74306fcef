"""Tracker pages: the door, editing with a version check, the chart, and query counts."""

import re
from datetime import date
from xml.etree import ElementTree

import pytest
import time_machine
from django.urls import reverse

from children.models import Room
from learning.models import (
    AssessmentPeriod,
    EarlyAssessment,
    TrackerJudgement,
    TrackerPolicy,
    TrackerScale,
)
from tests.factories.accounts import ChildFactory
from tests.factories.learning import (
    DM_AHEAD,
    DM_AT_RISK,
    AssessmentPeriodFactory,
    EarlyAssessmentFactory,
    TrackerJudgementFactory,
    area,
    point,
)

SVG = "{http://www.w3.org/2000/svg}"
CODES = ["CL", "PSED", "PD", "L", "M", "UTW", "EAD"]


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(date(2026, 11, 24), tick=False):
        yield


def terms(care_setting) -> list[AssessmentPeriod]:
    return [
        AssessmentPeriodFactory(
            care_setting=care_setting, name=name, starts_on=starts_on, ends_on=ends_on
        )
        for name, starts_on, ends_on in [
            ("Spring 2026", date(2026, 1, 1), date(2026, 3, 31)),
            ("Summer 2026", date(2026, 4, 1), date(2026, 8, 31)),
            ("Autumn 2026", date(2026, 9, 1), date(2026, 12, 31)),
        ]
    ]


def judge_everything(child, periods) -> None:
    for period in periods:
        for code in CODES:
            TrackerJudgementFactory(child=child, period=period, area=area(code))


def tracker_url(child) -> str:
    return reverse("settings:learning:tracker", args=[child.care_setting.slug, child.pk])


def edit_url(child, period) -> str:
    return reverse(
        "settings:learning:tracker_edit", args=[child.care_setting.slug, child.pk, period.pk]
    )


def form_data(period_points: dict[str, object], versions: dict[str, int] | None = None) -> dict:
    data = {}
    for code, pt in period_points.items():
        area_id = area(code).pk
        data[f"point_{area_id}"] = str(pt.pk)
        data[f"note_{area_id}"] = f"Note on {code}"
        data[f"version_{area_id}"] = str((versions or {}).get(code, ""))
    return data


def child_born_2023(care_setting, **extra):
    return ChildFactory(
        care_setting=care_setting,
        date_of_birth=date(2023, 5, 1),
        start_date=date(2025, 9, 1),
        **extra,
    )


# --- The door ------------------------------------------------------------------------------


def test_key_person_records_their_key_childs_judgements(client_as, key_person, key_child):
    period = terms(key_child.care_setting)[-1]

    response = client_as(key_person).post(
        edit_url(key_child, period), form_data({"CL": point(), "PD": point("dm", DM_AT_RISK)})
    )

    assert response.status_code == 302
    assert TrackerJudgement.objects.filter(child=key_child, period=period).count() == 2


def test_key_person_cannot_edit_another_childs_tracker(client_as, key_person, care_setting):
    other = ChildFactory(care_setting=care_setting)
    period = terms(care_setting)[-1]

    response = client_as(key_person).post(edit_url(other, period), form_data({"CL": point()}))

    assert response.status_code == 403
    assert not TrackerJudgement.objects.exists()


def test_practitioner_reads_the_tracker_but_may_not_edit(client_as, practitioner, key_child):
    period = terms(key_child.care_setting)[-1]
    client = client_as(practitioner)

    assert client.get(tracker_url(key_child)).status_code == 200
    assert client.get(edit_url(key_child, period)).status_code == 403


def test_advisor_reads_the_looked_after_key_childs_tracker(client_as, advisor, key_child):
    response = client_as(advisor).get(tracker_url(key_child))

    assert response.status_code == 200
    assert b"Record judgements" not in response.content


def test_a_period_of_another_setting_is_not_found(client_as, manager, key_child, other_setting):
    foreign = AssessmentPeriodFactory(care_setting=other_setting)

    assert client_as(manager).get(edit_url(key_child, foreign)).status_code == 404


# --- Editing ---------------------------------------------------------------------------------


def test_a_conflicting_edit_keeps_what_was_typed_and_names_who_changed_it(
    client_as, key_person, manager, key_child
):
    period = terms(key_child.care_setting)[-1]
    judgement = TrackerJudgementFactory(child=key_child, period=period, area=area("CL"))
    manager.full_name = "Amira Khan"
    manager.save(update_fields=["full_name"])
    # The manager saves while the key person still has the form at version 1.
    client_as(manager).post(
        edit_url(key_child, period), form_data({"CL": point("dm", DM_AT_RISK)}, {"CL": 1})
    )

    response = client_as(key_person).post(
        edit_url(key_child, period), form_data({"CL": point("dm", DM_AHEAD)}, {"CL": 1})
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Amira Khan changed Communication and Language while you were editing: "
        "your judgement was not saved" in page
    )
    ahead = re.search(
        rf'<input[^>]*name="point_{area("CL").pk}"[^>]*value="{point("dm", DM_AHEAD).pk}"[^>]*>',
        page,
    )
    assert ahead is not None and "checked" in ahead.group(0)
    assert 'value="Note on CL"' in page
    judgement.refresh_from_db()
    assert (judgement.point.code, judgement.version) == (DM_AT_RISK, 2)
    # Saving again, now at version 2, is a decision to replace it.
    again = client_as(key_person).post(
        edit_url(key_child, period), form_data({"CL": point("dm", DM_AHEAD)}, {"CL": 2})
    )
    assert again.status_code == 302
    judgement.refresh_from_db()
    assert (judgement.point.code, judgement.version) == (DM_AHEAD, 3)


def test_a_note_without_a_judgement_is_explained(client_as, manager, key_child):
    period = terms(key_child.care_setting)[-1]
    data = {f"note_{area('M').pk}": "Counting to five"}

    response = client_as(manager).post(edit_url(key_child, period), data)

    assert response.status_code == 200
    assert "Choose a judgement for Mathematics, or clear the note" in response.content.decode()
    assert 'value="Counting to five"' in response.content.decode()


def test_the_early_assessment_is_recorded_from_the_form(client_as, key_person, key_child):
    url = reverse(
        "settings:learning:assessment_edit", args=[key_child.care_setting.slug, key_child.pk]
    )
    data = {
        "version": "0",  # the form shown before any assessment was recorded
        "summary": "Settled quickly",
        "completed_on_0": "10",
        "completed_on_1": "11",
        "completed_on_2": "2026",
    }
    for code in ("CL", "PSED", "PD"):
        data[f"point_{area(code).pk}"] = str(point().pk)

    missing = client_as(key_person).post(url, {**data, f"point_{area('PD').pk}": ""})
    assert "Choose a judgement for Physical Development" in missing.content.decode()
    assert "Settled quickly" in missing.content.decode()

    response = client_as(key_person).post(url, data)
    assert response.status_code == 302
    assert EarlyAssessment.objects.get(child=key_child).areas.count() == 3


def test_the_manager_creates_this_years_terms_and_adds_a_period(client_as, manager, care_setting):
    url = reverse("settings:learning:periods", args=[care_setting.slug])
    client = client_as(manager)

    client.post(url, {"create_terms": "1"})
    clash = client.post(
        url,
        {
            "add_period": "1",
            "period-name": "Christmas",
            "period-starts_on_0": "1",
            "period-starts_on_1": "12",
            "period-starts_on_2": "2026",
            "period-ends_on_0": "5",
            "period-ends_on_1": "1",
            "period-ends_on_2": "2027",
        },
    )

    names = list(
        AssessmentPeriod.objects.filter(care_setting=care_setting).values_list("name", flat=True)
    )
    assert names == ["Autumn 2026", "Spring 2027", "Summer 2027"]
    assert clash.status_code == 200
    assert "The dates overlap Autumn 2026" in clash.content.decode()
    assert 'value="Christmas"' in clash.content.decode()


# --- The chart -------------------------------------------------------------------------------


def test_the_chart_is_valid_svg_with_a_title_and_one_path_per_area(client_as, manager, key_child):
    periods = terms(key_child.care_setting)
    judge_everything(key_child, periods)

    response = client_as(manager).get(tracker_url(key_child))

    page = response.content.decode()
    svg_text = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    svg = ElementTree.fromstring(svg_text)
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == f"Progress of {key_child} over time"
    assert svg.get("aria-labelledby") == "progress-chart-title progress-chart-desc"
    lines = svg.findall(f".//{SVG}path[@class='series-line']")
    assert len(lines) == 7
    assert len({line.get("stroke-dasharray") for line in lines}) == 7  # not colour alone
    assert [g.get("data-area") for g in svg.findall(f"{SVG}g[@class='series']")] == CODES
    assert "<caption" in page and "Judgements by area and period" in page


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 22])
def test_tracker_page_queries_are_flat(
    rows, client_as, manager, care_setting, django_assert_num_queries
):
    child = child_born_2023(care_setting)
    periods = [
        AssessmentPeriodFactory(
            care_setting=care_setting,
            name=f"Term {n}",
            starts_on=date(2010 + n // 3, 1 + 4 * (n % 3), 1),
            ends_on=date(2010 + n // 3, 4 + 4 * (n % 3), 28),
        )
        for n in range(rows)
    ]
    child.start_date = date(2010, 1, 1)
    child.date_of_birth = date(2009, 1, 1)
    child.save(update_fields=["start_date", "date_of_birth"])
    judge_everything(child, periods)
    EarlyAssessmentFactory(child=child)
    client = client_as(manager)
    # session, user, setting, membership, LA roles, the child, policy, default scale,
    # periods, judgements (+ point, by), early assessment (+ by), its areas, their points,
    # their areas, scale points, areas, the pathway, unread count, session save (savepoint,
    # update, release)
    with django_assert_num_queries(21):
        response = client.get(tracker_url(child))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 22])
def test_group_view_queries_are_flat(
    rows, client_as, manager, care_setting, django_assert_num_queries
):
    period = terms(care_setting)[-1]
    for n in range(rows):
        child = child_born_2023(
            care_setting, room="Butterflies" if n % 2 else "Ladybirds", sen_status="sen_support"
        )
        for code in CODES:
            TrackerJudgementFactory(
                child=child,
                period=period,
                area=area(code),
                point=point("dm", DM_AT_RISK if n % 3 == 0 else "typical"),
            )
    client = client_as(manager)
    url = reverse("settings:learning:group", args=[care_setting.slug])
    # session, user, setting, membership, LA roles, periods, rooms, latest judged period,
    # policy, default scale, counts, concern rows, children judged, areas, points, unread
    # count, session save (savepoint, update, release)
    ladybirds = Room.objects.get(care_setting=care_setting, name="Ladybirds")
    with django_assert_num_queries(19):
        response = client.get(url, {"period": period.pk, "room": ladybirds.pk})
    assert response.status_code == 200
    assert "Summer-born" in response.content.decode()
    # Only the Ladybirds: every other child made above.
    assert response.context["progress"].children_in_group == rows // 2
    assert "Ladybirds: number of children at each judgement" in response.content.decode()


def test_the_manager_chooses_the_settings_scale(client_as, manager, care_setting, key_child):
    url = reverse("settings:learning:periods", args=[care_setting.slug])
    b25m = TrackerScale.objects.get(code="b25m")
    client = client_as(manager)

    # The setting had no scale of its own when the page was shown: version 0.
    chosen = {"save_policy": "Save", "policy-version": "0", "policy-scale": b25m.pk}
    wrong = client.post(url, {**chosen, "policy-early_assessment_weeks": "x"})
    assert "The number of weeks must be a whole number, like 6" in wrong.content.decode()

    client.post(url, {**chosen, "policy-early_assessment_weeks": "8"})
    policy = TrackerPolicy.objects.get(care_setting=care_setting)
    assert (policy.scale, policy.early_assessment_weeks) == (b25m, 8)
    assert "Birth to 5 Matters ranges scale" in client.get(tracker_url(key_child)).content.decode()


def test_starting_tracking_creates_the_terms_and_opens_the_current_one(
    client_as, key_person, key_child
):
    url = reverse(
        "settings:learning:tracker_start", args=[key_child.care_setting.slug, key_child.pk]
    )

    response = client_as(key_person).post(url)

    autumn = AssessmentPeriod.objects.get(care_setting=key_child.care_setting, name="Autumn 2026")
    assert response.status_code == 302
    assert response["Location"] == edit_url(key_child, autumn)


@pytest.mark.parametrize(
    ("born", "on", "pathway"),
    [
        (date(2024, 6, 1), date(2026, 11, 24), "birth_to_three"),
        (date(2023, 6, 1), date(2026, 11, 24), "three_and_four"),
        # Turned four on 1 June 2026, before the school year began: reception age.
        (date(2022, 6, 1), date(2026, 11, 24), "reception"),
        # Turns four in October 2026: reception only from September 2027.
        (date(2022, 10, 1), date(2026, 11, 24), "three_and_four"),
    ],
)
def test_the_development_matters_pathway_follows_age_and_school_year(born, on, pathway):
    from children.models import Child
    from learning.tracker.selectors import pathway_code_for

    child = Child(date_of_birth=born)

    assert pathway_code_for(child, on=on) == pathway


@pytest.mark.django_db
def test_the_three_pathways_are_shipped():
    from learning.models import Pathway

    assert list(Pathway.objects.values_list("name", flat=True)) == [
        "Birth to three",
        "3 and 4-year-olds",
        "Children in reception",
    ]
