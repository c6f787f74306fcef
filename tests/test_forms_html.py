"""The form reader the suite-wide tests post with: it sends what a browser would."""

from tests.forms_html import forms_in, post_forms_to

PAGE = """
<form method="get" action=""><input name="q" value="search"></form>
<form method="POST" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="abc">
  <input type="hidden" name="version" value="3">
  <input name="first_name" value="Kai &amp; Co">
  <input type="email" name="email">
  <input type="text" name="locked" value="x" disabled>
  <input type="radio" name="kind" value="key_person">
  <input type="radio" name="kind" value="buddy" checked>
  <input type="checkbox" name="areas" value="1" checked>
  <input type="checkbox" name="areas" value="2">
  <input type="checkbox" name="areas" value="3" checked>
  <input type="checkbox" name="agree">
  <select name="staff"><option value="">Choose</option><option value="7">Kim</option></select>
  <select name="room"><option>Owls</option><option selected>Ladybirds</option></select>
  <select name="tags" multiple>
    <option value="a" selected>A</option><option value="b" disabled selected>B</option>
    <option value="c" selected>C</option>
  </select>
  <textarea name="notes">
Line one
Line two &lt;b&gt;</textarea>
  <textarea name="empty"></textarea>
  <input type="file" name="photos">
  <button type="submit" name="save_policy" value="1">Save</button>
  <input type="submit" name="submit" value="Save changes">
  <button type="button" name="toggle">Show</button>
</form>
<form method="post" action="/notifications/read-all/"><button>Mark all as read</button></form>
"""


def test_a_form_sends_its_values_checked_boxes_and_selected_options():
    form = forms_in(PAGE)[1]

    assert form.method == "post"
    assert form.fields == {
        "csrfmiddlewaretoken": ["abc"],
        "version": ["3"],
        "first_name": ["Kai & Co"],
        "email": [""],
        "kind": ["buddy"],
        "areas": ["1", "3"],
        "staff": [""],
        "room": ["Ladybirds"],
        "tags": ["a", "c"],
        "notes": ["Line one\nLine two <b>"],
        "empty": [""],
    }


def test_a_form_lists_the_choices_buttons_and_file_inputs():
    form = forms_in(PAGE)[1]

    assert form.options == {
        "kind": ["key_person", "buddy"],
        "areas": ["1", "2", "3"],
        "agree": ["on"],
        "staff": ["", "7"],
        "room": ["Owls", "Ladybirds"],
        "tags": ["a", "c"],
    }
    assert form.buttons == [("save_policy", "1"), ("submit", "Save changes")]
    assert form.files == ["photos"]
    assert "save_policy" in form.names and "photos" in form.names


def test_overrides_replace_values_tick_several_and_untick():
    form = forms_in(PAGE)[1]

    data = form.data({"kind": "key_person", "areas": [2], "room": None, "agree": "on"})

    assert data["kind"] == ["key_person"]
    assert data["areas"] == ["2"]
    assert "room" not in data
    assert data["agree"] == ["on"]
    assert data["version"] == ["3"]
    assert form.fields["kind"] == ["buddy"], "the form itself is left as read"


def test_a_form_without_an_action_posts_to_its_page():
    page = "/settings/acorn/children/add/"

    assert [form.action for form in post_forms_to(PAGE, page, page_url=page)] == [None]
    assert len(post_forms_to(PAGE, "/notifications/read-all/", page_url=page)) == 1
    assert post_forms_to(PAGE, "/elsewhere/", page_url=page) == []


def test_the_controls_are_read_in_page_order_each_with_its_kind():
    form = forms_in(PAGE)[1]

    assert form.control_names()[:5] == [
        "csrfmiddlewaretoken",
        "version",
        "first_name",
        "email",
        "kind",
    ]
    assert form.control_names()[-3:] == ["save_policy", "submit", "toggle"]
    assert "locked" not in form.control_names(), "a disabled control is never sent"
    assert [form.kind_of(name) for name in ("kind", "staff", "notes", "photos", "toggle")] == [
        "radio",
        "select",
        "textarea",
        "file",
        "button",
    ]
    assert forms_in(PAGE)[2].control_names() == [""], "an unnamed button is still a control"


def test_defaults_press_the_first_button_and_nothing_else():
    defaults = forms_in(PAGE)[1].defaults()

    assert defaults["save_policy"] == ["1"]
    assert "submit" not in defaults and "toggle" not in defaults and "photos" not in defaults
    assert defaults["kind"] == ["buddy"]
    assert defaults["areas"] == ["1", "3"]
    assert defaults["room"] == ["Ladybirds"]
    assert defaults["staff"] == [""]
    assert defaults["notes"] == ["Line one\nLine two <b>"]


def test_completed_answers_every_blank_as_a_person_would():
    page = """<form method="post">
      <input name="name"><input type="email" name="email"><input type="number" name="count">
      <input name="born_0"><input type="hidden" name="token" value="">
      <input type="radio" name="kind" value="a"><input type="radio" name="kind" value="b">
      <input type="checkbox" name="areas" value="1"><input type="checkbox" name="areas" value="2">
      <input type="checkbox" name="agree">
      <select name="staff"><option value="">Choose</option><option value="7">Kim</option></select>
      <textarea name="notes"></textarea><button>Save</button>
    </form>"""

    data = forms_in(page)[0].completed(text="Plain", email="a@example.test", number="5")

    assert data == {
        "name": ["Plain"],
        "email": ["a@example.test"],
        "count": ["5"],
        "born_0": [""],
        "token": [""],
        "kind": ["a"],
        "areas": ["1"],
        "staff": ["7"],
        "notes": ["Plain"],
    }


def test_value_of_reads_what_a_box_shows_and_nothing_for_choices():
    form = forms_in(PAGE)[1]

    assert form.value_of("first_name") == "Kai & Co"
    assert form.value_of("notes") == "Line one\nLine two <b>"
    assert form.value_of("kind") is None
    assert form.value_of("nothing") is None
