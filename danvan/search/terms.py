"""What a reader's query looks for: its words folded, their Telex readings, its diacritics."""

from __future__ import annotations

from dataclasses import dataclass

from .text import exact_words, has_diacritics, telex_reading, words

MAX_WORDS = 10  # more words than this add cost and almost never a better answer


@dataclass(frozen=True)
class Terms:
    """What a query looks for (hashable: a cache key)."""

    words: tuple[str, ...]  # folded, in the order typed, without repeats
    choices: tuple[tuple[str, ...], ...]  # for each word: itself, and its Telex reading
    exact: tuple[str, ...] = ()  # the words with their diacritics, when any were typed

    def __bool__(self) -> bool:
        return bool(self.words)

    def every_form(self) -> tuple[str, ...]:
        """Every folded form a matching word may have (for highlighting)."""
        return tuple(dict.fromkeys(form for choice in self.choices for form in choice))


def parse_query(raw: str) -> Terms:
    """The terms of a query typed by a reader; empty when it holds no letter or digit."""
    found = tuple(dict.fromkeys(words(raw)))[:MAX_WORDS]
    choices = tuple(
        (word, reading) if (reading := telex_reading(word)) else (word,) for word in found
    )
    exact: tuple[str, ...] = ()
    if has_diacritics(raw):
        accented = tuple(dict.fromkeys(exact_words(raw)))[:MAX_WORDS]
        exact = accented if len(accented) == len(found) else ()
    return Terms(found, choices, exact)
