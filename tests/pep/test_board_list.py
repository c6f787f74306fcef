"""The children in care advisor's PEP board and the setting's PEPs: rows, filters, sort,
pagination, the CSV export and the compliance figures, with time pinned."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.models import LaRole
from pep.models import Meeting, Pep
from tests.factories.accounts import CareSettingFactory, ChildFactory, LaRoleFactory
from tests.factories.pep import MeetingFactory, PepFactory

# Wednesday 4 March 2026, mid-morning in London: no bank holiday near.
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
TODAY = date(2026, 3, 4)

# Queries of the PEP lists, whatever the number of PEPs (each named in its test). The bench
# does not measure these pages yet, so they are pinned here rather than in bench.budgets.
BOARD_QUERIES = 12
BOARD_CSV_QUERIES = 10
SETTING_PEPS_QUERIES = 12


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def pep_for(care_setting, *, responsible_la=None, first_name="", last_name="", **fields):
    child_fields = {"care_setting": care_setting, "looked_after": True}
    if responsible_la is not None:
        child_fields["responsible_la"] = responsible_la
    if first_name:
        child_fields["first_name"] = first_name
    if last_name:
        child_fields["last_name"] = last_name
    return PepFactory(child=ChildFactory(**child_fields), **fields)


def board(client, la, **query):
    return client.get(reverse("la_pep:board", args=[la.slug]), query)


def names(response) -> list[str]:
    """Return the children's names in the table's rows, in order."""
    rows = response.context["rows"]
    return [f"{row.pep.child.known_as} {row.pep.child.last_name}" for row in rows]


@pytest.fixture
def county(care_setting, home_la, other_la, other_setting):
    """PEPs of the advisor's scope at every stage, and some they must never see."""
    second = CareSettingFactory(name="Birch Pre-school", local_authority=home_la)
    peps = {
        "due": pep_for(care_setting, first_name="Ada", last_name="Able"),
        "scheduled": pep_for(
            second, first_name="Ben", last_name="Brook", status=Pep.Status.SCHEDULED
        ),
        "overdue": pep_for(
            care_setting,
            first_name="Cal",
            last_name="Cole",
            status=Pep.Status.PAPERWORK_REQUESTED,
            due_on=TODAY - timedelta(days=7),
        ),
        "awaiting": pep_for(
            second, first_name="Dee", last_name="Dale", status=Pep.Status.AWAITING_QA
        ),
        # The home LA's child placed in another LA's setting (the home LA arranges it).
        "placed_away": pep_for(
            other_setting,
            responsible_la=home_la,
            first_name="Eve",
            last_name="East",
            status=Pep.Status.RETURNED,
        ),
        # Another LA's child placed here (that LA arranges it).
        "placed_here": pep_for(
            care_setting,
            responsible_la=other_la,
            first_name="Fin",
            last_name="Ford",
            status=Pep.Status.SUBMITTED,
        ),
    }
    signed = PepFactory(
        child=peps["due"].child,
        signed=True,
        opened_on=TODAY - timedelta(days=200),
        due_on=TODAY - timedelta(days=170),
    )
    peps["signed"] = signed
    MeetingFactory(pep=peps["scheduled"])
    # Out of scope: another LA's child at another LA's setting, and a child not in care.
    peps["outside"] = pep_for(other_setting, first_name="Zed", last_name="Zulu")
    return peps


