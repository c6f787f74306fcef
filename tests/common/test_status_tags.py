"""One look per meaning: a status tag ("Looked after", "EYPP", "SEN"...) is the same colour
on every page, because every page renders it through ``{% status_tag %}``."""

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.urls import reverse

from children.models import Child
from common.status_tags import register_status_tags, registered_status_tags
from tests.factories.accounts import ChildFactory, RoomFactory
from tests.factories.learning import (
    DM_AT_RISK,
    AssessmentPeriodFactory,
    TrackerJudgementFactory,
    area,
    point,
)

TAG = re.compile(r'<strong class="govuk-tag govuk-tag--([a-z-]+)">([^<]+)</strong>')
# Words that name the same meaning: a child's SEN status shows as "SEN support" on the
# record and as "SEN" where space is short; a child without a key person is "Unallocated"
# in the children list.
SAME_MEANING = {"SEN support": "SEN", "EHC plan": "SEN", "Unallocated": "No key person"}


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(date(2026, 11, 24), tick=False):
        yield


def tags_on(html: str) -> list[tuple[str, str]]:
    """Return (words, colour) of every GOV.UK tag on the page."""
    return [
        (SAME_MEANING.get(words.strip(), words.strip()), colour)
        for colour, words in TAG.findall(html)
    ]


def test_each_meaning_has_one_colour_on_every_page(
    client_as,
    manager,
    key_person,
    cic_advisor,
    advisor,
    care_setting,
    home_la,
    key_child,
    other_la,
):
    # The key child is looked after and EYPP-funded; give them SEN support and no photos.
    Child.objects.filter(pk=key_child.pk).update(
        sen_status=Child.Sen.SEN_SUPPORT,
        date_of_birth=date(2023, 6, 1),
        room=RoomFactory(care_setting=care_setting, name="Owls"),
    )
    ChildFactory(
        care_setting=care_setting,
        looked_after=True,
        responsible_la=other_la,
        first_name="Ola",
        sen_status=Child.Sen.EHCP,
    )
    ChildFactory(care_setting=care_setting, previously_looked_after=True, shared_with_la=True)
    ChildFactory(care_setting=care_setting, first_name="Una")  # no key person
    period = AssessmentPeriodFactory(
        care_setting=care_setting,
        name="Autumn 2026",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
    )
    for code in ("CL", "PSED"):
        TrackerJudgementFactory(
            child=key_child, period=period, area=area(code), point=point("dm", DM_AT_RISK)
        )
    pages = [
        (manager, reverse("settings:children:list", args=[care_setting.slug])),
        (manager, reverse("settings:children:detail", args=[care_setting.slug, key_child.pk])),
        (manager, reverse("settings:learning:group", args=[care_setting.slug])),
        (manager, reverse("settings:overview", args=[care_setting.slug])),
        (manager, reverse("settings:keypersons:board", args=[care_setting.slug])),
        (key_person, reverse("settings:my_key_children", args=[care_setting.slug])),
        (cic_advisor, reverse("la:my_settings", args=[home_la.slug])),
        (cic_advisor, reverse("la_children:detail", args=[home_la.slug, key_child.pk])),
        (advisor, reverse("la:my_settings", args=[home_la.slug])),
    ]
    colours: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for user, url in pages:
        response = client_as(user).get(url)
        assert response.status_code == 200, url
        for words, colour in tags_on(response.content.decode()):
            colours[words][colour].add(url)

    for meaning in ("Looked after", "EYPP", "SEN", "Out of county", "No key person"):
        assert meaning in colours, f"{meaning} is on none of the pages"
    mixed = {words: dict(seen) for words, seen in colours.items() if len(seen) > 1}
    assert not mixed, f"Tags whose colour changes from page to page: {mixed}"


def test_no_template_writes_a_registered_tag_by_hand():
    labels = {tag.label for tag in registered_status_tags().values()}
    raw = re.compile(r'class="govuk-tag govuk-tag--[^"]*">\s*([^<{]+?)\s*<')
    written = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for words in raw.findall(template.read_text()):
            if words in labels:
                written.append(f"{template.name}: {words}")
    assert not written, f"Use {{% status_tag %}} for these tags: {written}"


def test_the_tag_renders_the_registered_colour_and_words():
    html = Template('{% status_tag "looked_after" %} {% status_tag "sen" "EHC plan" %}').render(
        Context()
    )

    assert html == (
        '<strong class="govuk-tag govuk-tag--purple">Looked after</strong> '
        '<strong class="govuk-tag govuk-tag--yellow">EHC plan</strong>'
    )


def test_a_meaning_cannot_be_given_another_colour():
    with pytest.raises(ImproperlyConfigured):
        register_status_tags({"looked_after": ("Looked after", "green")})
