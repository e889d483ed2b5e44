"""What staff do to comments from the queue (``comments.py``): approve, reject or delete one or
many at once (a delete after a confirmation), and answer one.

One POST (``/quan-tri/phan-hoi/thao-tac``) takes the chosen comments (``chon``, the queue's
checkboxes, or the one comment whose own button was pressed) and the action. Every change goes
through ``comments/moderation.py``, which keeps ``articles.comment_count`` exact and forgets the
article pages concerned; each changed comment gets its audit entry in the same transaction.
Everything works without JavaScript.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import BooleanField, Field, SelectChoice, SelectField, TextAreaField
from wtforms.validators import ValidationError

from ..comments import moderation
from ..comments.models import BODY_MAX, Comment
from ..content.models import Article
from ..core.errors import render_error
from ..core.forms import SiteForm, text_rules
from ..core.routing import MAX_ID
from ..extensions import db
from ..staff import audit
from .blueprint import FLASH_CATEGORY, bp, staff_page
from .comments import DEFAULT_FILTER, FILTER_OF_STATUS, QueueView, queue_page, read_view

# Far more than a page (20) holds: enough for any honest selection, and a bound on the work.
MOST_AT_ONCE = 200
NONE_CHOSEN = "Hãy chọn ít nhất một phản hồi."
BAD_CHOICE = "Lựa chọn không hợp lệ: hãy đánh dấu phản hồi trong danh sách."
TOO_MANY = f"Chỉ được chọn tối đa {MOST_AT_ONCE} phản hồi một lần."
BAD_ACTION = "Thao tác không hợp lệ: hãy bấm Duyệt, Từ chối hoặc Xoá."
# action → (service function, audit action, what the flash says was done)
ACTIONS = {
    "duyet": (moderation.approve, "comment.approve", "Đã duyệt"),
    "tu-choi": (moderation.reject, "comment.reject", "Đã từ chối"),
    "xoa": (moderation.delete, "comment.delete", "Đã xoá"),
}


class CommentIdsField(Field):
    """The chosen comments' ids, from repeated ``chon`` values; anything but ids is refused."""

    data: list[int]

    def process_formdata(self, valuelist: list) -> None:
        """Read every value as an id in the database's range, without repeats."""
        ids: list[int] = []
        for raw in valuelist:
            if not (isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 10):
                raise ValueError(BAD_CHOICE)
            number = int(raw)
            if not 1 <= number <= MAX_ID:
                raise ValueError(BAD_CHOICE)
            if number not in ids:
                ids.append(number)
        self.data = ids

    def _value(self) -> str:
        return ""


class ModerationForm(SiteForm):
    """The chosen comments and what to do to them; deleting asks once more (``xac_nhan``)."""

    chon = CommentIdsField("Phản hồi đã chọn", default=list)
    action = SelectField(
        "Thao tác",
        choices=[SelectChoice(key, label) for key, (_, _, label) in ACTIONS.items()],
        validate_choice=True,
    )
    xac_nhan = BooleanField("Tôi chắc chắn muốn xoá các phản hồi này")

    def validate_chon(self, field) -> None:
        """At least one comment, and not an unbounded number."""
        if not field.data:
            raise ValidationError(NONE_CHOSEN)
        if len(field.data) > MOST_AT_ONCE:
            raise ValidationError(TOO_MANY)


class AnswerForm(SiteForm):
    """The editors' answer to one comment, shown under it as "Ban biên tập trả lời"."""

    answer = TextAreaField(
        "Câu trả lời của Ban biên tập",
        validators=text_rules(
            BODY_MAX, f"Câu trả lời dài tối đa {BODY_MAX} ký tự.", "Vui lòng nhập câu trả lời."
        ),
    )


class RemoveAnswerForm(SiteForm):
    """Taking an answer back: the CSRF token is all it needs."""


def _form_errors(form: SiteForm) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def _audit_details(ids: list[int]) -> dict[int, str]:
    """Who wrote each comment and under which article, read before the change (a deleted one
    is gone after it). The email never goes into the log: it goes with the comment."""
    rows = db.session.execute(
        select(Comment.id, Comment.name, Article.title)
        .join(Article, Article.id == Comment.article_id)
        .where(Comment.id.in_(ids))
    )
    return {row.id: f"{row.name}, bài “{row.title}”" for row in rows}


