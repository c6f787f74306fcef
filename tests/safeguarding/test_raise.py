"""Any member of staff raises a concern (with a body map, no mouse needed) and sees its receipt."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEvent
from notifications.models import Notification
from safeguarding.models import BodyMapMark, Concern
from tests.children.helpers import date_parts
from tests.factories.accounts import ChildFactory
from tests.factories.learning_journey import ObservationFactory
from tests.factories.safeguarding import BodyMapMarkFactory, ConcernFactory


def raise_url(care_setting, **query):
    url = reverse("settings:safeguarding:concern_raise", args=[care_setting.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def receipt_url(concern):
    return reverse(
        "settings:safeguarding:concern_receipt", args=[concern.care_setting.slug, concern.pk]
    )


def concern_data(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        **date_parts("occurred_on", timezone.localdate()),
        "occurred_time": "09:15",
        "location": "Cloakroom",
        "others_present": "Another practitioner",
        "category": "physical",
        "text": "A round bruise on the upper arm, seen when taking off the coat.",
        "child_words": "Mummy's friend squeezed me",
        "immediate_actions": "Told the DSL in person.",
        "marks-TOTAL_FORMS": "1",
        "marks-INITIAL_FORMS": "0",
        "marks-MIN_NUM_FORMS": "0",
        "marks-MAX_NUM_FORMS": "30",
        "marks-0-side": "",
        "marks-0-region": "",
        "marks-0-kind": "",
        "marks-0-description": "",
        "marks-0-x": "",
        "marks-0-y": "",
    }
    data.update(overrides)
    return data


def with_mark(data, index, **mark):
    data = dict(data)
    data["marks-TOTAL_FORMS"] = str(max(int(data["marks-TOTAL_FORMS"]), index + 1))
    for name in ("side", "region", "kind", "description", "x", "y"):
        data[f"marks-{index}-{name}"] = mark.get(name, "")
    return data


def test_a_practitioner_raises_a_concern_with_two_marks_and_sees_the_receipt(
    client_as, practitioner, key_child, dsl
):
    data = with_mark(
        concern_data(),
        0,
        side="front",
        region="right_upper_arm",
        kind="bruise",
        description="Round, 2cm, blue",
    )
    data = with_mark(data, 1, side="back", region="lower_back", kind="mark", description="Red")

    response = client_as(practitioner).post(
        raise_url(key_child.care_setting, child=key_child.pk), data
    )

    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == receipt_url(concern)
    assert concern.child == key_child and concern.raised_by == practitioner
    assert concern.child_words == "Mummy's friend squeezed me"
    assert timezone.localtime(concern.occurred_at).strftime("%H:%M") == "09:15"
    marks = list(concern.marks.all())
    assert [(m.side, m.region, m.x, m.y) for m in marks] == [
        ("front", "right_upper_arm", 31, 28),
        ("back", "lower_back", 50, 38),
    ]
    # the DSL is told at once, in words that name no child
    [note] = Notification.objects.filter(recipient=dsl)
    assert key_child.first_name not in note.subject + note.body
    receipt = client_as(practitioner).get(receipt_url(concern)).content.decode()
    assert "Passed to the DSL on" in receipt and "Not yet reviewed by the DSL" in receipt
    assert "Right upper arm" in receipt and "Lower back" in receipt
    assert receipt.count("app-body-map__marker") == 2


def test_a_mark_is_placed_with_the_lists_alone_and_add_another_mark_keeps_what_was_typed(
    client_as, key_person, key_child
):
    data = with_mark(
        concern_data(), 0, side="front", region="face", kind="cut", description="Small graze"
    )
    data["add_mark"] = "1"

    response = client_as(key_person).post(
        raise_url(key_child.care_setting, child=key_child.pk), data
    )

    html = response.content.decode()
    assert response.status_code == 200 and not Concern.objects.exists()
    assert 'name="marks-1-description"' in html and "Small graze" in html
    assert "A round bruise on the upper arm" in html


def test_errors_keep_what_was_typed_and_name_the_mark(client_as, practitioner, key_child):
    data = with_mark(
        concern_data(text="", child_words="Words kept"),
        0,
        side="back",
        region="face",
        kind="bruise",
        description="Kept too",
    )

    response = client_as(practitioner).post(
        raise_url(key_child.care_setting, child=key_child.pk), data
    )

    html = response.content.decode()
    assert response.status_code == 200 and not Concern.objects.exists()
    assert "Enter what you saw or heard" in html
    assert "Mark 1: Face is not on the back" in html
    assert "Words kept" in html and "Kept too" in html


def test_a_time_that_is_not_a_time_is_refused(client_as, practitioner, key_child):
    response = client_as(practitioner).post(
        raise_url(key_child.care_setting, child=key_child.pk), concern_data(occurred_time="25:99")
    )

    assert "Time it happened (optional) must be a time like 14:30" in response.content.decode()


def test_the_same_form_sent_twice_saves_once(client_as, practitioner, key_child):
    data = concern_data()
    client = client_as(practitioner)
    url = raise_url(key_child.care_setting, child=key_child.pk)

    first = client.post(url, data)
    second = client.post(url, data)

    concern = Concern.objects.get()
    assert first["Location"] == second["Location"] == receipt_url(concern)
    assert AuditEvent.objects.filter(verb="concern.raised").count() == 1


def test_without_a_child_the_form_offers_the_settings_children_on_roll(
    client_as, practitioner, key_child, other_child
):
    left = ChildFactory(
        care_setting=key_child.care_setting,
        first_name="Gone",
        leave_date=timezone.localdate() - timedelta(days=3),
    )
    html = client_as(practitioner).get(raise_url(key_child.care_setting)).content.decode()

    assert f'value="{key_child.pk}"' in html
    assert f'value="{other_child.pk}"' not in html and left.first_name not in html

    response = client_as(practitioner).post(
        raise_url(key_child.care_setting), concern_data(child=str(other_child.pk))
    )
    assert response.status_code == 200 and not Concern.objects.exists()


def test_a_child_or_observation_out_of_reach_is_404(
    client_as, practitioner, key_child, other_child, key_person
):
    draft = ObservationFactory(
        care_setting=key_child.care_setting,
        author=key_person,
        children=[key_child],
        status="draft",
    )
    client = client_as(practitioner)

    assert client.get(raise_url(key_child.care_setting, child=other_child.pk)).status_code == 404
    assert client.get(raise_url(key_child.care_setting, child="x")).status_code == 404
    assert client.get(raise_url(key_child.care_setting, observation=draft.pk)).status_code == 404


def test_a_concern_is_raised_from_an_observation_and_keeps_it(
    client_as, practitioner, key_child, key_person
):
    observation = ObservationFactory(
        care_setting=key_child.care_setting, author=key_person, children=[key_child]
    )
    url = raise_url(key_child.care_setting, child=key_child.pk, observation=observation.pk)

    assert client_as(practitioner).get(url).status_code == 200
    client_as(practitioner).post(url, concern_data())

    assert Concern.objects.get().observation == observation


def test_the_raiser_sees_only_their_own_receipts_and_never_the_log(
    client_as, practitioner, key_person, dsl, key_child
):
    mine = ConcernFactory(child=key_child, raised_by=practitioner, referred=True)
    theirs = ConcernFactory(child=key_child, raised_by=key_person)
    client = client_as(practitioner)

    page = client.get(
        reverse("settings:safeguarding:my_concerns", args=[key_child.care_setting.slug])
    ).content.decode()
    assert mine.reference in page and theirs.reference not in page
    receipt = client.get(receipt_url(mine)).content.decode()
    assert "Reviewed by the DSL on" in receipt
    assert mine.outcome_reference not in receipt and "Referral" not in receipt
    assert client.get(receipt_url(theirs)).status_code == 404
    # the DSL reads the log elsewhere: the receipt is the raiser's alone
    assert client_as(dsl).get(receipt_url(mine)).status_code == 404


def test_the_concern_page_draws_the_marks_numbered_with_a_list(client_as, dsl, key_child):
    concern = ConcernFactory(child=key_child)
    BodyMapMarkFactory(concern=concern, side="front", region="left_forearm", x=None, y=None)
    BodyMapMarkFactory(concern=concern, side="back", region="buttocks", description="Red marks")
    url = reverse(
        "settings:safeguarding:concern_detail", args=[key_child.care_setting.slug, concern.pk]
    )

    html = client_as(dsl).get(url).content.decode()

    assert html.count("app-body-map__marker") == 2
    assert "Left forearm (front)" in html and "Bottom (buttocks) (back)" in html
    assert "Red marks" in html


@pytest.mark.parametrize("person", ["practitioner", "key_person", "manager", "dsl"])
def test_every_member_of_staff_sees_the_link_on_every_childs_hub(
    request, client_as, person, key_child
):
    user = request.getfixturevalue(person)
    hub = reverse("settings:children:detail", args=[key_child.care_setting.slug, key_child.pk])

    html = client_as(user).get(hub).content.decode()

    assert "Raise a safeguarding concern" in html
    assert raise_url(key_child.care_setting, child=key_child.pk).replace("&", "&amp;") in html


def test_the_journey_links_each_observation_to_raising_a_concern(
    client_as, practitioner, key_child, key_person
):
    observation = ObservationFactory(
        care_setting=key_child.care_setting, author=key_person, children=[key_child]
    )
    url = reverse("settings:learning:journey", args=[key_child.care_setting.slug, key_child.pk])

    html = client_as(practitioner).get(url).content.decode()

    link = raise_url(key_child.care_setting, child=key_child.pk, observation=observation.pk)
    assert link.replace("&", "&amp;") in html


def test_marks_of_an_unknown_region_are_drawn_at_the_middle(db):
    from safeguarding.concerns import body_map

    mark = BodyMapMark(side="front", region="elbow", x=None, y=None)
    [marker] = body_map.markers([mark])["front"]
    assert (marker.cx, marker.cy) == (50, 100)


def test_a_childs_hub_and_journey_say_nothing_of_the_childs_concerns_to_a_practitioner(
    client_as, practitioner, key_child
):
    concern = ConcernFactory(child=key_child, text="Words only the DSL reads")
    slug = key_child.care_setting.slug
    list_url = reverse("settings:safeguarding:concern_list", args=[slug])
    for page in (
        reverse("settings:children:detail", args=[slug, key_child.pk]),
        reverse("settings:learning:journey", args=[slug, key_child.pk]),
        reverse("settings:my_key_children", args=[slug]),
    ):
        html = client_as(practitioner).get(page).content.decode()
        assert concern.reference not in html and "Words only the DSL reads" not in html
        assert f'href="{list_url}"' not in html
        assert "waiting for review" not in html
