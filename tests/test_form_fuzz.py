"""Hostile input on every form the permission matrix reaches: an answer, never a 500.

For each URL of the matrix, one persona that may open it (the manager first, then the LA
administrator, the key person and the others; one signed-in client per URL) reads the page;
every form on it is sent back with one field at a time set to a hostile value: huge and
negative numbers, ``²`` and ``٣`` (digits to ``str.isdigit`` and ``int``, not to us), a NUL
byte, 100,000 characters, HTML, and an impossible date (31 2 2024) in each date input. The
other fields keep what the page rendered, with blanks answered plainly (a first option, a
few words, a real date), so the hostile value meets an otherwise complete form and reaches
the service. Forms that read the query string (filters) are sent with GET; every page is
also asked for with hostile query parameters (``?child=²``) and with record ids in its
address that no row can have.

What must hold:

- no 500: Django's test client raises a view's exception, so a crash fails the test;
- the hostile text is never echoed unescaped;
- when the answer is the form again (200), what was typed in a text box or a text area is
  shown again, escaped, so nothing is lost. Deliberate exceptions: password boxes are never
  filled in again (Django does not echo passwords), hidden fields and choices keep what the
  page offered, and a NUL byte may come back as U+FFFD or not at all.

To keep the run short: fields a form repeats per row (``note_1``, ``note_2`` …) are
attacked through the first of them, and choices, hidden fields and a date's month and year
boxes get the numeric values and the HTML only. After a save, a form with a version is read
again, as a person would, so the next attack is not merely "someone else changed this".

Left out, on purpose: the sign-out form in every page header (posting it ends the
persona's session; it has no fields to attack), and pages that are not HTML (PDFs,
photos). Forms with a password box keep their other blanks blank, so the form refuses the
post before any password is checked: no account is locked out, the persona stays signed in.

The world is richer than the matrix's (a carer to give consent, a second child to allocate,
a worry, a notification, an advisor to assign) so that every form has its fields.
"""

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from children.models import Child
from tests.factories.accounts import ChildFactory
from tests.factories.children import TeamMemberFactory
from tests.factories.notifications import NotificationFactory
from tests.factories.safeguarding import ConcernFactory
from tests.forms_html import HtmlForm, forms_in
from tests.matrix.base import Places, client_for
from tests.test_permission_matrix import MATRIX, URL_PARAMS

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))

# Who reads each page: the first of these the matrix lets in (200).
PERSONA_ORDER = (
    "manager",
    "la_admin",
    "key_person",
    "dsl",
    "practitioner",
    "advisor",
    "cic_advisor",
    "anonymous",
)

HOSTILE = {
    "huge": "99999999999999999999",
    "huge negative": "-99999999999999999999",
    "minus one": "-1",
    "superscript two": "²",
    "arabic-indic three": "٣",
    "NUL byte": "a\x00b",
    "100,000 characters": "x" * 100_000,
    "HTML": "<script>alert(1)</script>",
}
# What choices, hidden fields and a date's month and year boxes get (see above).
NUMBERS = {"huge", "huge negative", "minus one", "superscript two", "arabic-indic three", "HTML"}
CHOICE_KINDS = {"radio", "checkbox", "select", "hidden"}
IMPOSSIBLE_DATE = ("31", "2", "2024")
REAL_DATE = ("2", "3", "2026")
QUERY_PARAMETERS = ("child", "page", "kind", "area", "q", "period", "room", "next")
TEXT_KINDS = {"text", "textarea", "email", "number", "search", "tel", "url"}
NOT_FUZZED = {"csrfmiddlewaretoken"}
PLAIN_TEXT = "Settling in well"
PLAIN_EMAIL = "someone@example.test"
SIGN_OUT = reverse("accounts:logout")


