"""The page editor's form: what staff set on a page, in Vietnamese and in English, and the
rules a page must keep (unique addresses, one level of subpages)."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..content.body import render_body
from ..core.forms import SiteForm, text_rules
from ..core.text import slugify
from ..extensions import db
from ..pages.models import Page, PageKind

TOP_LEVEL = "— Trang cấp cao nhất —"
KINDS = [
    SelectChoice(PageKind.PAGE.value, "Trang thường"),
    SelectChoice(PageKind.CONTACT.value, "Trang liên hệ (thông tin liên hệ và biểu mẫu gửi thư)"),
]
BAD_CHOICE = "Lựa chọn không hợp lệ: hãy chọn một mục trong danh sách."
BODY_LIMIT = 200_000


class PageForm(SiteForm):
    """A page's fields; the English ones are optional (a page without them is untranslated)."""

    title = StringField(
        "Tiêu đề",
        validators=text_rules(500, "Tiêu đề dài tối đa 500 ký tự.", "Vui lòng nhập tiêu đề."),
    )
    slug = StringField(
        "Đường dẫn (để trống: tạo từ tiêu đề)",
        validators=[Optional(), *text_rules(200, "Đường dẫn dài tối đa 200 ký tự.")],
    )
    summary = TextAreaField(
        "Mô tả ngắn (cho máy tìm kiếm)",
        validators=text_rules(1000, "Mô tả dài tối đa 1000 ký tự."),
    )
    body = TextAreaField(
        "Nội dung (Markdown; được dùng HTML đơn giản)",
        validators=text_rules(BODY_LIMIT, "Nội dung dài tối đa 200.000 ký tự."),
    )
    kind = SelectField("Loại trang", choices=KINDS, validate_choice=True)
    parent_id = SelectField("Thuộc trang", validate_choice=True)
    in_menu = BooleanField("Hiện trên menu chính", default=True)
    published = BooleanField("Đăng (bạn đọc xem được)", default=True)
    title_en = StringField(
        "Tiêu đề tiếng Anh (để trống: trang chưa có bản tiếng Anh)",
        validators=text_rules(500, "Tiêu đề tiếng Anh dài tối đa 500 ký tự."),
    )
    slug_en = StringField(
        "Đường dẫn tiếng Anh (để trống: tạo từ tiêu đề tiếng Anh)",
        validators=[Optional(), *text_rules(200, "Đường dẫn tiếng Anh dài tối đa 200 ký tự.")],
    )
    body_en = TextAreaField(
        "Nội dung tiếng Anh (Markdown)",
        validators=text_rules(BODY_LIMIT, "Nội dung tiếng Anh dài tối đa 200.000 ký tự."),
    )

    def __init__(self, *args, page: Page | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        self.parent_id.choices = parent_choices(page)
        if self.parent_id.data is None:
            self.parent_id.data = ""

    def check(self) -> bool:
        """Validate the fields, then the rules between them; errors in Vietnamese."""
        valid = self.validate()
        for field in (self.kind, self.parent_id):
            if field.errors:
                field.errors = [BAD_CHOICE]
        if not valid:
            return False
        own_id = self.page.id if self.page else 0
        if taken(Page.slug, self.chosen_slug(), own_id):
            self.slug.errors = ["Đường dẫn này đã được dùng cho một trang khác."]
        english = self.chosen_slug_en()
        if (self.body_en.data or "").strip() and not self.title_en.data.strip():
            self.title_en.errors = ["Vui lòng nhập tiêu đề tiếng Anh cho nội dung tiếng Anh."]
        elif english is not None and taken(Page.slug_en, english, own_id):
            self.slug_en.errors = ["Đường dẫn tiếng Anh này đã được dùng cho một trang khác."]
        if self.parent_id.data and self.page is not None and has_subpages(self.page):
            self.parent_id.errors = ["Trang này có trang con nên phải ở cấp cao nhất."]
        return not self.errors

    def chosen_slug(self) -> str:
        """The page's address: the typed one, else made from the title."""
        return slugify((self.slug.data or "").strip() or self.title.data)

    def chosen_slug_en(self) -> str | None:
        """The English address, or None when the page has no English title."""
        title_en = (self.title_en.data or "").strip()
        if not title_en:
            return None
        return slugify((self.slug_en.data or "").strip() or title_en)

    def fill(self, page: Page) -> None:
        """Put a page's stored values into an empty form."""
        self.title.data, self.slug.data, self.summary.data = page.title, page.slug, page.summary
        self.body.data = page.body_source or page.body_html
        self.kind.data, self.parent_id.data = page.kind, str(page.parent_id or "")
        self.in_menu.data, self.published.data = page.in_menu, page.published
        self.title_en.data, self.slug_en.data = page.title_en, page.slug_en or ""
        self.body_en.data = page.body_source_en or page.body_html_en

    def apply(self, page: Page) -> None:
        """Copy the (checked) form onto ``page``."""
        page.title = self.title.data.strip()
        page.slug = self.chosen_slug()
        page.summary = (self.summary.data or "").strip()
        page.body_source = self.body.data or ""
        page.body_html = render_body(page.body_source)
        page.kind = self.kind.data
        page.parent_id = int(self.parent_id.data) if self.parent_id.data else None
        page.in_menu = bool(self.in_menu.data)
        page.published = bool(self.published.data)
        page.title_en = (self.title_en.data or "").strip()
        page.slug_en = self.chosen_slug_en()
        page.body_source_en = (self.body_en.data or "") if page.slug_en else ""
        page.body_html_en = render_body(page.body_source_en) if page.body_source_en else ""


def parent_choices(page: Page | None) -> list[SelectChoice]:
    """The top-level pages a page may go under (not itself): one level of subpages."""
    query = select(Page.id, Page.title).where(Page.parent_id.is_(None))
    if page is not None and page.id is not None:
        query = query.where(Page.id != page.id)
    rows = db.session.execute(query.order_by(Page.sort_order, Page.id)).all()
    return [SelectChoice("", TOP_LEVEL), *(SelectChoice(str(id_), title) for id_, title in rows)]


def taken(column, value: str, own_id: int) -> bool:
    """True when another page already has ``value`` in ``column``."""
    with db.session.no_autoflush:
        return (
            db.session.scalar(select(Page.id).where(column == value, Page.id != own_id).limit(1))
            is not None
        )


def has_subpages(page: Page) -> bool:
    """True when a page has pages under it."""
    return db.session.scalar(select(Page.id).where(Page.parent_id == page.id).limit(1)) is not None
