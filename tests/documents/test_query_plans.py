"""The public documents' statements read indexes, never the whole table, on either database."""

from __future__ import annotations

from datetime import date

import pytest

from danvan.extensions import db
from tests.support.documents import make_document
from tests.support.query_plans import scans_while

PUBLIC = [
    "/van-ban/",
    "/van-ban/?loai=ke-hoach",
    "/van-ban/?linh-vuc=cong-tac-dan-van",
    "/van-ban/?nam=2021",
    "/van-ban/?loai=huong-dan&nam=2021&page=1",
    "/van-ban/?q=01-HD",
    "/tim-kiem?q=01-HD",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_the_list_and_search_read_the_documents_by_index(app, path):
    with app.app_context():
        for number in range(30):
            make_document(
                f"{number}-KH/X",
                f"Kế hoạch {number}",
                slug=f"k{number}",
                issued_on=date(2020, 1, 1 + number % 28),
            )
        db.session.commit()
    client = app.test_client()
    statements, scans = scans_while(app, "documents", lambda: client.get(path))
    assert statements > 0 and scans == {}


def test_a_document_and_its_download_read_by_key(app):
    client = app.test_client()
    page = "/van-ban/01-hd-mau-huong-dan-mau-ve-viec-dang-van-ban-len-trang-thong-tin-dien-tu-1"

    def both():
        assert client.get(page).status_code == 200
        client.get("/van-ban/1/tep/1/huong-dan-mau.pdf").close()

    statements, scans = scans_while(app, "documents", both)
    assert statements > 0 and scans == {}
