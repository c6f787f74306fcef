"""Saving the judgement form with nothing in it is refused; saving it unchanged says so."""

from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from common.models import AuditEvent
from learning.models import TrackerJudgement
from tests.factories.learning import (
    AssessmentPeriodFactory,
    TrackerJudgementFactory,
    area,
)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(date(2026, 11, 24), tick=False):
        yield


@pytest.fixture
def autumn(care_setting):
    return AssessmentPeriodFactory(
        care_setting=care_setting,
        name="Autumn 2026",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
    )


def edit_url(child, period) -> str:
    return reverse(
        "settings:learning:tracker_edit", args=[child.care_setting.slug, child.pk, period.pk]
    )


def test_saving_the_form_with_no_judgement_is_refused_with_a_gov_uk_error(
    client_as, key_person, key_child, autumn
):
    # What the browser sends when no radio is chosen: empty notes and versions.
    blank = {}
    for code in ("CL", "PSED", "PD", "L", "M", "UTW", "EAD"):
        blank |= {f"note_{area(code).pk}": "", f"version_{area(code).pk}": ""}

    response = client_as(key_person).post(edit_url(key_child, autumn), blank)

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Choose a judgement in at least one area: nothing has been saved" in page
    # The summary links to the first area's radios.
    assert f'href="#id_point_{area("CL").pk}' in page
    assert "saved" not in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not TrackerJudgement.objects.exists()


def test_saving_the_judgements_unchanged_says_that_nothing_changed(
    client_as, key_person, key_child, autumn
):
    judgement = TrackerJudgementFactory(child=key_child, period=autumn, area=area("CL"))
    data = {
        f"point_{area('CL').pk}": str(judgement.point_id),
        f"note_{area('CL').pk}": judgement.note,
        f"version_{area('CL').pk}": str(judgement.version),
    }

    response = client_as(key_person).post(edit_url(key_child, autumn), data)

    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Nothing changed: the judgements for Autumn 2026 are as they were saved"
    assert not AuditEvent.objects.filter(verb="tracker.judged").exists()
    judgement.refresh_from_db()
    assert judgement.version == 1


def test_a_changed_judgement_is_still_saved_and_said_so(client_as, key_person, key_child, autumn):
    judgement = TrackerJudgementFactory(child=key_child, period=autumn, area=area("CL"))
    data = {
        f"point_{area('CL').pk}": str(judgement.point_id),
        f"note_{area('CL').pk}": "A new note",
        f"version_{area('CL').pk}": str(judgement.version),
    }

    response = client_as(key_person).post(edit_url(key_child, autumn), data)

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Judgements for Autumn 2026 saved"
    ]
    judgement.refresh_from_db()
    assert (judgement.note, judgement.version) == ("A new note", 2)


def test_an_empty_post_is_refused_too(client_as, key_person, key_child, autumn):
    response = client_as(key_person).post(edit_url(key_child, autumn), {})

    assert response.status_code == 200
    assert "Choose a judgement in at least one area" in response.content.decode()
    assert not TrackerJudgement.objects.exists()
