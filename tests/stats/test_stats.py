"""Visitor statistics: what counts, the block, its page and JSON twin, bots, privacy, the clock."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, inspect, select, text

from danvan.content.models import Article
from danvan.core.caches import app_caches
from danvan.core.clock import VIETNAM
from danvan.extensions import db
from danvan.stats import models as tables
from danvan.stats.counting import STORE_KEY
from tests.site.test_pages import ARTICLE_PATH
from tests.support.beacon import beacon_path
from tests.support.html_checks import audit
from tests.support.live_server import BROWSER_UA
from tests.support.staff import make_user, sign_in

# These tests count this site's own views, votes and visits from zero.
pytestmark = pytest.mark.usefixtures("sample_without_figures")

LABELS = [
    "Đang truy cập",
    "Thành viên online",
    "Máy chủ tìm kiếm",
    "Khách viếng thăm",
    "Hôm nay",
    "Tháng hiện tại",
    "Tổng lượt truy cập",
]

BROWSERS = {
    "Chrome": BROWSER_UA,
    "Firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Safari iOS": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    ),
    "Cốc Cốc": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "coc_coc_browser/124.0.252 Chrome/118.0.5993.252 Safari/537.36"
    ),
    "Zalo in-app": (
        "Mozilla/5.0 (Linux; Android 13; SM-A536E Build/TP1A.220624.014; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 "
        "Mobile Safari/537.36 Zalo android/12100644 ZaloTheme/light ZaloLanguage/vi"
    ),
    "Facebook in-app": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) "
        "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
        "[FBAN/FBIOS;FBAV/460.0.0.35.109;FBBV/588791440;FBDV/iPhone14,5;"
        "FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/vi_VN;FBOP/5]"
    ),
    "Edge Android": (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.2210.115"
    ),
}

SEARCH_ENGINE_BOTS = {
    "Googlebot": (
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.6099.71 Mobile Safari/537.36 "
        "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    ),
    "Bingbot": (
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
        "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"
    ),
    "coccocbot": (
        "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)"
    ),
    "YandexBot": "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Baiduspider": (
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
    ),
    "DuckDuckBot": "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Applebot": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 "
        "(Applebot/0.1; +http://www.apple.com/go/applebot)"
    ),
}

OTHER_BOTS = [
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
    "+https://openai.com/gptbot)",
    "",
]


def at(*args) -> datetime:
    """A moment in Vietnam time."""
    return datetime(*args, tzinfo=VIETNAM)


def browse(client, path=ARTICLE_PATH, user_agent=BROWSER_UA, ip="127.0.0.1", **headers):
    """A page load as a browser makes it: the page, then its beacon (which counts people)."""
    request = {
        "headers": {"User-Agent": user_agent, **headers},
        "environ_base": {"REMOTE_ADDR": ip},
    }
    response = client.get(path, **request)
    if response.status_code == 200 and response.mimetype == "text/html":
        beacon = beacon_path(response.get_data(as_text=True))
        if beacon is not None:
            assert client.get(beacon, **request).status_code == 200
    return response


def daily(app, metric) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.coalesce(func.sum(tables.DailyCount.value), 0)).where(
                    tables.DailyCount.metric == metric
                )
            )
        )


def view_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Article.view_count).where(Article.id == 1))


def figures(client) -> dict:
    return client.get("/api/stats").get_json()


def block_values(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<dt class="stats__label">([^<]+)</dt><dd class="stats__value"'
        r' data-stat="\w+">([\d,]+)</dd>',
        html,
    )


# --- the block --------------------------------------------------------------------------------


def test_block_shows_the_original_labels_in_order_with_comma_thousands(stats_app):
    runner = stats_app.test_cli_runner()
    result = runner.invoke(args=["stats", "set-legacy-total", "1271915"])
    assert result.exit_code == 0 and "1,271,915" in result.output
    client = stats_app.test_client()
    html = browse(client).get_data(as_text=True)
    assert "Thống kê truy cập" in html
    html = browse(client, "/").get_data(as_text=True)
    values = block_values(html)
    # No staff member online: "Thành viên online" is left out, the rest keep their order.
    assert [label for label, _ in values] == [
        label for label in LABELS if label != "Thành viên online"
    ]
    assert dict(values) == {
        "Đang truy cập": "1",
        "Máy chủ tìm kiếm": "0",
        "Khách viếng thăm": "1",
        "Hôm nay": "1",
        "Tháng hiện tại": "1",
        "Tổng lượt truy cập": "1,271,916",
    }
    assert 'href="/thong-ke"' in html and "Về số liệu thống kê" in html
    page = audit(html)
    assert page.inline_scripts == [] and page.inline_styles == []


def test_signed_in_staff_show_as_members_online(stats_app):
    make_user(stats_app, "canbo")
    client = stats_app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=BROWSER_UA)
    assert sign_in(client, "canbo").status_code == 303
    browse(client, "/")
    html = browse(client, "/").get_data(as_text=True)
    assert [label for label, _ in block_values(html)] == LABELS
    assert dict(block_values(html))["Thành viên online"] == "1"
    assert figures(client)["online"] == {"total": 1, "members": 1, "search_engines": 0, "guests": 0}
    assert figures(client)["today"] == 1  # a staff member's visit counts too


def test_block_polls_itself_with_htmx_on_the_requesting_element(stats_app):
    html = browse(stats_app.test_client(), "/").get_data(as_text=True)
    section = re.search(r'<section class="block stats-block"[^>]*>', html).group(0)
    assert 'data-hx-get="/thong-ke/khoi"' in section and 'data-hx-trigger="every 60s"' in section
    assert 'data-hx-swap="outerHTML"' in section and 'data-hx-status:5xx="swap:none"' in section


def test_refresh_poll_counts_nothing(stats_app):
    client = stats_app.test_client()
    browse(client)
    before = (daily(stats_app, "page_views"), daily(stats_app, "visits"), view_count(stats_app))
    for _ in range(3):
        response = browse(client, "/thong-ke/khoi", **{"HX-Request": "true"})
        assert response.status_code == 200
        assert response.headers["Vary"].startswith("HX-Request")
        fragment = response.get_data(as_text=True)
        assert fragment.lstrip().startswith("{#") is False and "<html" not in fragment
        assert 'data-hx-get="/thong-ke/khoi"' in fragment
    # Another visitor's poll (a page left open, say) does not make them a visitor either.
    browse(client, "/thong-ke/khoi", user_agent=BROWSERS["Firefox"], **{"HX-Request": "true"})
    after = (daily(stats_app, "page_views"), daily(stats_app, "visits"), view_count(stats_app))
    assert after == before == (1, 1, 1)
    assert figures(client)["online"]["guests"] == 1
    plain = browse(client, "/thong-ke/khoi")
    assert plain.status_code == 303 and plain.headers["Location"] == "/thong-ke"


def test_about_page_states_definitions_storage_and_the_law(stats_app):
    response = browse(stats_app.test_client(), "/thong-ke")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for phrase in (
        "Về số liệu thống kê",
        "5 phút",
        "30 phút",
        "Asia/Ho_Chi_Minh",
        "Không lưu địa chỉ IP",
        "48 giờ",
        "91/2025/QH15",
        "356/2025/NĐ-CP",
    ):
        assert phrase in html
    assert "Thống kê truy cập" in html  # the block is on this page too


def test_json_twin(stats_app):
    client = stats_app.test_client()
    browse(client)
    data = figures(client)
    assert set(data) == {"online", "today", "month", "total", "timezone", "as_of"}
    assert data["online"] == {"total": 1, "members": 0, "search_engines": 0, "guests": 1}
    assert (data["today"], data["month"], data["total"]) == (1, 1, 1)
    assert data["timezone"] == "Asia/Ho_Chi_Minh"
    assert data["as_of"].endswith("+07:00")
    assert daily(stats_app, "page_views") == 1  # the JSON request itself is no page view


def test_figures_are_cached_for_at_most_15_seconds(app_factory):
    app = app_factory(STATS_CACHE=60)
    assert app_caches(app)["stats.figures"].ttl == 15
    client = app.test_client()
    assert figures(client)["today"] == 0
    browse(client)
    assert figures(client)["today"] == 0  # served from the cache, no table read per request


# --- what counts ------------------------------------------------------------------------------


def test_a_guest_page_view_counts_once_per_visit(stats_app):
    client = stats_app.test_client()
    first = browse(client).get_data(as_text=True)
    # The page is drawn before its beacon counts the view; the next page shows it.
    assert 'Đã xem: <span class="article__views-count">0</span>' in first
    second = browse(client).get_data(as_text=True)
    assert 'Đã xem: <span class="article__views-count">1</span>' in second
    browse(client, "/")
    assert daily(stats_app, "page_views") == 3
    assert daily(stats_app, "visits") == 1
    assert view_count(stats_app) == 1


@pytest.mark.parametrize(
    "method, path, headers",
    [
        ("HEAD", ARTICLE_PATH, {}),
        ("GET", "/static/css/site.css", {}),
        ("GET", "/healthz", {}),
        ("GET", "/api/stats", {}),
        ("GET", "/tin-tuc/khong-co-999", {}),  # an error page
        ("GET", "/tin-tuc/1", {}),  # a redirect
        ("GET", ARTICLE_PATH, {"HX-Request": "true"}),  # an htmx request
        ("GET", ARTICLE_PATH, {"Sec-Purpose": "prefetch"}),
        ("GET", ARTICLE_PATH, {"Purpose": "prefetch"}),
        ("POST", ARTICLE_PATH, {}),
    ],
)
def test_what_does_not_count(stats_app, method, path, headers):
    client = stats_app.test_client()
    response = client.open(path, method=method, headers={"User-Agent": BROWSER_UA, **headers})
    response.close()
    assert daily(stats_app, "page_views") == 0
    assert daily(stats_app, "visits") == 0
    assert view_count(stats_app) == 0
    with stats_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(tables.Presence)) == 0


def test_counting_can_be_switched_off(app_factory):
    app = app_factory(STATS_ENABLED=False, STATS_CACHE=0)
    from danvan.content.sample import load_sample_content

    with app.app_context():
        load_sample_content()
    client = app.test_client()
    assert browse(client).status_code == 200
    assert (daily(app, "page_views"), daily(app, "visits"), view_count(app)) == (0, 0, 0)


def test_article_view_counts_once_per_visitor_per_30_minutes(stats_app):
    client = stats_app.test_client()
    with time_machine.travel(at(2026, 3, 10, 9, 0), tick=False) as clock:
        browse(client)
        clock.shift(timedelta(minutes=29))
        html = browse(client).get_data(as_text=True)
        assert 'article__views-count">1<' in html
        browse(client, ip="10.0.0.2")  # another visitor
        clock.shift(timedelta(minutes=1, seconds=1))
        html = browse(client).get_data(as_text=True)
        # The number shown includes the other visitor's view; this one's beacon came after.
        assert 'article__views-count">2<' in html
    assert view_count(stats_app) == 3


def test_a_visit_ends_after_30_idle_minutes(stats_app):
    client = stats_app.test_client()
    with time_machine.travel(at(2026, 3, 10, 9, 0), tick=False) as clock:
        browse(client)
        clock.shift(timedelta(minutes=20))
        browse(client, "/")
        clock.shift(timedelta(minutes=20))  # 20 idle minutes since the last view: same visit
        browse(client, "/")
        assert daily(stats_app, "visits") == 1
        clock.shift(timedelta(minutes=31))
        browse(client, "/")
        assert daily(stats_app, "visits") == 2
        assert daily(stats_app, "page_views") == 4


# --- bots -------------------------------------------------------------------------------------


def test_search_engines_count_once_each_and_never_as_visits(stats_app):
    client = stats_app.test_client()
    for name, user_agent in SEARCH_ENGINE_BOTS.items():
        for ip in ("66.249.66.1", "66.249.66.2", "66.249.66.3"):  # one crawler, many addresses
            assert browse(client, user_agent=user_agent, ip=ip).status_code == 200, name
    data = figures(client)
    assert data["online"] == {
        "total": len(SEARCH_ENGINE_BOTS),
        "members": 0,
        "search_engines": len(SEARCH_ENGINE_BOTS),
        "guests": 0,
    }
    assert (data["today"], daily(stats_app, "page_views"), view_count(stats_app)) == (0, 0, 0)
    with stats_app.app_context():
        audit_rows = dict(
            db.session.execute(
                select(tables.BotDailyCount.bot_name, tables.BotDailyCount.page_views)
            ).all()
        )
    assert audit_rows == {name: 3 for name in SEARCH_ENGINE_BOTS}


def test_other_bots_are_counted_apart_and_shown_nowhere(stats_app):
    client = stats_app.test_client()
    for user_agent in OTHER_BOTS:
        browse(client, user_agent=user_agent)
        browse(client, "/", user_agent=user_agent)
    data = figures(client)
    assert data["online"]["total"] == 0 and data["today"] == 0
    assert (daily(stats_app, "page_views"), view_count(stats_app)) == (0, 0)
    with stats_app.app_context():
        total = db.session.scalar(select(func.sum(tables.BotDailyCount.page_views)))
        names = set(db.session.scalars(select(tables.BotDailyCount.bot_name)))
    assert total == 2 * len(OTHER_BOTS)
    assert "(trống)" in names and not names & set(SEARCH_ENGINE_BOTS)


def test_real_browsers_are_guests(stats_app):
    client = stats_app.test_client()
    for name, user_agent in BROWSERS.items():
        assert browse(client, user_agent=user_agent).status_code == 200, name
    data = figures(client)
    assert data["online"] == {
        "total": len(BROWSERS),
        "members": 0,
        "search_engines": 0,
        "guests": len(BROWSERS),
    }
    assert data["today"] == len(BROWSERS)
    assert view_count(stats_app) == len(BROWSERS)


# --- the clock: Vietnam days, months and years --------------------------------------------------


@pytest.mark.parametrize(
    "before, after, same_month",
    [
        (at(2026, 5, 14, 23, 59, 30), at(2026, 5, 15, 0, 0, 10), True),  # midnight
        (at(2026, 1, 31, 23, 59), at(2026, 2, 1, 0, 0), False),  # month
        (at(2026, 12, 31, 23, 59, 59), at(2027, 1, 1, 0, 0, 1), False),  # year
    ],
)
def test_rollover_at_vietnam_midnight(stats_app, before, after, same_month):
    client = stats_app.test_client()
    with time_machine.travel(before, tick=False) as clock:
        browse(client)
        assert (figures(client)["today"], figures(client)["month"]) == (1, 1)
        clock.move_to(after)
        browse(client)  # seconds later, but a new Vietnam day: a new visit
        data = figures(client)
        assert data["today"] == 1
        assert data["month"] == (2 if same_month else 1)
        assert data["total"] == 2
    with stats_app.app_context():
        days = dict(
            db.session.execute(
                select(tables.DailyCount.day, tables.DailyCount.value).where(
                    tables.DailyCount.metric == "visits"
                )
            ).all()
        )
    assert days == {before.date(): 1, after.date(): 1}


def test_utc_midnight_is_not_a_day_boundary(stats_app):
    client = stats_app.test_client()
    # 06:59 and 07:01 in Hà Nội are either side of midnight UTC.
    with time_machine.travel(at(2026, 5, 15, 6, 59), tick=False) as clock:
        browse(client)
        clock.move_to(at(2026, 5, 15, 7, 1))
        browse(client)
        assert figures(client)["today"] == 1
        assert daily(stats_app, "visits") == 1


def test_salts_rotate_daily_and_are_deleted_after_48_hours(stats_app):
    client = stats_app.test_client()
    with time_machine.travel(at(2026, 5, 14, 12, 0), tick=False) as clock:
        for day in range(4):
            browse(client)
            if day < 3:
                clock.shift(timedelta(days=1))
        store = stats_app.extensions[STORE_KEY]
        with stats_app.app_context():
            store.purge(at(2026, 5, 17, 12, 0))
            kept = sorted(db.session.scalars(select(tables.DailySalt.day)))
    assert [day.day for day in kept] == [16, 17]
    assert daily(stats_app, "visits") == 4


def test_presence_is_purged_after_the_online_window(stats_app):
    client = stats_app.test_client()
    with time_machine.travel(at(2026, 5, 14, 12, 0), tick=False) as clock:
        browse(client)
        assert figures(client)["online"]["total"] == 1
        clock.shift(timedelta(seconds=301))
        assert figures(client)["online"]["total"] == 0
        browse(client, user_agent=BROWSERS["Firefox"])  # any later page view purges
        with stats_app.app_context():
            assert db.session.scalar(select(func.count()).select_from(tables.Presence)) == 1
        clock.shift(timedelta(minutes=31))
        with stats_app.app_context():
            stats_app.extensions[STORE_KEY].purge(datetime.now(VIETNAM))
            for model in (tables.Presence, tables.OpenVisit, tables.RecentArticleView):
                assert db.session.scalar(select(func.count()).select_from(model)) == 0


# --- privacy -----------------------------------------------------------------------------------


def test_no_ip_or_user_agent_is_stored_anywhere(stats_app):
    client = stats_app.test_client()
    addresses = ["203.113.131.7", "2001:ee0:4f2b::1", "113.161.54.99"]
    agents = list(BROWSERS.values()) + list(SEARCH_ENGINE_BOTS.values()) + OTHER_BOTS[:-1]
    for ip in addresses:
        for user_agent in agents:
            browse(client, user_agent=user_agent, ip=ip)
            browse(client, "/thong-ke", user_agent=user_agent, ip=ip)
    assert daily(stats_app, "visits") == len(addresses) * len(BROWSERS)
    # Bots are kept by name ("AhrefsBot"), never by their whole User-Agent string.
    needles = (
        set(addresses)
        | set(agents)
        | {
            "FBAN/FBIOS",
            "coc_coc_browser",
            "Zalo android",
            "Firefox/128.0",
            "AhrefsBot/7.0",
            "iPhone OS 17",
            "Windows NT 10.0",
            "203.113",
            "2001:ee0",
        }
    )
    with stats_app.app_context():
        tables = inspect(db.engine).get_table_names()
        assert "stats_presence" in tables
        stored = []
        for table in tables:
            for row in db.session.execute(text(f'SELECT * FROM "{table}"')):
                stored.extend(str(value) for value in row)
    haystack = "\n".join(stored)
    assert [needle for needle in needles if needle in haystack] == []
