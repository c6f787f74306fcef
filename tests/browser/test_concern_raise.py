"""Raising a concern in real Chromium: the body map with the keyboard alone, and a pointer.

Each page is checked with axe-core; the pointer's help runs under the real Content Security
Policy without an error.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from safeguarding.models import Concern
from tests.browser.helpers import axe_check, sign_in

pytestmark = pytest.mark.browser


def test_a_practitioner_raises_a_concern_with_a_mark_using_only_the_keyboard(
    page: Page, practitioner, dsl, key_child, care_setting
):
    sign_in(page, practitioner.email)
    page.goto(
        reverse("settings:safeguarding:concern_raise", args=[care_setting.slug])
        + f"?child={key_child.pk}"
    )
    axe_check(page)
    page.get_by_label("Where it happened (optional)").focus()
    page.keyboard.type("Cloakroom")
    page.get_by_label("What did you see or hear?").focus()
    page.keyboard.type("A bruise on the arm, seen at the coat pegs.")
    page.get_by_label("The child's own words (optional)").focus()
    page.keyboard.type("It hurts")
    # A select chosen with the keyboard: focus it, then type the start of the option.
    page.locator("#id_marks-0-side").focus()
    page.keyboard.type("Front")
    page.locator("#id_marks-0-region").focus()
    page.keyboard.type("Left upper")
    page.locator("#id_marks-0-kind").focus()
    page.keyboard.type("Bruise")
    page.locator("#id_marks-0-description").focus()
    page.keyboard.type("Oval, 3cm, purple")
    page.get_by_role("button", name="Pass the concern to the DSL").focus()
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("Concern C-")
    axe_check(page)
    concern = Concern.objects.get()
    [mark] = concern.marks.all()
    assert (mark.side, mark.region, mark.kind) == ("front", "left_upper_arm", "bruise")
    expect(page.get_by_text("Oval, 3cm, purple")).to_be_visible()


def test_a_pointer_on_the_outline_fills_in_where_the_mark_is(
    strict_page, practitioner, key_child, care_setting
):
    page, problems = strict_page
    sign_in(page, practitioner.email)
    page.goto(
        reverse("settings:safeguarding:concern_raise", args=[care_setting.slug])
        + f"?child={key_child.pk}"
    )
    outline = page.locator('[data-body-map-side="back"] svg')
    expect(outline).to_be_visible()
    outline.scroll_into_view_if_needed()
    box = outline.bounding_box()
    # the back outline's lower back: half way across, 38% down
    outline.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.38})

    expect(page.locator("#id_marks-0-side")).to_have_value("back")
    expect(page.locator("#id_marks-0-region")).to_have_value("lower_back")
    expect(page.locator("#id_marks-0-kind")).to_be_focused()
    assert problems == []
