from danvan import create_app
from tests.conftest import make_config
from tests.site.test_pages import ARTICLE_PATH


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_database_down_gives_503_and_the_vietnamese_page(tmp_path):
    # A database file inside a folder that does not exist cannot be opened.
    app = create_app(
        make_config(
            tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"
        )
    )
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["status"] == "unavailable"
    for path in ("/", ARTICLE_PATH):
        page = client.get(path)
        assert page.status_code == 503
        assert "Hệ thống đang tạm thời gián đoạn" in page.get_data(as_text=True)
        assert page.headers["Retry-After"] == "30"
