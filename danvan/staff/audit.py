"""The audit log: every change a staff member makes, who made it, when, and to what.

Rows are written in the same transaction as the change they describe (``record`` adds to the
session; the caller commits), so a change and its entry are stored together or not at all.
The username is copied into the row, so the log still reads right after an account is renamed
or removed.
"""

from __future__ import annotations

from datetime import datetime

from flask_login import current_user
from sqlalchemy import ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ..core.clock import utcnow
from ..core.database import UTCDateTime
from ..extensions import Model, db

# What each action is called on the log page.
ACTIONS = {
    "article.create": "Tạo bài viết",
    "article.update": "Sửa bài viết",
    "article.publish": "Đăng bài viết",
    "article.schedule": "Hẹn giờ đăng bài viết",
    "article.unpublish": "Gỡ bài viết",
    "category.create": "Thêm chuyên mục",
    "category.update": "Sửa chuyên mục",
    "category.move": "Đổi thứ tự chuyên mục",
    "category.delete": "Xoá chuyên mục",
    "rating.reset": "Xoá đánh giá của bài viết",
    "upload.create": "Tải ảnh lên",
    "banner.create": "Thêm biểu ngữ",
    "banner.update": "Sửa biểu ngữ",
    "banner.move": "Đổi thứ tự biểu ngữ",
    "banner.enable": "Bật biểu ngữ",
    "banner.disable": "Tắt biểu ngữ",
    "link.create": "Thêm liên kết",
    "link.update": "Sửa liên kết",
    "link.move": "Đổi thứ tự liên kết",
    "link.enable": "Bật liên kết",
    "link.disable": "Tắt liên kết",
    "document.create": "Thêm văn bản",
    "document.update": "Sửa văn bản",
    "document.delete": "Xoá văn bản",
    "document_type.create": "Thêm loại văn bản",
    "document_type.delete": "Xoá loại văn bản",
    "document_field.create": "Thêm lĩnh vực văn bản",
    "document_field.delete": "Xoá lĩnh vực văn bản",
    "user.create": "Tạo tài khoản",
    "user.disable": "Khoá tài khoản",
    "user.enable": "Mở khoá tài khoản",
    "user.password": "Đặt lại mật khẩu",
    "identity.update": "Sửa thông tin đơn vị",
    "page.create": "Thêm trang",
    "page.update": "Sửa trang",
    "page.move": "Đổi thứ tự trang",
    "page.menu_show": "Đưa trang lên menu",
    "page.menu_hide": "Bỏ trang khỏi menu",
    "page.delete": "Xoá trang",
    "contact.done": "Đánh dấu thư liên hệ đã xử lý",
    "contact.reopen": "Mở lại thư liên hệ",
    "comment.approve": "Duyệt phản hồi",
    "comment.reject": "Từ chối phản hồi",
    "comment.delete": "Xoá phản hồi",
    "comment.answer": "Trả lời phản hồi",
    "comment.unanswer": "Bỏ câu trả lời phản hồi",
}


class AuditEntry(Model):
    """One staff change: who, what, when, and the thing it was done to."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    @property
    def action_label(self) -> str:
        """The action in Vietnamese, for the log page."""
        return ACTIONS.get(self.action, self.action)


def record(action: str, target_type: str, target_id: object = "", detail: str = "") -> AuditEntry:
    """Add an entry for the signed-in staff member to the session (the caller commits)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        at=utcnow(),
        user_id=int(current_user.get_id()),
        username=current_user.username,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail[:2000],
    )
    db.session.add(entry)
    return entry


def recent_entries(page: int, per_page: int = 50):
    """A page of the log, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
