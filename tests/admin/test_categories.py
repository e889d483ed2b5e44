"""The staff's category screen: add, rename, nest, reorder, hide, delete without losing articles;
tags typed in the editor."""

from __future__ import annotations

import re

from sqlalchemy import select

from danvan.content.models import Article, Category, Tag
from danvan.extensions import db
from tests.support.portal import make_article, make_category
from tests.support.publishing import article_data, audit_actions, count
from tests.support.staff import staff_csrf


def category_form(token, **overrides):
    data = {"csrf_token": token, "name": "Văn hoá", "slug": "", "parent_id": "", "description": ""}
    data.update(overrides)
    return data


def category_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Category.id).where(Category.slug == slug))


def test_staff_add_a_category_that_appears_in_the_menu_at_once(app, editor):
    client = app.test_client()
    assert "/chuyen-muc/van-hoa" not in client.get("/").text  # the home shell is cached
    response = editor.post("/quan-tri/chuyen-muc/", data=category_form(staff_csrf(editor)))
    assert response.status_code == 303
    assert "/chuyen-muc/van-hoa" in client.get("/").text
    assert client.get("/chuyen-muc/van-hoa").status_code == 200
    assert audit_actions(app)[-1] == "category.create"
    listing = editor.get("/quan-tri/chuyen-muc/").text
    assert "Đã thêm chuyên mục." in listing and "/chuyen-muc/van-hoa" in listing


def test_bad_category_input_gets_vietnamese_messages_and_changes_nothing(app, editor):
    token = staff_csrf(editor)
    before = count(app, Category)
    news = category_id(app, "tin-tuc")
    activity = category_id(app, "tin-hoat-dong")
    cases = [
        (category_form(token, name=""), "Vui lòng nhập tên chuyên mục."),
        (category_form(token, name="Tin mới", slug="tin-tuc"), "đã được dùng"),
        (category_form(token, parent_id="999"), "Chuyên mục đã chọn không hợp lệ"),
        (category_form(token, name="x" * 201), "Tên dài tối đa 200 ký tự."),
        (category_form(token, name="Tab\x07"), ""),
    ]
    for data, message in cases:
        response = editor.post("/quan-tri/chuyen-muc/", data=data)
        assert response.status_code in (400, 422), data
        assert "Not a valid" not in response.text
        assert message in response.text, re.findall("form__error[^<]*", response.text)
    # A category cannot go inside itself or its own subcategory.
    for parent, message in ((news, "không hợp lệ"), (activity, "chính nó")):
        response = editor.post(
            f"/quan-tri/chuyen-muc/{news}",
            data=category_form(token, name="Tin tức", slug="tin-tuc", parent_id=str(parent)),
        )
        assert response.status_code == 422
        assert message in response.text, re.findall("form__error[^<]*", response.text)
    assert count(app, Category) == before
    with app.app_context():
        assert db.session.get(Category, news).parent_id is None


def test_a_category_can_move_under_another_and_be_renamed(app, editor):
    token = staff_csrf(editor)
    editor.post("/quan-tri/chuyen-muc/", data=category_form(token, name="Văn hoá"))
    culture = category_id(app, "van-hoa")
    activity = category_id(app, "tin-hoat-dong")
    response = editor.post(
        f"/quan-tri/chuyen-muc/{activity}",
        data=category_form(token, name="Hoạt động", slug="hoat-dong", parent_id=str(culture)),
    )
    assert response.status_code == 303
    client = app.test_client()
    assert client.get("/chuyen-muc/tin-hoat-dong").status_code == 404
    page = client.get("/chuyen-muc/van-hoa").text  # lists its new child's article
    assert "CẢ HỆ THỐNG CHÍNH TRỊ" in page


