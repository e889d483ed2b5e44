"""The index follows every ORM write of an article, rolls back with it, and rebuilds in bulk."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select, text, update

from danvan.content.models import Article, ArticleStatus
from danvan.core.clock import utcnow
from danvan.extensions import db
from danvan.search.index import rebuild_index, reindex_articles
from danvan.search.query import parse_query, rank
from tests.support.search import add_article


def indexed(app) -> dict[int, str]:
    """article id → the folded title the index holds, after checking FTS5's own integrity."""
    with app.app_context():
        connection = db.session.connection()
        if connection.dialect.name == "sqlite":
            # rank 1: compare the index with the stored documents, token by token.
            connection.exec_driver_sql(
                "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"
            )
            rows = connection.exec_driver_sql("SELECT article_id, title FROM search_documents")
        else:
            rows = connection.exec_driver_sql(
                "SELECT article_id, array_to_string(tsvector_to_array(document), ' ') "
                "FROM search_documents"
            )
        return {row[0]: row[1] for row in rows}


def found(app, query: str) -> list[int]:
    with app.app_context():
        return found_here(query)


def found_here(query: str) -> list[int]:
    """What the search finds in the current app context's session (its transaction too)."""
    return list(rank(db.session.connection(), parse_query(query), utcnow(), 1, 50).ids)


def test_only_published_articles_have_a_row(empty_app):
    draft = add_article(empty_app, "Bản nháp", status=ArticleStatus.DRAFT.value)
    public = add_article(empty_app, "Đã đăng")
    scheduled = add_article(empty_app, "Hẹn giờ", published_at=utcnow() + timedelta(days=1))
    assert set(indexed(empty_app)) == {public, scheduled}
    assert draft not in indexed(empty_app)


def test_changes_through_the_session_reindex_and_deletes_remove(empty_app):
    article_id = add_article(empty_app, "Tiêu đề", summary="Tóm tắt xưa")
    with empty_app.app_context():
        article = db.session.get(Article, article_id)
        article.summary = "Tóm tắt về lúa gạo"
        db.session.commit()
    assert found(empty_app, "lua gao") == [article_id]
    assert found(empty_app, "xua") == []
    with empty_app.app_context():
        article = db.session.get(Article, article_id)
        article.view_count = 99  # not indexed: nothing to redo
        article.status = ArticleStatus.DRAFT.value
        db.session.commit()
    assert indexed(empty_app) == {}
    with empty_app.app_context():
        article = db.session.get(Article, article_id)
        article.status = ArticleStatus.PUBLISHED.value
        db.session.commit()
        assert found_here("lua gao") == [article_id]
        db.session.delete(db.session.get(Article, article_id))
        db.session.commit()
    assert indexed(empty_app) == {}


def test_a_rolled_back_write_leaves_the_index_as_it_was(empty_app):
    article_id = add_article(empty_app, "Giữ nguyên")
    with empty_app.app_context():
        db.session.get(Article, article_id).title = "Đổi tên"
        db.session.flush()
        assert found_here("doi ten") == [article_id]  # inside the transaction
        assert found_here("giu nguyen") == []
        db.session.rollback()
    assert found(empty_app, "giu nguyen") == [article_id]
    assert found(empty_app, "doi ten") == []


def test_writes_that_bypass_the_session_are_indexed_on_request(empty_app):
    with empty_app.app_context():
        db.session.execute(
            insert(Article),
            [
                {
                    "title": f"Bài nhập số {number}",
                    "slug": f"bai-{number}",
                    "body_html": "<p>Nhập hàng loạt.</p>",
                    "status": ArticleStatus.PUBLISHED.value,
                    "published_at": utcnow() - timedelta(days=1),
                }
                for number in range(30)
            ],
        )
        db.session.commit()
    assert found(empty_app, "nhap hang loat") == []  # bulk Core inserts skip the ORM events
    with empty_app.app_context():
        assert rebuild_index() == 30
        db.session.commit()
    assert len(found(empty_app, "nhap hang loat")) == 30
    with empty_app.app_context():
        first = db.session.scalar(select(Article.id).order_by(Article.id))
        db.session.execute(
            update(Article).where(Article.id == first).values(title="Đã sửa bằng SQL"),
            execution_options={"synchronize_session": False},
        )
        reindex_articles([first])
        db.session.commit()
    assert found(empty_app, "da sua bang sql") == [first]
    assert len(indexed(empty_app)) == 30


def test_rebuild_replaces_whatever_the_index_held(empty_app):
    kept = add_article(empty_app, "Còn lại")
    with empty_app.app_context():
        # A stale row, as a crash between two databases' copies or a hand edit could leave.
        db.session.execute(text("UPDATE articles SET status = 'draft'"))
        db.session.commit()
        assert rebuild_index() == 0
        db.session.commit()
    assert indexed(empty_app) == {}
    with empty_app.app_context():
        db.session.execute(text("UPDATE articles SET status = 'published'"))
        db.session.commit()
    result = empty_app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Đã lập lại chỉ mục tìm kiếm: 1 bài viết" in result.output
    assert set(indexed(empty_app)) == {kept}
