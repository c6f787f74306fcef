"""Every safeguarding page the DSL opens writes one read to the audit trail.

The walk covers every GET of ``settings:safeguarding:*`` the DSL reaches (200 in the
permission matrix), with the matrix's own builders, so a page added later is walked too.
A page that shows a record, or a form about one child's records, writes exactly one read
event (naming the child where the page is about one); the pages in ``NOT_A_READ`` show no
record (or only what the reader raised themselves) and write none, so the list stays
honest.
"""

import pytest
from django.urls import reverse

from common.models import AuditEvent
from tests.matrix.base import Places, client_for
from tests.test_permission_matrix import MATRIX

READ_VERBS = ("safeguarding.read", "allegation.read")
PREFIX = "settings:safeguarding:"

NOT_A_READ = {
    # Forms that create a record: they list the setting's children or staff to choose
    # from (what every member of staff may see), never a record of the log.
    f"{PREFIX}concern_raise": "a blank form any member of staff may open",
    f"{PREFIX}visit_add": "a blank form to sign a visitor in",
    f"{PREFIX}allegation_add": "a blank form; the staff list is not a record",
    # The reader's own concerns, as they raised them: the raiser may always see what
    # they wrote, and opening one (the receipt) is recorded.
    f"{PREFIX}my_concerns": "only the concerns the reader raised, no words of them",
    # Allegations have no child: each one's own trail records who opened it (the
    # detail page); the list names no child and is not the "who read what" page's.
    f"{PREFIX}allegation_list": "allegations are read on their own page, into their trail",
}

DSL_PAGES = sorted(
    url_name
    for url_name, (_, expected) in MATRIX.items()
    if url_name.startswith(PREFIX) and expected["dsl"] == 200
)


def reads_by(user) -> int:
    return AuditEvent.objects.filter(actor=user, verb__in=READ_VERBS).count()


def test_the_exempt_pages_are_still_pages_the_dsl_opens():
    assert set(NOT_A_READ) <= set(DSL_PAGES)


@pytest.mark.parametrize("url_name", DSL_PAGES)
def test_each_safeguarding_page_the_dsl_opens_writes_one_read_unless_it_shows_no_record(
    request, url_name, care_setting, home_la, dsl
):
    builder, _ = MATRIX[url_name]
    kwargs = builder(Places(care_setting, home_la, request))
    url = reverse(url_name, kwargs=kwargs)
    client = client_for(request, "dsl")
    before = reads_by(dsl)

    response = client.get(url)

    assert response.status_code == 200, url
    written = reads_by(dsl) - before
    expected = 0 if url_name in NOT_A_READ else 1
    assert written == expected, f"{url} wrote {written} reads, not {expected}"
    if expected and "child_id" in kwargs:
        # The "who read what" page filters by child: a page about one child names them.
        read = AuditEvent.objects.filter(actor=dsl, verb__in=READ_VERBS).latest("pk")
        assert read.subject_id == str(kwargs["child_id"]), url