def test_reordering_swaps_siblings_and_refuses_bad_directions(app, editor):
    token = staff_csrf(editor)
    for name in ("Văn hoá", "Xã hội"):
        editor.post("/quan-tri/chuyen-muc/", data=category_form(token, name=name))
    society = category_id(app, "xa-hoi")
    response = editor.post(
        f"/quan-tri/chuyen-muc/{society}/di-chuyen",
        data={"csrf_token": token, "direction": "up"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and 'id="category-list"' in response.text
    assert "Đã chuyển “Xã hội” lên trên." in response.text
    nav = app.test_client().get("/").text
    assert nav.index("/chuyen-muc/xa-hoi") < nav.index("/chuyen-muc/van-hoa")
    bad = editor.post(
        f"/quan-tri/chuyen-muc/{society}/di-chuyen", data={"csrf_token": token, "direction": "x"}
    )
    assert bad.status_code == 400 and "Hướng di chuyển không hợp lệ." in bad.text
    assert (
        editor.post("/quan-tri/chuyen-muc/999/di-chuyen", data={"csrf_token": token}).status_code
        == 404
    )


def test_hiding_a_category_takes_it_out_of_the_menu_but_keeps_its_articles(app, editor):
    token = staff_csrf(editor)
    activity = category_id(app, "tin-hoat-dong")
    response = editor.post(
        f"/quan-tri/chuyen-muc/{activity}",
        data=category_form(
            token,
            name="Tin hoạt động",
            slug="tin-hoat-dong",
            parent_id=str(category_id(app, "tin-tuc")),
            hidden="y",
        ),
    )
    assert response.status_code == 303
    client = app.test_client()
    assert "/chuyen-muc/tin-hoat-dong" not in client.get("/").text
    assert client.get("/chuyen-muc/tin-hoat-dong").status_code == 404
    with app.app_context():
        article = db.session.scalar(select(Article))
        path = f"/tin-tuc/{article.slug}-{article.id}"
    assert client.get(path).status_code == 200


def test_deleting_a_category_moves_its_articles_and_children_never_loses_them(app, editor):
    token = staff_csrf(editor)
    with app.app_context():
        news = db.session.scalar(select(Category).where(Category.slug == "tin-tuc"))
        activity = db.session.scalar(select(Category).where(Category.slug == "tin-hoat-dong"))
        culture = make_category("Văn hoá")
        make_article("Bài tin tức", news)
        db.session.commit()
        news_id, activity_id, culture_id = news.id, activity.id, culture.id
    confirm = editor.get(f"/quan-tri/chuyen-muc/{news_id}/xoa")
    assert confirm.status_code == 200 and "có 1 bài viết" in confirm.text
    # A target that does not exist, or the category itself, is refused and nothing changes.
    for target in ("999", str(news_id)):
        refused = editor.post(
            f"/quan-tri/chuyen-muc/{news_id}/xoa", data={"csrf_token": token, "target_id": target}
        )
        assert refused.status_code == 422
    assert count(app, Category) == 3
    articles = count(app, Article)
    response = editor.post(
        f"/quan-tri/chuyen-muc/{news_id}/xoa",
        data={"csrf_token": token, "target_id": str(culture_id)},
    )
    assert response.status_code == 303
    assert count(app, Article) == articles  # nothing lost
    with app.app_context():
        assert db.session.get(Category, news_id) is None
        assert db.session.get(Category, activity_id).parent_id is None  # moved up
        moved = db.session.scalar(select(Article).where(Article.title == "Bài tin tức"))
        assert moved.category_id == culture_id
    assert audit_actions(app)[-1] == "category.delete"
    assert app.test_client().get("/chuyen-muc/tin-tuc").status_code == 404


def test_tags_typed_in_the_editor_are_saved_once_each_and_shown(app, editor):
    token = staff_csrf(editor)
    data = article_data(token, tags="Chuyển đổi số, chuyen doi so ,  Mặt trận ,,", action="publish")
    response = editor.post("/quan-tri/bai-viet/moi", data=data)
    assert response.status_code == 303
    with app.app_context():
        assert sorted(db.session.scalars(select(Tag.slug))) == ["chuyen-doi-so", "mat-tran"]
        article = db.session.scalar(select(Article).order_by(Article.id.desc()))
        assert [tag.name for tag in article.tags] == ["Chuyển đổi số", "Mặt trận"]
        path = f"/tin-tuc/{article.slug}-{article.id}"
    edit = editor.get(response.headers["Location"]).text
    assert 'value="Chuyển đổi số, Mặt trận"' in edit
    assert "Chuyển đổi số" in app.test_client().get("/the/chuyen-doi-so").text
    assert "/the/mat-tran" in app.test_client().get(path).text
    too_many = ", ".join(f"từ {n}" for n in range(21))
    refused = editor.post("/quan-tri/bai-viet/moi", data=article_data(token, tags=too_many))
    assert refused.status_code == 422 and "tối đa 20 từ khóa" in refused.text
