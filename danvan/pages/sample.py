"""The pages a new site ships with: the structure of the committee's site, in placeholder text
the admin replaces (``content/sample.py`` loads them with the rest of the sample content)."""

from __future__ import annotations

from ..content.body import render_body
from ..extensions import db
from .models import Page, PageKind

PLACEHOLDER = "*Nội dung mẫu: quản trị viên thay bằng {what} tại Quản trị › Trang.*"
PLACEHOLDER_EN = "*Sample text: the site's administrator replaces it with {what}.*"

# (slug, title, summary, body, English slug, English title, English body)
ABOUT = (
    "gioi-thieu",
    "Giới thiệu",
    "Giới thiệu về Ban Dân vận: lịch sử, cơ cấu tổ chức, chức năng và nhiệm vụ.",
    "## Lịch sử hình thành\n\nBan Dân vận là cơ quan tham mưu của cấp ủy về công tác dân vận.\n\n"
    + PLACEHOLDER.format(what="lời giới thiệu chính thức của Ban"),
    "",
    "",
    "",
)
CHILDREN = (
    (
        "co-cau-to-chuc",
        "Cơ cấu tổ chức",
        "Lãnh đạo Ban và các phòng chuyên môn.",
        "## Lãnh đạo Ban\n\n- Trưởng ban\n- Các Phó Trưởng ban\n\n## Các phòng\n\n"
        "- Văn phòng\n- Phòng Dân vận chính quyền và Mặt trận, đoàn thể\n\n"
        + PLACEHOLDER.format(what="danh sách lãnh đạo và các phòng của Ban"),
        "organisation",
        "Organisation",
        "## Leadership\n\n- Head of the Commission\n- Deputy Heads\n\n## Departments\n\n"
        "- Office\n- Department of Government, Front and Mass Organisations Mobilisation\n\n"
        + PLACEHOLDER_EN.format(what="the Commission's leadership and departments"),
    ),
    (
        "chuc-nang-nhiem-vu",
        "Chức năng – nhiệm vụ",
        "Chức năng, nhiệm vụ và quyền hạn của Ban Dân vận.",
        "## Chức năng\n\nTham mưu cho cấp ủy về chủ trương, giải pháp lớn trong công tác "
        "dân vận.\n\n"
        "## Nhiệm vụ\n\n" + PLACEHOLDER.format(what="quy định về chức năng, nhiệm vụ của Ban"),
        "functions",
        "Functions and duties",
        "## Functions\n\nThe Commission advises the Party Committee on mass mobilisation work.\n\n"
        "## Duties\n\n" + PLACEHOLDER_EN.format(what="the Commission's official functions"),
    ),
)
CONTACT = (
    "lien-he",
    "Liên hệ",
    "Địa chỉ, điện thoại, email của Ban và biểu mẫu gửi thư.",
    "Bạn đọc có thể liên hệ với Ban theo địa chỉ dưới đây hoặc gửi thư bằng biểu mẫu.\n\n"
    + PLACEHOLDER.format(what="lời dẫn của Ban; địa chỉ và số điện thoại lấy từ Thông tin đơn vị"),
    "contact",
    "Contact",
    "Readers may write to the Commission at the address below.\n\n"
    + PLACEHOLDER_EN.format(what="the Commission's own words"),
)


def _page(values: tuple[str, ...], order: int, **more) -> Page:
    slug, title, summary, body, slug_en, title_en, body_en = values
    page = Page(
        slug=slug,
        title=title,
        summary=summary,
        body_source=body,
        body_html=render_body(body),
        slug_en=slug_en or None,
        title_en=title_en,
        body_source_en=body_en,
        body_html_en=render_body(body_en) if body_en else "",
        sort_order=order,
        in_menu=True,
        published=True,
        **more,
    )
    db.session.add(page)
    return page


def add_sample_pages() -> None:
    """Add the sample pages to the session (the caller commits, with its marker)."""
    about = _page(ABOUT, 10)
    for order, values in enumerate(CHILDREN, start=1):
        _page(values, order * 10, parent=about)
    _page(CONTACT, 20, kind=PageKind.CONTACT.value)
