"""Star rating: display, the form, voting, changing, withdrawing, abuse, storage, CLI, JSON."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select, text, update

from danvan.content.models import Article, ArticleStatus
from danvan.core.clock import VIETNAM
from danvan.extensions import db
from danvan.rating.models import RatingIpWindow, RatingSummary, RatingVote
from danvan.rating.voter import VOTED_MARKER_COOKIE, VOTER_COOKIE
from danvan.rating.votes import rating_summary, record_vote
from tests.site.test_pages import ARTICLE_PATH, add_article
from tests.support.html_checks import audit
from tests.support.live_server import BROWSER_UA
from tests.support.staff import make_user, sign_in

# These tests count this site's own views, votes and visits from zero.
pytestmark = pytest.mark.usefixtures("sample_without_figures")

VOTE_URL = "/tin-tuc/1/danh-gia"
WITHDRAW_URL = "/tin-tuc/1/danh-gia/rut-lai"
TITLES = ["Bài viết rất kém", "Bài viết kém", "Bài viết đạt", "Bài viết tốt", "Bài viết rất tốt"]
HX = {"HX-Request": "true"}


def browser(app, address="127.0.0.1"):
    """A test client that looks like a person's browser (which says a form came from the
    site's own page), with the article page loaded: a resident's page carries no token."""
    client = app.test_client()
    client.environ_base.update(
        HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR=address, HTTP_SEC_FETCH_SITE="same-origin"
    )
    html = client.get(ARTICLE_PATH).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    client.csrf = token.group(1) if token else None
    return client


def vote(client, stars, url=VOTE_URL, headers=None, **extra):
    data = {**({"csrf_token": client.csrf} if client.csrf else {}), **extra}
    if stars is not None:
        data["stars"] = stars
    return client.post(url, data=data, headers=headers or {})


def totals(app, article_id=1):
    with app.app_context():
        summary = rating_summary(article_id)
        votes = db.session.scalar(select(func.count()).select_from(RatingVote))
        return summary.count, summary.total, summary.distribution, votes


def text_of(response):
    return response.get_data(as_text=True)


# --- display and form --------------------------------------------------------------------------


def test_article_without_votes_shows_zero_and_no_average(client):
    html = text_of(client.get(ARTICLE_PATH))
    assert "Tổng số điểm của bài viết là: 0 trong 0 đánh giá" in html
    assert "Xếp hạng" not in html and "phiếu bầu" not in html
    assert "Click để đánh giá bài viết" in html


def test_the_form_is_a_real_accessible_form(client):
    html = text_of(client.get(ARTICLE_PATH))
    form = re.search(r'<form class="rating__form"(.*?)</form>', html, re.S)
    assert form, "rating form missing"
    tag, body = form.group(0).split(">", 1)[0], form.group(0)
    assert 'method="post"' in tag and f'action="{VOTE_URL}"' in tag
    assert f'data-hx-post="{VOTE_URL}"' in tag  # on the form itself: htmx 4 does not inherit
    assert "<legend" in body and ">Đánh giá bài viết</legend>" in body
    radios = re.findall(
        r'<input class="rating__input" type="radio" name="stars" '
        r'value="(\d)" id="([^"]+)"',
        body,
    )
    assert [value for value, _ in radios] == ["1", "2", "3", "4", "5"]
    for (_, radio_id), title in zip(radios, TITLES, strict=True):
        label = re.search(rf'<label [^>]*for="{radio_id}"[^>]*>(.*?)</label>', body, re.S)
        assert title in label.group(1)
    assert re.search(r'<button [^>]*type="submit"[^>]*>Gửi đánh giá</button>', body)
    # A resident's page is shared by every resident: no token in the form or the head.
    assert 'name="csrf_token"' not in body
    assert 'role="status"' in html
    assert html.count("<meter ") == 5
    assert audit(html).inline_styles == []
    assert '<meta name="csrf-token"' not in html
    assert f'data-own-vote="{VOTE_URL}"' in html  # where site.js asks for a voter's own block


def test_reading_sets_no_cookie_and_the_first_vote_mints_the_voter(client):
    client.environ_base.update(HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_FETCH_SITE="same-origin")
    response = client.get(ARTICLE_PATH)
    assert response.cache_control.public and response.headers.getlist("Set-Cookie") == []
    voted = client.post(VOTE_URL, data={"stars": "4"})
    cookies = voted.headers.getlist("Set-Cookie")
    voter = next(value for value in cookies if value.startswith(VOTER_COOKIE + "="))
    assert "HttpOnly" in voter and "SameSite=Lax" in voter and "Max-Age=" in voter
    # The marker beside it holds no secret and scripts may read it (site.js).
    marker = next(value for value in cookies if value.startswith(VOTED_MARKER_COOKIE + "="))
    assert marker.startswith(VOTED_MARKER_COOKIE + "=1;") and "HttpOnly" not in marker
    again = client.post(VOTE_URL, data={"stars": "5"})
    assert again.headers.getlist("Set-Cookie") == []  # the same voter, nothing new to set
    assert totals(client.application) == (1, 5, {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}, 1)


def test_rating_disabled_article_shows_no_widget(app):
    with app.app_context():
        db.session.execute(update(Article).values(rating_enabled=False))
        db.session.commit()
    html = text_of(app.test_client().get(ARTICLE_PATH))
    assert "Tổng số điểm" not in html and 'name="stars"' not in html


# --- voting ------------------------------------------------------------------------------------


def test_vote_without_javascript_ends_on_a_page_with_the_voters_own_vote(app):
    client = browser(app)
    response = vote(client, "4")
    assert response.status_code == 303
    assert response.headers["Location"] == VOTE_URL + "?sao=4#danh-gia"
    own = client.get(VOTE_URL + "?sao=4")
    assert own.status_code == 200 and own.headers["Cache-Control"] == "private, no-store"
    html = text_of(own)
    assert "Cảm ơn bạn đã đánh giá bài viết: 4 sao (Bài viết tốt)." in html
    assert "Tổng số điểm của bài viết là: 4 trong 1 đánh giá" in html
    assert "Xếp hạng:</strong> 4 - 1 phiếu bầu" in html
    assert re.search(r'value="4" id="danh-gia-4" required checked', html)
    assert "Rút lại đánh giá của tôi" in html
    assert f'href="{ARTICLE_PATH}"' in html  # back to the article
    assert "data-own-vote" not in html  # this block is the voter's own already
    # The article page itself stays the one every resident gets: no personal vote in it.
    article = text_of(client.get(ARTICLE_PATH))
    assert "Rút lại đánh giá của tôi" not in article and "Cảm ơn bạn" not in article
    assert "Tổng số điểm của bài viết là: 4 trong 1 đánh giá" in article
    assert totals(app) == (1, 4, {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}, 1)


def test_the_own_vote_page_says_what_its_query_says_and_nothing_else(app):
    client = browser(app)
    vote(client, "3")
    vote(client, "5")
    changed = text_of(client.get(VOTE_URL + "?sao=5&truoc=3"))
    assert "Bạn đã đổi đánh giá từ 3 thành 5 sao" in changed
    assert "Đã rút lại đánh giá của bạn." in text_of(client.get(VOTE_URL + "?rut-lai=1"))
    for junk in ("?sao=9", "?sao=<b>", "?truoc=3", ""):
        html = text_of(client.get(VOTE_URL + junk))
        assert "Cảm ơn" not in html and "đổi đánh giá" not in html and "<b>" not in html
        assert re.search(r'value="5" id="danh-gia-5" required checked', html)
    # A fragment for htmx, the page otherwise; neither for an article without rating.
    fragment = client.get(VOTE_URL, headers=HX)
    assert text_of(fragment).lstrip().startswith('<section class="block rating" id="danh-gia"')
    assert fragment.headers["Cache-Control"] == "private, no-store"
    assert client.get("/tin-tuc/999/danh-gia").status_code == 404


def test_htmx_vote_gets_the_widget_fragment(app):
    client = browser(app)
    response = vote(client, "5", headers=HX)
    assert response.status_code == 200
    html = text_of(response)
    assert html.lstrip().startswith('<section class="block rating" id="danh-gia"')
    assert "<html" not in html
    assert "Cảm ơn bạn đã đánh giá bài viết: 5 sao" in html
    assert "Tổng số điểm của bài viết là: 5 trong 1 đánh giá" in html
    assert "HX-Request" in response.headers["Vary"]
    assert response.cache_control.private


def test_changing_the_vote_keeps_one_vote(app):
    client = browser(app)
    vote(client, "3", headers=HX)
    response = vote(client, "5", headers=HX)
    assert "Bạn đã đổi đánh giá từ 3 thành 5 sao" in text_of(response)
    assert totals(app) == (1, 5, {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}, 1)
    again = vote(client, "5", headers=HX)
    assert "Bạn đã đánh giá bài viết này rồi" in text_of(again)
    assert totals(app) == (1, 5, {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}, 1)


def test_withdrawing_the_vote(app):
    client = browser(app)
    vote(client, "2")
    response = vote(client, None, url=WITHDRAW_URL)
    assert response.status_code == 303
    assert response.headers["Location"] == VOTE_URL + "?rut-lai=1#danh-gia"
    html = text_of(client.get(VOTE_URL + "?rut-lai=1"))
    assert "Đã rút lại đánh giá của bạn." in html
    assert "Tổng số điểm của bài viết là: 0 trong 0 đánh giá" in html
    assert "Rút lại đánh giá của tôi" not in html
    assert totals(app) == (0, 0, dict.fromkeys(range(1, 6), 0), 0)
    twice = vote(client, None, url=WITHDRAW_URL, headers=HX)
    assert twice.status_code == 409
    assert "Bạn chưa đánh giá bài viết này" in text_of(twice)


def test_two_browsers_are_two_voters_and_averages_print_like_php(app):
    for stars in ("4", "5"):
        vote(browser(app), stars)
    html = text_of(app.test_client().get(ARTICLE_PATH))
    assert "Tổng số điểm của bài viết là: 9 trong 2 đánh giá" in html
    assert "Xếp hạng:</strong> 4.5 - 2 phiếu bầu" in html


@pytest.mark.parametrize(
    ("votes", "average"),
    [
        ([4], "4"),
        ([4, 5], "4.5"),
        ([4, 5, 5], "4.7"),
        ([1, 2, 3, 3], "2.3"),
        ([5, 5, 5, 4], "4.8"),
    ],
)
def test_average_rounds_half_up(app, votes, average):
    with app.app_context():
        for number, stars in enumerate(votes):
            record_vote(1, f"visitor:t{number}", stars, f"10.0.0.{number}", 30)
        summary = rating_summary(1)
        assert summary.average == average
        assert summary.as_json()["average"] == float(average)


def test_staff_vote_as_their_account(app):
    user_id = make_user(app, "canbo")
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="127.0.0.1")
    assert sign_in(client, "canbo").status_code == 303
    page = client.get(ARTICLE_PATH)
    assert page.headers["Cache-Control"] == "private, no-store"  # staff pages are never shared
    html = page.get_data(as_text=True)
    client.csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert '<meta name="csrf-token"' in html
    # Signed-in staff keep the token: a post without it is refused, whatever its origin says.
    refused = client.post(VOTE_URL, data={"stars": "4"}, headers=HX)
    assert refused.status_code == 400 and "Vui lòng tải lại trang" in text_of(refused)
    vote(client, "4")
    with app.app_context():
        assert db.session.scalars(select(RatingVote.voter_key)).all() == [f"staff:{user_id}"]


def test_a_forged_voter_cookie_is_replaced_not_trusted(app):
    client = browser(app)
    vote(client, "4")
    client.set_cookie(VOTER_COOKIE, "forged.value")
    vote(client, "2")
    with app.app_context():
        keys = db.session.scalars(select(RatingVote.voter_key)).all()
    assert len(keys) == 2 and all(key.startswith("visitor:") for key in keys)
    assert "forged" not in " ".join(keys)


# --- bad input changes nothing -----------------------------------------------------------------


@pytest.mark.parametrize("stars", ["0", "6", "-1", "abc", "", "4.5", "1e0", None, "٣"])
@pytest.mark.parametrize("headers", [{}, HX])
def test_invalid_stars_are_refused(app, stars, headers):
    client = browser(app)
    response = vote(client, stars, headers=headers)
    assert response.status_code == 400
    assert "Đánh giá không hợp lệ" in text_of(response)
    assert totals(app) == (0, 0, dict.fromkeys(range(1, 6), 0), 0)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost.evil.example"},
    ],
)
@pytest.mark.parametrize("url", [VOTE_URL, WITHDRAW_URL])
def test_a_vote_sent_from_another_site_is_refused(app, headers, url):
    client = browser(app)
    vote(client, "3")  # a real vote first, so a withdrawal would have something to take
    client.environ_base.pop("HTTP_SEC_FETCH_SITE")
    for extra in ({}, HX):
        response = client.post(url, data={"stars": "5"}, headers={**headers, **extra})
        assert response.status_code == 403
        assert "được gửi từ một trang web khác" in text_of(response)
    assert totals(app) == (1, 3, {1: 0, 2: 0, 3: 1, 4: 0, 5: 0}, 1)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://localhost"},
        {},  # neither header: not a browser, so nobody's browser was tricked into it
    ],
)
def test_a_vote_from_the_sites_own_page_needs_no_cookie_or_token(app, headers):
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=BROWSER_UA)
    response = client.post(VOTE_URL, data={"stars": "5"}, headers={**headers, **HX})
    assert response.status_code == 200, text_of(response)
    assert totals(app) == (1, 5, {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}, 1)


def test_an_origin_at_the_site_address_is_accepted(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(SITE_URL="https://danvan.example.vn", TRUSTED_HOSTS=["localhost"])
    with app.app_context():
        load_sample_content()
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=BROWSER_UA)
    ok = client.post(VOTE_URL, data={"stars": "4"}, headers={"Origin": "https://danvan.example.vn"})
    assert ok.status_code == 303
    wrong_scheme = client.post(
        VOTE_URL, data={"stars": "4"}, headers={"Origin": "http://danvan.example.vn"}
    )
    assert wrong_scheme.status_code == 403


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_bots_cannot_vote(app, agent):
    client = browser(app)
    client.environ_base["HTTP_USER_AGENT"] = agent
    response = vote(client, "5")
    assert response.status_code == 403
    assert "chương trình tự động" in text_of(response)
    assert totals(app)[0] == 0


def test_unknown_unpublished_and_future_articles_are_refused(app):
    with app.app_context():
        draft = add_article("Nhap", datetime.now(UTC), status=ArticleStatus.DRAFT.value).id
        future = add_article("Sau", datetime.now(UTC) + timedelta(days=1)).id
    client = browser(app)
    for article_id in (999, draft, future):
        response = vote(client, "5", url=f"/tin-tuc/{article_id}/danh-gia")
        assert response.status_code == 404
        assert "Đánh giá không hợp lệ: không tìm thấy bài viết này." in text_of(response)
    assert totals(app)[3] == 0


def test_rating_disabled_article_refuses_votes(app):
    client = browser(app)
    with app.app_context():
        db.session.execute(update(Article).values(rating_enabled=False))
        db.session.commit()
    response = vote(client, "5", headers=HX)
    assert response.status_code == 403
    assert "không nhận đánh giá" in text_of(response)
    assert totals(app)[3] == 0


def test_per_ip_daily_window(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(RATING_PER_IP=2)
    with app.app_context():
        load_sample_content()
    for _ in range(2):
        assert vote(browser(app), "5").status_code == 303
    response = vote(browser(app), "5", headers=HX)
    assert response.status_code == 429
    assert "quá nhiều đánh giá cho bài viết này hôm nay" in text_of(response)
    assert totals(app)[:2] == (2, 10)
    # Another network still votes; the window stores hashes, never the address.
    assert vote(browser(app, "203.0.113.9"), "1").status_code == 303
    with app.app_context():
        hashes = (
            db.session.scalars(select(RatingIpWindow.ip_hash)).all()
            + db.session.scalars(select(RatingVote.ip_hash)).all()
        )
        assert len(set(hashes)) == 2 and all(len(value) == 64 for value in hashes)
        dump = str(db.session.execute(select(RatingVote.__table__)).all()) + str(
            db.session.execute(select(RatingIpWindow.__table__)).all()
        )
        assert "127.0.0.1" not in dump and "203.0.113.9" not in dump


def test_per_ip_window_resets_at_vietnam_midnight(app):
    late = datetime(2026, 3, 1, 23, 59, tzinfo=VIETNAM)
    with app.app_context():
        with time_machine.travel(late, tick=False):
            record_vote(1, "visitor:a", 5, "10.0.0.1", 1)
            with pytest.raises(Exception, match="quá nhiều"):
                record_vote(1, "visitor:b", 5, "10.0.0.1", 1)
        with time_machine.travel(late + timedelta(minutes=2), tick=False):
            record_vote(1, "visitor:b", 4, "10.0.0.1", 1)
        assert rating_summary(1).count == 2


def test_flask_limiter_answers_429_in_vietnamese(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(RATELIMIT_ENABLED=True, RATING_RATE_LIMIT="2 per minute")
    with app.app_context():
        load_sample_content()
    client = browser(app)
    assert vote(client, "5", headers=HX).status_code == 200
    assert vote(client, "4", headers=HX).status_code == 200
    response = vote(client, "3", headers=HX)
    assert response.status_code == 429
    assert "Bạn gửi đánh giá quá nhanh" in text_of(response)
    assert totals(app)[:2] == (1, 4)
    plain = vote(client, "3")
    assert plain.status_code == 429 and "<html" in text_of(plain)


def test_unique_constraint_holds_in_the_database(app):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        now = datetime.now(UTC)
        for _ in range(2):
            db.session.add(
                RatingVote(
                    article_id=1,
                    voter_key="visitor:x",
                    stars=3,
                    ip_hash="h",
                    created_at=now,
                    updated_at=now,
                )
            )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


# --- JSON twin ---------------------------------------------------------------------------------


def test_json_twin(app):
    for stars in ("5", "4", "4"):
        vote(browser(app), stars)
    response = app.test_client().get("/api/articles/1/rating")
    assert response.status_code == 200
    assert response.get_json() == {
        "article_id": 1,
        "count": 3,
        "sum": 13,
        "average": 4.3,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1},
    }


def test_json_twin_without_votes_and_for_unknown_articles(client):
    assert client.get("/api/articles/1/rating").get_json() == {
        "article_id": 1,
        "count": 0,
        "sum": 0,
        "average": None,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
    }
    missing = client.get("/api/articles/999/rating")
    assert missing.status_code == 404 and missing.is_json


# --- CLI ---------------------------------------------------------------------------------------


def test_reconcile_reports_and_repairs_drift(app):
    runner = app.test_cli_runner()
    for stars in ("5", "3"):
        vote(browser(app), stars)
    result = runner.invoke(args=["rating", "reconcile"])
    assert result.exit_code == 0 and "Khớp" in result.output
    with app.app_context():
        db.session.execute(update(RatingSummary).values(vote_count=7, star_sum=1, stars_2=4))
        db.session.commit()
    result = runner.invoke(args=["rating", "reconcile"])
    assert result.exit_code == 0
    assert "Bài viết 1: đã lưu 7 phiếu, tổng 1" in result.output
    assert "đúng là 2 phiếu, tổng 8" in result.output
    assert totals(app) == (2, 8, {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}, 2)
    assert "Khớp" in runner.invoke(args=["rating", "reconcile"]).output


def test_reconcile_creates_a_missing_summary_and_purges_old_windows(app):
    with app.app_context():
        record_vote(1, "visitor:a", 4, "10.0.0.1", 30)
        db.session.execute(text("DELETE FROM rating_summaries"))
        db.session.add(RatingIpWindow(day="2000-01-01", article_id=1, ip_hash="old", votes=3))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["rating", "reconcile"])
    assert "đúng là 1 phiếu, tổng 4" in result.output
    assert totals(app)[:2] == (1, 4)
    with app.app_context():
        assert db.session.scalars(select(RatingIpWindow.ip_hash)).all() == [hash_of_today(app)]


def hash_of_today(app):
    from danvan.core.clock import vietnam_today
    from danvan.rating.voter import hash_ip

    return hash_ip("10.0.0.1", vietnam_today().isoformat())


def test_reset_clears_one_article(app):
    runner = app.test_cli_runner()
    vote(browser(app), "5")
    result = runner.invoke(args=["rating", "reset", "1"], input="n\n")
    assert result.exit_code != 0 and totals(app)[0] == 1
    result = runner.invoke(args=["rating", "reset", "1", "--yes"])
    assert result.exit_code == 0 and "Đã xoá 1 phiếu" in result.output
    assert totals(app) == (0, 0, dict.fromkeys(range(1, 6), 0), 0)
    assert "Tổng số điểm của bài viết là: 0 trong 0 đánh giá" in text_of(
        app.test_client().get(ARTICLE_PATH)
    )
    unknown = runner.invoke(args=["rating", "reset", "999", "--yes"])
    assert unknown.exit_code != 0 and "Không có bài viết 999" in unknown.output


def test_rating_settings_come_from_the_environment(tmp_path):
    from danvan.config import ConfigError, build

    base = {"DANVAN_SECRET_KEY": "x" * 20}
    config = build(
        tmp_path,
        environ={**base, "DANVAN_RATING_PER_IP": "500", "DANVAN_RATING_RATE_LIMIT": "5 per minute"},
    )
    assert config["RATING_PER_IP"] == 500 and config["RATING_RATE_LIMIT"] == "5 per minute"
    assert build(tmp_path, environ=base)["RATING_PER_IP"] == 30
    for bad in ("abc", "0"):
        with pytest.raises(ConfigError, match="DANVAN_RATING_PER_IP"):
            build(tmp_path, environ={**base, "DANVAN_RATING_PER_IP": bad})


def test_a_wrong_rate_limit_stops_the_start(app_factory):
    from danvan.config import ConfigError

    with pytest.raises(ConfigError, match="DANVAN_RATING_RATE_LIMIT"):
        app_factory(RATING_RATE_LIMIT="many per second")


def test_a_vote_keeps_its_network_hash_only_for_its_own_day(app):
    # The hash of address and day is keyed by the long-lived secret: kept longer than the day's
    # window needs it, a backup could be brute-forced back into addresses.
    day = datetime(2026, 3, 1, 10, 0, tzinfo=VIETNAM)
    with app.app_context():
        with time_machine.travel(day, tick=False):
            record_vote(1, "visitor:a", 5, "10.0.0.1", 30)
            assert db.session.scalar(select(RatingVote.ip_hash)) != ""
        with time_machine.travel(day + timedelta(hours=13, minutes=59), tick=False):
            record_vote(1, "visitor:b", 4, "10.0.0.2", 30)  # 23:59 the same day: both kept
            assert "" not in db.session.scalars(select(RatingVote.ip_hash)).all()
        with time_machine.travel(day + timedelta(hours=14, minutes=1), tick=False):
            record_vote(1, "visitor:c", 3, "10.0.0.3", 30)  # the first vote of the next day
            hashes = dict(
                db.session.execute(select(RatingVote.voter_key, RatingVote.ip_hash)).all()
            )
            windows = db.session.scalars(select(RatingIpWindow.day)).all()
        assert hashes["visitor:a"] == hashes["visitor:b"] == ""
        assert hashes["visitor:c"] != ""
        assert windows == ["2026-03-02"]
        assert rating_summary(1).count == 3  # the votes themselves stay
