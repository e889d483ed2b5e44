"""Nothing moves once a page has painted (Lighthouse's Cumulative Layout Shift): the article
page and the home page on a 360-pixel phone and on a desktop, with JavaScript on. A script that
changes the layout after the first paint (static/js/menu.js collapsing the phone's menu behind
its button did: 0.3, the whole page below the header) shows here as shifts; so does a small
one in the header (the desktop's submenu toggles appearing did: 0.001, the menu's items)."""

from __future__ import annotations

import pytest

from bench.__main__ import ARTICLE

# Lighthouse's "good" CLS is 0.1; a page drawn right from the first paint has none at all.
LIMIT = 0.01
SETTLE_MS = 700

# Every layout shift since the page began that no input caused, with what moved and whether
# any of it is in the header.
SHIFTS = """settle => new Promise(resolve => {
  const seen = [];
  const header = document.querySelector('.site-header');
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      seen.push({value: entry.value,
        header: entry.sources.some(source => source.node && header.contains(source.node)),
        moved: entry.sources.map(source => source.node
          ? (source.node.nodeName + '.' + (source.node.className || '')).trim() : '?')});
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(seen), settle);
})"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # One server for the eight loads: the pages are only read.
    from tests.conftest import reset_test_database
    from tests.support.live_server import LiveServer

    reset_test_database()
    server = LiveServer(tmp_path_factory.mktemp("layout-shift")).start()
    yield server
    server.stop()
    reset_test_database()


@pytest.mark.parametrize("path", [ARTICLE, "/"], ids=["article", "home"])
@pytest.mark.parametrize(("width", "height"), [(360, 740), (1280, 800)], ids=["phone", "desktop"])
def test_a_page_does_not_move_after_it_painted(server, page, page_problems, path, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(server.url + path, wait_until="load")
    shifts = page.evaluate(SHIFTS, SETTLE_MS)
    total = sum(shift["value"] for shift in shifts)
    assert total < LIMIT, f"layout shift {total:.3f} at {width}px on {path}: {shifts}"
    # The header is the server's markup alone: nothing in it may move, however little.
    assert not [shift for shift in shifts if shift["header"]], shifts
    assert page_problems.all == []
