"""The committee's identity (``/quan-tri/thong-tin/``): its name and province, contacts, the
person responsible for content, the licence line and the logo. Admins only: every page of the
site shows it.

The logo is picked from the image library or uploaded in place through the library's pipeline
(the fields and helpers of an article's lead image, ``article_images``); "no logo" brings the
drawn emblem back. A save is one audit entry naming the fields that changed.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from wtforms import StringField
from wtforms.validators import Regexp

from ..core.forms import SiteForm, text_rules
from ..extensions import db
from ..identity.store import Identity, current_identity, save_identity
from ..staff import audit
from .article_images import image_choice_fields, lead_image_context, store_posted_image
from .blueprint import FLASH_CATEGORY, admin_required, bp, staff_page

# The identity's fields as the form and the audit entry name them.
LABELS = {
    "name": "Tên cơ quan",
    "province": "Tỉnh, thành phố",
    "name_en": "Tên tiếng Anh",
    "address": "Địa chỉ",
    "phone": "Điện thoại",
    "fax": "Fax",
    "email": "Thư điện tử",
    "responsible": "Chịu trách nhiệm chính",
    "licence": "Giấy phép",
    "logo": "Logo",
}
TEXT_FIELDS = tuple(name for name in LABELS if name != "logo")

# Digits, spaces and the separators Vietnamese numbers are written with: "(0207) 3822.123",
# two numbers as "0207 3822 123 / 0207 3822 456".
PHONE = Regexp(
    r"^[0-9 +().,/\-]*$",
    message="Số điện thoại, số fax chỉ gồm chữ số, dấu cách và các dấu + - . , / ( ).",
)
# One "@", something on each side, a dot in the domain, no space: what a mail program needs.
# (WTForms' Email() needs the email_validator package, which the site does not depend on.)
EMAIL = Regexp(
    r"^$|^[^@\s]+@[^@\s]+\.[^@\s.]+$",
    message="Địa chỉ thư điện tử không hợp lệ (ví dụ: bandanvan@tuyenquang.gov.vn).",
)


def _one_line(value: str | None) -> str:
    # Every field is one line of the header or footer: runs of spaces (and pasted line breaks)
    # become one space.
    return " ".join((value or "").split())


def _text(name: str, limit: int, *more, required: str | None = None) -> StringField:
    label = LABELS[name]
    return StringField(
        label,
        validators=text_rules(limit, f"{label}: dài tối đa {limit} ký tự.", required, *more),
        filters=[_one_line],
    )


class IdentityForm(SiteForm):
    """What an admin says about the committee, and its logo."""

    name = _text("name", 200, required="Vui lòng nhập tên cơ quan.")
    province = _text("province", 100)
    name_en = _text("name_en", 200)
    address = _text("address", 300)
    phone = _text("phone", 50, PHONE)
    fax = _text("fax", 50, PHONE)
    email = _text("email", 200, EMAIL)
    responsible = _text("responsible", 200)
    licence = _text("licence", 300)
    image_name, image_file = image_choice_fields(
        "Logo", "Hoặc tải logo mới lên (JPEG, PNG, GIF hoặc WebP; nên là ảnh vuông)"
    )


def _page(form: IdentityForm, status: int = 200):
    return staff_page(
        "admin/identity.html",
        status=status,
        form=form,
        **lead_image_context(form),
    )


@bp.get("/thong-tin/")
@admin_required
def identity():
    """The form, filled with the identity pages show now."""
    form = IdentityForm(formdata=None)
    current = current_identity()
    for name in TEXT_FIELDS:
        getattr(form, name).data = getattr(current, name)
    form.image_name.data = current.logo
    return _page(form)


@bp.post("/thong-tin/")
@admin_required
def identity_update():
    """Save the identity; every page shows it at once here, within 30 s on other processes."""
    form = IdentityForm()
    if not form.validate():
        return _page(form, 422)
    refused = store_posted_image(form)
    if refused is not None:
        return _page(form, refused.status)
    before = current_identity()
    after = Identity(
        **{name: getattr(form, name).data for name in TEXT_FIELDS},
        logo=form.image_name.data or "",
    )
    changed = [
        label for name, label in LABELS.items() if getattr(before, name) != getattr(after, name)
    ]
    if not changed:
        flash("Thông tin đơn vị không có gì thay đổi.", FLASH_CATEGORY)
        return redirect(url_for("admin.identity"), code=303)
    save_identity(after)
    audit.record("identity.update", "identity", "", "Đã sửa: " + ", ".join(changed))
    db.session.commit()
    flash("Đã lưu thông tin đơn vị; mọi trang của cổng hiện thông tin mới.", FLASH_CATEGORY)
    return redirect(url_for("admin.identity"), code=303)
