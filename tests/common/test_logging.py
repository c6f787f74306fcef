"""The terminal log: a refused page is one line, a real error keeps its traceback."""

import io
import logging
import sys
from collections.abc import Iterator

import pytest
from django.urls import reverse


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the settings' console handler writes, collected instead of printed."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if type(handler) is logging.StreamHandler and handler.get_name() == "console"
    ]
    assert handlers, "the settings configure a console handler on the root logger"
    stream = io.StringIO()
    old = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, previous in zip(handlers, old, strict=True):
        handler.setStream(previous)


def test_a_refused_page_is_one_line_in_the_log_without_a_traceback(
    client_as, practitioner, care_setting, console
):
    response = client_as(practitioner).get(reverse("settings:staff", args=[care_setting.slug]))

    assert response.status_code == 403
    lines = console.getvalue().splitlines()
    assert lines == [f"Forbidden (Permission denied): /settings/{care_setting.slug}/staff/"]


def test_a_page_not_found_is_one_line_in_the_log(client_as, manager, console):
    response = client_as(manager).get("/settings/no-such-place/")

    assert response.status_code == 404
    assert console.getvalue().splitlines() == ["Not Found: /settings/no-such-place/"]


def test_a_server_error_keeps_its_traceback(console):
    try:
        raise RuntimeError("the database went away")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: /somewhere/",
            exc_info=sys.exc_info(),
            extra={"status_code": 500},
        )

    text = console.getvalue()
    assert text.startswith("Internal Server Error: /somewhere/\nTraceback (most recent call last)")
    assert "RuntimeError: the database went away" in text
