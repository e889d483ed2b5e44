"""Staff account commands: ``flask --app app create-user NAME`` and ``disable-user NAME``."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import inspect, select

from ..core.commands import CommandError
from ..core.database import upgrade_schema
from ..extensions import db
from .models import StaffRole, User
from .passwords import MIN_PASSWORD_LENGTH, hash_password
from .sessions import DISABLED, end_all_sessions


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def read_new_password() -> str:
    """The new password, typed twice (hidden) at a terminal, or two lines piped on stdin.

    click's hidden prompt goes through getpass, which reads the terminal rather than a pipe when
    one is attached; scripts pipe the two lines, so they are read from stdin directly.
    """
    if _stdin_is_terminal():
        return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    stdin = sys.stdin  # the pipe (CliRunner swaps it in tests too)
    first, second = stdin.readline().rstrip("\r\n"), stdin.readline().rstrip("\r\n")
    if first != second:
        raise CommandError("Hai lần nhập mật khẩu không khớp nhau.")
    return first


def ensure_schema() -> None:
    """Apply pending migrations, so account commands work on a fresh instance too.

    A database whose tables were made without Alembic (the test fixtures' ``create_all``) is
    left as it is.
    """
    inspector = inspect(db.engine)
    if inspector.has_table("alembic_version") or not inspector.has_table("users"):
        upgrade_schema(quiet=True)


@click.command("create-user")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice([role.value for role in StaffRole]),
    default=StaffRole.EDITOR.value,
    show_default=True,
    help="quyền của tài khoản",
)
@with_appcontext
def create_user_command(username: str, role: str) -> None:
    """Create a staff account; the password is asked twice (or piped as two lines)."""
    username = username.strip()
    if not username or len(username) > 80:
        raise CommandError("Tên đăng nhập phải có từ 1 đến 80 ký tự.")
    ensure_schema()  # a fresh instance has no tables yet; a running one is already current
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise CommandError(f"Tên đăng nhập {username!r} đã tồn tại.")
    password = read_new_password()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CommandError(f"Mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    db.session.add(User(username=username, password_hash=hash_password(password), role=role))
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {username} ({role}).")


@click.command("disable-user")
@click.argument("username")
@with_appcontext
def disable_user_command(username: str) -> None:
    """Disable a staff account and end all its sessions at once."""
    ensure_schema()
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise CommandError(f"Không có tài khoản {username!r}.")
    user.active = False
    db.session.commit()
    ended = end_all_sessions(user, DISABLED)
    click.echo(f"Đã khóa tài khoản {user.username}; {ended} phiên đăng nhập đã kết thúc.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(disable_user_command)
