"""Every public page is valid HTML: the Nu Html Checker (vnu.jar) reports no error on any.

All pages go to one Java run (``tests/support/vnu.py``): the JVM's start costs more than the
checks. To check a new page, add its path to ``PUBLIC_PAGES`` (or a case to ``special_pages``
when it needs a state of its own, such as a signed-in visitor or a message waiting).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from danvan import PROJECT_ROOT
from danvan.content.models import Article, ArticleStatus, Category, Tag
from danvan.content.sample import load_sample_content
from danvan.extensions import db
from danvan.identity.store import save_identity
from tests.site.test_pages import ARTICLE_PATH
from tests.support.comment_rows import staff_comment_pages
from tests.support.documents import staff_document_pages
from tests.support.identity import EXAMPLE_IDENTITY
from tests.support.live_server import BROWSER_UA
from tests.support.site_host import at_site
from tests.support.staff import csrf_from, make_user, sign_in
from tests.support.vnu import VNU_VERSION, check_documents, missing_checker

SITE = "https://danvan.example.gov.vn"
PAGE_SIZE = 3
NO_RATING_PATH = "/tin-tuc/bai-khong-danh-gia-2"
DOCUMENT_PATH = (
    "/van-ban/01-hd-mau-huong-dan-mau-ve-viec-dang-van-ban-len-trang-thong-tin-dien-tu-1"
)
CONTROL = "control: a page with known faults"

# name → path, fetched by an anonymous reader; each must answer with the status given.
PUBLIC_PAGES: dict[str, tuple[str, int]] = {
    "home": ("/", 200),
    "home, page 2": ("/?page=2", 200),
    "article, rating on": (ARTICLE_PATH, 200),
    "article, rating off": (NO_RATING_PATH, 200),
    "category": ("/chuyen-muc/tin-hoat-dong", 200),
    "category with subcategories": ("/chuyen-muc/thoi-su", 200),
    "category, page 2": ("/chuyen-muc/thoi-su?page=2", 200),
    "tag": ("/the/chuyen-doi-so", 200),
    "print view": (ARTICLE_PATH + "?print=1", 200),
    "saved file": (ARTICLE_PATH + "?save=1", 200),
    "search, results": ("/tim-kiem?q=dan+van", 200),
    "search, no results": ("/tim-kiem?q=khongcotukhoanay", 200),
    "search, empty": ("/tim-kiem", 200),
    "search, too long": ("/tim-kiem?q=" + "a" * 300, 400),
    "documents": ("/van-ban/", 200),
    "documents, filtered": ("/van-ban/?loai=huong-dan&nam=2021&linh-vuc=cong-tac-dan-van", 200),
    "documents, none match": ("/van-ban/?nam=2000", 200),
    "documents, bad year": ("/van-ban/?nam=abc", 400),
    "document": (DOCUMENT_PATH, 200),
    "document, unknown": ("/van-ban/khong-co-999", 404),
    "search, documents found": ("/tim-kiem?q=01-HD%2FMAU", 200),
    "statistics": ("/thong-ke", 200),
    "sign-in": ("/login", 200),
    "not found": ("/khong-co-trang-nay", 404),
    "old NukeViet link, not found": ("/tin-hoat-dong/bai-cu-da-xoa-999.html", 404),
    "bad request": ("/?q=%01", 400),
    "page": ("/gioi-thieu/gioi-thieu", 200),
    "subpage, translated": ("/gioi-thieu/co-cau-to-chuc", 200),
    "contact page": ("/lien-he", 200),
    "English home": ("/en/", 200),
    "English page": ("/en/organisation", 200),
    "English contact page": ("/en/contact", 200),
    "English, not translated yet": ("/en/gioi-thieu", 200),
}


@pytest.fixture
def site(app_factory):
    """The sample site with enough articles for a second home page and one without rating, in
    a category with a subcategory, with a tag."""
    # SITE_URL set: pages then carry their absolute links and the feeds' <link rel=alternate>.
    app = app_factory(SITE_URL=SITE, PAGE_SIZE=PAGE_SIZE)
    with app.app_context():
        load_sample_content()
        news = Category(name="Thời sự", slug="thoi-su", description="Tin thời sự")
        db.session.add(news)
        db.session.flush()
        db.session.add(Category(name="Trong tỉnh", slug="trong-tinh", parent_id=news.id))
        tag = Tag(name="Chuyển đổi số", slug="chuyen-doi-so")
        start = datetime(2024, 1, 1, tzinfo=UTC)
        for number in range(PAGE_SIZE + 1):
            db.session.add(
                Article(
                    category=news,
                    tags=[tag],
                    title="Bài không đánh giá" if number == 0 else f"Tin số {number}",
                    slug="bai-khong-danh-gia" if number == 0 else f"tin-so-{number}",
                    status=ArticleStatus.PUBLISHED.value,
                    published_at=start + timedelta(days=number),
                    body_html="<p>Nội dung <strong>đậm</strong>.</p>",
                    summary="Tóm tắt.",
                    rating_enabled=number != 0,
                )
            )
        # Every field of the identity set: the footer at its fullest (danvan/identity/).
        save_identity(EXAMPLE_IDENTITY)
        db.session.commit()
    return app


def reader(app):
    """A reader's browser at the site's own address (other hosts are refused)."""
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=BROWSER_UA)
    return client


def special_pages(app) -> dict[str, str]:
    """Pages that need a state of their own: the own-vote page a vote without JavaScript ends
    on."""
    client = reader(app)
    voted = client.post(
        "/tin-tuc/1/danh-gia",
        data={"stars": "4"},
        base_url=SITE,
        headers={"Sec-Fetch-Site": "same-origin"},
        follow_redirects=True,
    )
    assert voted.status_code == 200 and "Cảm ơn" in voted.get_data(as_text=True)
    pages = {"the own-vote page, after a vote without JavaScript": voted.get_data(as_text=True)}
    # The identity screen (staff, admins only), as it opens and refusing a bad address.
    make_user(app, "quantri", role="admin")
    admin = at_site(reader(app), SITE)
    assert sign_in(admin, "quantri").status_code == 303
    form = admin.get("/quan-tri/thong-tin/", base_url=SITE).get_data(as_text=True)
    pages["staff: identity"] = form
    refused = admin.post(
        "/quan-tri/thong-tin/",
        data={"csrf_token": csrf_from(form), "name": "", "email": "khong-hop-le"},
    )
    assert refused.status_code == 422
    pages["staff: identity, refused"] = refused.get_data(as_text=True)
    pages.update(staff_comment_pages(app, admin))
    return {
        **pages,
        **contact_pages(app),
        **comment_pages(app),
        **staff_document_pages(app, SITE),
    }


def comment_pages(app) -> dict[str, str]:
    """An article with approved comments (an answer, a link, a second page), a comment refused
    without JavaScript, the writer's own page after one sent, and the htmx answers."""
    from danvan.comments import moderation
    from danvan.staff.models import User
    from tests.support.comments import add_comments, has_read

    user_id = make_user(app, "bientap", role="editor")
    with app.app_context():
        ids = add_comments(
            1, 22, body="Ý kiến <b>hay</b>, xem https://example.vn/a?b=1&c=2.\n\nHết."
        )
        moderation.approve(ids)
        moderation.answer(ids[0], "Cảm ơn bạn.\nBan sẽ trả lời sớm.", db.session.get(User, user_id))
    client = at_site(reader(app), SITE)
    has_read(app, client)
    pages = {
        "article, with comments": client.get(ARTICLE_PATH).text,
        "comments, page 2": client.get("/tin-tuc/1/phan-hoi?trang=2").text,
    }
    refused = client.post("/tin-tuc/1/phan-hoi", data={"name": "Ban biên tập", "body": "x"})
    assert refused.status_code == 422
    pages["comment refused without JavaScript"] = refused.text
    sent = client.post(
        "/tin-tuc/1/phan-hoi", data={"name": "Lan", "body": "Ý kiến"}, follow_redirects=True
    )
    assert sent.status_code == 200 and "đang chờ duyệt" in sent.text
    pages["comment sent: the writer's own page"] = sent.text
    return pages


