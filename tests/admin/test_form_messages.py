"""Without JavaScript, the browser's check can only speak the browser's language; so every staff
form, sent empty or wrong, must come back with Vietnamese messages beside its fields and no
English from WTForms ("This field is required.", "Not a valid choice.")."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from danvan.content.models import Article, Banner, Category, Link
from danvan.extensions import db
from danvan.staff.models import User
from tests.support.comments import add_comments
from tests.support.staff import staff_csrf

# WTForms' and Flask-WTF's English defaults, as they start (wtforms.pot, flask_wtf/file.py).
ENGLISH = re.compile(
    r"This field|Not a valid|Invalid|Field must|Field cannot|must be|File does not|"
    r"could not coerce|CSRF|are not valid|is not a valid"
)
MESSAGE = re.compile(r'class="(?:form__error|flash flash--error|error-message)"[^>]*>(.*?)</', re.S)
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.I)


def ids(app) -> dict[str, int]:
    with app.app_context():
        return {
            "category": db.session.scalar(select(Category.id).where(Category.slug == "tin-tuc")),
            "banner": db.session.scalar(select(Banner.id).limit(1)),
            "link": db.session.scalar(select(Link.id).limit(1)),
            "user": db.session.scalar(select(User.id).where(User.username == "quantri")),
            "comment": add_comments(db.session.scalar(select(Article.id).limit(1)), 1)[0],
        }


def cases(known: dict[str, int]) -> list[tuple[str, dict]]:
    """(path, form data) for every staff form: first left empty, then with wrong choices."""
    article = {"action": "publish", "category_id": "x", "published_at": "12/31/2026 9:00"}
    return [
        ("/quan-tri/bai-viet/moi", {"action": "publish"}),
        ("/quan-tri/bai-viet/moi", {**article, "title": "T", "body": "B"}),
        ("/quan-tri/bai-viet/1", {"action": "save"}),
        ("/quan-tri/bai-viet/1", {**article, "title": "x" * 501, "image_name": "khong-co"}),
        ("/quan-tri/chuyen-muc/", {}),
        ("/quan-tri/chuyen-muc/", {"name": "Mới", "parent_id": "x"}),
        (f"/quan-tri/chuyen-muc/{known['category']}", {}),
        (f"/quan-tri/chuyen-muc/{known['category']}/xoa", {"target_id": "x"}),
        ("/quan-tri/bieu-ngu/moi", {}),
        ("/quan-tri/bieu-ngu/moi", {"title": "Ảnh", "position": "x", "link_url": "javascript:1"}),
        (f"/quan-tri/bieu-ngu/{known['banner']}", {"position": "x"}),
        ("/quan-tri/lien-ket/moi", {}),
        (f"/quan-tri/lien-ket/{known['link']}", {"title": "", "url": "ftp://x"}),
        ("/quan-tri/anh/", {}),
        ("/quan-tri/tai-khoan/", {}),
        ("/quan-tri/tai-khoan/", {"username": "a b", "role": "x", "password": "ngắn"}),
        (f"/quan-tri/tai-khoan/{known['user']}/mat-khau", {}),
        (f"/quan-tri/tai-khoan/{known['user']}/mat-khau", {"password": "dai-du-roi-day"}),
        ("/quan-tri/bai-viet/1/danh-gia/xoa", {}),
        ("/quan-tri/phan-hoi/thao-tac", {}),
        ("/quan-tri/phan-hoi/thao-tac", {"action": "x", "chon": "abc"}),
        (f"/quan-tri/phan-hoi/{known['comment']}/tra-loi", {}),
        (f"/quan-tri/phan-hoi/{known['comment']}/tra-loi", {"answer": "x" * 3001}),
    ]


def test_every_staff_form_sent_wrong_answers_in_vietnamese_only(app, admin):
    token = staff_csrf(admin)
    for path, data in cases(ids(app)):
        response = admin.post(path, data={"csrf_token": token, **data})
        assert 400 <= response.status_code < 500, (path, data, response.status_code)
        html = response.text
        messages = [re.sub(r"<[^>]+>|\s+", " ", text).strip() for text in MESSAGE.findall(html)]
        assert messages, (path, data)
        assert all(VIETNAMESE.search(text) for text in messages), (path, messages)
        assert not ENGLISH.search(html), (path, data, ENGLISH.findall(html))


@pytest.mark.parametrize("data", [{}, {"username": "", "password": ""}])
def test_the_sign_in_form_sent_empty_answers_in_vietnamese(client, data):
    html = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/login", data={"csrf_token": token, **data})
    assert response.status_code in (400, 422)
    messages = MESSAGE.findall(response.text)
    assert messages and all(VIETNAMESE.search(text) for text in messages), messages
    assert not ENGLISH.search(response.text)


def test_the_editor_shows_and_takes_the_publish_time_day_first(app, admin):
    token = staff_csrf(admin)
    response = admin.post(
        "/quan-tri/bai-viet/1",
        data={
            "csrf_token": token,
            "action": "save",
            "title": "Bài hẹn giờ",
            "body": "Nội dung.",
            "published_at": "05/01/2031 07:30",
            "category_id": "",
        },
    )
    assert response.status_code == 303
    page = admin.get("/quan-tri/bai-viet/1").text
    field = re.search(r'<input[^>]*id="published_at"[^>]*>', page).group(0)
    assert 'value="05/01/2031 07:30"' in field and 'type="text"' in field
    assert 'placeholder="ngày/tháng/năm giờ:phút"' in field
    assert "datetime-local" not in page
