"""The forms of the documents' staff screens, and reading their uploaded files."""

from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from ..core.forms import SiteForm, VietnamDateField, text_rules
from ..documents import FILES_PER_FORM
from ..documents.files import ACCEPT, FileRefused, Format, check_file
from ..documents.lookups import all_fields, all_types

NO_FIELD = "— Không thuộc lĩnh vực nào —"
REQUIRED_DATE = "Vui lòng nhập ngày ban hành."
BAD_TYPE = "Loại văn bản không hợp lệ: hãy chọn trong danh sách."
BAD_FIELD = "Lĩnh vực không hợp lệ: hãy chọn trong danh sách."
TOO_MANY = f"Mỗi lần lưu đính kèm tối đa {FILES_PER_FORM} tệp."


class DocumentForm(SiteForm):
    """A document's number, title, type, issuer, dates, signer, field, summary and files."""

    number_symbol = StringField(
        "Số, ký hiệu (ví dụ 15-HD/BDVTU)",
        validators=text_rules(
            100, "Số, ký hiệu dài tối đa 100 ký tự.", "Vui lòng nhập số, ký hiệu."
        ),
    )
    title = TextAreaField(
        "Trích yếu (tên văn bản)",
        validators=text_rules(500, "Trích yếu dài tối đa 500 ký tự.", "Vui lòng nhập trích yếu."),
    )
    doc_type_id = SelectField("Loại văn bản", validators=[DataRequired(BAD_TYPE)])
    issuing_body = StringField(
        "Cơ quan ban hành",
        validators=text_rules(
            200, "Cơ quan ban hành dài tối đa 200 ký tự.", "Vui lòng nhập cơ quan ban hành."
        ),
    )
    issued_on = VietnamDateField("Ngày ban hành", validators=[DataRequired(REQUIRED_DATE)])
    effective_on = VietnamDateField("Ngày hiệu lực (không bắt buộc)", validators=[Optional()])
    signer = StringField("Người ký", validators=text_rules(200, "Người ký dài tối đa 200 ký tự."))
    field_id = SelectField("Lĩnh vực")
    summary = TextAreaField(
        "Tóm tắt nội dung", validators=text_rules(20_000, "Tóm tắt dài tối đa 20.000 ký tự.")
    )
    files = MultipleFileField("Tệp đính kèm (PDF, DOC, DOCX, ODT; chọn được nhiều tệp)")
    published = BooleanField("Công bố trên trang (bạn đọc xem và tải được)")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.doc_type_id.choices = [("", "— Chọn loại văn bản —")] + [
            (str(item.id), item.name) for item in all_types()
        ]
        self.field_id.choices = [("", NO_FIELD)] + [
            (str(item.id), item.name) for item in all_fields()
        ]
        self.checked_files: list[tuple[bytes, Format, str]] = []

    def validate_effective_on(self, field) -> None:
        """A document cannot take effect before it was issued."""
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError("Ngày hiệu lực không được trước ngày ban hành.")

    def validate_files(self, field) -> None:
        """Each file must be a real PDF, DOC, DOCX or ODT within the size limit."""
        chosen = [item for item in field.data or [] if isinstance(item, FileStorage)]
        chosen = [item for item in chosen if item.filename]
        if len(chosen) > FILES_PER_FORM:
            raise ValidationError(TOO_MANY)
        limit = current_app.config["DOCUMENT_MAX_BYTES"]
        for item in chosen:
            data = item.read(limit + 1)
            try:
                found, name = check_file(data, item.filename or "")
            except FileRefused as refused:
                raise ValidationError(refused.message) from None
            self.checked_files.append((data, found, name))


def vietnamese_errors(form: DocumentForm) -> None:
    """A choice outside the lists gets the list's own message, not "Not a valid choice"."""
    if form.doc_type_id.errors:
        form.doc_type_id.errors = [BAD_TYPE]
    if form.field_id.errors:
        form.field_id.errors = [BAD_FIELD]


class ConfirmForm(SiteForm):
    """A confirmation: only its CSRF token."""


class LookupForm(SiteForm):
    """A new type or field: its name."""

    name = StringField(
        "Tên", validators=text_rules(100, "Tên dài tối đa 100 ký tự.", "Vui lòng nhập tên.")
    )


__all__ = ["ACCEPT", "ConfirmForm", "DocumentForm", "LookupForm", "vietnamese_errors"]
