"""A leaving child's safeguarding file: opened by the lifecycle, sent, received, taken."""

from datetime import date

import pytest
import time_machine

from children import services as children_services
from notifications.models import Notification
from safeguarding.models import ChronologyEntry, Transfer, TransferDownload
from safeguarding.transfer import crypto, services
from safeguarding.transfer.reminders import TRANSFER_RECEIVED, TRANSFER_TO_SEND
from tests.factories.accounts import MembershipFactory
from tests.factories.safeguarding import (
    AgencyVisitFactory,
    ChronologyEntryFactory,
    ConcernFactory,
    InformationShareFactory,
    SafeguardingStatusFactory,
)
from tests.safeguarding.transfer_helpers import NOW

MOVED_ON = date(2026, 11, 27)  # a Friday: 5 working days on is Friday 4 December


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def move(child, by, to_setting):
    child.refresh_from_db()
    return children_services.child_move(
        child=child, by=by, version=child.version, to_setting=to_setting, moved_on=MOVED_ON
    )


def leave(child, by, destination):
    child.refresh_from_db()
    return children_services.child_leave(
        child=child,
        by=by,
        version=child.version,
        leave_date=MOVED_ON,
        leaving_destination=destination,
    )


def test_moving_a_child_with_a_concern_opens_a_file_to_the_new_setting(
    manager, key_child, care_setting, other_setting
):
    ConcernFactory(child=key_child)

    move(key_child, manager, other_setting)

    transfer = Transfer.objects.get(child=key_child)
    assert transfer.from_setting == care_setting
    assert transfer.to_setting == other_setting
    assert transfer.due_on == date(2026, 12, 4)
    assert transfer.sent_at is None


def test_the_sending_dsl_is_told_at_once_that_a_file_is_to_be_sent(
    manager, dsl, key_child, other_setting
):
    ConcernFactory(child=key_child)

    move(key_child, manager, other_setting)

    note = Notification.objects.get(kind=TRANSFER_TO_SEND)
    assert note.recipient == dsl
    assert "4 December 2026" in note.body
    assert key_child.first_name not in f"{note.subject} {note.body}"


@pytest.mark.parametrize(
    "factory",
    [
        SafeguardingStatusFactory,
        ChronologyEntryFactory,
        AgencyVisitFactory,
        InformationShareFactory,
    ],
)
def test_any_kind_of_safeguarding_record_opens_a_file(factory, manager, key_child, other_setting):
    factory(child=key_child)

    move(key_child, manager, other_setting)

    assert Transfer.objects.filter(child=key_child).count() == 1


def test_a_child_with_no_record_leaves_without_a_file(manager, key_child, other_setting):
    ConcernFactory(child__care_setting=other_setting)  # another child's, elsewhere

    move(key_child, manager, other_setting)

    assert not Transfer.objects.exists()


def test_records_kept_by_another_setting_open_no_file_here(manager, key_child, other_setting):
    ConcernFactory(child=key_child, care_setting=other_setting)

    leave(key_child, manager, "Reception at Oakfield Primary")

    assert not Transfer.objects.exists()


def test_leaving_opens_a_file_to_the_destination_typed(manager, key_child, care_setting):
    ConcernFactory(child=key_child)

    leave(key_child, manager, "Reception at Oakfield Primary")

    transfer = Transfer.objects.get(child=key_child)
    assert transfer.to_setting is None
    assert transfer.destination == "Reception at Oakfield Primary"
    assert transfer.from_setting == care_setting


def test_leaving_with_no_destination_says_it_was_not_recorded(manager, key_child):
    ConcernFactory(child=key_child)

    leave(key_child, manager, "")

    assert Transfer.objects.get(child=key_child).destination == "Destination not recorded"


def test_the_same_leave_heard_twice_opens_one_file(manager, key_child):
    ConcernFactory(child=key_child)

    leave(key_child, manager, "Reception at Oakfield Primary")
    leave(key_child, manager, "Reception at Oakfield Primary")

    assert Transfer.objects.filter(child=key_child).count() == 1


@pytest.fixture
def outgoing(manager, dsl, key_child, other_setting):
    ConcernFactory(child=key_child)
    move(key_child, manager, other_setting)
    return Transfer.objects.get(child=key_child)


@pytest.fixture
def other_dsl(other_setting):
    return MembershipFactory(care_setting=other_setting, dsl=True).user


def test_sending_stores_the_pdf_encrypted_with_its_checksum(outgoing, dsl):
    sent = services.transfer_send(transfer=outgoing, by=dsl, note="Please call me.")

    stored = bytes(Transfer.objects.get(pk=sent.pk).pdf)
    assert not stored.startswith(b"%PDF")
    pdf = crypto.decrypt(stored)
    assert pdf.startswith(b"%PDF")
    assert crypto.checksum(pdf) == sent.checksum
    assert sent.sent_by == dsl
    assert sent.note == "Please call me."


def test_sending_twice_saves_once(outgoing, dsl, manager):
    first = services.transfer_send(transfer=outgoing, by=dsl)
    again = services.transfer_send(transfer=outgoing, by=manager)

    assert again.sent_at == first.sent_at
    assert again.sent_by == dsl
    assert again.checksum == first.checksum


def test_the_receiving_dsl_is_told_at_once_and_no_child_is_named(
    outgoing, dsl, other_dsl, other_manager, key_child
):
    services.transfer_send(transfer=outgoing, by=dsl)

    notes = Notification.objects.filter(kind=TRANSFER_RECEIVED)
    assert [note.recipient for note in notes] == [other_dsl]
    note = notes.get()
    assert key_child.first_name not in f"{note.subject} {note.body}"
    assert key_child.last_name not in f"{note.subject} {note.body}"


def test_the_receiving_manager_is_told_where_there_is_no_dsl(outgoing, dsl, other_manager):
    services.transfer_send(transfer=outgoing, by=dsl)

    assert [n.recipient for n in Notification.objects.filter(kind=TRANSFER_RECEIVED)] == [
        other_manager
    ]


def test_acknowledging_records_the_receipt_and_starts_the_receiving_chronology(
    outgoing, dsl, other_manager, other_setting, care_setting
):
    sent = services.transfer_send(transfer=outgoing, by=dsl)

    services.transfer_acknowledge(transfer=sent, by=other_manager)
    services.transfer_acknowledge(transfer=sent, by=other_manager)

    sent.refresh_from_db()
    assert sent.acknowledged_by == other_manager
    entry = ChronologyEntry.objects.get(care_setting=other_setting)
    assert entry.title == f"Safeguarding file received from {care_setting.name}"


def test_a_download_is_recorded_with_who_took_it(outgoing, dsl, care_setting):
    sent = services.transfer_send(transfer=outgoing, by=dsl)

    services.transfer_download(
        transfer=sent, by=dsl, care_setting=care_setting, handed_to="Their DSL (in person)"
    )

    download = TransferDownload.objects.get()
    assert (download.by, download.handed_to) == (dsl, "Their DSL (in person)")
    assert services.transfer_pdf(sent).startswith(b"%PDF")


def test_a_changed_stored_file_is_refused(outgoing, dsl):
    sent = services.transfer_send(transfer=outgoing, by=dsl)
    stored = bytearray(sent.pdf)
    stored[-1] ^= 1
    sent.pdf = bytes(stored)

    with pytest.raises(crypto.UnreadableFile):
        services.transfer_pdf(sent)
