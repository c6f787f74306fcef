"""Transfer pages: the sending and receiving settings' DSLs and managers, 404 to all others."""

import pytest
import time_machine
from django.urls import reverse

from common.models import AuditEvent
from safeguarding.models import Transfer, TransferDownload
from safeguarding.transfer import services
from tests.factories.accounts import CareSettingFactory, ChildFactory, MembershipFactory
from tests.factories.safeguarding import ConcernFactory, TransferFactory
from tests.safeguarding.transfer_helpers import NOW


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def transfer(key_child, care_setting, other_setting):
    ConcernFactory(child=key_child)
    return TransferFactory(child=key_child, to_setting=other_setting, destination="")


def url(name, setting, transfer):
    return reverse(f"settings:safeguarding:{name}", args=[setting.slug, transfer.pk])


def test_the_receiving_setting_does_not_see_a_file_before_it_is_sent(
    client_as, transfer, other_manager, other_setting
):
    for name in ("transfer_detail", "transfer_file", "transfer_send"):
        assert client_as(other_manager).get(url(name, other_setting, transfer)).status_code == 404
    listing = client_as(other_manager).get(
        reverse("settings:safeguarding:transfer_list", args=[other_setting.slug])
    )
    assert str(transfer.child) not in listing.content.decode()


@pytest.mark.parametrize("persona", ["practitioner", "key_person", "advisor", "la_admin"])
def test_people_without_the_log_get_not_found(request, client_as, transfer, care_setting, persona):
    client = client_as(request.getfixturevalue(persona))
    for name in ("transfer_detail", "transfer_file", "transfer_send"):
        assert client.get(url(name, care_setting, transfer)).status_code == 404


def test_a_third_settings_manager_gets_not_found(client_as, transfer, dsl):
    services.transfer_send(transfer=transfer, by=dsl)
    third = CareSettingFactory(name="Bluebell Pre-school")
    stranger = MembershipFactory(care_setting=third, manager=True).user
    client = client_as(stranger)
    for name in ("transfer_detail", "transfer_file"):
        assert client.get(url(name, third, transfer)).status_code == 404


def test_the_dsl_sends_the_file_and_the_receiving_manager_acknowledges_it(
    client_as, transfer, dsl, care_setting, other_setting, other_manager
):
    page = client_as(dsl).get(url("transfer_send", care_setting, transfer))
    assert page.status_code == 200
    response = client_as(dsl).post(
        url("transfer_send", care_setting, transfer), {"note": "Call me first."}
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.sent_at is not None

    # The receiving setting neither sends nor hands over the file; its other staff see
    # nothing of it.
    for name in ("transfer_send", "transfer_handover"):
        assert client_as(other_manager).get(url(name, other_setting, transfer)).status_code == 404
    receiving_practitioner = MembershipFactory(care_setting=other_setting).user
    refused_there = client_as(receiving_practitioner).get(
        url("transfer_detail", other_setting, transfer)
    )
    assert refused_there.status_code == 404
    # The sending setting may not acknowledge its own file; the receiving one may.
    refused = client_as(dsl).post(url("transfer_acknowledge", care_setting, transfer))
    assert refused.status_code == 404
    detail = client_as(other_manager).get(url("transfer_detail", other_setting, transfer))
    assert detail.status_code == 200
    assert "Acknowledge receipt" in detail.content.decode()
    done = client_as(other_manager).post(url("transfer_acknowledge", other_setting, transfer))
    assert done.status_code == 302

    seen = client_as(dsl).get(url("transfer_detail", care_setting, transfer)).content.decode()
    assert "Acknowledged on" in seen
    assert "Oscar Othermanager" in seen


def test_each_download_is_recorded_and_audited(client_as, transfer, dsl, care_setting):
    services.transfer_send(transfer=transfer, by=dsl)

    response = client_as(dsl).get(url("transfer_file", care_setting, transfer))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith(b"%PDF")
    assert TransferDownload.objects.get().by == dsl
    assert AuditEvent.objects.filter(verb="transfer.downloaded").count() == 1


def test_an_off_portal_file_asks_who_takes_it_before_the_download(
    client_as, key_child, dsl, care_setting
):
    ConcernFactory(child=key_child)
    transfer = services.transfer_send(
        transfer=TransferFactory(child=key_child, destination="Destination not recorded"),
        by=dsl,
        destination="Hill Top Nursery, Northtown",
    )
    client = client_as(dsl)

    first = client.get(url("transfer_file", care_setting, transfer))
    assert first.status_code == 302
    assert first["Location"] == url("transfer_handover", care_setting, transfer)
    blank = client.post(url("transfer_handover", care_setting, transfer), {})
    assert "Enter who is taking the file" in blank.content.decode()
    taken = client.post(
        url("transfer_handover", care_setting, transfer),
        {"person": "Hill Top's DSL", "method": "in_person"},
    )
    served = client.get(taken["Location"])

    assert served.status_code == 200
    assert served.content.startswith(b"%PDF")
    download = TransferDownload.objects.get()
    assert download.handed_to.startswith("Hill Top's DSL (in person")
    assert Transfer.objects.get(pk=transfer.pk).destination == "Hill Top Nursery, Northtown"


def test_an_off_portal_send_asks_for_the_destination_when_none_was_recorded(
    client_as, key_child, dsl, care_setting
):
    ConcernFactory(child=key_child)
    transfer = TransferFactory(child=key_child, destination="Destination not recorded")

    response = client_as(dsl).post(url("transfer_send", care_setting, transfer), {"note": ""})

    assert "Enter the setting the child has gone to" in response.content.decode()
    assert Transfer.objects.get(pk=transfer.pk).sent_at is None


@pytest.mark.parametrize("size", [1, 4])
def test_the_list_makes_the_same_queries_whatever_the_number_of_transfers(
    size, client_as, dsl, care_setting, other_setting, django_assert_num_queries
):
    client = client_as(dsl)
    for _ in range(size):
        child = ChildFactory(care_setting=care_setting)
        TransferFactory(child=child)
        TransferFactory(child=child, sent=True, to_setting=other_setting, destination="")
        TransferFactory(
            child=child, from_setting=other_setting, to_setting=care_setting, sent=True
        )
    page = reverse("settings:safeguarding:transfer_list", args=[care_setting.slug])
    client.get(page)  # the session's first request is not the one measured

    # 1 session, 2 user, 3 setting, 4 membership, 5 LA roles (the door), 6 the transfers
    # with their children and settings, 7 the read written to the trail, 8 unread
    # notifications (the header), 9-11 the session saved (savepoint, update, release).
    with django_assert_num_queries(11):
        response = client.get(page)
    assert response.status_code == 200
    assert response.content.decode().count("/safeguarding/transfers/") >= 3 * size
