"""Read the forms of a rendered page the way a browser sends them.

``forms_in(html)`` returns every ``<form>`` with its controls in page order (``controls``)
and, read from them, what submitting it unchanged would send (``fields``): text, hidden
and other inputs with their values, textareas, the selected options of selects (the first
option when none is selected, as browsers do) and checked checkboxes and radios. It also
lists the values each radio group, checkbox group and select offers (``options``), and the
named submit buttons (``buttons``), which a browser sends only when clicked.

Two kinds of test post with it: the write matrix overlays its own values on ``fields``
(``data``), so rows keep working as forms gain hidden fields (version checks, submission
tokens); the form fuzzer presses the first button (``defaults``), answers the blanks
(``completed``) and reads back what a page shows in a box (``value_of``).
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
class FormField:
    """One control: its name, kind (``text``, ``hidden``, ``radio``, ``select``, ``submit``…)
    and value; a select's offered and selected values."""

    name: str
    kind: str
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class HtmlForm:
    """One ``<form>`` of a page."""

    method: str
    # The action attribute as written; None when the form has none.
    action: str | None
    controls: list[FormField] = field(default_factory=list)

    # --- What the form sends --------------------------------------------------------------

    @property
    def fields(self) -> dict[str, list[str]]:
        """Return what submitting the form unchanged sends, buttons aside: name -> values."""
        sent: dict[str, list[str]] = {}
        for control in self.controls:
            if not control.name:
                continue
            if control.kind in ("checkbox", "radio"):
                values = [control.value] if control.checked else []
            elif control.kind == "select":
                values = control.selected
                if not values and not control.multiple and control.options:
                    values = control.options[:1]  # a single select always sends something
            elif control.kind == "textarea" or control.kind in _VALUE_TYPES:
                values = [control.value]
            else:
                continue
            if values:
                sent.setdefault(control.name, []).extend(values)
        return sent

    @property
    def options(self) -> dict[str, list[str]]:
        """Return the values each radio group, checkbox group and select offers."""
        offered: dict[str, list[str]] = {}
        for control in self.controls:
            if control.kind in ("checkbox", "radio"):
                offered.setdefault(control.name, []).append(control.value)
            elif control.kind == "select":
                offered.setdefault(control.name, []).extend(control.options)
        return offered

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """Return the named submit buttons as (name, value); sent only when clicked."""
        return [
            (control.name, control.value)
            for control in self.controls
            if control.kind in _BUTTON_TYPES and control.name
        ]

    @property
    def files(self) -> list[str]:
        """Return the names of file inputs, never filled in."""
        return [control.name for control in self.controls if control.kind == "file"]

    @property
    def names(self) -> set[str]:
        """Return every name the form can send, buttons and files included."""
        return (
            set(self.fields)
            | set(self.options)
            | {name for name, _ in self.buttons}
            | set(self.files)
        )

    def control_names(self) -> list[str]:
        """Return each control name once, in page order ("" for an unnamed button)."""
        return list(dict.fromkeys(control.name for control in self.controls))

    def kind_of(self, name: str) -> str:
        return next(control.kind for control in self.controls if control.name == name)

    def value_of(self, name: str) -> str | None:
        """Return the value shown in a text box or text area, or None if there is none."""
        for control in self.controls:
            if control.name == name and control.kind not in ("radio", "checkbox", "select"):
                return control.value
        return None

    # --- Where it goes ---------------------------------------------------------------------

    def action_path(self, *, page_url: str) -> str:
        """Return the path the form sends to: with no action, or an empty one, its page."""
        return urlsplit(urljoin(page_url, self.action) if self.action else page_url).path

    def posts_to(self, path: str, *, page_url: str) -> bool:
        """Return whether the form is a POST form whose action is ``path``."""
        return self.method == "post" and self.action_path(page_url=page_url) == path

    # --- Filling it in ---------------------------------------------------------------------

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

    def defaults(self) -> dict[str, list[str]]:
        """Return what a browser submits untouched, pressing the form's first button."""
        data: dict[str, list[str]] = {}
        pressed = False
        for control in self.controls:
            if control.kind in ("submit", "button", "image"):
                if not pressed and control.name:
                    data.setdefault(control.name, []).append(control.value)
                pressed = True
            elif control.kind in ("radio", "checkbox"):
                if control.checked:
                    data.setdefault(control.name, []).append(control.value)
            elif control.kind == "select":
                data[control.name] = [control.value or (control.options or [""])[0]]
            elif control.kind != "file":
                data.setdefault(control.name, []).append(control.value)
        return data

    def completed(self, *, text: str, email: str, number: str) -> dict[str, list[str]]:
        """Return the defaults with every blank answered, as a person filling it in would.

        A radio group with nothing chosen gets its first option, a group of checkboxes its
        first box, a select its first real option, a blank box ``text`` (``email`` or
        ``number`` by its type). Boxes named like a date's day, month and year are left to
        the caller.
        """
        data = self.defaults()
        boxes = [control.name for control in self.controls if control.kind == "checkbox"]
        for control in self.controls:
            name, kind = control.name, control.kind
            if not name or kind in ("submit", "button", "image", "file", "hidden", "password"):
                continue
            blank = data.get(name) in ([""], [], None)
            if kind == "radio" and blank:
                data[name] = [control.value]
            elif kind == "checkbox" and blank and boxes.count(name) > 1:
                data[name] = [control.value]  # a group such as "areas": tick the first
            elif kind == "select" and blank:
                data[name] = [next((o for o in control.options if o), "")]
            elif (
                kind in ("text", "textarea", "email", "number")
                and blank
                and name[-2:] not in ("_0", "_1", "_2")
            ):
                data[name] = [{"email": email, "number": number}.get(kind, text)]
        return data


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: FormField | None = None
        # The option being read: its value attribute (None without one) and selected flag.
        self._option: tuple[str | None, bool] | None = None
        self._option_text: list[str] = []
        self._textarea: FormField | None = None

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
        name = attributes.get("name", "")
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if not name and kind != "submit":
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._add(
                name, kind, attributes.get("value", default), checked="checked" in attributes
            )
        elif tag == "button":
            self._add(name, attributes.get("type", "submit").lower(), attributes.get("value", ""))
        elif tag == "select" and name:
            self._select = self._add(name, "select", multiple="multiple" in attributes)
        elif tag == "option" and self._select is not None:
            self._close_option()
            self._option = (attributes.get("value"), "selected" in attributes)
            self._option_text = []
        elif tag == "textarea" and name:
            self._textarea = self._add(name, "textarea")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The parser keeps the newline that HTML drops right after <textarea>.
            text = self._textarea.value
            self._textarea.value = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        elif self._option is not None:
            self._option_text.append(data)

    def _add(self, name: str, kind: str, value: str = "", **flags: bool) -> FormField:
        assert self._form is not None
        control = FormField(name, kind, value, **flags)
        self._form.controls.append(control)
        return control

    def _close_option(self) -> None:
        if self._option is None or self._select is None:
            self._option = None
            return
        value, selected = self._option
        if value is None:
            value = " ".join("".join(self._option_text).split())
        self._select.options.append(value)
        if selected:
            self._select.selected.append(value)
            self._select.value = value
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
