"""Matching words highlighted in ``<mark>``, found in the original (accented) text.

The text is folded in place (``text.fold_in_place``: the same folding as the index, one
character for one), the query's words are found in the folded copy as whole words, and the
same offsets are cut from the original: "dan van" marks "Dân vận". Everything else is escaped,
so a body that says ``<script>`` or ``&lt;b&gt;`` shows those characters and never markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

from .text import MARK, fold_in_place

SNIPPET_LENGTH = 240  # characters of text around the first matches
_LEAD = 60  # of which, at most this many before the first match


@lru_cache(maxsize=512)
def _pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    # Between and after the letters of a word, the folded text may hold the placeholders of a
    # decomposed original's combining marks. Words are bounded by spaces in a folded text.
    alternatives = sorted(
        (MARK + "*").join(map(re.escape, form)) + MARK + "*" for form in forms if form
    )
    return re.compile("(?<![^ ])(?:" + "|".join(alternatives) + ")(?![^ ])")


def matches(text: str, forms: Iterable[str]) -> list[tuple[int, int]]:
    """The (start, end) offsets in ``text`` of the words that fold to one of ``forms``."""
    forms = tuple(sorted(set(forms)))
    if not forms or not text:
        return []
    return [match.span() for match in _pattern(forms).finditer(fold_in_place(text))]


def _marked(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None):
    end = len(text) if end is None else end
    parts: list[str] = []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(Markup("<mark>%s</mark>") % text[span_start:span_end])
        position = span_end
    parts.append(escape(text[position:end]))
    return Markup("").join(parts)


def highlight(text: str, forms: Iterable[str]) -> Markup:
    """All of ``text``, escaped, its matching words in ``<mark>`` (for a title)."""
    return _marked(text, matches(text, forms))


def _window(text: str, spans: list[tuple[int, int]], length: int) -> tuple[int, int]:
    """Where to cut ``length`` characters holding as many matching words as can be."""
    best_start, best_count = spans[0][0], 0
    last = 0  # spans[first:last] fit in a window opening _LEAD before spans[first]
    for first, (span_start, _) in enumerate(spans):
        last = max(last, first)
        while last < len(spans) and spans[last][1] <= span_start - _LEAD + length:
            last += 1
        if last - first > best_count:
            best_start, best_count = span_start, last - first
    start = max(0, best_start - _LEAD)
    end = min(len(text), start + length)
    # Cut at spaces, never inside a word.
    if start > 0 and (space := text.find(" ", start, best_start)) != -1:
        start = space + 1
    if end < len(text) and (space := text.rfind(" ", max(start, end - 30), end)) != -1:
        end = space
    return start, end


def snippet(text: str, forms: Iterable[str], length: int = SNIPPET_LENGTH) -> Markup | None:
    """About ``length`` characters of ``text`` around its first matching words, escaped, the
    words in ``<mark>``, "…" where it is cut; None when no word matches."""
    spans = matches(text, forms)
    if not spans:
        return None
    start, end = _window(text, spans, length)
    marked = _marked(text, spans, start, end)
    before = escape("… " if start > 0 else "")
    after = escape(" …" if end < len(text) else "")
    return before + marked + after


def opening(text: str, length: int = SNIPPET_LENGTH) -> Markup:
    """The start of ``text``, escaped, cut at a space (for a result that matched in its title)."""
    if len(text) <= length:
        return escape(text)
    cut = text.rfind(" ", 0, length)
    return escape(text[: cut if cut > 0 else length]) + Markup(" …")
