"""Staff write, preview, publish, schedule and unpublish articles.

One form serves every step; the button pressed (``action``) says what to do with it: save,
publish (now, or at the time given: a future time schedules it), unpublish, or preview without
saving. With JavaScript the body also previews live through an htmx POST to ``xem-truoc``.
Times are typed in Vietnam time and stored in UTC. The lead image: ``article_images.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from ..content.body import render_body
from ..content.models import Article, ArticleStatus
from ..content.tags import parse_tags, set_tags, tags_text
from ..core.caches import ARTICLE, forget
from ..core.clock import VIETNAM, utcnow
from ..core.errors import render_error
from ..core.forms import SiteForm, VietnamDateTimeField, text_rules
from ..core.htmx import is_htmx
from ..core.text import slugify
from ..extensions import db
from ..staff import audit
from .article_images import (
    LeadImageFields,
    apply_lead_image,
    fill_lead_image,
    lead_image_context,
    store_posted_image,
)
from .blueprint import FLASH_CATEGORY, bp, staff_page
from .categories import NO_CATEGORY, category_choices

ACTIONS = ("save", "publish", "unpublish", "preview")
BAD_ACTION = "Thao tác không hợp lệ: hãy bấm một trong các nút của biểu mẫu."
SAVED = {
    "create": "Đã lưu bản nháp.",
    "update": "Đã lưu bài viết.",
    "publish": "Đã đăng bài viết.",
    "schedule": "Đã hẹn giờ đăng bài viết lúc {when}.",
    "unpublish": "Đã gỡ bài viết: bạn đọc không còn xem được.",
}


class ArticleForm(LeadImageFields, SiteForm):
    """Everything an article has that staff set (the lead image's fields: ``LeadImageFields``)."""

    title = StringField(
        "Tiêu đề",
        validators=text_rules(500, "Tiêu đề dài tối đa 500 ký tự.", "Vui lòng nhập tiêu đề."),
    )
    slug = StringField(
        "Đường dẫn (để trống: tạo từ tiêu đề)",
        validators=[Optional(), *text_rules(200, "Đường dẫn dài tối đa 200 ký tự.")],
    )
    summary = TextAreaField(
        "Tóm tắt", validators=text_rules(2000, "Tóm tắt dài tối đa 2000 ký tự.")
    )
    body = TextAreaField(
        "Nội dung (Markdown; được dùng HTML đơn giản)",
        validators=text_rules(
            200_000, "Nội dung dài tối đa 200.000 ký tự.", "Vui lòng nhập nội dung bài viết."
        ),
    )
    source = StringField("Nguồn tin", validators=text_rules(300, "Nguồn tin dài tối đa 300 ký tự."))
    category_id = SelectField("Chuyên mục")
    tags = StringField(
        "Từ khóa (cách nhau bằng dấu phẩy)",
        validators=text_rules(2500, "Từ khóa dài tối đa 2500 ký tự."),
    )
    rating_enabled = BooleanField("Cho phép bạn đọc đánh giá bài viết", default=True)
    comments_enabled = BooleanField("Cho phép phản hồi (bạn đọc gửi ý kiến dưới bài)", default=True)
    # Typed as "25/12/2026 08:30" in a text box, not a datetime-local control, which Chromium
    # shows month first in an English browser whatever the page's lang (core/forms.py).
    published_at = VietnamDateTimeField(
        "Thời gian đăng (giờ Việt Nam, ngày/tháng/năm giờ:phút; để trống khi đăng: đăng ngay)",
        validators=[Optional()],
        invalid=(
            "Thời gian đăng không hợp lệ: hãy nhập ngày/tháng/năm giờ:phút, ví dụ 25/12/2026 08:30."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.category_id.choices = category_choices(NO_CATEGORY)

    def validate_tags(self, field) -> None:
        """Too many or too long tags are refused with the reason."""
        try:
            parse_tags(field.data or "")
        except ValueError as refused:
            raise ValidationError(str(refused)) from None

    def published_at_utc(self) -> datetime | None:
        """The typed time (Vietnam) as aware UTC, or None when left empty."""
        if self.published_at.data is None:
            return None
        return self.published_at.data.replace(tzinfo=VIETNAM).astimezone(UTC)


def _vietnamese_errors(form: ArticleForm) -> None:
    """Say which list a refused choice was from (SiteForm's general message does not)."""
    if form.category_id.errors:
        form.category_id.errors = ["Chuyên mục không hợp lệ."]


def unique_slug(wanted: str, article_id: int | None) -> str:
    """``wanted`` made URL-safe, with ``-2``, ``-3``… if another article already uses it."""
    base = slugify(wanted)
    with db.session.no_autoflush:  # a new article is pending, without its slug yet
        taken = set(
            db.session.scalars(
                select(Article.slug).where(
                    Article.slug.startswith(base), Article.id != (article_id or 0)
                )
            )
        )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def fill_form(form: ArticleForm, article: Article) -> None:
    """Put an article's stored values into an empty form."""
    form.title.data = article.title
    form.slug.data = article.slug
    form.summary.data = article.summary
    # Articles from before the editor have HTML only; HTML is valid Markdown input.
    form.body.data = article.body_source or article.body_html
    form.source.data = article.source
    form.category_id.data = str(article.category_id or "")
    form.tags.data = tags_text(article)
    form.rating_enabled.data = article.rating_enabled
    form.comments_enabled.data = article.comments_enabled
    fill_lead_image(form, article)
    if article.published_at is not None:
        form.published_at.data = article.published_at.astimezone(VIETNAM).replace(
            tzinfo=None, second=0, microsecond=0
        )


def apply_form(form: ArticleForm, article: Article) -> None:
    """Copy the form's values onto ``article`` (status is the caller's business)."""
    article.title = form.title.data.strip()
    article.slug = unique_slug(form.slug.data or form.title.data, article.id)
    article.summary = (form.summary.data or "").strip()
    article.body_source = form.body.data
    article.body_html = render_body(form.body.data)
    article.source = (form.source.data or "").strip()
    article.category_id = int(form.category_id.data) if form.category_id.data else None
    set_tags(article, parse_tags(form.tags.data or ""))
    article.rating_enabled = bool(form.rating_enabled.data)
    article.comments_enabled = bool(form.comments_enabled.data)
    apply_lead_image(form, article)
    planned = form.published_at_utc()
    if planned is not None:
        article.published_at = planned


def article_status_label(article: Article) -> str:
    """Bản nháp, Đã đăng, or Hẹn giờ (published with a time still to come)."""
    if article.status != ArticleStatus.PUBLISHED.value:
        return "Bản nháp"
    return "Đã đăng" if article.is_visible() else "Hẹn giờ đăng"


def _editor(
    form: ArticleForm, article: Article | None, status: int = 200, preview: str | None = None
):
    return staff_page(
        "admin/article_form.html",
        status=status,
        form=form,
        article=article,
        preview=preview,
        status_label=article_status_label(article) if article else "Bài mới",
        **lead_image_context(form),
    )


@bp.get("/bai-viet/moi")
def article_new():
    """An empty editor."""
    return _editor(ArticleForm(formdata=None), None)


@bp.get("/bai-viet/<int:article_id>")
def article_edit(article_id: int):
    """The editor with the article's stored values."""
    article = db.get_or_404(Article, article_id)
    form = ArticleForm(formdata=None)
    fill_form(form, article)
    return _editor(form, article, preview=article.body_html)


@bp.post("/bai-viet/moi")
def article_create():
    """Save a new article (as a draft, or published) from the editor."""
    return _submit(None)


@bp.post("/bai-viet/<int:article_id>")
def article_update(article_id: int):
    """Save, publish, unpublish or preview an existing article."""
    return _submit(db.get_or_404(Article, article_id))


def _submit(article: Article | None):
    action = request.form.get("action", "save")
    if action not in ACTIONS:
        return render_error(400, BAD_ACTION)
    if action == "unpublish":
        if article is None:
            return render_error(400, BAD_ACTION)
        return _unpublish(article)
    # CSRFProtect has already checked the token of every POST before the view runs.
    form = ArticleForm()
    if not form.validate():
        _vietnamese_errors(form)
        return _editor(form, article, status=422)
    refused = store_posted_image(form)
    if refused is not None:
        return _editor(form, article, status=refused.status)
    if action == "preview":
        return _editor(form, article, preview=render_body(form.body.data))
    created = article is None
    if article is None:
        article = Article(status=ArticleStatus.DRAFT.value, body_html="")
        db.session.add(article)
    apply_form(form, article)
    event = "create" if created else "update"
    if action == "publish":
        article.status = ArticleStatus.PUBLISHED.value
        if form.published_at_utc() is None:
            article.published_at = utcnow()
    db.session.flush()  # the new article's id, for the log
    audit.record(f"article.{event}", "article", article.id, article.title)
    if action == "publish":
        published_at = article.published_at or utcnow()
        event = "schedule" if published_at > utcnow() else "publish"
        audit.record(f"article.{event}", "article", article.id, article.title)
    db.session.commit()
    forget(ARTICLE, article.id)
    when = (
        article.published_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
        if article.published_at
        else ""
    )
    flash(SAVED[event].format(when=when), FLASH_CATEGORY)
    return redirect(url_for("admin.article_edit", article_id=article.id), code=303)


def _unpublish(article: Article):
    article.status = ArticleStatus.DRAFT.value
    audit.record("article.unpublish", "article", article.id, article.title)
    db.session.commit()
    forget(ARTICLE, article.id)
    flash(SAVED["unpublish"], FLASH_CATEGORY)
    return redirect(url_for("admin.article_edit", article_id=article.id), code=303)


@bp.post("/bai-viet/xem-truoc")
def article_preview():
    """The live preview: the body rendered and sanitised exactly as it would be saved."""
    body = request.form.get("body", "")
    if len(body) > 200_000:
        return render_error(413, "Nội dung dài tối đa 200.000 ký tự.")
    html = render_body(body)
    if not is_htmx():  # the editor's own "Xem trước" button is the usual no-JS way
        return staff_page("admin/preview.html", preview=html)
    return render_template("admin/_preview.html", preview=html)
