"""Who read what: every read of a child's safeguarding records at the setting, for the DSL
and the manager, filterable and as CSV; viewing it is itself a read. Time pinned.
"""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.permissions import setting_access_for
from common.models import AuditEvent
from safeguarding.selectors import READ_VERB, record_read
from tests.factories.accounts import ChildFactory
from tests.factories.safeguarding import AllegationFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def url(name, care_setting):
    return reverse(f"settings:safeguarding:{name}", args=[care_setting.slug])


def read_as(user, care_setting, page, child=None):
    record_read(setting_access_for(user, care_setting.slug), page=page, child=child)


def body(response) -> str:
    return response.content.decode().split("<tbody", 1)[-1]


def test_the_page_lists_who_read_which_childs_records_and_when(
    client_as, dsl, manager, key_child, care_setting
):
    read_as(manager, care_setting, "Chronology", key_child)

    page = client_as(dsl).get(url("reads", care_setting))

    rows = body(page)
    assert "Mary Manager" in rows and str(key_child) in rows and "Chronology" in rows
    assert "24 November 2026 at 09:30" in rows


def test_viewing_the_page_is_itself_recorded(client_as, dsl, care_setting):
    client = client_as(dsl)

    client.get(url("reads", care_setting))
    client.get(url("reads_csv", care_setting))

    pages = list(
        AuditEvent.objects.filter(verb=READ_VERB).order_by("pk").values_list("changes", flat=True)
    )
    assert pages == [{"page": "Who read what"}, {"page": "Who read what (CSV download)"}]
    assert "Who read what" in body(client.get(url("reads", care_setting)))


def test_the_page_filters_by_child_person_and_date(
    client_as, pinned_time, dsl, manager, key_child, care_setting
):
    other = ChildFactory(care_setting=care_setting, first_name="Noor")
    pinned_time.move_to(NOW - timedelta(days=10))
    read_as(manager, care_setting, "Old read", key_child)
    pinned_time.move_to(NOW)
    read_as(manager, care_setting, "Kai read", key_child)
    read_as(dsl, care_setting, "Noor read", other)
    client = client_as(dsl)

    by_child = body(client.get(url("reads", care_setting), {"child": key_child.pk}))
    by_person = body(client.get(url("reads", care_setting), {"person": dsl.pk}))
    by_date = body(
        client.get(
            url("reads", care_setting),
            {"date_from_0": "20", "date_from_1": "11", "date_from_2": "2026"},
        )
    )

    assert "Kai read" in by_child and "Old read" in by_child and "Noor read" not in by_child
    assert "Noor read" in by_person and "Kai read" not in by_person
    assert "Kai read" in by_date and "Noor read" in by_date and "Old read" not in by_date


def test_nonsense_filters_are_govuk_errors_not_failures(client_as, dsl, care_setting):
    response = client_as(dsl).get(
        url("reads", care_setting),
        {
            "child": "99999999999999",
            "person": "x",
            "date_from_0": "31",
            "date_from_1": "2",
            "date_from_2": "2026",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a child from the list" in page and "Choose a person from the list" in page
    assert "The from date must be a real date" in page


def test_the_csv_holds_the_filtered_reads_as_safe_cells(
    client_as, dsl, manager, key_child, care_setting
):
    manager.full_name = "=HYPERLINK(1)"
    manager.save()
    read_as(manager, care_setting, "Chronology", key_child)

    response = client_as(dsl).get(url("reads_csv", care_setting), {"child": key_child.pk})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Date", "Time", "Who", "Child", "Page"],
        ["2026-11-24", "09:30", "'=HYPERLINK(1)", str(key_child), "Chronology"],
    ]


def test_reads_of_another_setting_and_of_allegations_are_not_on_it(
    client_as, dsl, other_manager, other_child, other_setting, practitioner, care_setting
):
    read_as(other_manager, other_setting, "Elsewhere", other_child)
    allegation = AllegationFactory(care_setting=care_setting, staff_member=practitioner)
    client = client_as(dsl)
    client.get(
        reverse("settings:safeguarding:allegation_detail", args=[care_setting.slug, allegation.pk])
    )

    rows = body(client.get(url("reads", care_setting)))

    assert "Elsewhere" not in rows and str(other_child) not in rows
    assert "Allegation" not in rows


@pytest.mark.parametrize(
    "persona",
    ["practitioner", "key_person", "advisor", "cic_advisor", "la_admin", "other_manager"],
)
def test_nobody_else_reaches_the_page(request, client_as, care_setting, persona):
    client = client_as(request.getfixturevalue(persona))

    assert client.get(url("reads", care_setting)).status_code == 404
    assert client.get(url("reads_csv", care_setting)).status_code == 404
    assert not AuditEvent.objects.filter(verb=READ_VERB).exists()
