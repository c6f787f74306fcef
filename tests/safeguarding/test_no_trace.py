"""Safeguarding records leave no trace for anyone who may not read them.

For every page a practitioner or a key person reaches (each row of the permission matrix
where they get 200), the page is read before and after the key child is given a whole
safeguarding log — concerns with body-map marks and the DSL's log, a child protection
plan with tasks, a chronology entry, an agency visit, information shared both ways, a file
transfer — and an allegation against the key person: the two reads must be the same page,
apart from the one-time tokens every render carries. No count, flag, badge, link, CSV cell
or PDF line changes. The words of every record are also looked for, and never found.
"""

import re
import subprocess
from typing import Any

import pytest
from django.urls import reverse

from tests.factories.safeguarding import (
    AgencyVisitFactory,
    AllegationFactory,
    BodyMapMarkFactory,
    ChronologyEntryFactory,
    ConcernActionFactory,
    ConcernFactory,
    InformationShareFactory,
    SafeguardingStatusFactory,
    StatusTaskFactory,
    TransferFactory,
)
from tests.matrix.base import Places, client_for
from tests.test_permission_matrix import MATRIX

MARKER = "Zq7Marker"
SECRET_WORDS = (
    MARKER,
    "child protection plan",
    "allegation",
    "safeguarding file",
)

# The pages for raising a concern, and the raiser's own receipt, offer a body map of their
# own: the words are the form's, the same for every setting, never a record's.
RAISING_WORDS = {
    "settings:safeguarding:concern_raise": ("body map",),
    "settings:safeguarding:concern_receipt": ("body map",),
    "settings:safeguarding:my_concerns": ("body map",),
}

PAGES_THEY_REACH = [
    pytest.param(url_name, persona, id=f"{url_name}-{persona}")
    for url_name, (_, expected) in sorted(MATRIX.items())
    for persona in ("practitioner", "key_person")
    if expected[persona] == 200
]

# One-time values every render carries: CSRF and submission tokens, script nonces.
VOLATILE = [
    (re.compile(rb'nonce="[^"]*"'), b'nonce=""'),
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken"'),
    (re.compile(rb'name="submission_token" value="[^"]*"'), b'name="submission_token"'),
    (re.compile(rb'value="[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"'), b""),
    # A calendar invite says when it was made, to the second.
    (re.compile(rb"DTSTAMP:[0-9TZ]+"), b"DTSTAMP:"),
]


def readable(response: Any) -> bytes:
    """Return what the reader gets: the page, the CSV, or a PDF's text (by pdftotext)."""
    content = b"".join(response) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True)
        # A stored document the matrix fakes is not a PDF inside: compare its bytes.
        return text.stdout if text.returncode == 0 else content
    for pattern, replacement in VOLATILE:
        content = pattern.sub(replacement, content)
    return content


def give_the_key_child_a_safeguarding_log(*, key_child, key_person, dsl, manager) -> None:
    """Write every kind of safeguarding record about the key child and their key person."""
    concern = ConcernFactory(
        child=key_child,
        raised_by=manager,
        text=f"{MARKER} bruise seen",
        child_words=f"{MARKER} words",
        reviewed=True,
        acknowledged_by=dsl,
    )
    ConcernFactory(child=key_child, raised_by=dsl, text=f"{MARKER} second concern")
    BodyMapMarkFactory(concern=concern, description=f"{MARKER} mark")
    ConcernActionFactory(concern=concern, by=dsl, text=f"{MARKER} decision")
    status = SafeguardingStatusFactory(
        child=key_child, recorded_by=dsl, social_worker=f"{MARKER} social worker"
    )
    StatusTaskFactory(status=status, owner=key_person, text=f"{MARKER} task for the key person")
    ChronologyEntryFactory(child=key_child, recorded_by=dsl, title=f"{MARKER} event")
    AgencyVisitFactory(child=key_child, supervised_by=dsl, agency=f"{MARKER} agency")
    InformationShareFactory(child=key_child, recorded_by=dsl, what=f"{MARKER} shared")
    InformationShareFactory(child=key_child, recorded_by=dsl, received=True, agency=MARKER)
    TransferFactory(child=key_child, destination=f"{MARKER} nursery")
    AllegationFactory(
        care_setting=key_child.care_setting,
        staff_member=key_person,
        recorded_by=manager,
        summary=f"{MARKER} allegation",
    )


@pytest.mark.parametrize(("url_name", "persona"), PAGES_THEY_REACH)
def test_a_page_staff_without_the_log_reach_is_the_same_with_or_without_safeguarding_records(
    request, url_name, persona, care_setting, home_la, key_child, key_person, dsl, manager
):
    builder, _ = MATRIX[url_name]
    url = reverse(url_name, kwargs=builder(Places(care_setting, home_la, request)))
    client = client_for(request, persona)
    before = client.get(url)
    assert before.status_code == 200, url

    give_the_key_child_a_safeguarding_log(
        key_child=key_child, key_person=key_person, dsl=dsl, manager=manager
    )
    after = client.get(url)

    assert after.status_code == 200, url
    assert readable(after) == readable(before), f"{persona} sees a change at {url}"
    text = readable(after).decode("utf-8", "replace").lower()
    allowed = RAISING_WORDS.get(url_name, ())
    leaked = [word for word in SECRET_WORDS if word not in allowed and word.lower() in text]
    assert not leaked, f"{persona} reads {leaked} at {url}"
