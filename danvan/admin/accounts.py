"""Admins manage staff accounts: create, disable or enable, reset a password.

Disabling an account or resetting its password ends every session of that account at once
(``staff.sessions.end_all_sessions``), on every process, because sessions are checked against
the database on each request.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from ..core.errors import render_error
from ..core.forms import SiteForm, text_rules
from ..extensions import db
from ..staff import audit
from ..staff.models import StaffRole, User
from ..staff.passwords import MIN_PASSWORD_LENGTH, hash_password
from ..staff.sessions import DISABLED, SIGNED_OUT, current_session, end_all_sessions
from .blueprint import FLASH_CATEGORY, admin_required, bp, staff_page

ROLES = {
    StaffRole.EDITOR.value: "Biên tập viên (quản lý nội dung)",
    StaffRole.ADMIN.value: "Quản trị viên (nội dung và tài khoản)",
}
SHORT_PASSWORD = f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự."
NOT_SELF = "Bạn không thể tự khoá tài khoản của chính mình."


def _password_fields():
    return (
        PasswordField(
            "Mật khẩu",
            validators=[
                DataRequired("Vui lòng nhập mật khẩu."),
                Length(min=MIN_PASSWORD_LENGTH, max=1024, message=SHORT_PASSWORD),
            ],
        ),
        PasswordField(
            "Nhập lại mật khẩu",
            validators=[
                DataRequired("Vui lòng nhập lại mật khẩu."),
                EqualTo("password", message="Hai lần nhập mật khẩu không khớp nhau."),
            ],
        ),
    )


class NewAccountForm(SiteForm):
    """A new staff account."""

    username = StringField(
        "Tên đăng nhập",
        validators=text_rules(
            80,
            "Tên đăng nhập dài tối đa 80 ký tự.",
            "Vui lòng nhập tên đăng nhập.",
            Regexp(r"^[\w.@-]+$", message="Tên đăng nhập chỉ gồm chữ, số và các dấu . _ - @."),
        ),
    )
    role = SelectField(
        "Quyền", choices=[SelectChoice(value, label) for value, label in ROLES.items()]
    )
    password, password_again = _password_fields()

    def validate_username(self, field) -> None:
        """Names are unique."""
        if db.session.scalar(select(User.id).where(User.username == field.data.strip())):
            raise ValidationError("Tên đăng nhập này đã có người dùng.")


class PasswordForm(SiteForm):
    """A new password for an account."""

    password, password_again = _password_fields()


def _page(status: int = 200, new_form=None, password_forms=None):
    users = list(db.session.scalars(select(User).order_by(User.username)))
    forms = password_forms or {}
    return staff_page(
        "admin/accounts.html",
        status=status,
        users=users,
        roles=ROLES,
        new_form=new_form or NewAccountForm(formdata=None),
        password_forms={
            user.id: forms.get(user.id) or password_form(user.id, None) for user in users
        },
    )


def password_form(user_id: int, formdata=...) -> PasswordForm:
    """The password form of one account; the prefix keeps ids unique on the shared page."""
    if formdata is ...:
        return PasswordForm(prefix=f"u{user_id}")
    return PasswordForm(formdata=formdata, prefix=f"u{user_id}")


@bp.get("/tai-khoan/")
@admin_required
def accounts():
    """Every staff account, with the forms to manage them."""
    return _page()


@bp.post("/tai-khoan/")
@admin_required
def account_create():
    """Create an account."""
    form = NewAccountForm()
    if not form.validate():
        if form.role.errors:
            form.role.errors = ["Quyền không hợp lệ."]
        return _page(422, new_form=form)
    user = User(
        username=form.username.data.strip(),
        role=form.role.data,
        password_hash=hash_password(form.password.data),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", "user", user.id, f"{user.username} ({user.role})")
    db.session.commit()
    flash(f"Đã tạo tài khoản {user.username}.", FLASH_CATEGORY)
    return redirect(url_for("admin.accounts"), code=303)


@bp.post("/tai-khoan/<int:user_id>/trang-thai")
@admin_required
def account_active(user_id: int):
    """Disable (ending its sessions) or enable an account: form field ``active`` 0 or 1."""
    user = db.get_or_404(User, user_id)
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        return render_error(400, "Trạng thái tài khoản không hợp lệ.")
    if wanted == "0" and user.id == current_user.id:
        return render_error(400, NOT_SELF)
    user.active = wanted == "1"
    audit.record("user.enable" if user.active else "user.disable", "user", user.id, user.username)
    db.session.commit()
    if not user.active:
        ended = end_all_sessions(user, DISABLED)
        flash(
            f"Đã khoá tài khoản {user.username}; {ended} phiên đăng nhập đã kết thúc.",
            FLASH_CATEGORY,
        )
    else:
        flash(f"Đã mở khoá tài khoản {user.username}.", FLASH_CATEGORY)
    return redirect(url_for("admin.accounts"), code=303)


@bp.post("/tai-khoan/<int:user_id>/mat-khau")
@admin_required
def account_password(user_id: int):
    """Set a new password; every session of the account ends but the one that set it."""
    user = db.get_or_404(User, user_id)
    form = password_form(user.id)
    if not form.validate():
        return _page(422, password_forms={user.id: form})
    user.password_hash = hash_password(form.password.data)
    audit.record("user.password", "user", user.id, user.username)
    db.session.commit()
    # Whoever changed it keeps the session they did it from; every other one of the account ends
    # (a password changed because a device was lost must lock that device out).
    own = current_session() if user.id == current_user.id else None
    ended = end_all_sessions(user, SIGNED_OUT, keep=own.sid if own else None)
    flash(
        f"Đã đặt lại mật khẩu của {user.username}"
        + (f"; {ended} phiên đăng nhập đã kết thúc." if ended else "."),
        FLASH_CATEGORY,
    )
    return redirect(url_for("admin.accounts"), code=303)
