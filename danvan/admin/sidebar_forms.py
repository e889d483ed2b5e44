"""The forms of the sidebar screens: a banner and a link, and the check that keeps their
addresses to web pages."""

from __future__ import annotations

import re

from flask_wtf.file import FileField
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import ValidationError

from ..core.forms import SiteForm, text_rules

POSITIONS = [
    ("sidebar-top", "Đầu cột phải (trên khối Liên kết)"),
    ("sidebar-bottom", "Cuối cột phải (dưới khối Liên kết)"),
]
POSITION_CHOICES = [SelectChoice(value, label) for value, label in POSITIONS]
BAD_URL = "Địa chỉ phải bắt đầu bằng http://, https:// hoặc / (một trang của cổng này)."
_URL = re.compile(r"(https?://[^\s/]+[^\s]*|/[^\s/][^\s]*|/)", re.IGNORECASE)


def check_url(form, field) -> None:
    """Only web addresses and paths of this site: never javascript: or data: links."""
    value = (field.data or "").strip()
    field.data = value
    if value and not _URL.fullmatch(value):
        raise ValidationError(BAD_URL)


class BannerForm(SiteForm):
    """A banner: its alt text, where it links, where it sits, and its image."""

    title = StringField(
        "Mô tả ảnh (đọc cho người khiếm thị)",
        validators=text_rules(300, "Mô tả dài tối đa 300 ký tự.", "Vui lòng nhập mô tả ảnh."),
    )
    link_url = StringField(
        "Liên kết tới (để trống: không liên kết)",
        validators=text_rules(1000, "Địa chỉ dài tối đa 1000 ký tự.", None, check_url),
    )
    position = SelectField("Vị trí", choices=POSITION_CHOICES)
    image = FileField("Tệp ảnh (JPEG, PNG, GIF hoặc WebP)")


class LinkForm(SiteForm):
    """An entry of the links block."""

    title = StringField(
        "Tên trang",
        validators=text_rules(300, "Tên dài tối đa 300 ký tự.", "Vui lòng nhập tên trang."),
    )
    url = StringField(
        "Địa chỉ",
        validators=text_rules(
            1000, "Địa chỉ dài tối đa 1000 ký tự.", "Vui lòng nhập địa chỉ.", check_url
        ),
    )
