"""The share bar under an article: its links and their addresses."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from danvan.site.sharing import FACEBOOK_SHARER, share_bar
from tests.site.test_pages import ARTICLE_PATH
from tests.site.test_printing import elements
from tests.support.html_checks import audit
from tests.support.site_host import SITE

CANONICAL = SITE + ARTICLE_PATH


def share_elements(html: str) -> dict[str, dict[str, str | None]]:
    """The share bar's links and buttons by their text, with their attributes (and their
    list item's, under ``item``)."""
    start = html.index('<nav class="share"')
    bar = html[start : html.index("</nav>", start)]
    found: dict[str, dict[str, str | None]] = {}
    item: dict[str, str | None] = {}
    tree = elements(bar)
    for tag, attrs in tree.tags:
        if tag == "li":
            item = attrs
        if tag in ("a", "button"):
            found[tag + ":" + str(len(found))] = {**attrs, "item": " ".join(item)}
    texts = [text.strip() for text in tree.text if text.strip() and text.strip() != "(mở thẻ mới)"]
    return dict(zip(texts, found.values(), strict=True))


def test_the_share_bar_links_with_the_site_address(site_client):
    html = site_client.get(ARTICLE_PATH).text
    bar = share_elements(html)
    assert list(bar) == [
        "In bài viết",
        "Lưu bài viết",
        "Chia sẻ Facebook",
        "Chia sẻ qua ứng dụng (Zalo…)",
        "Sao chép liên kết",
    ]
    assert bar["In bài viết"]["href"] == ARTICLE_PATH + "?print=1"
    assert bar["Lưu bài viết"]["href"] == ARTICLE_PATH + "?save=1"
    assert bar["In bài viết"]["rel"] == bar["Lưu bài viết"]["rel"] == "nofollow"
    facebook = bar["Chia sẻ Facebook"]
    assert facebook["href"] == (
        "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fdanvan.example.gov.vn"
        "%2Ftin-tuc%2Fca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-"
        "trong-giai-doan-moi-1"
    )
    assert facebook["target"] == "_blank" and facebook["rel"] == "noopener noreferrer"
    assert "(mở thẻ mới)" in html  # said to screen readers, since it opens a tab
    # The two buttons need JavaScript: hidden in the HTML, shown by site.js.
    assert bar["Sao chép liên kết"]["data-copy-url"] == CANONICAL
    assert "hidden" in bar["Sao chép liên kết"]["item"]
    assert bar["Chia sẻ qua ứng dụng (Zalo…)"]["data-share-url"] == CANONICAL
    assert "hidden" in bar["Chia sẻ qua ứng dụng (Zalo…)"]["item"]
    assert 'role="status" aria-live="polite" data-share-status' in html
    # No third-party script or frame: the only scripts are the site's own files.
    page = audit(html)
    assert all(s.get("src", "").startswith("/static/") for s in page.scripts if s.get("src"))
    assert "facebook.com" not in "".join(str(s) for s in page.scripts)
    assert "<iframe" not in html and "zalo.me" not in html


def test_without_the_site_address_facebook_is_left_out(client):
    html = client.get(ARTICLE_PATH).text
    bar = share_elements(html)
    assert "Chia sẻ Facebook" not in bar and "facebook.com" not in html
    # The copy and share-sheet buttons take the path; the browser resolves it.
    assert bar["Sao chép liên kết"]["data-copy-url"] == ARTICLE_PATH
    assert bar["In bài viết"]["href"] == ARTICLE_PATH + "?print=1"


def test_the_print_only_address_line_is_in_the_article(site_client):
    html = site_client.get(ARTICLE_PATH).text
    assert f'<p class="article__print-url">Địa chỉ bài viết: {CANONICAL}</p>' in html


def test_share_addresses_are_encoded_whatever_the_url_holds(app):
    article = SimpleNamespace(id=7, slug="bai-viet")
    awkward = "https://danvan.example.gov.vn/tin-tuc/bai-viet-7?a=1&b=2#phan-2 dân"
    with app.test_request_context():
        bar = share_bar(article, awkward)
        path_only = share_bar(article, "/tin-tuc/bai-viet-7")
    parts = urlsplit(bar["facebook"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == FACEBOOK_SHARER
    assert parse_qs(parts.query) == {"u": [awkward]}  # one parameter, the whole address
    assert "#" not in bar["facebook"] and " " not in bar["facebook"]
    assert bar["print"] == "/tin-tuc/bai-viet-7?print=1"
    assert path_only["facebook"] is None
    # A value that looks like a scheme but is not an absolute address is not shared.
    with app.test_request_context():
        assert share_bar(article, "javascript:alert(1)")["facebook"] is None
