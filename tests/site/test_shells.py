"""Page shells hold nothing that belongs to one visitor, and two apps share no cached data."""

from __future__ import annotations

import pytest
from flask import flash
from flask_wtf.csrf import generate_csrf

from danvan import create_app
from danvan.content.models import Article, Link
from danvan.content.sample import load_sample_content
from danvan.core.caches import SIDEBAR, STATS, forget
from danvan.core.shells import Shell, hole
from danvan.extensions import db
from danvan.site.shells import ARTICLE_HOLES, render_article_shell, render_home
from danvan.stats.figures import set_legacy_total
from tests.conftest import make_config
from tests.site.test_pages import ARTICLE_PATH
from tests.support.live_server import BROWSER_UA

# These tests count this site's own views, votes and visits from zero.
pytestmark = pytest.mark.usefixtures("sample_without_figures")

PRIVATE_MESSAGE = "Tin nhắn chỉ dành cho một người đọc"


def visitor_context(app, voted: bool):
    """A request context of one visitor: a fresh session (so its own CSRF token), a message
    waiting for them, and, when ``voted``, a voter cookie."""
    headers = {"User-Agent": BROWSER_UA}
    if voted:
        client = app.test_client()
        client.get(ARTICLE_PATH, headers=headers)
        client.post("/tin-tuc/1/danh-gia", headers=headers, data={"stars": "4"})
        headers["Cookie"] = "; ".join(
            f"{cookie.key}={cookie.value}" for cookie in client._cookies.values()
        )
    return app.test_request_context(ARTICLE_PATH, headers=headers)


def shells_for_one_visitor(app, voted: bool) -> tuple[Shell, Shell, str]:
    """The article and home shells rendered during one visitor's request, and that
    visitor's CSRF token."""
    with visitor_context(app, voted):
        flash(PRIVATE_MESSAGE, "rating")
        token = generate_csrf()
        article = db.session.get(Article, 1)
        article_shell = render_article_shell(article)
        home_shell = Shell.from_html(render_home(1, statistics_block=lambda: hole("stats")))
        return article_shell, home_shell, token


def literal_text(shell: Shell) -> str:
    return "".join(shell.parts[0::2])


def test_a_shell_is_the_same_whoever_made_the_request(app):
    first = shells_for_one_visitor(app, voted=False)
    second = shells_for_one_visitor(app, voted=True)
    assert first[2] != second[2]  # two visitors, two CSRF tokens
    assert first[0] == second[0], "the article shell differs between visitors"
    assert first[1] == second[1], "the home shell differs between visitors"
    for article_shell, home_shell, token in (first, second):
        assert article_shell.holes == ARTICLE_HOLES
        for shell in (article_shell, home_shell):
            assert token not in literal_text(shell)
            assert PRIVATE_MESSAGE not in literal_text(shell)


def test_a_shell_refuses_a_hole_it_did_not_declare():
    html = f"<p>{hole('views')} {hole('secret')}</p>"
    assert Shell.from_html(html, allowed=frozenset({"views", "secret"})).holes == {
        "views",
        "secret",
    }
    with pytest.raises(ValueError, match="secret"):
        Shell.from_html(html, allowed=frozenset({"views"}))


def sample_site(folder):
    """An app on its own SQLite file (whatever the suite's database), with the sample content."""
    app = create_app(make_config(folder, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/db.sqlite3"))
    with app.app_context():
        db.create_all()
        load_sample_content()
    return app


def test_two_apps_in_one_process_never_see_each_others_data(tmp_path):
    headers = {"User-Agent": BROWSER_UA}
    first = sample_site(tmp_path / "first")
    voter = first.test_client()
    voter.get(ARTICLE_PATH, headers=headers)
    assert (
        voter.post("/tin-tuc/1/danh-gia", headers=headers, data={"stars": "5"}).status_code == 303
    )
    with first.app_context():
        db.session.add(Link(title="Liên kết chỉ có ở trang thứ nhất", url="/a", sort_order=99))
        db.session.commit()
        forget(SIDEBAR)
        set_legacy_total(12345)
        forget(STATS)
    reader = first.test_client()  # no voter cookie: the cached block of unvoted readers
    html = reader.get(ARTICLE_PATH, headers=headers).get_data(as_text=True)
    assert "5 trong 1 đánh giá" in html
    assert "Liên kết chỉ có ở trang thứ nhất" in html
    assert reader.get("/api/stats").get_json()["total"] >= 12345  # carried over, plus visits

    second = sample_site(tmp_path / "second")
    other = second.test_client()
    assert other.get("/api/stats").get_json()["total"] == 0
    html = other.get(ARTICLE_PATH, headers=headers).get_data(as_text=True)
    assert "0 trong 0 đánh giá" in html
    assert "5 trong 1" not in html
    assert "Liên kết chỉ có ở trang thứ nhất" not in html
    assert "Liên kết chỉ có ở trang thứ nhất" not in other.get("/").get_data(as_text=True)
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


def test_a_shell_built_during_a_staff_members_request_is_a_residents_page(app, editor, client):
    # The article's shell is built by whoever asks first, here a signed-in editor (who gets a
    # full rendering of their own); the shell must still be the page a resident gets.
    staff_page = editor.get(ARTICLE_PATH, headers={"User-Agent": BROWSER_UA})
    assert "Trang quản trị" in staff_page.get_data(as_text=True)
    resident = client.get(ARTICLE_PATH, headers={"User-Agent": BROWSER_UA}).get_data(as_text=True)
    assert "Trang quản trị" not in resident and "Đăng nhập cán bộ" in resident