def test_the_board_lists_the_current_peps_of_the_advisors_scope(client_as, cic_advisor, county):
    response = board(client_as(cic_advisor), cic_advisor.la_roles.get().local_authority)

    assert response.status_code == 200
    # By due date, the overdue first; the signed PEP is not current, "Zed" is out of scope.
    assert names(response)[0] == "Cal Cole"
    assert sorted(names(response)) == [
        "Ada Able",
        "Ben Brook",
        "Cal Cole",
        "Dee Dale",
        "Eve East",
        "Fin Ford",
    ]
    page = response.content.decode()
    assert "Zed" not in page
    assert "Arranged by your LA" in page
    assert "Arranged by Westvale Borough Council" in page
    rows = {row.pep.child.first_name: row for row in response.context["rows"]}
    assert rows["Eve"].out_of_county and rows["Eve"].arranged_here
    assert rows["Fin"].out_of_county and not rows["Fin"].arranged_here
    assert not rows["Ada"].out_of_county
    assert rows["Cal"].reading.is_overdue
    assert rows["Ben"].meeting_at is not None


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("due", ["Ada"]),
        ("scheduled", ["Ben"]),
        ("paperwork_requested", ["Cal"]),
        ("submitted", ["Fin"]),
        ("awaiting_qa", ["Dee"]),
        ("returned", ["Eve"]),
        ("signed_off", ["Ada"]),
        ("overdue", ["Cal"]),
    ],
)
def test_the_board_filters_by_status(client_as, cic_advisor, county, home_la, status, expected):
    response = board(client_as(cic_advisor), home_la, status=status)

    assert [row.pep.child.first_name for row in response.context["rows"]] == expected
    if status == "signed_off":
        assert response.context["rows"][0].pep == county["signed"]


def test_the_board_filters_by_setting_and_out_of_county(
    client_as, cic_advisor, county, home_la, other_setting
):
    client = client_as(cic_advisor)

    by_setting = board(client, home_la, setting=other_setting.pk)
    away = board(client, home_la, out_of_county="yes")
    at_home = board(client, home_la, out_of_county="no")

    assert names(by_setting) == ["Eve East"]
    assert sorted(names(away)) == ["Eve East", "Fin Ford"]
    assert sorted(names(at_home)) == ["Ada Able", "Ben Brook", "Cal Cole", "Dee Dale"]
    # The setting filter offers the settings of the board only.
    offered = dict(by_setting.context["form"].fields["setting"].choices)
    assert "Riverside Pre-school" in offered.values()
    assert len(offered) == 4  # "Any setting" and three settings


def test_nonsense_filters_are_ignored_not_refused(client_as, cic_advisor, county, home_la):
    response = board(
        client_as(cic_advisor), home_la, status="lost", setting="x'1", sort="evil", page="99"
    )

    assert response.status_code == 200
    assert len(response.context["rows"]) == 6


def test_the_board_sorts_by_each_column_both_ways_with_aria_sort(
    client_as, cic_advisor, county, home_la
):
    client = client_as(cic_advisor)

    by_child = board(client, home_la, sort="child")
    by_child_desc = board(client, home_la, sort="child", order="desc")
    by_setting = board(client, home_la, sort="setting")
    by_status = board(client, home_la, sort="status")

    assert names(by_child)[:2] == ["Ada Able", "Ben Brook"]
    assert names(by_child_desc)[:2] == ["Fin Ford", "Eve East"]
    assert by_setting.context["rows"][0].pep.care_setting.name == "Acorn Day Nursery"
    assert [row.pep.status for row in by_status.context["rows"]] == [
        "due",
        "scheduled",
        "paperwork_requested",
        "submitted",
        "awaiting_qa",
        "returned",
    ]
    page = by_child.content.decode()
    assert re.search(r'aria-sort="ascending"><a [^>]*href="\?sort=child&amp;order=desc"', page)
    assert page.count('aria-sort="none"') == 3
    # The other headers keep the filters and start ascending.
    filtered = board(client, home_la, status="due", sort="child").content.decode()
    assert 'href="?status=due&amp;sort=due&amp;order=asc"' in filtered


def test_the_board_shows_25_peps_a_page(client_as, cic_advisor, care_setting, home_la):
    for _ in range(27):
        pep_for(care_setting)
    client = client_as(cic_advisor)

    first = board(client, home_la)
    second = board(client, home_la, page=2)

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 2
    assert "Page 1 of 2" in first.content.decode()
    assert {row.pep.pk for row in first.context["rows"]}.isdisjoint(
        {row.pep.pk for row in second.context["rows"]}
    )


