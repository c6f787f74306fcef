"""Every create and edit form sent twice at the same moment: no 500, no duplicate, no overwrite.

For each row of the write matrix (tests/test_write_matrix.py) the test takes the first
persona whose write is accepted and:

1. reads the form and posts it once, inside a savepoint that is rolled back, to learn how
   many rows one post adds to each table (the audit trail included: every accepted change
   is audited, so a second accepted change is a second event);
2. reads the form again, a fresh render, and posts that render twice at the same moment
   from two clients of the persona (a double click, a retried request, two tabs);
3. asserts that neither answer is a server error and that no table gained more rows than
   one post adds: no duplicate record, and no second change applied over the first;
4. for an edit (one post adds no record, only its audit event), posts the row's change and
   the form as it was rendered, unchanged, at the same moment from two clients: both may be
   answered, but at most one may be applied (at most one audit event), so one person's
   change never silently replaces another's.

The sign-in, sign-out and password pages are left out: they act on the signed-in person's
own session and password, not on a record that two people share. Threads need committed
data and connections of their own, so these tests are transactional and need PostgreSQL.
"""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from common.models import AuditEvent
from tests.concurrency import needs_postgres, post_together, ship_framework_data
from tests.matrix.base import Places, client_for
from tests.test_write_matrix import (
    ACCEPTED,
    WRITES,
    allowed_persona,
    form_for,
    rolled_back,
    snapshot,
)

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]

OWN_ACCOUNT = frozenset(name for name in WRITES if name.startswith("accounts:"))
SHARED_RECORDS = sorted(set(WRITES) - OWN_ACCOUNT)
AUDIT_TABLE = AuditEvent._meta.db_table


@pytest.fixture(autouse=True)
def framework_data(transactional_db) -> None:
    """Put back the framework data an earlier transactional test's flush removed."""
    ship_framework_data()


def counts() -> dict[str, int]:
    return {table: count for table, (count, _checksum) in snapshot().items()}


def added(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {table: after[table] - before[table] for table in before}


def rendered_post(
    client: Client, url_name: str, url: str, places: Places, *, unchanged: bool = False
) -> dict[str, Any]:
    """Return a fresh render of the URL's form with the row's data (or none) put over it."""
    form = form_for(client, url_name, url, places)
    data = WRITES[url_name][1]
    return form.data({} if unchanged else data(places, form))


def twice_at_once(posts: list[tuple[Client, str, dict[str, Any]]]) -> tuple[dict, list]:
    """Post together and return the rows added to each table and the answers."""
    before = counts()
    responses = post_together(posts)
    return added(before, counts()), responses


@pytest.mark.parametrize("url_name", SHARED_RECORDS)
def test_the_same_form_sent_twice_at_once_is_saved_at_most_once(request, url_name, places):
    builder, _data, outcomes = WRITES[url_name]
    persona = allowed_persona(outcomes)
    assert outcomes[persona] in ACCEPTED
    url = reverse(url_name, kwargs=builder(places))
    first, second = client_for(request, persona), client_for(request, persona)

    with rolled_back():
        before = counts()
        response = first.post(url, rendered_post(first, url_name, url, places))
        once = added(before, counts())
    assert response.status_code == 302, f"one post of {url} was not accepted"
    assert connection.in_atomic_block is False

    post = rendered_post(first, url_name, url, places)
    twice, responses = twice_at_once([(first, url, post), (second, url, post)])

    grew = {table: (twice[table], once[table]) for table in once if twice[table] > once[table]}
    assert not grew, (
        f"POST {url} twice at once added more than one post does "
        f"(table: (twice, once)): {grew}; answers {[r.status_code for r in responses]}"
    )


def is_edit(once: dict[str, int]) -> bool:
    """Return whether one post changed records without adding any (besides its audit)."""
    return not any(count for table, count in once.items() if table != AUDIT_TABLE)


@pytest.mark.parametrize("url_name", SHARED_RECORDS)
def test_two_people_saving_one_record_at_once_never_both_change_it(request, url_name, places):
    builder, _data, outcomes = WRITES[url_name]
    persona = allowed_persona(outcomes)
    url = reverse(url_name, kwargs=builder(places))
    first, second = client_for(request, persona), client_for(request, persona)

    with rolled_back():
        before = counts()
        first.post(url, rendered_post(first, url_name, url, places))
        once = added(before, counts())
    if not is_edit(once) or once[AUDIT_TABLE] == 0:
        pytest.skip("not an edit of an existing record: the test above covers it")

    change = rendered_post(first, url_name, url, places)
    unchanged = rendered_post(second, url_name, url, places, unchanged=True)
    twice, responses = twice_at_once([(first, url, change), (second, url, unchanged)])

    assert twice[AUDIT_TABLE] <= once[AUDIT_TABLE], (
        f"POST {url}: two saves of the same version were both applied; "
        f"answers {[r.status_code for r in responses]}"
    )
