"""Article bodies: staff write Markdown (raw HTML allowed), residents get sanitised HTML.

Why Markdown: it is plain text in a plain <textarea>, so it needs no editor script and works
under the strict Content-Security-Policy and without JavaScript; staff pasting HTML from the old
site still works because CommonMark passes HTML blocks through. Whatever comes out goes through
nh3 (``danvan.core.text.sanitize_html``, applied on every ``Article.body_html`` assignment and on
every preview), which is the one place that decides what may reach a resident.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from ..core.text import sanitize_html

# CommonMark plus tables and strikethrough; markdown-it's own link check already refuses
# javascript:, vbscript:, file: and most data: links, nh3 refuses the rest.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


# The page's title is its only <h1>; body headings live at h2-h4 (what the sanitiser allows).
_HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}


def render_body(source: str) -> str:
    """The sanitised HTML of a Markdown body (``#`` headings become <h2>)."""
    env: dict = {}
    tokens = _markdown.parse(source or "", env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_LEVELS.get(token.tag, token.tag)
    return sanitize_html(_markdown.renderer.render(tokens, _markdown.options, env))
