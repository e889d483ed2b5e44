"""Images on the public pages: thumbnails in the article list (srcset of the stored copies,
stored dimensions, lazy below the first cards, decorative), the lead image of an article page,
og:image and the JSON-LD image (absolute, so only with DANVAN_SITE_URL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event

from danvan.content.models import Article
from danvan.extensions import db
from danvan.media.variants import variant_name
from tests.site.test_pages import add_article
from tests.support.html_checks import audit
from tests.support.media import images, srcset_widths, store_upload, within

SITE = "https://danvan.example.gov.vn"
ALT = "Đoàn công tác trao quà cho hộ nghèo"


def articles_with_images(app, total: int, with_image=lambda number: True) -> list[int]:
    """``total`` published articles, newest first by number; those ``with_image`` picks get one
    (1200 x 800, each its own). Returns their ids, newest first."""
    base = datetime.now(UTC) - timedelta(days=1)
    ids = []
    for number in range(total):
        name = store_upload(app, (1200, 800), seed=number + 1) if with_image(number) else None
        with app.app_context():
            article = add_article(
                f"Tin so {number:02d}",
                base - timedelta(minutes=number),
                image_name=name,
                image_alt=f"{ALT} {number}" if name else "",
            )
            ids.append(article.id)
    return ids


def card_images(html: str) -> list[dict]:
    return [image for image in images(html) if within(image, "li", "article-card")]


def expected_srcset(name: str) -> list[tuple[str, int]]:
    return [(f"/uploads/{variant_name(name, width)}", width) for width in (320, 640, 960)] + [
        (f"/uploads/{name}", 1200)
    ]


def test_list_thumbnails_offer_every_copy_with_the_stored_size(app):
    articles_with_images(app, 6)
    html = app.test_client().get("/").text
    thumbs = card_images(html)
    assert len(thumbs) == 6
    for image in thumbs:
        attrs = image["attrs"]
        name = attrs["src"].removeprefix("/uploads/")
        assert srcset_widths(attrs["srcset"]) == expected_srcset(name)
        assert attrs["sizes"] == "(min-width: 520px) 192px, 120px"
        assert (attrs["width"], attrs["height"]) == ("1200", "800")
        assert attrs["decoding"] == "async"
        # Decorative: the title next to it is the same link and says what the card is.
        assert attrs["alt"] == ""
        link = within(image, "a")
        assert link["aria-hidden"] == "true" and link["tabindex"] == "-1"
        assert link["href"].startswith("/tin-tuc/tin-so-")
    # The first cards are on the first screen: loaded at once, the first one first.
    assert [image["attrs"].get("loading") for image in thumbs] == [None] * 3 + ["lazy"] * 3
    assert [image["attrs"].get("fetchpriority") for image in thumbs] == ["high"] + [None] * 5


def test_cards_without_an_image_have_no_img_and_the_plain_layout(app):
    ids = articles_with_images(app, 4, with_image=lambda number: number % 2 == 0)
    html = app.test_client().get("/").text
    assert len(card_images(html)) == 2
    with app.app_context():
        plain = db.session.get(Article, ids[1])
        link = f'href="/tin-tuc/{plain.slug}-{plain.id}"'
    card = html[html.rindex('<li class="article-card', 0, html.index(link)) : html.index(link)]
    assert card.startswith('<li class="article-card">')  # no --image modifier
    # The sample article (no image) is in the list too: 5 cards, 2 thumbnails.
    assert html.count('<li class="article-card') == 5
    assert html.count("article-card--image") == 2


def test_a_list_offers_only_the_copies_on_disk(app):
    articles_with_images(app, 1)
    uploads = Path(app.instance_path, "uploads")
    for path in uploads.glob("*-*.webp"):
        if not path.name.endswith("-320.webp"):
            path.unlink()
    from danvan.core.caches import app_caches

    app_caches(app).clear()
    (image,) = card_images(app.test_client().get("/").text)
    name = image["attrs"]["src"].removeprefix("/uploads/")
    assert srcset_widths(image["attrs"]["srcset"]) == [
        (f"/uploads/{variant_name(name, 320)}", 320),
        (f"/uploads/{name}", 1200),
    ]
    for path in uploads.glob("*-*.webp"):
        path.unlink()
    app_caches(app).clear()
    (image,) = card_images(app.test_client().get("/").text)
    assert "srcset" not in image["attrs"] and "sizes" not in image["attrs"]
    assert image["attrs"]["src"] == f"/uploads/{name}"  # the image itself, never a broken one


def test_the_list_loads_its_images_in_one_query_not_one_per_card(app):
    articles_with_images(app, 8)
    statements: list[str] = []
    with app.app_context():
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert app.test_client().get("/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    assert len([s for s in statements if "FROM uploads" in s]) == 1


def article_path(app, article_id: int) -> str:
    with app.app_context():
        article = db.session.get(Article, article_id)
        return f"/tin-tuc/{article.slug}-{article.id}"


def test_the_article_page_shows_its_lead_image_first(app):
    (article_id,) = articles_with_images(app, 1)
    html = app.test_client().get(article_path(app, article_id)).text
    (lead,) = [image for image in images(html) if within(image, "figure", "article__image")]
    attrs = lead["attrs"]
    name = attrs["src"].removeprefix("/uploads/")
    assert attrs["alt"] == f"{ALT} 0"
    assert srcset_widths(attrs["srcset"]) == expected_srcset(name)
    assert (attrs["width"], attrs["height"]) == ("1200", "800")
    assert attrs["fetchpriority"] == "high" and "loading" not in attrs
    assert within(lead, "article", "article")
    assert html.index('class="article__image"') < html.index('class="article__body"')
    # Without DANVAN_SITE_URL the page knows no absolute address: no og:image, no JSON-LD image.
    page = audit(html)
    assert not [key for key in page.meta if key.startswith("og:image")]
    assert all("image" not in data for data in page.json_ld)


def test_og_image_and_the_json_ld_image_are_absolute_with_the_site_url(app_factory):
    app = app_factory(SITE_URL=SITE)
    (article_id,) = articles_with_images(app, 1)
    html = app.test_client().get(article_path(app, article_id), base_url=SITE).text
    page = audit(html)
    with app.app_context():
        name = db.session.get(Article, article_id).image_name
    assert page.meta["og:image"] == f"{SITE}/uploads/{name}"
    assert page.meta["og:image:type"] == "image/webp"
    assert (page.meta["og:image:width"], page.meta["og:image:height"]) == ("1200", "800")
    assert page.meta["og:image:alt"] == f"{ALT} 0"
    data = next(item for item in page.json_ld if item["@type"] == "NewsArticle")
    assert data["image"] == {
        "@type": "ImageObject",
        "url": f"{SITE}/uploads/{name}",
        "width": 1200,
        "height": 800,
    }


def test_an_article_without_an_image_has_no_figure_and_no_og_image(app_factory):
    from danvan.content.sample import load_sample_content
    from tests.site.test_pages import ARTICLE_PATH

    app = app_factory(SITE_URL=SITE)
    with app.app_context():
        load_sample_content()
    html = app.test_client().get(ARTICLE_PATH, base_url=SITE).text
    assert "article__image" not in html and "<figure" not in html.split("article__body")[0]
    page = audit(html)
    assert "og:image" not in page.meta
    assert all("image" not in data for data in page.json_ld)


def test_the_article_shell_holds_the_image_for_every_reader(app):
    (article_id,) = articles_with_images(app, 1)
    path = article_path(app, article_id)
    first = app.test_client().get(path).text
    second = app.test_client().get(path).text
    assert [i["attrs"] for i in images(first)] == [i["attrs"] for i in images(second)]
