"""The LA administrator's school terms: listed, added, changed, deleted; checked and audited."""

import itertools
from datetime import date

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts import term_services
from accounts.models import SchoolTerm
from accounts.term_forms import SchoolTermForm
from common.dates import add_school_days, next_term_start
from common.models import AuditEvent
from common.versioning import CONFLICT_MESSAGE
from tests.factories.accounts import LocalAuthorityFactory
from tests.matrix.base import day_parts

AUTUMN = (date(2026, 9, 2), date(2026, 10, 23))


def term_post(
    name="Autumn 2026 second half",
    starts_on=date(2026, 11, 2),
    ends_on=date(2026, 12, 18),
    **extra,
):
    return {
        "name": name,
        **day_parts("starts_on", starts_on),
        **day_parts("ends_on", ends_on),
        **extra,
    }


@pytest.fixture
def autumn(home_la):
    return SchoolTerm.objects.create(
        local_authority=home_la,
        name="Autumn 2026 first half",
        starts_on=AUTUMN[0],
        ends_on=AUTUMN[1],
    )


# --- The model and what common.dates reads ------------------------------------------------


def test_a_term_cannot_end_before_it_starts_in_the_database(home_la):
    with pytest.raises(IntegrityError):
        SchoolTerm.objects.create(
            local_authority=home_la,
            name="Backwards",
            starts_on=date(2026, 9, 2),
            ends_on=date(2026, 9, 1),
        )


def test_the_las_term_dates_are_the_ranges_common_dates_counts_school_days_in(home_la, autumn):
    SchoolTerm.objects.create(
        local_authority=home_la,
        name="Autumn 2026 second half",
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 12, 18),
    )
    SchoolTerm.objects.create(
        local_authority=LocalAuthorityFactory(),
        name="Elsewhere",
        starts_on=date(2026, 10, 26),
        ends_on=date(2026, 10, 30),
    )

    terms = home_la.term_dates()

    assert terms == [AUTUMN, (date(2026, 11, 2), date(2026, 12, 18))]
    assert add_school_days(date(2026, 10, 23), 1, terms=terms) == date(2026, 11, 2)
    assert next_term_start(date(2026, 9, 20), terms=terms) == date(2026, 11, 2)


# --- The form ---------------------------------------------------------------------------


def test_the_form_refuses_a_last_day_before_the_first(home_la):
    form = SchoolTermForm(term_post(ends_on=date(2026, 11, 1)), local_authority=home_la)

    assert not form.is_valid()
    assert form.errors["ends_on"] == ["The last day must be the same as or after the first day"]


def test_the_form_refuses_a_term_overlapping_another_and_names_it(home_la, autumn):
    form = SchoolTermForm(term_post(starts_on=date(2026, 10, 23)), local_authority=home_la)

    assert not form.is_valid()
    assert form.errors["starts_on"] == [
        "The dates overlap Autumn 2026 first half, 2 September 2026 to 23 October 2026: "
        "terms cannot share a day"
    ]


def test_the_form_allows_a_term_starting_the_day_after_another_ends(home_la, autumn):
    form = SchoolTermForm(term_post(starts_on=date(2026, 10, 24)), local_authority=home_la)

    assert form.is_valid(), form.errors


def test_another_las_terms_do_not_count_as_overlapping(home_la, other_la):
    SchoolTerm.objects.create(
        local_authority=other_la,
        name="Theirs",
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 12, 18),
    )

    assert SchoolTermForm(term_post(), local_authority=home_la).is_valid()


def test_a_changed_term_does_not_overlap_itself(home_la, autumn):
    data = term_post(
        name="Autumn 2026 first half", starts_on=AUTUMN[0], ends_on=date(2026, 10, 22), version="1"
    )

    assert SchoolTermForm(data, local_authority=home_la, term=autumn).is_valid()


