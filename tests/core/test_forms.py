"""The forms' shared pieces: every form speaks Vietnamese by default, the date and time typed
the Vietnamese way, and a field's own messages handed to the browser."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from danvan.core.forms import SiteForm, VietnamDateField, VietnamDateTimeField, constraint_messages


def all_subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


def test_every_form_of_the_site_is_a_site_form(app):
    # create_app has imported every feature; a form added later is caught here.
    forms = {cls for cls in all_subclasses(FlaskForm) if cls.__module__.startswith("danvan.")}
    assert len(forms) >= 10
    assert (
        sorted(
            f"{cls.__module__}.{cls.__name__}"
            for cls in forms - all_subclasses(SiteForm) - {SiteForm}
        )
        == []
    )


class Bare(SiteForm):
    """Validators and fields left with WTForms' own (English) messages."""

    class Meta:
        csrf = False

    name = StringField("Tên", validators=[DataRequired()])
    short = StringField("Ngắn", validators=[Length(max=3)])
    again = StringField("Nhập lại", validators=[EqualTo("short")])
    count = IntegerField("Số", validators=[Optional()])
    kind = SelectField("Loại", choices=[SelectChoice("a", "A")])


def test_wtforms_default_messages_are_vietnamese(app):
    with app.test_request_context(method="POST"):
        form = Bare(MultiDict({"short": "dài quá", "again": "khác", "count": "ba", "kind": "z"}))
        assert not form.validate()
        assert form.errors == {
            "name": ["Vui lòng điền vào ô này."],
            "short": ["Dài tối đa 3 ký tự."],
            "again": ["Giá trị phải trùng với ô “Ngắn”."],
            "count": ["Hãy nhập một số nguyên."],
            "kind": ["Lựa chọn không hợp lệ: hãy chọn một mục trong danh sách."],
        }


class Planned(SiteForm):
    class Meta:
        csrf = False

    when = VietnamDateTimeField("Lúc", validators=[Optional()], invalid="Sai ngày giờ.")


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("25/12/2026 08:30", datetime(2026, 12, 25, 8, 30)),
        (" 1/2/2026  8:05 ", datetime(2026, 2, 1, 8, 5)),
        ("", None),
        ("   ", None),
    ],
)
def test_a_date_and_time_typed_day_first_is_read(app, typed, expected):
    with app.test_request_context(method="POST"):
        form = Planned(MultiDict({"when": typed}))
        assert form.validate(), form.errors
        assert form.when.data == expected


@pytest.mark.parametrize(
    "typed",
    [
        "31/02/2026 08:00",  # no such day
        "25/12/2026 24:00",
        "12/25/2026 08:00",  # month first
        "2026-12-25T08:30",  # the datetime-local format
        "25/12/2026",  # no time
        "25/12/0001 08:00",  # would overflow on the way to UTC
        "２５/12/2026 08:30",  # full-width digits
        "ngày mai",
    ],
)
def test_anything_else_is_refused_with_the_fields_message(app, typed):
    with app.test_request_context(method="POST"):
        form = Planned(MultiDict({"when": typed}))
        assert not form.validate()
        assert form.errors == {"when": ["Sai ngày giờ."]}
        assert form.when() == (
            f'<input autocomplete="off" data-msg-pattern-mismatch="Sai ngày giờ." id="when" '
            f'name="when" pattern="{form.when.render_kw["pattern"]}" '
            f'placeholder="ngày/tháng/năm giờ:phút" type="text" value="{typed}">'
        )


class Issued(SiteForm):
    class Meta:
        csrf = False

    on = VietnamDateField("Ngày", validators=[Optional()])


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("15/03/2024", date(2024, 3, 15)),
        (" 1/2/2026 ", date(2026, 2, 1)),
        ("", None),
        ("2024-03-15", "refused"),  # the type="date" format
        ("03/15/2024", "refused"),  # month first
        ("29/02/2023", "refused"),  # not a leap year
        ("15/03/2024 08:30", "refused"),  # a time where a date goes
    ],
)
def test_a_date_is_typed_day_first_too(app, typed, expected):
    with app.test_request_context(method="POST"):
        form = Issued(MultiDict({"on": typed}))
        if expected == "refused":
            assert not form.validate()
            assert form.errors == {
                "on": ["Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm (ví dụ 25/12/2026)."]
            }
        else:
            assert form.validate(), form.errors
            assert form.on.data == expected
    with app.test_request_context():
        shown = Issued(formdata=None, data={"on": date(2024, 3, 5)}).on()
        assert 'value="05/03/2024"' in shown and 'placeholder="ngày/tháng/năm"' in shown


def test_a_stored_time_is_shown_day_first(app):
    with app.test_request_context():
        form = Planned(formdata=None, data={"when": datetime(2026, 3, 4, 7, 5)})
        assert 'value="04/03/2026 07:05"' in form.when()


def test_the_browser_gets_the_fields_own_messages(app):
    with app.test_request_context():
        form = Bare(formdata=None)
        assert constraint_messages(form.name) == {}  # WTForms' default: forms.js has its own
        field = StringField(
            validators=[DataRequired("Vui lòng nhập tên."), Length(max=9, message="Tối đa 9.")]
        ).bind(form, "ten")
        assert constraint_messages(field) == {
            "data-msg-value-missing": "Vui lòng nhập tên.",
            "data-msg-too-long": "Tối đa 9.",
        }
        # One message for both bounds ("at least 8") is not shown for the other one.
        both = StringField(validators=[Length(min=8, max=99, message="Ít nhất 8.")]).bind(form, "x")
        assert constraint_messages(both) == {}
