"""Vietnamese-aware text for search: one folding for the indexed text and the query alike.

``fold`` lower-cases, removes every tone and vowel mark (NFD, then the combining marks dropped),
turns ``đ``/``Đ`` into ``d`` (Unicode gives them no decomposition, so NFD alone keeps them) and
reduces everything that is not a letter or a digit to single spaces: "Đảng bộ, Dân vận!" and
"dang bo dan van" fold to the same words, so either finds the other on both databases.

The folding is character by character and keeps every character's place: ``fold_in_place``
gives a string exactly as long as its input, so a match found in the folded text is at the same
offsets in the original (``snippets.py`` highlights accented words for a query typed without
accents that way). ``fold`` is that string with the placeholders of combining marks removed and
the separators collapsed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import nh3

# Stands, in a folded text, for a combining mark of the original (the text was decomposed):
# it belongs to the word before it and is dropped by ``fold``. Never a character of the
# folded output itself, since every control character of the input folds to a space.
MARK = "\x01"
# Longer "words" are pasted links or noise: neither indexed nor looked for, on both databases
# (PostgreSQL refuses lexemes over 2 KB).
MAX_WORD = 60
# Block-level tags end a word: "<td>Dân</td><td>vận</td>" is two words, not "Dânvận".
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|br|hr|h[1-6]|div|blockquote|ul|ol|li|dl|dt|dd|figure|figcaption|table|thead|"
    r"tbody|tfoot|tr|th|td|caption|img|pre)\b)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def _fold_char(char: str) -> str:
    """One character folded to exactly one: a letter or digit, a space, or ``MARK``."""
    if char in "đĐ":
        return "d"
    if unicodedata.category(char).startswith("M"):
        return MARK
    bare = "".join(
        part
        for part in unicodedata.normalize("NFD", char.casefold())
        if not unicodedata.category(part).startswith("M")
    )
    if len(bare) == 1:
        return bare if bare.isalnum() else " "
    # "ß" → "ss", "ﬁ" → "fi": kept as the letter itself (lower case) so that folding never
    # changes a text's length; both sides fold alike, so searching still works.
    lower = char.lower()
    if len(lower) == 1 and lower.isalnum():
        return lower
    return char if char.isalnum() else " "


class _FoldTable(dict[int, str]):
    """``str.translate`` table for ``_fold_char``, filled on first sight of each character.

    A memo of a pure function of one code point, not a cache of site data; it stops growing
    at ``LIMIT`` entries (a query of unusual characters cannot fill memory).
    """

    LIMIT = 20_000

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_in_place(text: str) -> str:
    """``text`` folded character by character: same length, same offsets (see module doc)."""
    return text.translate(_FOLD)


def fold(text: str) -> str:
    """The searchable form of ``text``: folded words separated by single spaces.

    >>> fold("Đảng bộ, Dân vận!")
    'dang bo dan van'
    """
    return " ".join(fold_in_place(text).replace(MARK, "").split())


def words(text: str) -> list[str]:
    """The folded words of ``text`` that are indexed and looked for (not too long)."""
    return [word for word in fold(text).split() if len(word) <= MAX_WORD]


def index_text(text: str) -> str:
    """What the index stores for ``text``: its words, space-separated."""
    return " ".join(words(text))


@lru_cache(maxsize=4096)
def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def exact_words(text: str) -> list[str]:
    """The words of ``text`` lower-cased with their diacritics kept (NFC), "Đảng" → "đảng".

    Used to rank a match with the diacritics the reader typed above one without them.
    """
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    spaced = "".join(char if _is_word_char(char) else " " for char in lowered)
    return [word for word in spaced.split() if len(word) <= MAX_WORD]


def has_diacritics(text: str) -> bool:
    """True when folding changes a letter of ``text`` beyond its case ("dân", "đi")."""
    return fold(text) != " ".join(exact_words(text))


def html_to_text(fragment: str) -> str:
    """The plain text of an (already sanitised) HTML fragment: tags gone, entities decoded,
    white space folded. "<p>a &lt;b&gt;</p>" → "a <b>"; the result must be escaped again before
    it goes into a page."""
    spaced = _BLOCK_TAG.sub(" <", fragment or "")
    return _SPACES.sub(" ", html.unescape(nh3.clean(spaced, tags=set()))).strip()


# Telex, the usual Vietnamese keyboard, types "đường" as "dduwowngf"; when the keyboard program
# is off, that is what lands in the box. A word that reads as a Telex syllable is also looked
# for as the syllable it spells ("vanj" → "van", "ddaang" → "dang").
_FINAL = "(?:c|ch|m|n|ng|nh|p|t)"
# The tone key comes last ("vieetj") or before the final consonants ("vieejt").
_TELEX_TONE = re.compile(
    rf"^(?P<stem>.*[aeiouyw]{_FINAL}?)[sfrxj]$|^(?P<head>.*[aeiouyw])[sfrxj](?P<final>{_FINAL})$"
)
_TELEX_MARKS = (("dd", "d"), ("aa", "a"), ("ee", "e"), ("oo", "o"), ("aw", "a"), ("ow", "o"))
_SYLLABLE = re.compile(
    r"^(?:b|c|ch|d|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)?"
    rf"[aeiouy]{{1,3}}{_FINAL}?$"
)


def telex_reading(word: str) -> str | None:
    """The folded syllable a Telex-typed ``word`` spells, or None when it spells none.

    >>> telex_reading("dduwowngf"), telex_reading("vieetj"), telex_reading("van")
    ('duong', 'viet', None)
    """
    if len(word) < 2 or not (word.isascii() and word.isalpha()):
        return None
    reading = word
    if tone := _TELEX_TONE.match(reading):
        reading = tone["stem"] or tone["head"] + tone["final"]
    for typed, letter in _TELEX_MARKS:
        reading = reading.replace(typed, letter)
    reading = reading.replace("w", "u")  # "uw" is ư, and a lone "w" too
    reading = re.sub(r"u{2,}", "u", reading)
    if reading == word or not _SYLLABLE.match(reading):
        return None
    return reading
