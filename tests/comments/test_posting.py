"""Posting a comment: every path, from a page with no cookie, with and without htmx."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from danvan.comments.models import Comment
from danvan.content.models import Article
from danvan.extensions import db
from tests.support.comments import ARTICLE_PAGE, has_read, pending_bodies
from tests.support.live_server import BROWSER_UA
from tests.support.site_host import SITE, at_site

HTMX = {"HX-Request": "true"}
GOOD = {"name": "Nguyễn Thị Lan", "email": "lan@example.vn", "body": "Bài viết rất bổ ích."}


def resident(app, agent: str = BROWSER_UA):
    """A first-time resident's browser (no cookie of the site), at the site's address."""
    client = at_site(app.test_client())
    client.environ_base.update(HTTP_USER_AGENT=agent)
    return client


def ready(app, agent: str = BROWSER_UA):
    """A resident who opened the article five seconds ago."""
    client = resident(app, agent)
    has_read(app, client)
    return client


def stored(app) -> list[Comment]:
    with app.app_context():
        rows = list(db.session.scalars(select(Comment).order_by(Comment.id)))
        db.session.expunge_all()
        return rows


def test_a_comment_without_javascript_is_pending_and_ends_on_the_writers_page(site):
    client = ready(site)
    answer = client.post("/tin-tuc/1/phan-hoi", data=GOOD)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/tin-tuc/1/phan-hoi/cua-ban?da-gui=1")
    assert answer.headers["Cache-Control"] == "private, no-store"
    (comment,) = stored(site)
    assert (comment.name, comment.email, comment.body, comment.status) == (
        "Nguyễn Thị Lan",
        "lan@example.vn",
        "Bài viết rất bổ ích.",
        "pending",
    )
    # The writer cookie: HttpOnly, and only its keyed hash is stored (no address, no agent).
    cookie = next(h for h in answer.headers.getlist("Set-Cookie") if h.startswith("danvan_writer="))
    assert "HttpOnly" in cookie
    assert len(comment.writer_key) == 64 and comment.writer_key not in cookie
    columns = {column.name for column in Comment.__table__.columns}
    assert not columns & {"ip", "ip_hash", "address", "user_agent"}
    own = client.get(answer.headers["Location"])
    page = own.get_data(as_text=True)
    assert own.status_code == 200 and own.headers["Cache-Control"] == "private, no-store"
    assert "Phản hồi của bạn đang chờ duyệt" in page and "Bài viết rất bổ ích." in page
    # Not shown to anyone while pending.
    assert "Bài viết rất bổ ích." not in resident(site).get(ARTICLE_PAGE).get_data(as_text=True)


def test_with_htmx_the_form_becomes_the_pending_notice(site):
    answer = ready(site).post("/tin-tuc/1/phan-hoi", data=GOOD, headers=HTMX)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Phản hồi của bạn đang chờ duyệt" in page
    assert 'id="viet-phan-hoi"' in page and "Rút lại phản hồi này" in page
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert len(stored(site)) == 1


def test_the_same_text_sent_twice_is_kept_once(site):
    client = ready(site)
    client.post("/tin-tuc/1/phan-hoi", data=GOOD)
    client.post("/tin-tuc/1/phan-hoi", data=GOOD)
    assert pending_bodies(site) == [GOOD["body"]]


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"website": "http://spam.example"}, 400, "có dấu hiệu được điền tự động"),
        ({"name": ""}, 422, "Vui lòng nhập họ và tên."),
        ({"body": "  "}, 422, "Vui lòng nhập ý kiến của bạn."),
        ({"body": "x" * 3001}, 422, "Ý kiến dài tối đa 3000 ký tự."),
        ({"name": "x" * 101}, 422, "Họ và tên dài tối đa 100 ký tự."),
        ({"email": "khong-phai-email"}, 422, "Địa chỉ email không hợp lệ"),
        ({"body": "Xin chào\x00bạn"}, 422, "Không được chứa ký tự điều khiển"),
        ({"name": "Lan\x07"}, 422, "Không được chứa ký tự điều khiển"),
        ({"name": "Ban Biên Tập"}, 422, "Ban biên tập hoặc cán bộ quản trị"),
        ({"name": "quan tri vien"}, 422, "Ban biên tập hoặc cán bộ quản trị"),
        ({"name": "ADMIN"}, 422, "Ban biên tập hoặc cán bộ quản trị"),
        ({"name": "Ban Dân Vận tỉnh"}, 422, "Ban biên tập hoặc cán bộ quản trị"),
        ({"name": "B.B.T"}, 422, "Ban biên tập hoặc cán bộ quản trị"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_input_is_refused_in_vietnamese_with_the_typed_text_back(
    site, change, status, message, htmx
):
    data = {**GOOD, "body": "Nội dung tôi đã gõ <b>dài</b>", **change}
    answer = ready(site).post("/tin-tuc/1/phan-hoi", data=data, headers=HTMX if htmx else {})
    page = answer.get_data(as_text=True)
    assert answer.status_code == status
    assert message in page
    assert answer.headers["Cache-Control"] == "private, no-store"
    if "body" not in change:
        assert "Nội dung tôi đã gõ &lt;b&gt;dài&lt;/b&gt;" in page  # back in the form, escaped
    if "name" not in change:
        assert 'value="Nguyễn Thị Lan"' in page
    assert "\x00" not in page and "\x07" not in page
    assert 'value="http://spam.example"' not in page  # the honeypot is emptied
    assert stored(site) == []
    assert not any(h.startswith("danvan_writer=") for h in answer.headers.getlist("Set-Cookie"))


def test_a_post_sooner_than_the_minimum_reading_time_is_refused(site):
    client = resident(site)
    # Never loaded the article's beacon: no claim at all.
    answer = client.post("/tin-tuc/1/phan-hoi", data=GOOD)
    assert answer.status_code == 400 and "quá nhanh" in answer.get_data(as_text=True)
    # Loaded it one second ago: still too soon. The htmx answer brings the beacon back, so the
    # same form sent again a few seconds later passes.
    has_read(site, client, seconds_ago=1)
    answer = client.post("/tin-tuc/1/phan-hoi", data=GOOD, headers=HTMX)
    assert answer.status_code == 400 and 'src="/thong-ke/dem.gif?bai-viet=1"' in answer.get_data(
        as_text=True
    )
    assert stored(site) == []
    has_read(site, client, seconds_ago=3)
    assert client.post("/tin-tuc/1/phan-hoi", data=GOOD).status_code == 303
    # Another browser on the same address has its own claim to make.
    assert (
        resident(site, BROWSER_UA + " Edg/120").post("/tin-tuc/1/phan-hoi", data=GOOD).status_code
        == 400
    )


def test_with_counting_off_the_minimum_time_is_not_checked(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(SITE_URL=SITE, STATS_ENABLED=False)
    with app.app_context():
        load_sample_content()
    assert resident(app).post("/tin-tuc/1/phan-hoi", data=GOOD).status_code == 303


def test_bots_closed_articles_and_other_sites_are_refused(site):
    bot = ready(site, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    assert bot.post("/tin-tuc/1/phan-hoi", data=GOOD).status_code == 403
    assert ready(site, "").post("/tin-tuc/1/phan-hoi", data=GOOD).status_code == 403
    cross = ready(site).post(
        "/tin-tuc/1/phan-hoi", data=GOOD, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403 and "trang web khác" in cross.get_data(as_text=True)
    foreign = ready(site).post(
        "/tin-tuc/1/phan-hoi", data=GOOD, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    same_site = ready(site).post(
        "/tin-tuc/1/phan-hoi",
        data={**GOOD, "body": "cùng trang"},
        headers={"Sec-Fetch-Site": "same-origin", "Origin": SITE},
    )
    assert same_site.status_code == 303
    assert ready(site).post("/tin-tuc/999/phan-hoi", data=GOOD).status_code == 404
    with site.app_context():
        db.session.get(Article, 1).comments_enabled = False
        db.session.commit()
    closed = ready(site).post("/tin-tuc/1/phan-hoi", data=GOOD)
    assert closed.status_code == 403 and "không nhận phản hồi" in closed.get_data(as_text=True)
    assert pending_bodies(site) == ["cùng trang"]


def test_the_site_wide_switch_closes_every_form(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(SITE_URL=SITE, COMMENTS_ENABLED=False)
    with app.app_context():
        load_sample_content()
    page = resident(app).get(ARTICLE_PAGE).get_data(as_text=True)
    assert 'id="viet-phan-hoi"' not in page and "không nhận phản hồi mới" in page
    assert ready(app).post("/tin-tuc/1/phan-hoi", data=GOOD).status_code == 403


def test_past_the_rate_limit_the_form_comes_back_with_429(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(SITE_URL=SITE, RATELIMIT_ENABLED=True, COMMENTS_RATE_LIMIT="2 per minute")
    with app.app_context():
        load_sample_content()
    client = ready(app)
    for number in range(2):
        assert (
            client.post("/tin-tuc/1/phan-hoi", data={**GOOD, "body": f"số {number}"}).status_code
            == 303
        )
    refused = client.post("/tin-tuc/1/phan-hoi", data={**GOOD, "body": "lần thứ ba"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "quá nhiều phản hồi" in page and "lần thứ ba" in page
    assert pending_bodies(app) == ["số 0", "số 1"]


def test_signed_in_staff_need_the_token(site):
    from tests.support.staff import make_user, sign_in

    make_user(site, "bientap", role="editor")
    staff = resident(site)
    assert sign_in(staff, "bientap").status_code == 303
    has_read(site, staff)
    answer = staff.post("/tin-tuc/1/phan-hoi", data=GOOD)
    assert answer.status_code == 400 and stored(site) == []


def test_a_writer_withdraws_their_own_pending_comment_and_nobody_else_can(site):
    writer = ready(site)
    writer.post("/tin-tuc/1/phan-hoi", data=GOOD)
    (comment,) = stored(site)
    withdraw = f"/tin-tuc/1/phan-hoi/{comment.id}/rut-lai"
    # Another browser (no writer cookie, or its own) cannot.
    other = ready(site, BROWSER_UA + " Firefox/120")
    assert other.post(withdraw).status_code == 409
    other.post("/tin-tuc/1/phan-hoi", data={**GOOD, "body": "của người khác"})
    assert other.post(withdraw, headers=HTMX).status_code == 409
    assert len(stored(site)) == 2
    gone = writer.post(withdraw)
    assert gone.status_code == 303 and gone.headers["Location"].endswith("?rut-lai=1")
    assert pending_bodies(site) == ["của người khác"]  # the email went with it
    assert "Đã rút lại phản hồi của bạn." in writer.get(gone.headers["Location"]).get_data(
        as_text=True
    )
    # Approved comments can no longer be withdrawn by the writer.
    from danvan.comments import moderation

    with site.app_context():
        (left,) = moderation.approve([stored(site)[0].id]).comment_ids
    assert other.post(f"/tin-tuc/1/phan-hoi/{left}/rut-lai").status_code == 409