def contact_pages(app) -> dict[str, str]:
    """The contact page with a refused message (errors by the fields), and after a sent one."""
    from tests.support.pages import contact_form

    client = at_site(reader(app), SITE)
    refused = client.post("/lien-he", data=contact_form(client, app, email="sai"))
    assert refused.status_code == 422
    sent = client.post("/lien-he", data=contact_form(client, app), follow_redirects=True)
    assert sent.status_code == 200 and "Cảm ơn" in sent.text
    return {"contact page, a refused message": refused.text, "contact page, sent": sent.text}


def test_every_public_page_is_valid_html(site):
    reason = missing_checker()
    if reason:
        pytest.skip(reason)
    client = reader(site)
    documents: dict[str, str] = {}
    for name, (path, status) in PUBLIC_PAGES.items():
        response = client.get(path, base_url=SITE)
        assert response.status_code == status, (name, path)
        assert response.mimetype == "text/html", (name, path)
        documents[name] = response.get_data(as_text=True)
    documents.update(special_pages(site))
    # A control in the same run, so the check is seen able to fail: the two faults every page
    # had before issue 13 (hx-* attributes, a raw space in the icon's data: URL).
    documents[CONTROL] = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x</title>'
        '<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=\'a\'%3E"></head>'
        '<body><form hx-post="/x"></form></body></html>'
    )
    errors = check_documents(documents)
    assert set(errors) == set(documents)  # the checker read every page
    control = errors.pop(CONTROL)
    assert any("Space is not allowed" in error for error in control), control
    assert any("“hx-post” not allowed" in error for error in control), control
    assert {name: found for name, found in errors.items() if found} == {}


def test_ci_and_readme_install_the_pinned_checker():
    # One version everywhere: what CI installs is what a developer is told to install.
    assert f"vnu-jar@{VNU_VERSION}" in (PROJECT_ROOT / ".ci" / "run").read_text()
    assert f"vnu-jar@{VNU_VERSION}" in (PROJECT_ROOT / "README.md").read_text()
