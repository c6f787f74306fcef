"""Read the forms of a rendered page the way a browser sends them.

``forms_in(html)`` returns every ``<form>`` with what submitting it unchanged would send:
text, hidden and other inputs with their values, textareas, the selected options of
selects (the first option when none is selected, as browsers do) and checked checkboxes
and radios. It also lists the values each radio group, checkbox group and select offers,
and the named submit buttons, which a browser sends only when clicked.

Tests post what a page offers, overlaid with their own values, so they keep working as
forms gain hidden fields (version checks, submission tokens).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

# Inputs whose value is typed or carried, sent as they are.
_VALUE_TYPES = frozenset(
    {
        "",
        "text",
        "hidden",
        "email",
        "password",
        "number",
        "search",
        "tel",
        "url",
        "date",
        "datetime-local",
        "month",
        "week",
        "time",
        "color",
        "range",
    }
)
_BUTTON_TYPES = frozenset({"submit", "image"})


@dataclass
class HtmlForm:
    """One ``<form>`` of a page."""

    method: str
    action: str | None
    # What submitting the form unchanged sends: name -> values, in document order.
    fields: dict[str, list[str]] = field(default_factory=dict)
    # Values a radio group, checkbox group or select offers: name -> values.
    options: dict[str, list[str]] = field(default_factory=dict)
    # Named submit buttons: (name, value); sent only when clicked.
    buttons: list[tuple[str, str]] = field(default_factory=list)
    # Names of file inputs, never filled in.
    files: list[str] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        """Return every name the form can send, buttons and files included."""
        return (
            set(self.fields)
            | set(self.options)
            | {name for name, _ in self.buttons}
            | set(self.files)
        )

    def action_path(self, *, page_url: str) -> str:
        """Return the path the form sends to: with no action, or an empty one, its page."""
        return urlsplit(urljoin(page_url, self.action) if self.action else page_url).path

    def posts_to(self, path: str, *, page_url: str) -> bool:
        """Return whether the form is a POST form whose action is ``path``."""
        return self.method == "post" and self.action_path(page_url=page_url) == path

    def data(self, overrides: Mapping[str, Any] | None = None) -> dict[str, list[str]]:
        """Return the form's values with ``overrides`` in place of theirs.

        An override replaces every value of its name; a list or tuple gives several
        values (ticked checkboxes), ``None`` removes the name (an unticked checkbox).
        """
        data = {name: list(values) for name, values in self.fields.items()}
        for name, value in (overrides or {}).items():
            if value is None:
                data.pop(name, None)
            elif isinstance(value, list | tuple | set | frozenset):
                data[name] = [str(item) for item in value]
            else:
                data[name] = [str(value)]
        return data


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        # The select being read: (name, multiple, selected values, first option value).
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._option: dict[str, str | None] | None = None
        self._option_text: list[str] = []
        self._textarea: str | None = None
        self._textarea_text: list[str] = []

    # --- Structure ---------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self._form = HtmlForm(
                method=(attributes.get("method") or "get").strip().lower(),
                action=attributes.get("action"),
            )
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attributes:
            if tag == "option" and self._select is not None:
                self._close_option()  # a disabled option is never sent
            return
        if tag == "input":
            self._input(attributes)
        elif tag == "button":
            kind = attributes.get("type", "submit").lower()
            if kind == "submit" and attributes.get("name"):
                self._form.buttons.append((attributes["name"], attributes.get("value", "")))
        elif tag == "select" and attributes.get("name"):
            self._select = (attributes["name"], "multiple" in attributes, [], [])
            self._form.options.setdefault(attributes["name"], [])
        elif tag == "option" and self._select is not None:
            self._close_option()
            self._option = {"value": attributes.get("value"), "selected": None}
            if "selected" in attributes:
                self._option["selected"] = "selected"
            self._option_text = []
        elif tag == "textarea" and attributes.get("name"):
            self._textarea = attributes["name"]
            self._textarea_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None and self._form is not None:
            self._close_option()
            name, multiple, selected, first = self._select
            if not selected and not multiple and first:
                selected = first[:1]  # a single select always sends something
            for value in selected:
                self._form.fields.setdefault(name, []).append(value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._textarea_text)
            # The parser keeps the newline that HTML drops right after <textarea>.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self._form.fields.setdefault(self._textarea, []).append(text)
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea_text.append(data)
        elif self._option is not None:
            self._option_text.append(data)

    # --- Pieces ------------------------------------------------------------------------

    def _input(self, attributes: dict[str, str]) -> None:
        assert self._form is not None
        name = attributes.get("name")
        kind = attributes.get("type", "text").lower()
        if not name:
            return
        if kind in ("checkbox", "radio"):
            value = attributes.get("value", "on")
            self._form.options.setdefault(name, []).append(value)
            if "checked" in attributes:
                self._form.fields.setdefault(name, []).append(value)
        elif kind in _BUTTON_TYPES:
            self._form.buttons.append((name, attributes.get("value", "")))
        elif kind == "file":
            self._form.files.append(name)
        elif kind in _VALUE_TYPES:
            self._form.fields.setdefault(name, []).append(attributes.get("value", ""))

    def _close_option(self) -> None:
        if self._option is None or self._select is None or self._form is None:
            self._option = None
            return
        name, _multiple, selected, first = self._select
        value = self._option["value"]
        if value is None:
            value = " ".join("".join(self._option_text).split())
        self._form.options[name].append(value)
        if not first:
            first.append(value)
        if self._option["selected"]:
            selected.append(value)
        self._option = None


def forms_in(html: str | bytes) -> list[HtmlForm]:
    """Return the forms of the page, in document order."""
    parser = _FormParser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    parser.close()
    return parser.forms


def post_forms_to(html: str | bytes, path: str, *, page_url: str) -> list[HtmlForm]:
    """Return the page's POST forms whose action is ``path`` (see ``HtmlForm.posts_to``)."""
    return [form for form in forms_in(html) if form.posts_to(path, page_url=page_url)]
