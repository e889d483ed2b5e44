"""The counting beacon in a real browser: loading an article counts one view, with JavaScript
and without it, and a reload asks for the beacon again (nothing keeps it) without counting the
article twice."""

from __future__ import annotations

import re

import pytest

from tests.site.test_pages import ARTICLE_PATH
from tests.stats.test_stats_live import read_counts
from tests.support.live_clients import database_url_of, person_agent

BEACON = re.compile(r"/thong-ke/dem\.gif\?bai-viet=1$")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_article_loaded_by_a_browser_counts_one_view(
    live_server, browser, page_problems, javascript
):
    # Each beacon's counts committed before its answer: the database can be read at once.
    server = live_server(DANVAN_PAGEVIEW_FLUSH="0")
    before = read_counts(database_url_of(server))
    context = browser.new_context(
        locale="vi-VN", user_agent=person_agent(7), java_script_enabled=javascript
    )
    try:
        page = context.new_page()
        page_problems.watch(page)
        with page.expect_response(BEACON) as beacon:
            assert page.goto(server.url + ARTICLE_PATH).status == 200
        assert beacon.value.status == 200
        assert beacon.value.headers["content-type"] == "image/gif"
        assert beacon.value.headers["cache-control"] == "no-store"
        assert "set-cookie" not in beacon.value.headers
        counts = read_counts(database_url_of(server))
        assert counts["view_count"] == before["view_count"] + 1
        assert (counts.get("page_views"), counts.get("visits")) == (1, 1)

        # A reload: the browser asks again (no-store), a page view, but the same reader's
        # article view within 30 minutes and the same visit.
        with page.expect_response(BEACON):
            page.reload()
        counts = read_counts(database_url_of(server))
        assert counts["view_count"] == before["view_count"] + 1
        assert (counts["page_views"], counts["visits"]) == (2, 1)
        box = page.locator("img.beacon").bounding_box()
        assert box is not None and box["width"] <= 1 and box["height"] <= 1
        assert page_problems.all == []
    finally:
        context.close()
    assert "Traceback" not in server.read_log()
