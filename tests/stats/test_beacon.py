"""The counting beacon (``GET /thong-ke/dem.gif``): what it answers, what it counts, and that
a page request no longer counts a person (a cache may answer it)."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from flask.globals import request_ctx
from PIL import Image
from sqlalchemy import func, select

from danvan import PROJECT_ROOT, create_app
from danvan.content.models import ArticleStatus
from danvan.extensions import db
from danvan.stats import models as tables
from danvan.stats.beacon import GIF, beacon
from danvan.stats.counting import STORE_KEY
from tests.conftest import make_config
from tests.site.test_pages import ARTICLE_PATH
from tests.stats.test_stats import (
    BROWSERS,
    OTHER_BOTS,
    SEARCH_ENGINE_BOTS,
    at,
    browse,
    daily,
    figures,
    view_count,
)
from tests.support.beacon import beacon_paths
from tests.support.live_server import BROWSER_UA
from tests.support.search import add_article
from tests.support.staff import make_user, sign_in

pytestmark = pytest.mark.usefixtures("sample_without_figures")

BEACON = "/thong-ke/dem.gif"
ARTICLE_BEACON = BEACON + "?bai-viet=1"


def load(client, path=ARTICLE_BEACON, user_agent=BROWSER_UA, ip="127.0.0.1", **headers):
    return client.get(
        path, headers={"User-Agent": user_agent, **headers}, environ_base={"REMOTE_ADDR": ip}
    )


def counts(app) -> tuple[int, int, int]:
    """(page views, visits, article 1's views)."""
    return daily(app, "page_views"), daily(app, "visits"), view_count(app)


def rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- the answer ---------------------------------------------------------------------------------


def test_the_answer_is_a_transparent_pixel_nobody_may_store_and_no_cookie(stats_app):
    response = load(stats_app.test_client())
    assert response.status_code == 200
    assert response.mimetype == "image/gif" and response.data == GIF
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "GIF" and image.size == (1, 1)
    assert image.convert("RGBA").getpixel((0, 0))[3] == 0  # transparent
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_the_beacon_never_opens_a_guest_s_session(stats_app):
    # The view itself (the hooks of other features aside): opening the session would make the
    # answer vary on Cookie.
    with stats_app.test_request_context(ARTICLE_BEACON, headers={"User-Agent": BROWSER_UA}):
        session = request_ctx._get_current_object()._session
        beacon()
        assert session is not None and session.accessed is False
    assert counts(stats_app) == (1, 1, 1)


# --- what it counts -----------------------------------------------------------------------------


def test_a_page_request_alone_counts_no_person(stats_app):
    client = stats_app.test_client()
    for path in (ARTICLE_PATH, "/", "/thong-ke", "/tim-kiem?q=dân+vận"):
        assert load(client, path).status_code == 200
    assert counts(stats_app) == (0, 0, 0)
    assert rows(stats_app, tables.Presence) == 0
    assert load(client).status_code == 200  # the article page's beacon
    assert counts(stats_app) == (1, 1, 1)
    assert figures(client)["online"]["guests"] == 1


def test_page_view_visit_and_article_view_once_per_visitor_per_30_minutes(stats_app):
    client = stats_app.test_client()
    with time_machine.travel(at(2026, 3, 10, 9, 0), tick=False) as clock:
        for _ in range(3):
            load(client)
        load(client, BEACON)  # another page of the site
        assert counts(stats_app) == (4, 1, 1)
        clock.shift(timedelta(minutes=29))
        load(client)
        load(client, ip="10.0.0.2")  # another visitor
        assert counts(stats_app) == (6, 2, 2)
        clock.shift(timedelta(minutes=1))
        load(client)  # 30 minutes after this visitor's view was counted
        assert counts(stats_app) == (7, 2, 3)
        clock.shift(timedelta(minutes=31))  # 31 idle minutes: a new visit, a new view
        load(client)
        assert counts(stats_app) == (8, 3, 4)


def test_the_claim_row_decides_whatever_a_process_remembers(stats_app):
    """Two processes on one database: each has its own memory of who was counted, so only the
    rows in the database can keep one visitor's view from counting twice."""
    other = create_app(make_config(Path(stats_app.config["INSTANCE_PATH"]), STATS_CACHE=0))
    try:
        with time_machine.travel(at(2026, 3, 10, 9, 0), tick=False) as clock:
            for app in (stats_app, other, stats_app, other):
                load(app.test_client())
            clock.shift(timedelta(minutes=2))  # presence due again in both processes
            for app in (other, stats_app):
                load(app.test_client())
        assert counts(stats_app) == (6, 1, 1)
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize(
    "value", ["abc", "0", "-1", "1.0", "１", "٣", "99999", "2147483648", "9" * 5000, ""]
)
def test_a_bad_or_unknown_article_id_counts_the_page_view_only(stats_app, value):
    response = load(stats_app.test_client(), f"{BEACON}?bai-viet={value}")
    assert response.status_code == 200 and response.data == GIF
    assert counts(stats_app) == (1, 1, 0)
    assert rows(stats_app, tables.RecentArticleView) == 0


def test_no_view_for_a_draft_or_a_scheduled_article(stats_app):
    draft = add_article(stats_app, "Bản nháp", status=ArticleStatus.DRAFT.value)
    scheduled = add_article(stats_app, "Sắp đăng", age=timedelta(days=-1))
    client = stats_app.test_client()
    for article_id in (draft, scheduled):
        assert load(client, f"{BEACON}?bai-viet={article_id}").status_code == 200
    assert rows(stats_app, tables.RecentArticleView) == 0
    assert daily(stats_app, "page_views") == 2
    # Once its time has come, the scheduled article counts.
    with time_machine.travel(at(2030, 1, 1, 9, 0), tick=False):
        load(client, f"{BEACON}?bai-viet={scheduled}")
    assert rows(stats_app, tables.RecentArticleView) == 1


@pytest.mark.parametrize(
    "user_agent, headers",
    [
        *[(agent, {}) for agent in SEARCH_ENGINE_BOTS.values()],
        *[(agent, {}) for agent in OTHER_BOTS],
        (BROWSER_UA, {"Sec-Purpose": "prefetch"}),
        (BROWSER_UA, {"Sec-Purpose": "prefetch;prerender"}),
        (BROWSER_UA, {"Purpose": "prefetch"}),
    ],
)
def test_bots_prefetches_and_prerenders_are_not_counted(stats_app, user_agent, headers):
    response = load(stats_app.test_client(), user_agent=user_agent, **headers)
    assert response.status_code == 200 and response.data == GIF
    assert counts(stats_app) == (0, 0, 0)
    for model in (tables.Presence, tables.BotDailyCount, tables.RecentArticleView):
        assert rows(stats_app, model) == 0


def test_a_head_request_counts_nothing(stats_app):
    response = stats_app.test_client().head(ARTICLE_BEACON, headers={"User-Agent": BROWSER_UA})
    assert response.status_code == 200
    assert counts(stats_app) == (0, 0, 0)


def test_counting_off_still_answers_the_pixel(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(STATS_ENABLED=False)
    with app.app_context():
        load_sample_content()
    response = load(app.test_client())
    assert response.status_code == 200 and response.data == GIF
    assert response.headers["Cache-Control"] == "no-store"
    assert counts(app) == (0, 0, 0)


def test_bots_are_still_counted_from_their_page_requests(stats_app):
    client = stats_app.test_client()
    load(client, ARTICLE_PATH, user_agent=SEARCH_ENGINE_BOTS["Googlebot"])
    load(client, ARTICLE_PATH, user_agent=OTHER_BOTS[0])
    assert figures(client)["online"]["search_engines"] == 1
    with stats_app.app_context():
        assert db.session.scalar(select(func.sum(tables.BotDailyCount.page_views))) == 2
    assert counts(stats_app) == (0, 0, 0)


def test_signed_in_staff_are_counted_as_members_by_the_beacon(stats_app):
    make_user(stats_app, "canbo")
    client = stats_app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=BROWSER_UA)
    assert sign_in(client, "canbo").status_code == 303
    browse(client)  # the article page (a full rendering for staff) and its beacon
    assert figures(client)["online"] == {"total": 1, "members": 1, "search_engines": 0, "guests": 0}
    assert counts(stats_app) == (1, 1, 1)


def test_the_shown_count_follows_the_beacon_in_this_process(stats_app):
    client = stats_app.test_client()
    shown = re.compile(r'article__views-count">(\d+)<')
    assert shown.search(load(client, ARTICLE_PATH).text).group(1) == "0"
    for number in range(3):
        load(client, ip=f"10.0.0.{number}")
    # The page's shell is the one rendered above: the beacon's counts reached it.
    assert shown.search(load(client, ARTICLE_PATH).text).group(1) == "3"


# --- the pages that carry it --------------------------------------------------------------------


def test_every_public_page_carries_one_beacon_the_article_page_naming_its_article(stats_app):
    client = stats_app.test_client()
    assert beacon_paths(load(client, ARTICLE_PATH).text) == [ARTICLE_BEACON]
    for path in ("/", "/thong-ke", "/tim-kiem?q=dân", "/van-ban/", "/lien-he", "/en/"):
        assert beacon_paths(load(client, path).text) == [BEACON], path
    # Two readers get the same tag: nothing personal in it.
    other = load(stats_app.test_client(), ARTICLE_PATH, user_agent=BROWSERS["Firefox"])
    assert beacon_paths(other.text) == [ARTICLE_BEACON]


@pytest.mark.parametrize(
    "path", [ARTICLE_PATH + "?print=1", ARTICLE_PATH + "?save=1", "/khong-co-trang-nay", "/login"]
)
def test_no_beacon_where_nukeviet_counted_no_view(stats_app, path):
    # The print view and the saved file (NukeViet counted neither), error pages, the sign-in.
    response = load(stats_app.test_client(), path)
    assert beacon_paths(response.get_data(as_text=True)) == []


def test_the_beacon_is_out_of_the_layout_without_being_hidden_from_loading(stats_app):
    css = (PROJECT_ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")
    rule = re.search(r"([^{}]*\.beacon[^{}]*)\{([^}]*)\}", css)
    assert rule is not None
    assert "position: absolute" in rule.group(2) and "clip" in rule.group(2)
    assert "display" not in rule.group(2) and "visibility" not in rule.group(2)
    html = load(stats_app.test_client(), ARTICLE_PATH).text
    tag = re.search(r'<img class="beacon"[^>]*>', html).group(0)
    assert 'alt=""' in tag and 'width="1"' in tag and 'height="1"' in tag
    assert "loading=" not in tag  # lazy images may never load at the end of a page


def test_store_counts_nothing_for_bots_handed_to_it(stats_app):
    store = stats_app.extensions[STORE_KEY]
    with stats_app.app_context():
        assert store.count_article_view(store.bot("AhrefsBot"), 1, at(2026, 1, 1, 9, 0)) is False
    assert view_count(stats_app) == 0
