"""The safeguarding file's PDF, read by its text: what goes with the child, and what never does."""

import pytest
import time_machine

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
        region="left_lower_leg",
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
    assert "Bruise, front, left lower leg: Purple, 3 cm, oval" in text
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


@pytest.mark.parametrize("size", [1, 4])
def test_the_file_makes_the_same_queries_whatever_the_number_of_records(
    size, transfer, key_child, dsl, django_assert_num_queries
):
    build(key_child, size)

    # 1 statuses, 2 their tasks (with owners), 3 concerns (with who raised, reviewed and
    # closed them), 4 their marks, 5 their actions (with who took them), 6 visits,
    # 7 information shared; the chronology: 8 concerns, 9 actions, 10 statuses, 11 visits,
    # 12 information shared, 13 entries by hand, 14 transfers, and the sources other apps
    # register: 15 the child's moves (children), 16 PEP meetings (pep).
    with django_assert_num_queries(16):
        file_context(transfer, sent_by=dsl, sent_at=None)
