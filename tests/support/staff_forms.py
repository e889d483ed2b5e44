"""What a browser would post from a staff screen's form: its fields as they are filled in."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """Collects the successful controls of the first <form> whose class has ``css_class``."""

    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.inside = False
        self.done = False
        self.fields: dict[str, str] = {}
        self.textarea: str | None = None
        self.textareas: set[str] = set()
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and not self.done:
            self.inside = self.css_class in attributes.get("class", "").split()
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in {"file", "submit", "button", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self.fields[name] = attributes.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.textareas.add(name)
            self.fields[name] = ""
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attributes:
            self.fields[self.select] = attributes.get("value", "")

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str, css_class: str) -> dict[str, str]:
    """The fields the form of class ``css_class`` would send (no files, no buttons)."""
    parser = _FormFields(css_class)
    parser.feed(html)
    parser.close()
    assert parser.done, f"no form of class {css_class!r}"
    # A textarea's first newline belongs to the markup, not to its value (HTML's parsing rule).
    return {
        name: value.removeprefix("\n") if name in parser.textareas else value
        for name, value in parser.fields.items()
    }
