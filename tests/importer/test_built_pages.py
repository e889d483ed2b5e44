"""The about pages on sites built from NukeViet's table definitions: shapes, a module named
otherwise, no module, a delta run, a killed run, staff's pages, the menu's external links."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from danvan.content.models import Link
from danvan.extensions import db
from danvan.importer import pages as pages_stage
from danvan.pages.models import Page
from tests.support.media import photo_bytes

from .conftest import run_import

MENU_ROWS = """(
  id mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  parentid mediumint(8) unsigned NOT NULL DEFAULT '0',
  mid smallint(5) NOT NULL DEFAULT '0',
  title varchar(255) NOT NULL,
  link text NOT NULL,
  weight int(11) NOT NULL DEFAULT '0',
  sort int(11) NOT NULL DEFAULT '0',
  module_name varchar(255) NOT NULL DEFAULT '',
  op varchar(255) NOT NULL DEFAULT '',
  status tinyint(1) NOT NULL DEFAULT '1',
  PRIMARY KEY (id)
)"""


def pages(app) -> dict[str, Page]:
    with app.app_context():
        found = {p.slug: p for p in db.session.scalars(select(Page))}
        for page in found.values():
            db.session.expunge(page)
        return found


@pytest.mark.parametrize("shape", ["4.3", "5"])
def test_older_and_newer_about_tables(empty_app, built_site, shape, tmp_path):
    from tests.support.nukeviet import Builder

    build = Builder(built_site, shape=shape)
    uploads = tmp_path / "uploads"
    (uploads / "gioithieu").mkdir(parents=True)
    (uploads / "gioithieu" / "tru-so.png").write_bytes(photo_bytes((400, 300)))
    # Installed as "about" with its own data name: its table and folder are named after that.
    build.about(
        1,
        "lich-su",
        "Lịch sử",
        data="gioithieu",
        image="tru-so.png",
        imagealt="Trụ sở",
        description="<p>Lịch sử của Ban</p>",
    )
    build.about(2, "nhap", "Bản nháp", data="gioithieu", status=0)
    report = run_import(empty_app, built_site, uploads)
    assert report.total("page", "created") == 2 and report.problems == []
    found = pages(empty_app)
    history = found["lich-su"]
    # No "Giới thiệu" on an empty site: the old pages are top-level, in the menu.
    assert history.parent_id is None and history.in_menu and history.published
    assert history.summary == "Lịch sử của Ban"
    assert history.body_html.startswith('<p><img src="/uploads/')
    assert 'alt="Trụ sở"' in history.body_html and "Nội dung trang 1." in history.body_html
    assert found["nhap"].published is False
    assert empty_app.test_client().get("/gioi-thieu/nhap").status_code == 404
    assert empty_app.test_client().get("/gioi-thieu/lich-su").status_code == 200


def test_a_site_without_an_about_module_keeps_the_sample_pages(app, builder):
    builder.article(1, 1, "Bài cũ")
    report = run_import(app, builder.site)
    assert "Trang cũ không có mô-đun giới thiệu (bảng nv4_vi_about)" in report.text()
    assert report.total("page", "created") == 0
    assert set(pages(app)) == {"gioi-thieu", "co-cau-to-chuc", "chuc-nang-nhiem-vu", "lien-he"}


def test_staff_pages_stay_and_a_taken_address_gets_the_old_id(app, builder):
    with app.app_context():
        page = db.session.scalars(select(Page).where(Page.slug == "co-cau-to-chuc")).one()
        page.body_source = "Lãnh đạo Ban: ông A, bà B."
        db.session.commit()
    builder.about(1, "co-cau-to-chuc", "Cơ cấu tổ chức (cũ)", weight=2)
    builder.about(2, "chuc-nang-nhiem-vu", "Chức năng – nhiệm vụ (cũ)", weight=1)
    report = run_import(app, builder.site)
    found = pages(app)
    # Staff's edited page stays; the untouched sample one gave its address to the old page.
    assert found["co-cau-to-chuc"].body_source == "Lãnh đạo Ban: ông A, bà B."
    assert found["co-cau-to-chuc-1"].title == "Cơ cấu tổ chức (cũ)"
    assert found["chuc-nang-nhiem-vu"].title == "Chức năng – nhiệm vụ (cũ)"
    assert any("«co-cau-to-chuc» đã có trang khác" in p.reason for p in report.problems)
    about = found["gioi-thieu"]
    assert found["co-cau-to-chuc-1"].parent_id == about.id
    assert found["chuc-nang-nhiem-vu"].sort_order < found["co-cau-to-chuc-1"].sort_order
    assert "lien-he" in found


def test_a_delta_run_updates_text_and_keeps_the_place_staff_chose(empty_app, builder):
    builder.about(1, "mot", "Trang một")
    builder.about(2, "hai", "Trang hai")
    run_import(empty_app, builder.site)
    with empty_app.app_context():
        page = db.session.scalars(select(Page).where(Page.slug == "mot")).one()
        page.in_menu, page.sort_order = False, 999
        db.session.commit()
    builder.site.execute(
        "UPDATE nv4_vi_about SET title='Trang một (sửa)', bodytext='<p>Mới.</p>', "
        "alias='mot-moi', edit_time=1700000900 WHERE id=1"
    )
    builder.about(3, "ba", "Trang ba")
    report = run_import(empty_app, builder.site)
    assert [report.total("page", o) for o in ("created", "updated", "unchanged")] == [1, 1, 1]
    found = pages(empty_app)
    one = found["mot"]  # the address residents know stays
    assert (one.title, one.body_html, one.in_menu, one.sort_order) == (
        "Trang một (sửa)",
        "<p>Mới.</p>",
        False,
        999,
    )
    # The old link with the new alias leads there too.
    response = empty_app.test_client().get("/about/mot-moi.html")
    assert response.headers["Location"] == "/gioi-thieu/mot"


def test_a_killed_run_completes_on_the_next(empty_app, builder, monkeypatch):
    for number in range(1, 6):
        builder.about(number, f"trang-{number}", f"Trang {number}")
    real = pages_stage._values

    class Killed(Exception):
        pass

    def kill_at_four(run, row, *args):
        if row["id"] == 4:
            raise Killed
        return real(run, row, *args)

    monkeypatch.setattr(pages_stage, "_values", kill_at_four)
    with pytest.raises(Killed):
        run_import(empty_app, builder.site, batch_size=2)
    with empty_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Page)) == 2
    monkeypatch.setattr(pages_stage, "_values", real)
    report = run_import(empty_app, builder.site)
    assert report.total("page", "created") == 3 and report.total("page", "unchanged") == 2
    assert sorted(pages(empty_app)) == [f"trang-{n}" for n in range(1, 6)]


def test_a_page_deleted_here_is_left_deleted(empty_app, builder):
    builder.about(1, "mot", "Trang một")
    run_import(empty_app, builder.site)
    with empty_app.app_context():
        db.session.execute(Page.__table__.delete())
        db.session.commit()
    builder.site.execute("UPDATE nv4_vi_about SET edit_time=1700000900 WHERE id=1")
    report = run_import(empty_app, builder.site)
    assert pages(empty_app) == {}
    assert [(p.kind, p.old_id, p.skipped) for p in report.problems] == [("page", "1", True)]


def test_external_menu_entries_become_sidebar_links(app, builder):
    builder.site.execute(f"CREATE TABLE nv4_vi_menu_rows {MENU_ROWS}")
    for title, link, module, status in (
        ("Tin tức", "/index.php?language=vi&nv=news", "news", 1),
        ("Cổng tỉnh", "https://tinh.gov.vn/", "", 1),
        ("Trang cũ", "https://cu.example.vn/gioi-thieu/", "", 1),  # the old site itself
        ("Tắt", "http://tat.example.org/", "", 0),
        ("Hỏi đáp", "/index.php?language=vi&nv=faq", "faq", 1),
    ):
        builder.insert(
            "vi_menu_rows", mid=1, title=title, link=link, module_name=module, status=status
        )
    report = run_import(app, builder.site)
    assert report.total("link", "created") == 2
    assert "Mục menu cũ không chép: «Hỏi đáp» (/index.php?language=vi&nv=faq)." in report.text()
    assert "«Tin tức»" not in report.text() and "«Trang cũ»" not in report.text()
    with app.app_context():
        links = db.session.scalars(select(Link).order_by(Link.sort_order)).all()
        assert [(x.title, x.url, x.enabled) for x in links[-2:]] == [
            ("Cổng tỉnh", "https://tinh.gov.vn/", True),
            ("Tắt", "http://tat.example.org/", False),
        ]
        count = len(links)
    again = run_import(app, builder.site)
    assert again.total("link", "created") == 0 and again.total("link", "unchanged") == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Link)) == count
