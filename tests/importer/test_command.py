"""``flask --app app import-nukeviet``: the report, and the refusals (exit 2, one sentence)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from danvan import create_app
from danvan.extensions import db
from tests.conftest import TEST_DATABASE_URL, make_config
from tests.support.nukeviet import Builder

pytestmark = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="the command migrates a database of its own"
)


@pytest.fixture
def fresh_app(tmp_path):
    app = create_app(make_config(tmp_path / "instance"))
    yield app
    with app.app_context():
        db.engine.dispose()


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=["import-nukeviet", *args])


def test_the_command_imports_prints_and_writes_the_report(fresh_app, builder, tmp_path):
    builder.article(1, 1, "Bài một")
    result = invoke(fresh_app, "--source", builder.site.url)
    assert result.exit_code == 0, result.output
    assert "Nhập dữ liệu từ NukeViet: phiên bản 4.5.05" in result.output
    assert "Bài viết: mới 1" in result.output and "Chuyên mục: mới 2" in result.output
    reports = list((tmp_path / "instance" / "imports").glob("*.txt"))
    assert len(reports) == 1
    assert "Bài viết: mới 1" in reports[0].read_text(encoding="utf-8")
    again = invoke(fresh_app, "--source", builder.site.url)
    assert "Bài viết: không đổi 1" in again.output


def test_dry_run_prints_and_writes_nothing(fresh_app, builder, tmp_path):
    builder.article(1, 1, "Bài một")
    result = invoke(fresh_app, "--source", builder.site.url, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Chạy thử (không ghi gì)" in result.output and "Bài viết: mới 1" in result.output
    assert not (tmp_path / "instance" / "imports").exists()
    again = invoke(fresh_app, "--source", builder.site.url, "--dry-run")
    assert "Bài viết: mới 1" in again.output  # the first dry run left nothing behind


def test_wrong_credentials_are_one_vietnamese_sentence_and_exit_2(fresh_app, built_site):
    url = make_url(built_site.url).set(password="sai-mat-khau").render_as_string(False)
    result = invoke(fresh_app, "--source", url)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Lỗi: Không kết nối được tới cơ sở dữ liệu NukeViet: hãy kiểm tra địa chỉ máy chủ, "
        "tên cơ sở dữ liệu, tài khoản và mật khẩu trong --source."
    )


def test_an_unreachable_server_is_the_same_sentence(fresh_app):
    result = invoke(fresh_app, "--source", "mysql+pymysql://u:p@127.0.0.1:9/nukeviet")
    assert result.exit_code == 2
    assert "Không kết nối được tới cơ sở dữ liệu NukeViet" in result.output
    assert "Traceback" not in result.output


def test_a_wrong_prefix_lists_the_prefixes_found(fresh_app, built_site):
    Builder(built_site, prefix="nv4")
    Builder(built_site, prefix="web")
    result = invoke(fresh_app, "--source", built_site.url, "--prefix", "nv5")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Lỗi: Không có bảng NukeViet nào với tiền tố «nv5». Các tiền tố tìm thấy: nv4, web."
    )


def test_a_bad_address_is_refused(fresh_app):
    result = invoke(fresh_app, "--source", "khong-phai-dia-chi")
    assert result.exit_code == 2 and "mysql+pymysql://USER:PASS@HOST/DB" in result.output