def test_the_form_asks_for_a_name_and_both_days(home_la):
    form = SchoolTermForm({}, local_authority=home_la)

    assert not form.is_valid()
    assert form.errors["name"] == ["Enter a name for the term, like Autumn 2026"]
    assert form.errors["starts_on"] == ["Enter the first day of the term"]
    assert form.errors["ends_on"] == ["Enter the last day of the term"]


# --- The pages --------------------------------------------------------------------------


def test_the_policy_page_links_to_the_school_terms(client_as, la_admin, home_la):
    html = client_as(la_admin).get(reverse("la:policy", args=[home_la.slug])).content.decode()

    assert reverse("la:terms", args=[home_la.slug]) in html


def test_the_list_shows_the_terms_earliest_first(client_as, la_admin, home_la, autumn):
    SchoolTerm.objects.create(
        local_authority=home_la,
        name="Spring 2027",
        starts_on=date(2027, 1, 5),
        ends_on=date(2027, 2, 12),
    )

    html = client_as(la_admin).get(reverse("la:terms", args=[home_la.slug])).content.decode()

    assert html.index("Autumn 2026 first half") < html.index("Spring 2027")
    assert "2 September 2026" in html and "12 February 2027" in html


def test_the_la_admin_adds_a_term_and_it_is_audited(client_as, la_admin, home_la):
    response = client_as(la_admin).post(reverse("la:term_add", args=[home_la.slug]), term_post())

    assert response.status_code == 302
    assert response["Location"] == reverse("la:terms", args=[home_la.slug])
    term = SchoolTerm.objects.get(local_authority=home_la)
    assert (term.name, term.starts_on, term.ends_on) == (
        "Autumn 2026 second half",
        date(2026, 11, 2),
        date(2026, 12, 18),
    )
    event = AuditEvent.objects.get(verb="school_term.added")
    assert event.local_authority == home_la and event.actor == la_admin
    assert event.changes["starts_on"] == "2026-11-02"


def test_an_overlapping_term_is_explained_and_keeps_what_was_typed(
    client_as, la_admin, home_la, autumn
):
    response = client_as(la_admin).post(
        reverse("la:term_add", args=[home_la.slug]),
        term_post(name="Half term by mistake", starts_on=date(2026, 10, 20)),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "The dates overlap Autumn 2026 first half" in html
    assert 'value="Half term by mistake"' in html
    assert 'value="20"' in html and 'value="18"' in html
    assert SchoolTerm.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="school_term.added").exists()


def test_the_same_add_form_sent_twice_saves_one_term(client_as, la_admin, home_la):
    client = client_as(la_admin)
    url = reverse("la:term_add", args=[home_la.slug])
    token = "6f1b8a52-8f1e-4a8e-9d51-2f6f5f5b0a11"

    first = client.post(url, term_post(submission_token=token))
    again = client.post(url, term_post(submission_token=token))

    assert first.status_code == again.status_code == 302
    assert SchoolTerm.objects.count() == 1
    assert AuditEvent.objects.filter(verb="school_term.added").count() == 1


def test_the_la_admin_changes_a_term_and_the_old_dates_are_audited(
    client_as, la_admin, home_la, autumn
):
    response = client_as(la_admin).post(
        reverse("la:term_edit", args=[home_la.slug, autumn.pk]),
        term_post(
            name="Autumn 2026 first half",
            starts_on=AUTUMN[0],
            ends_on=date(2026, 10, 22),
            version="1",
        ),
    )

    assert response.status_code == 302
    autumn.refresh_from_db()
    assert (autumn.ends_on, autumn.version) == (date(2026, 10, 22), 2)
    event = AuditEvent.objects.get(verb="school_term.changed")
    assert event.changes == {"ends_on": ["2026-10-23", "2026-10-22"]}


