"""The moderation services keep ``articles.comment_count`` equal to the approved comments."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from danvan.comments import moderation
from danvan.comments.models import Comment
from danvan.extensions import db
from tests.support.comments import add_comments, comment_count, first_article_id


def approved_rows(article_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(Comment.article_id == article_id, Comment.status == "approved")
    )


@pytest.fixture
def forgotten(monkeypatch):
    """The (topic, key) pairs moderation forgot, in order."""
    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(moderation, "forget", lambda topic, key=None: calls.append((topic, key)))
    return calls


def test_approve_counts_each_comment_once(app, forgotten):
    with app.app_context():
        article_id = first_article_id()
        ids = add_comments(article_id, 3)
        changes = moderation.approve(ids[:2])
        assert changes.count == 2 and changes.count_deltas == {article_id: 2}
        assert comment_count(article_id) == 2
        again = moderation.approve(ids)  # two already approved: only the third moves
        assert again.comment_ids == (ids[2],)
        assert comment_count(article_id) == 3 == approved_rows(article_id)
        assert db.session.get(Comment, ids[0]).approved_at is not None
        assert forgotten == [("article", article_id), ("article", article_id)]


def test_reject_and_delete_take_approved_ones_off_the_count(app, forgotten):
    with app.app_context():
        article_id = first_article_id()
        approved = add_comments(article_id, 3)
        moderation.approve(approved)
        pending = add_comments(article_id, 2, email="ban@example.vn")
        assert moderation.reject([approved[0], pending[0]]).count_deltas == {article_id: -1}
        assert comment_count(article_id) == 2
        assert db.session.get(Comment, approved[0]).approved_at is None
        changes = moderation.delete([approved[1], pending[1]])
        assert changes.count == 2 and changes.count_deltas == {article_id: -1}
        assert comment_count(article_id) == 1 == approved_rows(article_id)
        # The email goes with the comment: only the rejected one, still there, holds it.
        assert db.session.scalars(select(Comment.id).where(Comment.email.is_not(None))).all() == [
            pending[0]
        ]
        assert moderation.reject([pending[0]]).count == 0  # already rejected: nothing moves
        moderation.approve([pending[0]])  # rejected -> approved counts again
        assert comment_count(article_id) == 2 == approved_rows(article_id)


def test_answer_sets_and_removes_the_editors_answer(app, forgotten):
    from danvan.staff.models import User
    from tests.support.staff import make_user

    user_id = make_user(app, "bientap", role="editor")
    with app.app_context():
        article_id = first_article_id()
        (comment_id,) = add_comments(article_id, 1)
        user = db.session.get(User, user_id)
        assert moderation.answer(comment_id, "  Cảm ơn bạn.  ", user).count == 1
        comment = db.session.get(Comment, comment_id)
        assert (comment.answer_body, comment.answered_by) == ("Cảm ơn bạn.", user.id)
        moderation.answer(comment_id, "   ", user)
        db.session.expire_all()
        comment = db.session.get(Comment, comment_id)
        assert comment.answer_body is None and comment.answered_by is None
        assert moderation.answer(999_999, "x", user).count == 0
        assert comment_count(article_id) == 0  # an answer moves no count


def test_the_callers_record_runs_in_the_same_transaction(app, forgotten):
    with app.app_context():
        article_id = first_article_id()
        ids = add_comments(article_id, 2)
        seen = []
        moderation.approve(ids, record=seen.append)
        assert [changes.comment_ids for changes in seen] == [tuple(ids)]

        def fail(changes):
            raise RuntimeError("audit failed")

        with pytest.raises(RuntimeError):
            moderation.reject(ids, record=fail)
        # Nothing changed: the status change and its audit entry stand or fall together.
        assert comment_count(article_id) == 2 == approved_rows(article_id)
        assert forgotten == [("article", article_id)]


def test_parallel_overlapping_approvals_count_exactly(app, forgotten):
    """Eight staff approving overlapping sets of 100 at once: each comment counts once."""
    with app.app_context():
        article_id = first_article_id()
        ids = add_comments(article_id, 100)
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def approve(offset: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                for start in range(offset, 100, 20):
                    moderation.approve(ids[start : start + 30])
                db.session.remove()
        except BaseException as error:  # reported below, with the thread's traceback lost
            errors.append(error)

    threads = [threading.Thread(target=approve, args=(offset,)) for offset in range(0, 16, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert comment_count(article_id) == 100 == approved_rows(article_id)


def test_a_first_answer_is_mailed_to_a_writer_who_left_an_email(app_factory, forgotten):
    from danvan.content.sample import load_sample_content
    from danvan.staff.models import User
    from tests.support.fake_smtp import FakeSMTP
    from tests.support.staff import make_user

    with FakeSMTP() as server:
        app = app_factory(
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=server.port,
            SMTP_TLS=False,
            SMTP_FROM="web@dv.vn",
            SMTP_TO=["vanphong@dv.vn"],
            SITE_URL="https://danvan.example.gov.vn",
        )
        with app.app_context():
            load_sample_content()
        user_id = make_user(app, "bientap", role="editor")
        with app.app_context():
            (with_email,) = add_comments(1, 1, email="lan@example.vn", name="Lan")
            (without,) = add_comments(1, 1)
            user = db.session.get(User, user_id)
            moderation.answer(without, "Không ai nhận thư này.", user)
            moderation.answer(with_email, "Cảm ơn chị Lan.", user)
            moderation.answer(with_email, "Cảm ơn chị Lan (sửa).", user)  # an edit: no mail
            assert server.arrived.wait(10), "no mail arrived"
    assert len(server.received) == 1
    envelope, mail = server.received[0]
    assert mail["To"] == "lan@example.vn" and mail["Subject"].startswith("[Phản hồi]")
    assert "Cảm ơn chị Lan." in mail.get_content()
    assert "https://danvan.example.gov.vn/tin-tuc/" in mail.get_content()
