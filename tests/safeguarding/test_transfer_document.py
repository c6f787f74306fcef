"""The safeguarding file's PDF, read by its text: what goes with the child, and what never does."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.models import BodyMapMark, InformationShare
from safeguarding.transfer.document import file_context, file_render
from tests.factories.safeguarding import (
    AgencyVisitFactory,
    AllegationFactory,
    BodyMapMarkFactory,
    ConcernActionFactory,
    ConcernFactory,
    InformationShareFactory,
    SafeguardingStatusFactory,
    StatusTaskFactory,
    TransferFactory,
)
from tests.safeguarding.transfer_helpers import NOW, pdf_text


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def transfer(key_child, other_setting):
    return TransferFactory(child=key_child, to_setting=other_setting, destination="")


def test_the_file_holds_the_concerns_body_map_status_and_shares_but_no_allegation(
    transfer, key_child, care_setting, dsl, tmp_path
):
    concern = ConcernFactory(child=key_child, text="Bruise seen on the left shin at drop-off.")
    BodyMapMarkFactory(
        concern=concern,
        side=BodyMapMark.Side.FRONT,
        region="left_shin",
        kind=BodyMapMark.Kind.BRUISE,
        description="Purple, 3 cm, oval",
    )
    ConcernActionFactory(concern=concern, text="Spoke to the parent at collection.")
    StatusTaskFactory(
        status=SafeguardingStatusFactory(child=key_child),
        text="Send the attendance record to the social worker every Friday.",
    )
    AgencyVisitFactory(child=key_child, visitor_name="Sam Visitor")
    InformationShareFactory(child=key_child, what="Attendance shared with the social worker.")
    InformationShareFactory(child=key_child, received=True, what="Police incident at the home.")
    InformationShareFactory(
        child=key_child,
        received=True,
        agency="Northshire Health",
        what="Health visitor notes on weight.",
        onward_consent=True,
    )
    AllegationFactory(care_setting=care_setting, summary="A member of staff shouted at a child.")

    text = pdf_text(file_render(transfer, sent_by=dsl, sent_at=None), tmp_path)

    assert "OFFICIAL-SENSITIVE — for the receiving DSL only" in text
    assert f"{key_child.first_name} {key_child.last_name}" in text
    assert "Riverside Pre-school" in text and "Acorn Day Nursery" in text
    assert "Dana Safeguarding" in text
    assert "Bruise seen on the left shin at drop-off." in text
    assert "Bruise, front, left_shin: Purple, 3 cm, oval" in text
    assert "Spoke to the parent at collection." in text
    assert "Send the attendance record to the social worker every Friday." in text
    assert "Sam Visitor" in text
    assert "Attendance shared with the social worker." in text
    assert "Health visitor notes on weight." in text  # the agency agreed to onward sharing
    assert "Northshire Police" in text  # the fact and the agency stay
    assert "Police incident at the home." not in text
    assert "shouted at a child" not in text
    assert "Allegation" not in text


def test_records_kept_by_the_receiving_setting_are_not_in_the_senders_file(
    transfer, key_child, other_setting, dsl, tmp_path
):
    ConcernFactory(child=key_child, care_setting=other_setting, text="Recorded over there.")

    text = pdf_text(file_render(transfer, sent_by=dsl, sent_at=None), tmp_path)

    assert "Recorded over there." not in text
    assert "No concern was recorded." in text


def build(key_child, size: int) -> None:
    for _ in range(size):
        concern = ConcernFactory(child=key_child)
        BodyMapMarkFactory(concern=concern)
        ConcernActionFactory(concern=concern)
        StatusTaskFactory(status=SafeguardingStatusFactory(child=key_child, ended_on=NOW.date()))
        AgencyVisitFactory(child=key_child)
        InformationShareFactory(child=key_child, direction=InformationShare.Direction.RECEIVED)


def context_queries(transfer, dsl) -> int:
    with CaptureQueriesContext(connection) as captured:
        context = file_context(transfer, sent_by=dsl, sent_at=None)
        for concern in context["concerns"]:
            list(concern.marks.all()), list(concern.actions.all())
        for status in context["past_statuses"]:
            list(status.tasks.all())
    return len(captured)


def test_the_file_makes_the_same_queries_whatever_the_number_of_records(transfer, key_child, dsl):
    build(key_child, 1)
    # statuses, tasks; concerns, marks, actions; visits; shares; and the chronology's own
    # (concerns, actions, statuses, visits, shares, entries, transfers, the registered
    # sources): constant, whatever the number of records.
    few = context_queries(transfer, dsl)
    build(key_child, 4)
    many = context_queries(transfer, dsl)

    assert few == many
