"""A comment's text: plain text shown escaped, its links clickable but ``nofollow ugc``; and
the names residents may not write under.

Nothing a resident types is ever read as HTML: the text is cut at the links it holds, every
piece is escaped, and only ``http``/``https`` links become ``<a>`` (whose address and words are
escaped too). Line breaks are kept (``<br>``), paragraphs at blank lines.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

from ..search.text import fold, fold_in_place

# A web address up to the next space or angle bracket; punctuation that ends a sentence after
# it ("xem https://a.vn/b.") is not part of it.
LINK = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}…"
PARAGRAPHS = re.compile(r"\n\s*\n")

# Names that would make a resident's comment read as the committee's own words, found folded
# (search/text.py: no diacritics, lower case): "Ban Biên Tập", "ban bien tap", "BAN-BIÊN-TẬP".
# Matched as whole words anywhere in the name. A match counts when the words are written
# without any diacritics (they could be either) or with the phrase's own: "Quản trị" and
# "Quan tri" are refused, a person really called "Nguyễn Quân Trí" (also "quan tri" folded) is
# not. The committee speaks in answers, under a staff member's name, never in a comment.
STAFF_NAMES: dict[str, tuple[str, ...]] = {
    "ban bien tap": ("ban biên tập",),
    "bien tap vien": ("biên tập viên",),
    "bbt": (),
    "quan tri": ("quản trị",),
    "quan tri vien": ("quản trị viên",),
    "admin": (),
    "administrator": (),
    "moderator": (),
    "ban dan van": ("ban dân vận",),
    "dan van tinh uy": ("dân vận tỉnh ủy", "dân vận tỉnh uỷ"),
    "toa soan": ("tòa soạn", "toà soạn"),
    "webmaster": (),
}
_SEPARATORS = re.compile(r"[^0-9a-z]+")
_STAFF_PATTERN = re.compile(
    r"(?<![0-9a-z])(?:"
    + "|".join(r"[^0-9a-z]+".join(map(re.escape, name.split())) for name in STAFF_NAMES)
    + r")(?![0-9a-z])"
)


def _reads_as(written: str, folded: str) -> bool:
    """True when ``written`` (the name's words that fold to the staff phrase ``folded``) has no
    diacritics, or exactly the phrase's own."""
    words = " ".join(_SEPARATORS.sub(" ", fold_in_place(written)).split())
    if words == " ".join(_SEPARATORS.sub(" ", written.lower()).split()):
        return True  # written without diacritics: it may be either, so it reads as staff
    plain = " ".join(re.sub(r"[^\w]+", " ", written.lower()).split())
    return plain in STAFF_NAMES[words]


def imitates_staff(name: str) -> bool:
    """True when ``name`` reads as the editors', the administrators' or the committee's."""
    name = unicodedata.normalize("NFC", name)
    folded = fold_in_place(name)  # one character for one: a match's place is the name's too
    for match in _STAFF_PATTERN.finditer(folded):
        if _reads_as(name[match.start() : match.end()], match.group(0)):
            return True
    # "B.B.T", "A d m i n": letters split by dots or spaces read as the word.
    squeezed = fold(name).replace(" ", "")
    return squeezed in {staff.replace(" ", "") for staff in STAFF_NAMES}


def _link(address: str) -> str:
    shown = escape(address)
    return f'<a href="{shown}" rel="nofollow ugc">{shown}</a>'


def _line_html(line: str) -> str:
    parts: list[str] = []
    position = 0
    for match in LINK.finditer(line):
        address = match.group(0).rstrip(TRAILING)
        start, end = match.start(), match.start() + len(address)
        parts.append(str(escape(line[position:start])))
        parts.append(_link(address))
        position = end
    parts.append(str(escape(line[position:])))
    return "".join(parts)


def comment_html(text: str) -> Markup:
    """The comment as HTML: escaped paragraphs with line breaks, links ``nofollow ugc``."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip("\n") for part in PARAGRAPHS.split(normalised) if part.strip()]
    html = "".join(
        "<p>" + "<br>".join(_line_html(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return Markup(html)  # noqa: S704 - every piece above was escaped