def test_a_change_saved_over_someone_elses_is_refused_and_keeps_what_was_typed(
    client_as, la_admin, home_la, autumn
):
    term_services.school_term_change(
        by=la_admin,
        term=autumn,
        version=1,
        name="Autumn one",
        starts_on=AUTUMN[0],
        ends_on=AUTUMN[1],
    )

    response = client_as(la_admin).post(
        reverse("la:term_edit", args=[home_la.slug, autumn.pk]),
        term_post(name="Autumn typed", starts_on=AUTUMN[0], ends_on=AUTUMN[1], version="1"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT_MESSAGE in html
    assert 'value="Autumn typed"' in html and "Autumn one" in html
    autumn.refresh_from_db()
    assert (autumn.name, autumn.version) == ("Autumn one", 2)


def test_the_same_change_sent_twice_saves_once_without_a_conflict(
    client_as, la_admin, home_la, autumn
):
    client = client_as(la_admin)
    url = reverse("la:term_edit", args=[home_la.slug, autumn.pk])
    data = term_post(name="Autumn renamed", starts_on=AUTUMN[0], ends_on=AUTUMN[1], version="1")

    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    autumn.refresh_from_db()
    assert autumn.version == 2
    assert AuditEvent.objects.filter(verb="school_term.changed").count() == 1


def test_deleting_asks_first_and_then_deletes_on_post(client_as, la_admin, home_la, autumn):
    client = client_as(la_admin)
    url = reverse("la:term_delete", args=[home_la.slug, autumn.pk])

    asked = client.get(url)
    assert asked.status_code == 200
    assert "Delete Autumn 2026 first half" in asked.content.decode()
    assert SchoolTerm.objects.filter(pk=autumn.pk).exists()

    deleted = client.post(url)
    assert deleted.status_code == 302
    assert not SchoolTerm.objects.filter(pk=autumn.pk).exists()
    event = AuditEvent.objects.get(verb="school_term.deleted")
    assert event.changes["name"] == "Autumn 2026 first half"


def test_a_term_deleted_meanwhile_is_not_deleted_twice(la_admin, home_la, autumn):
    assert term_services.school_term_delete(by=la_admin, term=autumn)
    assert not term_services.school_term_delete(by=la_admin, term=autumn)
    assert AuditEvent.objects.filter(verb="school_term.deleted").count() == 1


def test_another_las_term_is_not_found(client_as, other_la_admin, other_la, autumn):
    client = client_as(other_la_admin)

    assert client.get(reverse("la:term_edit", args=[other_la.slug, autumn.pk])).status_code == 404
    assert (
        client.post(reverse("la:term_delete", args=[other_la.slug, autumn.pk])).status_code == 404
    )
    assert SchoolTerm.objects.filter(pk=autumn.pk).exists()


# --- Query counts ----------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 22])
def test_the_terms_list_queries_are_flat(
    rows, client_as, la_admin, home_la, django_assert_num_queries
):
    for index in range(rows):
        SchoolTerm.objects.create(
            local_authority=home_la,
            name=f"Term {index}",
            starts_on=date(2030 + index, 1, 6),
            ends_on=date(2030 + index, 2, 14),
        )
    client = client_as(la_admin)
    url = reverse("la:terms", args=[home_la.slug])
    # header's unread count, session, user, LA, LA roles, the terms,
    # savepoint, session save, release
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


# --- Demo data ---------------------------------------------------------------------------


def test_the_demo_gives_each_demo_la_three_years_of_half_terms_once(db):
    from accounts.demo import LOCAL_AUTHORITIES, demo_school_terms

    las = [
        LocalAuthorityFactory(slug=row["slug"], name=row["name"], dfe_code=row["dfe_code"])
        for row in LOCAL_AUTHORITIES
    ]

    created = demo_school_terms(today=date(2026, 12, 1))
    again = demo_school_terms(today=date(2026, 12, 1))

    assert sum(created.values()) == 18 * len(las)
    assert not again
    for la in las:
        terms = la.term_dates()
        assert terms[0][0] == date(2025, 9, 3) and terms[-1][1] == date(2028, 7, 21)
        assert all(ends < next_starts for (_, ends), (next_starts, _) in itertools.pairwise(terms))
        assert all(starts.weekday() < 5 and ends.weekday() == 4 for starts, ends in terms)
