"""A comment's text: plain text shown escaped, its links clickable but ``nofollow ugc``; and
the names residents may not write under.

Nothing a resident types is ever read as HTML: the text is cut at the links it holds, every
piece is escaped, and only ``http``/``https`` links become ``<a>`` (whose address and words are
escaped too). Line breaks are kept (``<br>``), paragraphs at blank lines.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..search.text import fold

# A web address up to the next space or angle bracket; punctuation that ends a sentence after
# it ("xem https://a.vn/b.") is not part of it.
LINK = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}…"
PARAGRAPHS = re.compile(r"\n\s*\n")

# Names that would make a resident's comment read as the committee's own words, folded
# (search/text.py: no diacritics, lower case, single spaces): "Ban Biên Tập", "ban bien tap",
# "BAN-BIÊN-TẬP" all fold to "ban bien tap". Matched as whole words anywhere in the name. The
# price: a person really called "Nguyễn Quân Trí" (folds to "... quan tri") is refused too, with
# a message asking for the name written another way; a false "Quản trị" costs more. The
# committee speaks in answers, under a staff member's name, never in a resident's comment.
STAFF_NAMES = (
    "ban bien tap",
    "bien tap vien",
    "bbt",
    "quan tri",
    "quan tri vien",
    "admin",
    "administrator",
    "moderator",
    "ban dan van",
    "dan van tinh uy",
    "toa soan",
    "webmaster",
)
_SQUEEZED = frozenset(name.replace(" ", "") for name in STAFF_NAMES)
_STAFF_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in STAFF_NAMES) + r")\b")


def imitates_staff(name: str) -> bool:
    """True when ``name`` reads as the editors', the administrators' or the committee's."""
    folded = fold(name)
    # "B.B.T", "A d m i n": letters split by dots or spaces read as the word.
    squeezed = folded.replace(" ", "")
    return bool(_STAFF_PATTERN.search(folded)) or squeezed in {
        n.replace(" ", "") for n in STAFF_NAMES
    }


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
