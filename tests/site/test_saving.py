"""The saved file (``?save=1``): a download that opens offline, the site's images inside it."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from danvan.content.sample import load_sample_content
from danvan.extensions import db
from danvan.media.images import process_image
from danvan.media.storage import uploads_folder
from danvan.site.embedding import LocalFiles, standalone_html
from danvan.site.printing import download_name
from tests.core.test_security import EXPECTED_POLICY, policy_directives
from tests.site.test_pages import ARTICLE_PATH, add_article
from tests.site.test_printing import elements
from tests.support.html_checks import audit
from tests.support.publishing import png_bytes
from tests.support.site_host import SITE, SiteClient

# These tests count this site's own views, votes and visits from zero.
pytestmark = pytest.mark.usefixtures("sample_without_figures")

EXTERNAL = "https://cdn.example.org/anh-ngoai.png"


def store_upload(color: str = "blue") -> str:
    """An uploaded image in instance/uploads, as the media screen stores it; its name."""
    image = process_image(png_bytes((30, 20), color), max_width=1200)
    (uploads_folder() / image.name).write_bytes(image.data)
    return image.name


def article_with_images(name: str):
    body = (
        "<p>Đoạn mở đầu &amp; ký tự &lt;đặc biệt&gt;.</p>"
        f'<p><img src="/uploads/{name}" alt="Ảnh tải lên" width="30" height="20"></p>'
        '<p><img src="/static/img/banners/hcm-bdv001.svg" alt="Biểu ngữ tĩnh"></p>'
        f'<p><img src="{EXTERNAL}" alt="Ảnh ngoài"></p>'
        '<p><a href="https://example.org/">'
        '<img src="https://cdn.example.org/b.png" alt="Lồng"></a></p>'
        '<p><img src="/uploads/0123456789abcdef0123456789abcdef.webp" alt="Đã xóa"></p>'
        '<p><img src="/static/../danvan/__init__.py" alt="Ngoài thư mục"></p>'
        '<p><a href="/tin-tuc/bai-khac-7">Bài khác</a> và <a href="#muc-2">mục 2</a></p>'
    )
    article = add_article(
        "Bai co anh", datetime(2024, 5, 6, 7, 8, tzinfo=UTC), source="Phòng Tuyên truyền"
    )
    article.body_html = body
    db.session.commit()
    return article


@pytest.fixture
def saved(app_factory):
    """A site at DANVAN_SITE_URL with an article holding images; (response, upload bytes)."""
    app = app_factory(SITE_URL=SITE)
    with app.test_request_context():
        load_sample_content()
        name = store_upload()
        article = article_with_images(name)
        path = f"/tin-tuc/{article.slug}-{article.id}?save=1"
        upload = (uploads_folder() / name).read_bytes()
    response = SiteClient(app.test_client()).get(path)
    return response, upload


def data_uris(html: str) -> list[str]:
    return [attrs["src"] for tag, attrs in elements(html).tags if tag == "img"]


def test_the_saved_file_is_a_utf8_html_attachment(saved):
    response, _ = saved
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"bai-co-anh.html\"; filename*=UTF-8''bai-co-anh.html"
    )
    assert response.headers["X-Robots-Tag"] == "noindex"
    # The site's own policy, unchanged: a download is not rendered from the site.
    assert policy_directives(response.headers["Content-Security-Policy"]) == EXPECTED_POLICY
    assert "Set-Cookie" not in response.headers


def test_the_saved_file_embeds_the_site_s_images(saved):
    response, upload = saved
    sources = data_uris(response.text)
    assert sources[0] == "data:image/webp;base64," + base64.b64encode(upload).decode()
    decoded = Image.open(io.BytesIO(base64.b64decode(sources[0].split(",", 1)[1])))
    assert decoded.format == "WEBP" and decoded.size == (30, 20)
    static = Path(__file__).parents[2] / "static/img/banners/hcm-bdv001.svg"
    assert sources[1] == "data:image/svg+xml;base64," + base64.b64encode(
        static.read_bytes()
    ).decode("ascii")
    # Nothing else is an image: the rest became links or text, so nothing is fetched offline.
    assert len(sources) == 2 and all(src.startswith("data:") for src in sources)


def test_other_images_become_links_and_site_links_become_absolute(saved):
    html = saved[0].text
    assert f'<a class="saved-image-link" href="{EXTERNAL}">[Ảnh: Ảnh ngoài]</a>' in html
    # An image inside a link: its label only, no link inside the link.
    assert '<a href="https://example.org/" rel="noopener noreferrer">[Ảnh: Lồng]</a>' in html
    # A deleted upload, a path out of static/: links at the site, never a file read.
    assert f'href="{SITE}/uploads/0123456789abcdef0123456789abcdef.webp">[Ảnh: Đã xóa]</a>' in html
    assert f'href="{SITE}/static/../danvan/__init__.py">[Ảnh: Ngoài thư mục]</a>' in html
    assert "create_app" not in html
    assert f'<a href="{SITE}/tin-tuc/bai-khac-7" rel="noopener noreferrer">Bài khác</a>' in html
    assert '<a href="#muc-2" rel="noopener noreferrer">mục 2</a>' in html
    assert "Đoạn mở đầu &amp; ký tự &lt;đặc biệt&gt;." in html


VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr"}


class Nesting(HTMLParser):
    """Fails on an end tag that does not close the element last opened."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"


