"""Vietnamese error pages. They never touch the database, so they render while it is down."""

from __future__ import annotations

import logging
import sqlite3

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from ..extensions import db
from .htmx import VARY_HEADERS, is_htmx

log = logging.getLogger("danvan.errors")

MESSAGES = {
    400: (
        "Yêu cầu không hợp lệ",
        "Yêu cầu gửi lên không hợp lệ. Vui lòng tải lại trang và thử lại.",
    ),
    403: ("Không được phép", "Bạn không có quyền thực hiện thao tác này."),
    404: ("Không tìm thấy trang", "Trang bạn tìm không tồn tại hoặc đã được chuyển đi."),
    405: ("Phương thức không được hỗ trợ", "Địa chỉ này không nhận kiểu yêu cầu đó."),
    413: ("Dữ liệu quá lớn", "Dữ liệu gửi lên vượt quá giới hạn cho phép."),
    429: ("Quá nhiều yêu cầu", "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại."),
    500: ("Lỗi máy chủ", "Đã có lỗi xảy ra phía máy chủ. Chúng tôi sẽ khắc phục sớm nhất."),
    503: ("Tạm thời gián đoạn", "Hệ thống đang tạm thời gián đoạn. Vui lòng thử lại sau ít phút."),
}

CSRF_MESSAGE = (
    "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."
)


def render_error(status: int, message: str | None = None):
    """The error page for ``status`` (a fragment for HTMX requests), with that status."""
    title, default_message = MESSAGES.get(status, MESSAGES[500])
    template = "core/_error.html" if is_htmx() else "core/error.html"
    response = render_template(
        template, status=status, title=title, message=message or default_message
    )
    return response, status, dict(VARY_HEADERS)


def is_database_fault(error: Exception) -> bool:
    """True when the database cannot answer (down, gone, locked, damaged), not a query bug.

    SQLite reports a damaged or foreign file ("file is not a database", "database disk image
    is malformed") as its base ``DatabaseError``, not as ``OperationalError``.
    """
    if isinstance(error, OperationalError | PoolTimeoutError):
        return True
    return isinstance(error, DBAPIError) and type(error.orig) is sqlite3.DatabaseError


def init_app(app: Flask) -> None:
    """Register the handlers: HTTP errors, CSRF failures, a database that does not answer."""

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        description = getattr(error, "vietnamese", None)
        response = render_error(error.code, description)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response[2]["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeoutError)
    def _database_unavailable(error: Exception):
        log.error("database unavailable: %s", str(error).splitlines()[0])
        db.session.rollback()
        body, status, headers = render_error(503)
        headers["Retry-After"] = "30"
        return body, status, headers

    @app.errorhandler(DBAPIError)
    @app.errorhandler(Exception)
    def _server_error(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        if is_database_fault(error):
            return _database_unavailable(error)
        log.exception("unhandled error")
        return render_error(500)
