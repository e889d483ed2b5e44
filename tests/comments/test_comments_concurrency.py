"""100 residents comment on one article at once against a real ``python app.py``: all 100 wait
in the queue, none twice; approving the 100 at once counts exactly 100. On PostgreSQL too
(``DANVAN_TEST_DATABASE_URL``)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from danvan import create_app
from danvan.comments import moderation
from danvan.comments.models import Comment
from danvan.content.models import Article
from danvan.extensions import db
from tests.conftest import TEST_DATABASE_URL, make_config
from tests.support.live_clients import Browser, database_url_of, person_agent

WRITERS = 100


@pytest.fixture
def comment_server(live_server, tmp_path):
    """A live server whose per-address limit lets 100 residents behind one address through."""
    env = {"DANVAN_COMMENTS_RATE_LIMIT": "1000 per minute", "DANVAN_THREADS": "16"}
    if TEST_DATABASE_URL:
        env["DANVAN_DATABASE_URL"] = TEST_DATABASE_URL
    return live_server(**env)


def test_100_parallel_comments_then_100_parallel_approvals(comment_server, tmp_path):
    base = comment_server.url
    browsers = [Browser(person_agent(number)) for number in range(WRITERS)]
    with ThreadPoolExecutor(max_workers=50) as pool:
        assert set(pool.map(lambda browser: browser.read_article(base), browsers)) == {200}
    time.sleep(3.5)  # the minimum reading time, measured from each browser's beacon
    barrier = threading.Barrier(50)

    def post(number: int) -> int:
        if number < 50:
            barrier.wait()  # the first fifty at the same instant
        status, page = browsers[number].send(
            base + "/tin-tuc/1/phan-hoi",
            {"name": f"Người đọc {number}", "body": f"Ý kiến số {number}"},
            {"HX-Request": "true", "Sec-Fetch-Site": "same-origin"},
        )
        assert "Phản hồi của bạn đang chờ duyệt" in page, (status, page[:300])
        return status

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        assert list(pool.map(post, range(WRITERS))) == [200] * WRITERS

    app = create_app(
        make_config(tmp_path / "reader", SQLALCHEMY_DATABASE_URI=database_url_of(comment_server))
    )
    with app.app_context():
        rows = db.session.execute(select(Comment.id, Comment.body, Comment.writer_key)).all()
        assert len(rows) == WRITERS  # none lost, none twice
        assert {body for _, body, _ in rows} == {f"Ý kiến số {n}" for n in range(WRITERS)}
        assert len({key for _, _, key in rows}) == WRITERS  # 100 browsers, 100 writers
        ids = sorted(comment_id for comment_id, _, _ in rows)
        db.session.remove()

    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def approve(position: int) -> None:
        try:
            with app.app_context():
                start.wait()
                # Each thread its own comment and its neighbour's: every comment approved twice.
                moderation.approve([ids[position], ids[(position + 1) % WRITERS]])
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=approve, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert db.session.get(Article, 1).comment_count == WRITERS
        approved = select(func.count()).where(Comment.status == "approved")
        assert db.session.scalar(approved) == WRITERS
        db.session.remove()  # before dispose: a connection still checked out would leak
        db.engine.dispose()
