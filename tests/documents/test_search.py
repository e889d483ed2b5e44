"""Documents in search: by number and symbol first, kept in step with every change."""

from __future__ import annotations

import re

from sqlalchemy import text

from danvan.documents.models import Document
from danvan.extensions import db
from danvan.search.document_index import rebuild_documents
from danvan.search.document_query import find_documents
from danvan.search.terms import parse_query
from tests.support.documents import make_document


def found(app, words: str) -> list[str]:
    with app.app_context():
        hits = find_documents(parse_query(words), 10)
        numbers = {d.id: d.number_symbol for d in db.session.scalars(db.select(Document))}
        return [numbers[document_id] for document_id in hits.ids]


def add_documents(app) -> None:
    with app.app_context():
        make_document("15-HD/BDVTU", "Hướng dẫn tổ chức hội nghị", slug="a")
        make_document("16-KH/BDVTU", "Kế hoạch theo hướng dẫn 15-HD", kind="Kế hoạch", slug="b")
        make_document(
            "20-TB/BDVTU", "Thông báo kết luận", kind="Thông báo", slug="c", summary="Dân vận khéo"
        )
        make_document(
            "21-TB/BDVTU", "Thông báo nháp về hội nghị", kind="Thông báo", slug="d", published=False
        )
        db.session.commit()


def test_a_number_and_symbol_finds_its_document_first(app):
    add_documents(app)
    # The other one has every word too (BDVTU in its number, "15-HD" in its title): second.
    assert found(app, "15-HD/BDVTU") == ["15-HD/BDVTU", "16-KH/BDVTU"]
    # "15-HD" is in the other one's title too: the number comes first.
    assert found(app, "15-HD") == ["15-HD/BDVTU", "16-KH/BDVTU"]
    assert found(app, "15 hd") == ["15-HD/BDVTU", "16-KH/BDVTU"]
    assert found(app, "hoi nghi") == ["15-HD/BDVTU"]  # the draft is not indexed
    assert found(app, "dân vận khéo") == ["20-TB/BDVTU"]  # from the summary
    assert set(found(app, "BDVTU")) == {"15-HD/BDVTU", "16-KH/BDVTU", "20-TB/BDVTU"}


def test_the_search_page_shows_documents_marked_above_the_articles(app, client):
    add_documents(app)
    html = client.get("/tim-kiem?q=15-HD%2FBDVTU").text
    section = html[html.index('id="tim-kiem-van-ban"') :]
    assert re.search(r"Văn bản</span> Hướng dẫn số 15-HD/BDVTU", section)
    assert 'href="/van-ban/a-' in section
    # Articles are searched as before: the sample article is found by its words.
    words = client.get("/tim-kiem?q=dan+van").text
    assert "Tìm thấy 1 kết quả" in words and "tim-kiem-van-ban" in words  # "Dân vận khéo"
    assert "tim-kiem-van-ban" not in client.get("/tim-kiem?q=dan+van&page=2").text


def test_the_index_follows_every_change(app, editor):
    add_documents(app)
    with app.app_context():
        document = db.session.scalar(
            db.select(Document).where(Document.number_symbol == "21-TB/BDVTU")
        )
        document.published = True
        db.session.commit()
    assert found(app, "21-TB") == ["21-TB/BDVTU"]
    with app.app_context():
        document = db.session.scalar(
            db.select(Document).where(Document.number_symbol == "21-TB/BDVTU")
        )
        document.number_symbol = "22-TB/BDVTU"
        db.session.commit()
    assert found(app, "21-TB") == [] and found(app, "22-TB") == ["22-TB/BDVTU"]
    with app.app_context():
        db.session.delete(
            db.session.scalar(db.select(Document).where(Document.number_symbol == "22-TB/BDVTU"))
        )
        db.session.commit()
    assert found(app, "22-TB") == []


def test_rebuild_indexes_the_published_documents_again(app, runner):
    add_documents(app)
    with app.app_context():
        db.session.execute(text("DELETE FROM search_official"))
        if db.engine.dialect.name == "sqlite":
            db.session.execute(
                text("INSERT INTO search_official_fts (search_official_fts) VALUES ('rebuild')")
            )
        db.session.commit()
    assert found(app, "15-HD") == []
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0 and "5 văn bản" in result.output  # three and the two samples
    assert found(app, "15-HD") == ["15-HD/BDVTU", "16-KH/BDVTU"]
    with app.app_context():
        assert rebuild_documents() == 5
        db.session.rollback()


def test_past_the_ranked_limit_matches_are_shown_newest_first(app, monkeypatch):
    from danvan.search import document_query

    add_documents(app)
    monkeypatch.setattr(document_query, "RANKED_LIMIT", 1)
    assert found(app, "15-HD") == ["16-KH/BDVTU", "15-HD/BDVTU"]
    with app.app_context():
        assert find_documents(parse_query("15-HD"), 10).total == 2