# --- The CSV -------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_holds_the_filtered_rows_in_order(client_as, cic_advisor, county, home_la):
    response = client_as(cic_advisor).get(
        reverse("la_pep:board_csv", args=[home_la.slug]), {"out_of_county": "yes", "sort": "child"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="peps-northshire-2026-03-04.csv"'
    )
    rows = read_csv(response)
    assert rows[0][0] == "Child's known name"
    assert [(row[0], row[1], row[5], row[6], row[8]) for row in rows[1:]] == [
        ("Eve", "East", "Yes", "Yes", "Returned"),
        ("Fin", "Ford", "Yes", "No", "Paperwork submitted"),
    ]


def test_the_csv_never_holds_a_pep_outside_the_advisors_scope(
    client_as, cic_advisor, county, home_la
):
    response = client_as(cic_advisor).get(reverse("la_pep:board_csv", args=[home_la.slug]))

    text = response.content.decode()
    assert "Zed" not in text and "Zulu" not in text
    assert len(read_csv(response)) == 1 + 6


def test_the_csv_cells_cannot_run_as_formulas(client_as, cic_advisor, care_setting, home_la):
    pep_for(care_setting, first_name="=HYPERLINK(1)", last_name="+cmd")
    response = client_as(cic_advisor).get(reverse("la_pep:board_csv", args=[home_la.slug]))

    row = read_csv(response)[1]
    assert row[0] == "'=HYPERLINK(1)"
    assert row[1] == "'+cmd"


def test_the_csv_download_is_audited(client_as, cic_advisor, county, home_la):
    from common.models import AuditEvent

    client_as(cic_advisor).get(reverse("la_pep:board_csv", args=[home_la.slug]), {"status": "due"})

    event = AuditEvent.objects.get(verb="pep.board_exported")
    assert event.changes == {"rows": 1, "filters": "status=due"}
    assert event.restricted_to == "view_pep"


# --- Compliance ------------------------------------------------------------------------------


def test_the_boards_compliance_counts_peps_in_date_by_setting_and_for_the_la(
    client_as, cic_advisor, county, home_la
):
    compliance = board(client_as(cic_advisor), home_la).context["compliance"]

    # Six children with a current cycle; Cal's is past its due date.
    assert (compliance.total.in_date, compliance.total.children) == (5, 6)
    # The home LA is responsible for five of them (not Fin), Cal overdue.
    assert (compliance.responsible.in_date, compliance.responsible.children) == (4, 5)
    assert compliance.responsible.percent == 80
    by_setting = {
        row.name: (row.figure.in_date, row.figure.children) for row in compliance.settings
    }
    assert by_setting == {
        "Acorn Day Nursery": (2, 3),
        "Birch Pre-school": (2, 2),
        "Riverside Pre-school": (1, 1),
    }
    page = board(client_as(cic_advisor), home_la).content.decode()
    assert "4 of 5 in date (80%)" in page
    assert "has not passed its due date" in page


def test_a_pep_due_today_is_in_date_and_one_due_yesterday_is_not(
    client_as, cic_advisor, care_setting, home_la
):
    pep_for(care_setting, due_on=TODAY)
    pep_for(care_setting, due_on=TODAY - timedelta(days=1))

    compliance = board(client_as(cic_advisor), home_la).context["compliance"]

    assert (compliance.total.in_date, compliance.total.children) == (1, 2)


def test_the_setting_sees_its_own_peps_and_compliance(client_as, manager, county, care_setting):
    response = client_as(manager).get(
        reverse("settings:pep:setting_peps", args=[care_setting.slug])
    )

    assert response.status_code == 200
    assert sorted(names(response)) == ["Ada Able", "Cal Cole", "Fin Ford"]
    compliance = response.context["compliance"]
    assert (compliance.total.in_date, compliance.total.children) == (2, 3)
    assert "setting" not in response.context["form"].fields
    assert "2 of 3 in date (67%)" in response.content.decode()


def test_the_setting_filters_its_peps_by_status(client_as, dsl, county, care_setting):
    response = client_as(dsl).get(
        reverse("settings:pep:setting_peps", args=[care_setting.slug]), {"status": "overdue"}
    )

    assert names(response) == ["Cal Cole"]


def test_a_practitioner_may_not_see_the_settings_peps(client_as, practitioner, care_setting):
    response = client_as(practitioner).get(
        reverse("settings:pep:setting_peps", args=[care_setting.slug])
    )

    assert response.status_code == 403


def test_an_improvement_advisor_has_no_board(client_as, advisor, home_la):
    assert board(client_as(advisor), home_la).status_code == 403


def test_another_las_advisor_never_sees_the_home_las_peps(client_as, county, other_la):
    westvale = LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR).user

    response = board(client_as(westvale), other_la)

    # Westvale's own child at its setting, and its child placed at the home LA's setting.
    assert sorted(names(response)) == ["Eve East", "Fin Ford", "Zed Zulu"]
    # Eve is the home LA's child placed in Westvale: Westvale reads, the home LA arranges.
    rows = {row.pep.child.first_name: row for row in response.context["rows"]}
    assert not rows["Eve"].arranged_here and rows["Fin"].arranged_here


