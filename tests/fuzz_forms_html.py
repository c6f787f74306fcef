"""Read the forms of a page as a browser would, to post them back with changed values."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class FormField:
    """One named control: its kind (``text``, ``hidden``, ``radio``, ``select`` …) and value."""

    name: str
    kind: str
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class HtmlForm:
    """A ``<form>`` with its method, action and controls in page order."""

    method: str
    action: str
    fields: list[FormField] = field(default_factory=list)

    def names(self) -> list[str]:
        """Return each control name once, in page order."""
        return list(dict.fromkeys(control.name for control in self.fields))

    def kind_of(self, name: str) -> str:
        return next(control.kind for control in self.fields if control.name == name)

    def defaults(self) -> dict[str, list[str]]:
        """Return what a browser submits untouched, pressing the form's first button."""
        data: dict[str, list[str]] = {}
        pressed = False
        for control in self.fields:
            if control.kind in ("submit", "button"):
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
        boxes = [control.name for control in self.fields if control.kind == "checkbox"]
        for control in self.fields:
            name, kind = control.name, control.kind
            if not name or kind in ("submit", "button", "file", "hidden", "password"):
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

    def value_of(self, name: str) -> str | None:
        """Return the value shown in a text box or text area, or None if there is none."""
        for control in self.fields:
            if control.name == name and control.kind not in ("radio", "checkbox", "select"):
                return control.value
        return None


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self.form: HtmlForm | None = None
        self.textarea: FormField | None = None
        self.select: FormField | None = None
        self.option_value: str | None = None
        self.option_text = ""
        self.option_selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = HtmlForm(
                method=attr.get("method", "get").lower(), action=attr.get("action", "")
            )
            self.forms.append(self.form)
            return
        if self.form is None or "disabled" in attr:
            return
        name = attr.get("name", "")
        if tag == "input":
            kind = attr.get("type", "text").lower()
            if not name and kind != "submit":
                return
            if kind in ("radio", "checkbox"):
                value = attr.get("value", "on")
            else:
                value = attr.get("value", "")
            self.form.fields.append(FormField(name, kind, value, checked="checked" in attr))
        elif tag == "button":
            kind = attr.get("type", "submit").lower()
            self.form.fields.append(FormField(name, kind, attr.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = FormField(name, "textarea")
            self.form.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = FormField(name, "select")
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option_value = attr.get("value")
            self.option_text = ""
            self.option_selected = "selected" in attr

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data
        elif self.select is not None and self.option_value is None:
            self.option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            # The HTML parser drops the newline that follows <textarea>, as browsers do.
            self.textarea.value = self.textarea.value.removeprefix("\n")
            self.textarea = None
        elif tag == "option" and self.select is not None:
            value = self.option_value if self.option_value is not None else self.option_text
            self.select.options.append(value)
            if self.option_selected:
                self.select.value = value
            self.option_value = None
        elif tag == "select":
            self.select = None


def forms_of(html: str) -> list[HtmlForm]:
    """Return every form of the page."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms
