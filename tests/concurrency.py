"""Send requests at the same moment, as two people (or one double click) would.

Threads need committed data and connections of their own: use these helpers in tests marked
``@pytest.mark.django_db(transaction=True)``, on PostgreSQL (``needs_postgres``). Every
exception raised in a thread, a 500 included (the test client re-raises what a view
raises), comes back in the main thread.

- ``post_together``: post several forms at once, lined up on a barrier; return the responses.
- ``rendered_fields``: GET a form and return what its hidden inputs carry (the submission
  token, the version), so a test can send the same render twice.
- ``committed_during``: insert rows in another transaction that commits while the block is
  running, to put a conflicting row between a service's check and its insert.
- ``ship_framework_data``: put back the areas, scales and pathways that migrations ship,
  which an earlier transactional test's flush has removed.
"""

import importlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and unique indexes"
)

TIMEOUT = 30  # seconds a thread may take before the test fails instead of hanging

Post = tuple[Client, str, dict[str, Any]]


def run_together(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released at the same moment; return their results in order.

    An exception in any thread is re-raised here, after every thread has finished.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(TIMEOUT)
            results[index] = call()
        except BaseException as error:  # re-raised in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("A request sent at the same moment did not finish")
    if errors:
        raise errors[0]
    return results


def post_together(posts: Sequence[Post]) -> list[HttpResponse]:
    """Post every (client, url, data) at the same moment; return the responses in order.

    Give each post its own client (two people, or two tabs of one person). A view that
    raises fails the test here, with the view's exception.
    """
    responses = run_together(
        [
            lambda client=client, url=url, data=data: client.post(url, data)
            for client, url, data in posts
        ]
    )
    for response in responses:
        assert response.status_code < 500, response
    return responses


class _HiddenInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.values[str(found["name"])] = found.get("value") or ""


def hidden_fields(response: HttpResponse) -> dict[str, str]:
    """Return the names and values of the hidden inputs of a rendered page."""
    parser = _HiddenInputs()
    parser.feed(response.content.decode())
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


def rendered_fields(client: Client, url: str) -> dict[str, str]:
    """GET the form at ``url`` and return its hidden inputs (submission token, version)."""
    response = client.get(url)
    assert response.status_code == 200, response
    return hidden_fields(response)


@contextmanager
def committed_during(insert: Callable[[], Any], *, after: float = 0.5) -> Iterator[None]:
    """Insert rows in another transaction that commits ``after`` seconds into the block.

    The block's own check does not see the rows (not yet committed); its insert then waits
    on the unique index until they are, and meets the constraint: the race, every time.
    """
    inserted = threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with transaction.atomic():
                insert()
                inserted.set()
                time.sleep(after)
        except BaseException as error:  # re-raised in the main thread
            errors.append(error)
            inserted.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    inserted.wait(TIMEOUT)
    try:
        yield
    finally:
        thread.join(TIMEOUT)
    if errors:
        raise errors[0]


def ship_framework_data() -> None:
    """Put back the data the migrations ship (safe to run again): the learning framework,
    and the national EYPP and DAF rates.

    A transactional test starts from tables that the previous one flushed: the data
    migrations do not run again, and ``serialized_rollback`` clashes with the content types
    the flush re-creates.
    """
    for name in ("0002_framework_data", "0004_pathway_data"):
        importlib.import_module(f"learning.migrations.{name}").ship(apps, None)
    importlib.import_module("eypp.migrations.0002_national_funding_years").ship(apps, None)