# --- Query counts ----------------------------------------------------------------------------


def fill(care_setting, rows):
    for n in range(rows):
        pep = pep_for(care_setting, due_on=TODAY + timedelta(days=n - 3))
        if n % 2:
            MeetingFactory(pep=pep, organiser=pep.child.key_person or _any_user())


def _any_user():
    from tests.factories.accounts import UserFactory

    return UserFactory()


@pytest.mark.parametrize("rows", [2, 22])
def test_the_board_queries_are_flat(
    rows, client_as, cic_advisor, care_setting, home_la, django_assert_num_queries
):
    fill(care_setting, rows)
    client = client_as(cic_advisor)
    url = reverse("la_pep:board", args=[home_la.slug])
    # session, user, LA, LA roles (the access), the setting filter's choices, count of
    # PEPs, page of PEPs with child, settings and LAs (meeting date a subquery), compliance
    # grouped by setting, header's unread count, savepoint, session save, release
    with django_assert_num_queries(BOARD_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [2, 22])
def test_the_board_csv_queries_are_flat(
    rows, client_as, cic_advisor, care_setting, home_la, django_assert_num_queries
):
    fill(care_setting, rows)
    client = client_as(cic_advisor)
    url = reverse("la_pep:board_csv", args=[home_la.slug])
    # session, user, LA, LA roles, the setting filter's choices, every filtered PEP with its
    # child, settings and LAs, the audit event, savepoint, session save, release
    with django_assert_num_queries(BOARD_CSV_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [2, 22])
def test_the_settings_peps_queries_are_flat(
    rows, client_as, manager, care_setting, django_assert_num_queries
):
    fill(care_setting, rows)
    client = client_as(manager)
    url = reverse("settings:pep:setting_peps", args=[care_setting.slug])
    # session, user, setting with LA, membership, LA roles (the access), count of PEPs,
    # page of PEPs with child, settings and LAs, compliance, header's unread count,
    # savepoint, session save, release
    with django_assert_num_queries(SETTING_PEPS_QUERIES):
        assert client.get(url).status_code == 200


def test_the_board_is_in_the_pep_board_section(client_as, cic_advisor, home_la):
    page = board(client_as(cic_advisor), home_la).content.decode()

    assert re.search(r'aria-current="page">\s*<strong[^>]*>PEP board</strong>', page)


def test_a_meeting_cancelled_is_not_the_boards_meeting_date(
    client_as, cic_advisor, care_setting, home_la
):
    pep = pep_for(care_setting)
    MeetingFactory(
        pep=pep,
        organiser=cic_advisor,
        status=Meeting.Status.CANCELLED,
        cancelled_reason="The carer is ill.",
    )

    rows = board(client_as(cic_advisor), home_la).context["rows"]

    assert rows[0].meeting_at is None
