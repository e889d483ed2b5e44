"""What staff do in the comments' queue: approve, reject, delete (after a confirmation) and answer,
one comment or many at once; each refusal changes nothing; each change is in the audit log and
keeps the article's count of approved comments exact."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from danvan.comments import moderation
from danvan.comments.models import Comment
from danvan.extensions import db
from danvan.staff.audit import AuditEntry
from tests.admin.test_comments import add_comment_rows, second_article
from tests.support.comments import comment_count
from tests.support.publishing import audit_actions, sample_article_id
from tests.support.staff import staff_csrf

ACT = "/quan-tri/phan-hoi/thao-tac"


def statuses(app) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(select(Comment.id, Comment.status)).all())


def count_of(app, article_id: int) -> int:
    with app.app_context():
        return comment_count(article_id)


def entries(app) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(e.action, e.target_type, e.target_id, e.detail) for e in rows]


@pytest.fixture
def forgotten(monkeypatch):
    """The articles whose page shells moderation forgot."""
    calls: list[object] = []
    monkeypatch.setattr(moderation, "forget", lambda topic, key=None: calls.append(key))
    return calls


def test_approving_one_comment_shows_it_and_counts_it(app, editor, forgotten):
    article_id = sample_article_id(app)
    first, second = add_comment_rows(app, article_id, 2)
    token = staff_csrf(editor)
    response = editor.post(
        ACT, data={"csrf_token": token, "chon": str(first), "action": "duyet", "loc": "cho-duyet"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/quan-tri/phan-hoi/?loc=cho-duyet"
    assert statuses(app) == {first: "approved", second: "pending"}
    assert count_of(app, article_id) == 1 and forgotten == [article_id]
    assert "Đã duyệt 1 phản hồi." in editor.get(response.headers["Location"]).text
    assert entries(app) == [
        ("comment.approve", "comment", str(first), "Người đọc 1, bài “" + title(app) + "”")
    ]


def test_an_approved_comment_shows_on_the_article_without_its_email(app, editor):
    from tests.site.test_pages import ARTICLE_PATH

    (comment_id,) = add_comment_rows(
        app, sample_article_id(app), 1, name="Chị Mai", email="mai@example.vn"
    )
    assert 'href="mailto:mai@example.vn"' in editor.get("/quan-tri/phan-hoi/").text
    token = staff_csrf(editor)
    editor.post(ACT, data={"csrf_token": token, "chon": str(comment_id), "action": "duyet"})
    public = app.test_client().get(ARTICLE_PATH).text
    assert "Chị Mai" in public and "mai@example.vn" not in public


def title(app) -> str:
    from danvan.content.models import Article

    with app.app_context():
        return db.session.get(Article, sample_article_id(app)).title


def test_rejecting_an_approved_comment_takes_it_off_the_count(app, editor, forgotten):
    article_id = sample_article_id(app)
    (comment_id,) = add_comment_rows(app, article_id, 1)
    with app.app_context():
        moderation.approve([comment_id])
    assert count_of(app, article_id) == 1
    token = staff_csrf(editor)
    data = {"csrf_token": token, "chon": str(comment_id), "action": "tu-choi", "loc": "da-duyet"}
    response = editor.post(ACT, data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/quan-tri/phan-hoi/?loc=da-duyet"
    assert statuses(app) == {comment_id: "rejected"} and count_of(app, article_id) == 0
    # Rejecting it again changes nothing and says so.
    again = editor.post(ACT, data=data, follow_redirects=True)
    assert "Đã từ chối 0 phản hồi. 1 phản hồi đã ở trạng thái đó" in again.text
    assert audit_actions(app) == ["comment.reject"]


def test_bulk_approval_of_checked_comments_on_two_articles(app, editor, forgotten):
    first_article = sample_article_id(app)
    other = second_article(app)
    ids = add_comment_rows(app, first_article, 3) + add_comment_rows(app, other, 2, offset=9)
    token = staff_csrf(editor)
    chosen = [ids[0], ids[2], ids[3], ids[4]]
    response = editor.post(
        ACT,
        data={
            "csrf_token": token,
            "chon": [str(i) for i in chosen],
            "action": "duyet",
            "loc": "cho-duyet",
            "bai-viet": "",
            "page": "2",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/quan-tri/phan-hoi/?loc=cho-duyet&page=2"
    assert [statuses(app)[i] for i in ids] == ["approved", "pending", "approved"] + ["approved"] * 2
    assert count_of(app, first_article) == 2 and count_of(app, other) == 2
    assert sorted(forgotten) == sorted([first_article, other])
    logged = entries(app)
    assert [(action, target) for action, _, target, _ in logged] == [
        ("comment.approve", str(i)) for i in chosen
    ]
    assert "Bài thứ hai về dân vận" in logged[-1][3]


def test_a_bulk_delete_asks_first_then_deletes_with_the_email(app, editor, forgotten):
    article_id = sample_article_id(app)
    ids = add_comment_rows(app, article_id, 3, email="ban@example.vn")
    with app.app_context():
        moderation.approve([ids[0]])
    token = staff_csrf(editor)
    data = {"csrf_token": token, "chon": [str(ids[0]), str(ids[1])], "action": "xoa"}
    asked = editor.post(ACT, data={**data, "loc": "cho-duyet"})
    assert asked.status_code == 200 and "Xoá 2 phản hồi" in asked.text
    assert "Người đọc 1" in asked.text and "Người đọc 2" in asked.text
    assert len(statuses(app)) == 3  # nothing deleted yet
    done = editor.post(ACT, data={**data, "csrf_token": token, "xac_nhan": "y"})
    assert done.status_code == 303
    assert list(statuses(app)) == [ids[2]] and count_of(app, article_id) == 0
    with app.app_context():
        assert db.session.scalar(select(Comment.email).where(Comment.id == ids[0])) is None
    assert audit_actions(app) == ["comment.delete", "comment.delete"]
    assert all("ban@example.vn" not in detail for *_, detail in entries(app))


def test_the_single_delete_link_asks_first(app, editor):
    (comment_id,) = add_comment_rows(app, sample_article_id(app), 1, body="Xin hỏi lịch họp.")
    page = editor.get(f"/quan-tri/phan-hoi/{comment_id}/xoa?loc=cho-duyet")
    assert page.status_code == 200
    assert "Xin hỏi lịch họp." in page.text and "Xoá 1 phản hồi" in page.text
    assert f'<input type="hidden" name="chon" value="{comment_id}">' in page.text
    assert statuses(app) == {comment_id: "pending"}
    assert editor.get("/quan-tri/phan-hoi/999/xoa").status_code == 404


def test_answering_and_taking_the_answer_back(app, editor, forgotten):
    article_id = sample_article_id(app)
    (comment_id,) = add_comment_rows(app, article_id, 1)
    form = editor.get(f"/quan-tri/phan-hoi/{comment_id}/tra-loi")
    assert form.status_code == 200 and "Trả lời phản hồi của Người đọc 1" in form.text
    token = staff_csrf(editor)
    answer = "Cảm ơn bạn.\nLịch họp ở trang Thông báo."
    response = editor.post(
        f"/quan-tri/phan-hoi/{comment_id}/tra-loi", data={"csrf_token": token, "answer": answer}
    )
    assert response.status_code == 303
    assert (
        response.headers["Location"] == f"/quan-tri/phan-hoi/?loc=cho-duyet&bai-viet={article_id}"
    )
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment.answer_body == answer and comment.answered_by is not None
    queue = editor.get(response.headers["Location"]).text
    assert "<strong>Ban biên tập trả lời</strong> (lan)" in queue and answer in queue
    assert "Sửa câu trả lời" in queue
    assert forgotten == [article_id]
    # The form holds the answer; "Bỏ câu trả lời" takes it back.
    again = editor.get(f"/quan-tri/phan-hoi/{comment_id}/tra-loi").text
    assert answer in again and "Bỏ câu trả lời" in again
    removed = editor.post(
        f"/quan-tri/phan-hoi/{comment_id}/tra-loi", data={"csrf_token": token, "action": "bo"}
    )
    assert removed.status_code == 303
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment.answer_body is None and comment.answered_by is None
    assert audit_actions(app) == ["comment.answer", "comment.unanswer"]


@pytest.mark.parametrize(
    "answer, message",
    [
        ("", "Vui lòng nhập câu trả lời."),
        ("   ", "Vui lòng nhập câu trả lời."),
        ("x" * 3001, "Câu trả lời dài tối đa 3000 ký tự."),
    ],
)
def test_a_bad_answer_is_refused_and_kept_in_the_form(app, editor, answer, message):
    (comment_id,) = add_comment_rows(app, sample_article_id(app), 1)
    token = staff_csrf(editor)
    response = editor.post(
        f"/quan-tri/phan-hoi/{comment_id}/tra-loi", data={"csrf_token": token, "answer": answer}
    )
    assert response.status_code == 422 and message in response.text
    with app.app_context():
        assert db.session.get(Comment, comment_id).answer_body is None
    assert audit_actions(app) == []


@pytest.mark.parametrize(
    "data, status, message",
    [
        ({"action": "duyet"}, 422, "Hãy chọn ít nhất một phản hồi."),
        ({"action": "duyet", "chon": "abc"}, 400, "Lựa chọn không hợp lệ"),
        ({"action": "duyet", "chon": ["1", "-2"]}, 400, "Lựa chọn không hợp lệ"),
        ({"action": "duyet", "chon": "99999999999"}, 400, "Lựa chọn không hợp lệ"),
        ({"action": "xuat-ban", "chon": "1"}, 400, "Lựa chọn không hợp lệ"),
        ({"chon": "1"}, 400, "Lựa chọn không hợp lệ"),
        ({"action": "duyet", "chon": [str(n) for n in range(1, 202)]}, 422, "tối đa 200"),
    ],
)
def test_a_bad_action_is_refused_in_vietnamese_and_changes_nothing(
    app, editor, forgotten, data, status, message
):
    add_comment_rows(app, sample_article_id(app), 2)
    token = staff_csrf(editor)
    response = editor.post(ACT, data={"csrf_token": token, **data})
    assert response.status_code == status, response.text
    assert message in response.text and 'class="flash flash--error"' in response.text
    assert set(statuses(app).values()) == {"pending"} and forgotten == []
    assert audit_actions(app) == []


def test_a_comment_gone_meanwhile_is_said_not_an_error(app, editor):
    (comment_id,) = add_comment_rows(app, sample_article_id(app), 1)
    token = staff_csrf(editor)
    data = {"csrf_token": token, "chon": [str(comment_id), "12345"], "action": "duyet"}
    page = editor.post(ACT, data=data, follow_redirects=True).text
    assert "Đã duyệt 1 phản hồi. 1 phản hồi đã ở trạng thái đó hoặc không còn nữa" in page
    assert (
        editor.post("/quan-tri/phan-hoi/12345/tra-loi", data={"csrf_token": token}).status_code
        == 404
    )


@pytest.mark.parametrize(
    "path, data",
    [
        (ACT, {"chon": "1", "action": "duyet"}),
        (ACT, {"chon": "1", "action": "xoa", "xac_nhan": "y"}),
        ("/quan-tri/phan-hoi/1/tra-loi", {"answer": "Trả lời giả"}),
    ],
)
def test_signed_out_or_without_a_token_nothing_changes(app, client, editor, path, data):
    add_comment_rows(app, sample_article_id(app), 1)
    signed_out = client.post(path, data=data)
    assert signed_out.status_code in (303, 400)
    if signed_out.status_code == 303:
        assert signed_out.headers["Location"].startswith("/login")
    no_token = editor.post(path, data=data)
    assert no_token.status_code == 400
    assert statuses(app) == {1: "pending"} and audit_actions(app) == []


def test_the_audit_log_names_comments_in_vietnamese(app, editor, admin):
    (comment_id,) = add_comment_rows(app, sample_article_id(app), 1)
    token = staff_csrf(editor)
    editor.post(ACT, data={"csrf_token": token, "chon": str(comment_id), "action": "duyet"})
    log = admin.get("/quan-tri/nhat-ky/").text
    assert "Duyệt phản hồi" in log
    assert f'<a href="/quan-tri/phan-hoi/{comment_id}/tra-loi">Phản hồi số {comment_id}</a>' in log
