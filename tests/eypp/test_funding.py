"""The LA's EYPP and DAF rates: the list, changing a national year, adding a year."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from common.models import AuditEvent
from eypp.funding.selectors import funding_year_for
from eypp.models import FundingYear
from tests.factories.eypp import FundingYearFactory

pytestmark = pytest.mark.django_db


def rates_url(la):
    return reverse("la_eypp:rates", args=[la.slug])


def change_url(la, year):
    return reverse("la_eypp:rate_change", args=[la.slug, year])


def post(**overrides):
    return {
        "version": "0",
        "hourly_rate": "1.92",
        "rate_confirmed": "on",
        "annual_hours": "570",
        "weekly_hours": "15",
        "daf_amount": "1225.00",
        "daf_confirmed": "on",
        "note": "Confirmed by the DfE",
    } | overrides


def test_the_list_shows_every_year_and_marks_the_unconfirmed(client_as, la_admin, home_la):
    html = client_as(la_admin).get(rates_url(home_la)).content.decode()

    for label in ("2023-24", "2024-25", "2025-26", "2026-27"):
        assert label in html
    assert "£1.92" in html and "£1,094.40" in html
    assert "Not yet confirmed" in html and "sources differ on the DAF" in html
    assert change_url(home_la, 2026) in html
    assert change_url(home_la, 2027) in html  # add the next year


def test_an_advisor_reads_the_list_without_changing_it(client_as, advisor, home_la):
    html = client_as(advisor).get(rates_url(home_la)).content.decode()

    assert "2026-27" in html and change_url(home_la, 2026) not in html
    assert client_as(advisor).get(change_url(home_la, 2026)).status_code == 403


def test_changing_a_national_year_makes_the_las_own_which_wins(
    client_as, la_admin, home_la, other_la
):
    response = client_as(la_admin).post(change_url(home_la, 2026), post())

    assert response.status_code == 302
    own = FundingYear.objects.get(local_authority=home_la, starts_in=2026)
    assert (own.hourly_rate, own.rate_confirmed, own.daf_amount) == (
        Decimal("1.92"),
        True,
        Decimal("1225.00"),
    )
    assert funding_year_for(home_la.pk, 2026) == own
    assert funding_year_for(other_la.pk, 2026).local_authority is None  # others unchanged
    assert AuditEvent.objects.filter(verb="eypp.rates_added", local_authority=home_la).exists()
    html = client_as(la_admin).get(rates_url(home_la)).content.decode()
    assert "Set by the local authority" in html


def test_changing_the_las_own_row_is_version_checked(client_as, la_admin, home_la):
    own = FundingYearFactory(local_authority=home_la, starts_in=2026)
    FundingYear.objects.filter(pk=own.pk).update(version=3)

    response = client_as(la_admin).post(change_url(home_la, 2026), post(version="1", note="Mine"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in html and "Mine" in html
    own.refresh_from_db()
    assert own.hourly_rate == Decimal("1.50")

    saved = client_as(la_admin).post(change_url(home_la, 2026), post(version="3"))
    assert saved.status_code == 302
    own.refresh_from_db()
    assert (own.hourly_rate, own.version) == (Decimal("1.92"), 4)
    assert AuditEvent.objects.filter(verb="eypp.rates_changed").exists()


def test_a_row_made_since_the_form_was_opened_is_a_conflict(client_as, la_admin, home_la):
    FundingYearFactory(local_authority=home_la, starts_in=2026)

    response = client_as(la_admin).post(change_url(home_la, 2026), post(version="0"))

    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()


def test_a_new_year_is_added(client_as, la_admin, home_la):
    client = client_as(la_admin)
    assert (
        "No rates are known for 2027-28" in client.get(change_url(home_la, 2027)).content.decode()
    )

    assert client.post(change_url(home_la, 2027), post(rate_confirmed="")).status_code == 302

    added = funding_year_for(home_la.pk, 2027)
    assert added.local_authority == home_la and added.rate_confirmed is False


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hourly_rate": "0"}, "The EYPP hourly rate must be more than £0"),
        ({"hourly_rate": "-1"}, "must be more than £0"),
        ({"hourly_rate": "20.01"}, "£20.00 or less"),
        ({"hourly_rate": "one pound"}, "Enter the EYPP hourly rate as an amount in pounds"),
        ({"hourly_rate": "NaN"}, "as an amount in pounds"),
        ({"annual_hours": "2000"}, "at most 1140"),
        ({"annual_hours": "10", "weekly_hours": "15"}, "at least the funded hours a week"),
        ({"weekly_hours": "31"}, "at most 30"),
        ({"daf_amount": "99999"}, "The Disability Access Fund amount must be £10,000.00 or less"),
        ({"daf_amount": "lots"}, "Enter the Disability Access Fund amount as an amount in pounds"),
    ],
)
def test_rates_that_make_no_sense_are_explained(client_as, la_admin, home_la, overrides, message):
    response = client_as(la_admin).post(change_url(home_la, 2026), post(**overrides))

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert not FundingYear.objects.filter(local_authority=home_la).exists()


def test_a_year_out_of_range_is_not_found(client_as, la_admin, home_la):
    assert client_as(la_admin).get(change_url(home_la, 1999)).status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_the_list_makes_the_same_queries_whatever_the_years(
    rows, client_as, la_admin, home_la, django_assert_num_queries
):
    for number in range(rows):
        FundingYearFactory(local_authority=home_la, starts_in=2030 + number)
    client = client_as(la_admin)
    # session, user, LA, LA roles; the years; the unread notifications; the session saved
    # (savepoint, update, release).
    LIST_QUERIES = 9
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(rates_url(home_la)).status_code == 200


def test_the_amounts_and_hours_are_text_boxes_that_keep_what_was_typed(
    client_as, la_admin, home_la
):
    """Not type="number": a browser would not send "one pound" at all, so it would be lost."""
    html = client_as(la_admin).get(change_url(home_la, 2026)).content.decode()
    assert 'type="number"' not in html
    for name, mode in (
        ("hourly_rate", "decimal"),
        ("annual_hours", "numeric"),
        ("weekly_hours", "numeric"),
        ("daf_amount", "decimal"),
    ):
        [tag] = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
        assert f'inputmode="{mode}"' in tag and 'type="text"' in tag and "govuk-input" in tag

    response = client_as(la_admin).post(change_url(home_la, 2026), post(hourly_rate="one pound"))

    assert 'value="one pound"' in response.content.decode()