def _recorder(audit_action: str, details: dict[int, str]):
    def record(changes: moderation.Changes) -> None:
        for comment_id in changes.comment_ids:
            audit.record(audit_action, "comment", comment_id, details.get(comment_id, ""))

    return record


def _back(view: QueueView):
    return redirect(url_for("admin.comments", **view.args()), code=303)


def _done_message(done: str, changed: int, chosen: int) -> str:
    message = f"{done} {changed} phản hồi."
    if changed < chosen:
        message += (
            f" {chosen - changed} phản hồi đã ở trạng thái đó hoặc không còn nữa: không đổi gì."
        )
    return message


def _delete_confirmation(form: ModerationForm, view: QueueView, status: int = 200):
    chosen = db.session.scalars(
        select(Comment).where(Comment.id.in_(form.chon.data)).order_by(Comment.created_at)
    ).all()
    if not chosen:
        flash(_done_message("Đã xoá", 0, len(form.chon.data)), FLASH_CATEGORY)
        return _back(view)
    return staff_page(
        "admin/comment_delete.html", status=status, chosen=chosen, view=view, form=form
    )


@bp.post("/phan-hoi/thao-tac")
def comments_act():
    """Approve, reject or delete the chosen comments (a delete is confirmed first)."""
    view = read_view(request.form) or QueueView()
    form = ModerationForm()
    if not form.validate():
        message = " ".join(_form_errors(form))
        # Values no page of ours sends (not ids, an unknown action): 400; a choice left out: 422.
        status = 400 if form.action.errors or form.chon.process_errors else 422
        return queue_page(view, status=status, errors=[message])
    if form.action.data == "xoa" and not form.xac_nhan.data:
        return _delete_confirmation(form, view)
    service, audit_action, done = ACTIONS[form.action.data]
    ids = form.chon.data
    record = _recorder(audit_action, _audit_details(ids))
    changes = service(ids, current_user, record=record)
    flash(_done_message(done, changes.count, len(ids)), FLASH_CATEGORY)
    return _back(view)


@bp.get("/phan-hoi/<int:comment_id>/xoa")
def comment_delete_confirm(comment_id: int):
    """Ask before deleting one comment (the queue's "Xoá" link; works without JavaScript)."""
    comment = db.get_or_404(Comment, comment_id)
    view = read_view(request.args) or QueueView(FILTER_OF_STATUS.get(comment.status, "cho-duyet"))
    form = ModerationForm(formdata=None, chon=[comment.id], action="xoa")
    return staff_page("admin/comment_delete.html", chosen=[comment], view=view, form=form)


def _answer_page(comment: Comment, form: AnswerForm, status: int = 200):
    article = db.session.get(Article, comment.article_id)
    return staff_page(
        "admin/comment_answer.html",
        status=status,
        comment=comment,
        article=article,
        form=form,
        remove_form=RemoveAnswerForm(formdata=None),
        back=url_for("admin.comments", loc=FILTER_OF_STATUS.get(comment.status, DEFAULT_FILTER)),
    )


@bp.get("/phan-hoi/<int:comment_id>/tra-loi")
def comment_answer_form(comment_id: int):
    """The answer form, holding the answer already given, if any."""
    comment = db.get_or_404(Comment, comment_id)
    form = AnswerForm(formdata=None, answer=comment.answer_body or "")
    return _answer_page(comment, form)


@bp.post("/phan-hoi/<int:comment_id>/tra-loi")
def comment_answer(comment_id: int):
    """Save the answer (``action=bo``: take it back), with its audit entry."""
    comment = db.get_or_404(Comment, comment_id)
    removing = request.form.get("action") == "bo"
    if removing:
        if not RemoveAnswerForm().validate():
            return render_error(400, BAD_ACTION)
        text, audit_action, message = "", "comment.unanswer", "Đã bỏ câu trả lời."
    else:
        form = AnswerForm()
        if not form.validate():
            return _answer_page(comment, form, status=422)
        text, audit_action = form.answer.data, "comment.answer"
        message = "Đã lưu câu trả lời: bạn đọc thấy nó dưới phản hồi khi phản hồi đã được duyệt."
    record = _recorder(audit_action, _audit_details([comment.id]))
    moderation.answer(comment.id, text, current_user, record=record)
    flash(message, FLASH_CATEGORY)
    view = QueueView(FILTER_OF_STATUS.get(comment.status, DEFAULT_FILTER), comment.article_id)
    return _back(view)
