"""WTForms' and Flask-WTF's own messages in Vietnamese.

WTForms ships no Vietnamese catalogue, and without Flask-Babel Flask-WTF leaves every default
message in English ("This field is required.", "Not a valid choice."). ``SiteForm``
(``core/forms.py``) hands this object to WTForms as its translations, so a validator left
without a message of its own still speaks Vietnamese. The keys are WTForms 3.3's ``wtforms.pot``
and Flask-WTF 1.3's file validators, word for word.
"""

from __future__ import annotations

# Anything English that is not listed (a newer version's message, an e-mail library's detail)
# becomes this rather than reaching the page.
FALLBACK = "Giá trị không hợp lệ."

MESSAGES = {
    "This field is required.": "Vui lòng điền vào ô này.",
    "Invalid input.": "Giá trị không hợp lệ.",
    # WTForms fills in the other field's label too: the name staff read, not the code's.
    "Field must be equal to %(other_name)s.": "Giá trị phải trùng với ô “%(other_label)s”.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Dài tối đa %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Dài tối đa %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Cần đúng %(max)d ký tự.",
    "Field must be exactly %(max)d characters long.": "Cần đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": (
        "Cần từ %(min)d đến %(max)d ký tự."
    ),
    "Number must be at least %(min)s.": "Số phải lớn hơn hoặc bằng %(min)s.",
    "Number must be at most %(max)s.": "Số phải nhỏ hơn hoặc bằng %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải từ %(min)s đến %(max)s.",
    "Date must be at least %(min)s.": "Ngày phải từ %(min)s trở đi.",
    "Date must be at most %(max)s.": "Ngày không được sau %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Ngày phải từ %(min)s đến %(max)s.",
    "Invalid email address.": "Địa chỉ email không hợp lệ.",
    "Invalid IP address.": "Địa chỉ IP không hợp lệ.",
    "Invalid Mac address.": "Địa chỉ MAC không hợp lệ.",
    "Invalid URL.": "Địa chỉ web không hợp lệ.",
    "Invalid UUID.": "Mã UUID không hợp lệ.",
    "Invalid value, must be one of: %(values)s.": (
        "Giá trị không hợp lệ: phải là một trong %(values)s."
    ),
    "Invalid value, can't be any of: %(values)s.": (
        "Giá trị không hợp lệ: không được là %(values)s."
    ),
    "This field cannot be edited.": "Không được sửa ô này.",
    "This field is disabled and cannot have a value.": "Ô này đã bị tắt, không nhận giá trị.",
    "Invalid CSRF Token.": "Mã bảo mật của biểu mẫu không hợp lệ: hãy tải lại trang.",
    "CSRF token missing.": "Thiếu mã bảo mật của biểu mẫu: hãy tải lại trang.",
    "CSRF failed.": "Kiểm tra bảo mật của biểu mẫu không thành công: hãy tải lại trang.",
    "CSRF token expired.": "Mã bảo mật của biểu mẫu đã hết hạn: hãy tải lại trang.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có mục nào để chọn.",
    "Not a valid choice.": "Lựa chọn không hợp lệ: hãy chọn một mục trong danh sách.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": (
        "“%(value)s” không phải là một lựa chọn hợp lệ."
    ),
    "'%(value)s' are not valid choices for this field.": (
        "“%(value)s” không phải là các lựa chọn hợp lệ."
    ),
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid week value.": "Tuần không hợp lệ.",
    "Not a valid integer value.": "Hãy nhập một số nguyên.",
    "Not a valid decimal value.": "Hãy nhập một số.",
    "Not a valid float value.": "Hãy nhập một số.",
    # Flask-WTF's file validators
    "File does not have an approved extension: {extensions}": (
        "Loại tệp không được nhận: chỉ nhận {extensions}."
    ),
    "File does not have an approved extension.": "Loại tệp không được nhận.",
}


class VietnameseTranslations:
    """The ``gettext``/``ngettext`` pair WTForms asks for, answering from ``MESSAGES``."""

    def gettext(self, string: str) -> str:
        """``string`` in Vietnamese; a message already in Vietnamese is returned as it is."""
        if string in MESSAGES:
            return MESSAGES[string]
        # A validator given its own (Vietnamese) message may still pass it through gettext.
        return FALLBACK if string.isascii() else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The Vietnamese of ``singular`` or ``plural`` (Vietnamese has one form for both)."""
        return self.gettext(singular if n == 1 else plural)


TRANSLATIONS = VietnameseTranslations()
