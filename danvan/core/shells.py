"""Rendered pages kept as shells with holes, so a page view costs a string join, not a render.

Most of a public page is the same for every visitor for seconds at a time: the article, the
sidebar, the layout. What is not (the CSRF token, the view count, the rating block, the
statistics block) is left as a named hole when the shell is rendered, and filled per request.
A shell is rendered by the ordinary templates with hole markers passed in place of those
values, so there is one template for both paths.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

# A hole is U+001E, a random key drawn once per process, the name, U+001E. Content cannot
# forge one whatever it holds, even if it reached the database around the forms: the key is
# only ever in this process's memory (every shell is filled before it is sent). And U+001E
# left over in the literal text (content that holds it) is removed, so it never reaches a page.
_MARK = "\x1e"
_KEY = secrets.token_hex(16)
_HOLE_PATTERN = re.compile(f"{_MARK}{_KEY}:([a-z_]+){_MARK}")


def hole(name: str) -> Markup:
    """The marker that stands for the value ``name`` in a shell."""
    return Markup(f"{_MARK}{_KEY}:{name}{_MARK}")  # noqa: S704 - names are our own constants


@dataclass(frozen=True)
class Shell:
    """A rendered page split at its holes: literal text at even indexes, hole names at odd."""

    parts: tuple[str, ...]

    @classmethod
    def from_html(cls, html: str, allowed: frozenset[str] | None = None) -> Shell:
        """Split ``html`` at its holes; with ``allowed``, refuse a hole not declared there."""
        parts = _HOLE_PATTERN.split(html)
        parts[::2] = [text.replace(_MARK, "") for text in parts[::2]]
        shell = cls(tuple(parts))
        if allowed is not None and not shell.holes <= allowed:
            raise ValueError(f"undeclared holes in a shell: {sorted(shell.holes - allowed)}")
        return shell

    @property
    def holes(self) -> frozenset[str]:
        """The names of the holes this shell has."""
        return frozenset(self.parts[1::2])

    def fill(self, values: Mapping[str, str | Callable[[], str]]) -> str:
        """The page with every hole replaced by its value (callables are called once each)."""
        out = list(self.parts)
        for index in range(1, len(out), 2):
            value = values[out[index]]
            out[index] = value() if callable(value) else value
        return "".join(out)