def test_the_saved_file_is_well_formed_html(saved):
    html = saved[0].text
    assert html.startswith("<!doctype html>")
    nesting = Nesting()
    nesting.feed(html)
    nesting.close()
    assert nesting.open == []
    tags = [tag for tag, _ in elements(html).tags]
    assert tags[:1] == ["html"] and tags.count("head") == 1 and tags.count("body") == 1


def test_the_saved_file_stands_alone(saved):
    html = saved[0].text
    page, tree = audit(html), elements(html)
    assert page.html_lang == "vi"
    assert page.scripts == []  # no script at all, inline or not
    assert page.inline_styles == ["<style>"]  # print.css, inlined
    assert ".print-article__title" in html and "@media print" in html
    assert not any(tag == "link" and attrs.get("rel") == "stylesheet" for tag, attrs in tree.tags)
    policy = next(attrs["content"] for tag, attrs in tree.tags if attrs.get("http-equiv"))
    assert policy_directives(policy) == {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["data:"],
    }
    text = " ".join("".join(tree.text).split())
    assert "Bai co anh" in text
    assert "Nguồn tin: Phòng Tuyên truyền" in text
    assert f"Địa chỉ bài viết: {SITE}/tin-tuc/bai-co-anh-" in text
    assert "Ngày lưu:" in text
    assert "Thứ hai - 06/05/2024 14:08" in text
    assert "Bấm Ctrl+P" not in text and not tree.has("button")


def test_the_sample_article_saves_with_its_whole_body(client):
    response = client.get(ARTICLE_PATH + "?save=1")
    assert response.status_code == 200
    text = " ".join("".join(elements(response.text).text).split())
    for paragraph in ("Một là, tiếp tục", "Hai là", "Ba là", "Bốn là", "Năm là", "Sáu là"):
        assert paragraph in text
    assert "Nguồn tin: Lê Dũng Toàn (Tổng hợp)" in text
    assert f"Địa chỉ bài viết: {ARTICLE_PATH}" in text  # no DANVAN_SITE_URL: the path
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-'
    )


def test_saving_does_not_count_a_view_of_the_article(app, client):
    from danvan.content.models import Article
    from tests.support.live_server import BROWSER_UA

    client.get(ARTICLE_PATH + "?save=1", headers={"User-Agent": BROWSER_UA})
    with app.app_context():
        assert db.session.get(Article, 1).view_count == 0


def test_images_past_the_budget_stay_links(app):
    with app.test_request_context():
        first, second = store_upload("red"), store_upload("green")
        size = (uploads_folder() / first).stat().st_size
        html = standalone_html(
            f'<p><img src="/uploads/{first}" alt="Một"><img src="/uploads/{second}" alt="Hai"></p>',
            budget=size + 1,
        )
    assert html.count("data:image/webp;base64,") == 1
    assert f'href="/uploads/{second}">[Ảnh: Hai]</a>' in html  # no site address: the path


def test_only_this_site_s_addresses_are_read_from_disk(app):
    with app.test_request_context():
        files = LocalFiles.for_current_app()
        name = store_upload()
    assert files.image_file(f"/uploads/{name}") == files.uploads / name
    assert files.image_file(f"{SITE}/uploads/{name}") is None  # not this site's address here
    files.site_url = SITE
    assert files.image_file(f"{SITE}/uploads/{name}") == files.uploads / name
    for other in (
        f"https://evil.example/uploads/{name}",
        f"//evil.example/uploads/{name}",
        f"{SITE}.evil.example/uploads/{name}",
        "/uploads/../secret_key",
        "/uploads/x.webp",
        "/static/%2e%2e/instance/secret_key",
        "/static/../app.py",
        "/static//etc/passwd",
        "relative/uploads/a.webp",
        "",
    ):
        assert files.image_file(other) is None, other


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("ca-he-thong", "ca-he-thong.html"),
        ('a"b\r\nc', "a-b-c.html"),
        ("../../etc/passwd", "etc-passwd.html"),
        ("", "bai-viet.html"),
        ("dân-vận", "d-n-v-n.html"),
    ],
)
def test_the_download_name_is_plain_ascii(slug, name):
    assert download_name(slug) == name


def test_the_lead_image_is_printed_and_embedded_in_the_saved_file(app, client):
    from danvan.media.models import Upload

    with app.test_request_context():
        name = store_upload("green")
        db.session.add(Upload(name=name, original_name="anh.png", width=30, height=20, size=1))
        article = add_article("Tin co anh dai dien", datetime(2024, 5, 6, 7, 8, tzinfo=UTC))
        article.image_name, article.image_alt = name, "Hội nghị <dân vận> khéo"
        db.session.commit()
        path = f"/tin-tuc/{article.slug}-{article.id}"
        upload = (uploads_folder() / name).read_bytes()
    printed = client.get(path + "?print=1").text
    assert (
        f'<figure class="print-article__image"><img src="/uploads/{name}" '
        'alt="Hội nghị &lt;dân vận&gt; khéo" width="30" height="20"></figure>'
    ) in printed
    saved = client.get(path + "?save=1").text
    assert data_uris(saved) == ["data:image/webp;base64," + base64.b64encode(upload).decode()]
    assert 'alt="Hội nghị &lt;dân vận&gt; khéo"' in saved
