"""The editor writes Vietnamese with whole letters: one glyph per letter, from one font.

A font without precomposed Vietnamese letters (DejaVu Sans Mono, Linux's usual monospace) draws
"ổ" or "ế" as a base letter plus combining marks, stacked wrongly; a font missing some letters
borrows them from another, of another size and weight. Chromium says which fonts drew a text
and how many glyphs (DevTools' CSS.getPlatformFontsForNode): the editor's own font settings must
draw the sample with exactly one font and one glyph per character.
"""

from __future__ import annotations

from tests.e2e.test_publishing_browser import sign_in
from tests.support.live_clients import create_staff

SAMPLE = "Cơ cấu tổ chức, kết quả, Đảng ủy, người đứng đầu, Mặt trận Tổ quốc"


def fonts_drawing(page, selector: str) -> list[tuple[str, int]]:
    """(family, glyph count) of every platform font Chromium used for ``selector``'s text."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [(font["familyName"], font["glyphCount"]) for font in fonts]


def test_the_editor_draws_vietnamese_with_whole_letters(live_server, page, screenshot_dir):
    server = live_server()
    create_staff(server)
    sign_in(page, server)
    page.goto(server.url + "/quan-tri/bai-viet/moi")
    body = page.locator("textarea.editor__body")
    body.fill(SAMPLE)
    # A textarea's text lives in the browser's own shadow tree; a block styled exactly as the
    # textarea (its computed font) shows what that font setting draws.
    page.evaluate(
        """(text) => {
            const area = document.querySelector('textarea.editor__body');
            const probe = document.createElement('div');
            probe.id = 'font-probe';
            const style = getComputedStyle(area);
            probe.style.fontFamily = style.fontFamily;
            probe.style.fontSize = style.fontSize;
            probe.style.fontWeight = style.fontWeight;
            probe.textContent = text;
            document.body.append(probe);
        }""",
        SAMPLE,
    )
    used = fonts_drawing(page, "#font-probe")
    assert len(used) == 1, used
    assert used[0][1] == len(SAMPLE), used  # no letter drawn from combining marks
    page.locator("#font-probe").evaluate("node => node.remove()")
    body.scroll_into_view_if_needed()
    body.screenshot(path=str(screenshot_dir / "editor-font.png"))
