"""The sample content a new site ships with: the original article, four banners and links, and
the committee's pages (Giới thiệu and its subpages, Liên hệ: ``pages/sample.py``);
the sample documents (``documents/sample.py``).

It is loaded once, when the database holds no content yet. A marker row with a unique key is
written in the same transaction, so two processes starting together load it exactly once.

The article is the original page's as if it had been imported from NukeViet (issue 15): its
513 views, its one earlier 4-star vote (``rating_summaries.earlier_*``, shown as "4 trong 1
đánh giá") and the old site's visit total, 1,271,915, in "Tổng lượt truy cập". An import into
a new site replaces all three with the old site's own (danvan/importer/sample.py).
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..core.clock import VIETNAM
from ..core.text import slugify
from ..documents.sample import add_sample_documents
from ..extensions import db
from ..pages.models import Page
from ..pages.sample import add_sample_pages
from ..rating.models import RatingSummary
from ..stats.figures import LEGACY_TOTAL_KEY
from .models import Article, ArticleStatus, Banner, Category, Link, SiteSetting

MARKER = "sample_content_loaded"

ARTICLE_SOURCE = "Lê Dũng Toàn (Tổng hợp)"
# The original page's date line: "Chủ nhật - 24/01/2021 23:12", Vietnam time.
ARTICLE_PUBLISHED = datetime(2021, 1, 24, 23, 12, tzinfo=VIETNAM)
# The original page's figures: "Đã xem: 513", one vote of 4 stars, and the site's visit total.
ARTICLE_VIEWS = 513
EARLIER_VOTES = (1, 4)  # count, sum of stars
LEGACY_VISITS = 1_271_915

BANNERS = (
    # The original page's alt texts were its file names (hcm bdv001 ...), which a screen reader
    # reads out as noise; the names stay in the files, the alt texts say what the banner says.
    # (alt text, file, link, position)
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "img/banners/hcm-bdv001.svg",
        "",
        "sidebar-top",
    ),
    (
        "Dân vận khéo - Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
        "img/banners/hcm-bdv002.svg",
        "",
        "sidebar-top",
    ),
    (
        "Biển, đảo Việt Nam - Hoàng Sa, Trường Sa là của Việt Nam",
        "img/banners/bien-dao01.svg",
        "",
        "sidebar-bottom",
    ),
    (
        "Biển, đảo Việt Nam - Chung tay bảo vệ chủ quyền biển, đảo Tổ quốc",
        "img/banners/bien-dao02.svg",
        "",
        "sidebar-bottom",
    ),
)

LINKS = (
    ("Ban Dân vận Trung ương", "https://danvan.vn/"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Tạp chí Cộng sản", "https://www.tapchicongsan.org.vn/"),
    ("Báo Nhân Dân", "https://nhandan.vn/"),
)


def read_sample_article() -> tuple[str, list[str]]:
    """The seed article's title and paragraphs, from ``danvan/content/seed/article.txt``."""
    seed = resources.files("danvan.content").joinpath("seed/article.txt")
    text = seed.read_text(encoding="utf-8")
    title, *paragraphs = [block.strip() for block in text.split("\n\n") if block.strip()]
    return title, paragraphs


def database_is_empty() -> bool:
    """True when there is no article, banner, link, category or page yet."""
    for model in (Article, Banner, Link, Category, Page):
        if db.session.scalar(select(func.count()).select_from(model)):
            return False
    return True


def load_sample_content() -> bool:
    """Load the sample content if the database is empty and it was never loaded.

    Returns True when this call loaded it, False when there was nothing to do.
    """
    if db.session.get(SiteSetting, MARKER) is not None or not database_is_empty():
        return False
    try:
        db.session.add(SiteSetting(key=MARKER, value=datetime.now(VIETNAM).isoformat()))
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False

    # Nested, so that a new site shows a submenu and three-level breadcrumbs from the start.
    news = Category(name="Tin tức", slug="tin-tuc", sort_order=10)
    category = Category(name="Tin hoạt động", slug="tin-hoat-dong", sort_order=10)
    category.parent = news
    title, paragraphs = read_sample_article()
    article = Article(
        title=title,
        slug=slugify(title),
        summary=paragraphs[0],
        body_html="\n".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs),
        source=ARTICLE_SOURCE,
        status=ArticleStatus.PUBLISHED.value,
        published_at=ARTICLE_PUBLISHED,
        category=category,
        view_count=ARTICLE_VIEWS,
    )
    db.session.add(article)
    db.session.flush()
    count, stars = EARLIER_VOTES
    if count:
        db.session.add(RatingSummary(article_id=article.id, earlier_count=count, earlier_sum=stars))
    if LEGACY_VISITS and db.session.get(SiteSetting, LEGACY_TOTAL_KEY) is None:
        db.session.add(SiteSetting(key=LEGACY_TOTAL_KEY, value=str(LEGACY_VISITS)))
    for order, (alt, image, link, position) in enumerate(BANNERS):
        db.session.add(
            Banner(
                title=alt,
                image=image,
                width=300,
                height=100,
                link_url=link,
                position=position,
                sort_order=order,
            )
        )
    for order, (name, url) in enumerate(LINKS):
        db.session.add(Link(title=name, url=url, sort_order=order))
    add_sample_pages()
    add_sample_documents()
    try:
        db.session.commit()
    except IntegrityError:
        # Another process committed its marker first: its copy is the one that stays.
        db.session.rollback()
        return False
    return True