@pytest.fixture(autouse=True)
def pinned_time():
    """Stop the clock before any record is made, so ages and dates agree with the forms."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rich_world(request, care_setting, key_child, key_person, manager, advisor, dsl) -> None:
    """Give every form something to offer: a carer, a child to allocate, a worry…

    The key child's record is made consistent (a looked-after child on EYPP is funded), so
    that the edit form is valid as rendered and hostile values reach the services too.
    """
    Child.objects.filter(pk=key_child.pk).update(funded_entitlement=Child.Entitlement.TWO_YEAR_OLD)
    TeamMemberFactory(child=key_child, name="Grace Carer", relationship="Foster carer")
    ChildFactory(care_setting=care_setting, first_name="Nia")
    ConcernFactory(child=key_child, raised_by=key_person)
    NotificationFactory(recipient=manager)


def persona_for(url_name: str) -> str | None:
    statuses = MATRIX[url_name][1]
    return next((persona for persona in PERSONA_ORDER if statuses[persona] == 200), None)


FUZZED_URLS = [name for name in MATRIX if persona_for(name)]


def date_groups(names: list[str]) -> list[tuple[str, str, str]]:
    """Return the day, month and year box names of each GOV.UK date input."""
    stems = [name[:-2] for name in names if name.endswith("_0")]
    return [
        (f"{stem}_0", f"{stem}_1", f"{stem}_2")
        for stem in stems
        if f"{stem}_1" in names and f"{stem}_2" in names
    ]


def first_of_each_family(names: list[str], groups: list[tuple[str, str, str]]) -> list[str]:
    """Keep one of each set of fields a form repeats per row (``note_1``, ``note_2`` …).

    The boxes of a date are not a family: each is attacked.
    """
    in_dates = {box for group in groups for box in group}
    seen: set[str] = set()
    kept = []
    for name in names:
        family = name if name in in_dates else re.sub(r"_[0-9]+$", "_N", name)
        if family not in seen:
            seen.add(family)
            kept.append(name)
    return kept


def hostile_variants(form: HtmlForm) -> Iterator[tuple[str, dict[str, list[str]], str | None]]:
    """Yield (label, data, the name whose typed value should come back) for each attack.

    The other fields keep what the page rendered, with blanks answered plainly (a first
    option, a few words, a real date): so a hostile value meets an otherwise complete form
    and reaches the service, not only the "required" messages.
    """
    names = [name for name in form.control_names() if name and name not in NOT_FUZZED]
    names = [name for name in names if form.kind_of(name) not in ("submit", "button", "file")]
    if any(control.kind == "password" for control in form.controls):
        # Blanks stay blank: the form refuses the post before any password is checked,
        # so no account is locked out and the persona stays signed in.
        defaults = form.defaults()
    else:
        defaults = form.completed(text=PLAIN_TEXT, email=PLAIN_EMAIL, number="5")
    groups = date_groups(names)
    names = first_of_each_family(names, groups)
    filled = dict(defaults)
    for group in groups:
        if not any(value for box in group for value in defaults.get(box, [])):
            filled.update({box: [part] for box, part in zip(group, REAL_DATE, strict=True)})
    later_boxes = {box for group in groups for box in group[1:]}
    for name in names:
        numeric_only = name in later_boxes or form.kind_of(name) in CHOICE_KINDS
        for label, value in HOSTILE.items():
            if numeric_only and label not in NUMBERS:
                continue
            yield f"{name}={label}", {**filled, name: [value]}, name
    for group in groups:
        impossible = {box: [part] for box, part in zip(group, IMPOSSIBLE_DATE, strict=True)}
        yield f"{group[0][:-2]}=31 2 2024", {**filled, **impossible}, None
    if not names:
        yield "as rendered", filled, None


def shown_again(typed: str) -> set[str]:
    """Return the values that count as showing ``typed`` again."""
    return {typed, typed.replace("\x00", "\ufffd"), typed.replace("\x00", "")}


def assert_typed_value_is_shown_again(
    html: str, form: HtmlForm, name: str, typed: str, where: str
) -> None:
    if form.kind_of(name) not in TEXT_KINDS:
        return
    again = [f for f in forms_in(html) if f.method == "post" and name in f.control_names()]
    assert again, f"{where}: the form came back without the field {name!r}"
    shown = again[0].value_of(name)
    assert shown in shown_again(typed), f"{where}: {name!r} lost what was typed"


def is_version(name: str) -> bool:
    """Return whether the field carries the version the page was rendered at."""
    return name == "version" or name.startswith("version_")


def same_form_again(client: Client, url: str, form: HtmlForm) -> HtmlForm | None:
    """Return the form as the page renders it now, if the page still has it."""
    response = client.get(url)
    if response.status_code != 200:
        return None
    return next(
        (
            again
            for again in forms_in(response.content.decode())
            if again.action == form.action and again.control_names() == form.control_names()
        ),
        None,
    )


def send(client: Client, form: HtmlForm, url: str, data: dict[str, list[str]]) -> Any:
    target = form.action or url
    if form.method == "post":
        return client.post(target, data)
    return client.get(f"{target}?{urlencode(data, doseq=True)}")


def page_forms(client: Client, url: str) -> list[HtmlForm]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        form
        for form in forms_in(response.content.decode())
        if form.action != SIGN_OUT and not (form.method == "get" and not form.controls)
    ]


@pytest.mark.parametrize("url_name", FUZZED_URLS)
def test_hostile_values_in_every_field_get_an_answer_not_a_crash(
    request, url_name, care_setting, home_la, rich_world
):
    builder, _ = MATRIX[url_name]
    url = reverse(url_name, kwargs=builder(Places(care_setting, home_la, request)))
    client = client_for(request, persona_for(url_name))
    if "html" not in client.get(url).get("Content-Type", ""):
        pytest.skip("not an HTML page")
    for index, rendered in enumerate(page_forms(client, url)):
        form = rendered
        for label, data, name in hostile_variants(rendered):
            where = f"{url} form {index} ({form.method}) {label}"
            # After a save the page is read again for its new versions, as a person would.
            versions = {k: v for k, v in form.defaults().items() if is_version(k) and k != name}
            response = send(client, form, url, {**data, **versions})
            assert response.status_code < 500, where
            saved = response.status_code in (301, 302, 303) and form.method == "post"
            if saved and any(is_version(k) for k in form.control_names()):
                form = same_form_again(client, url, rendered) or form
            content = response.content.decode(errors="replace")
            assert HOSTILE["HTML"] not in content, f"{where}: echoed unescaped"
            if response.status_code == 200 and name and form.method == "post":
                typed = data[name][0]
                assert_typed_value_is_shown_again(content, form, name, typed, where)


@pytest.mark.parametrize("url_name", FUZZED_URLS)
def test_hostile_query_parameters_get_an_answer_not_a_crash(
    request, url_name, care_setting, home_la, rich_world
):
    builder, _ = MATRIX[url_name]
    url = reverse(url_name, kwargs=builder(Places(care_setting, home_la, request)))
    client = client_for(request, persona_for(url_name))
    for label, value in HOSTILE.items():
        query = urlencode(dict.fromkeys(QUERY_PARAMETERS, value))
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, f"{url} ?…={label}"
        if "html" in response.get("Content-Type", ""):
            assert HOSTILE["HTML"] not in response.content.decode(errors="replace")


ID_URLS = [
    name
    for name in FUZZED_URLS
    if any(param.endswith("_id") for param in URL_PARAMS.get(name, ()))
]


@pytest.mark.parametrize("url_name", ID_URLS)
@pytest.mark.parametrize("record_id", ["99999999999999999999", str(2**63), str(2**31)])
def test_a_huge_id_in_the_address_gets_an_answer_not_a_crash(
    request, url_name, record_id, care_setting, home_la, rich_world
):
    builder, _ = MATRIX[url_name]
    kwargs = builder(Places(care_setting, home_la, request))
    kwargs = {k: (record_id if k.endswith("_id") else v) for k, v in kwargs.items()}
    client = client_for(request, persona_for(url_name))

    response = client.get(reverse(url_name, kwargs=kwargs))

    # Not found for most; refused (403) where the grant is checked before the lookup.
    assert response.status_code in (403, 404)
