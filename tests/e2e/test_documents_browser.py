"""Documents in a real browser: the filter swaps the list with htmx (and works without
JavaScript), a file is uploaded and downloaded, axe-core on every documents page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_publishing_browser import sign_in
from tests.support.documents import sample_pdf
from tests.support.live_clients import create_staff

DETAIL = "/van-ban/01-hd-mau-huong-dan-mau-ve-viec-dang-van-ban-len-trang-thong-tin-dien-tu-1"


@pytest.fixture
def server(live_server):
    return live_server()


def axe_report(page) -> tuple[int, str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return result.violations_count, result.generate_report()


def test_the_filter_swaps_the_list_and_the_address_follows(server, page, page_problems):
    page.goto(server.url + "/van-ban/")
    items = page.locator(".document-item__title")
    expect(items).to_have_count(2)
    page.get_by_label("Loại văn bản").select_option(label="Hướng dẫn")
    page.get_by_role("button", name="Lọc").click()
    expect(items).to_have_count(1)
    expect(items).to_have_text(["Hướng dẫn mẫu về việc đăng văn bản lên trang thông tin điện tử"])
    expect(page).to_have_url(re.compile(r"/van-ban/\?loai=huong-dan"))
    assert page.get_by_label("Loại văn bản").count() == 1  # the form was not swapped away
    assert page_problems.all == []


def test_the_filter_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url + "/van-ban/")
        page.get_by_label("Năm ban hành").select_option("2021")
        page.get_by_label("Lĩnh vực").select_option(label="Quy chế dân chủ ở cơ sở")
        page.get_by_role("button", name="Lọc").click()
        expect(page.locator(".document-item__title")).to_have_text(
            ["Kế hoạch mẫu thực hiện công tác dân vận năm 2021"]
        )
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/van-ban/", "/van-ban/?nam=2000", DETAIL, "/tim-kiem?q=01-HD"])
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violation_on_the_public_documents_pages(server, page, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    count, report = axe_report(page)
    assert count == 0, report


def test_staff_attach_a_file_that_residents_download(server, page, page_problems, tmp_path):
    create_staff(server)
    sign_in(page, server)
    page.goto(server.url + "/quan-tri/van-ban/moi")
    count, report = axe_report(page)
    assert count == 0, report
    page.get_by_label(re.compile("^Số, ký hiệu")).fill("15-HD/BDVTU")
    page.get_by_label(re.compile("^Trích yếu")).fill("Hướng dẫn kiểm tra trên trình duyệt")
    page.get_by_label("Loại văn bản").select_option(label="Hướng dẫn")
    page.get_by_label("Cơ quan ban hành").fill("Ban Dân vận Tỉnh ủy")
    page.get_by_label("Ngày ban hành").fill("15/03/2024")
    pdf = tmp_path / "Hướng dẫn 15.pdf"
    pdf.write_bytes(sample_pdf())
    page.get_by_label(re.compile("^Tệp đính kèm")).set_input_files(str(pdf))
    page.get_by_label(re.compile("^Công bố")).check()
    page.get_by_role("button", name="Thêm văn bản").click()
    expect(page.get_by_role("status").filter(has_text="Đã thêm văn bản.")).to_be_visible()
    count, report = axe_report(page)
    assert count == 0, report
    for path in ("/quan-tri/van-ban/", "/quan-tri/van-ban/1/xoa"):
        page.goto(server.url + path)
        count, report = axe_report(page)
        assert count == 0, (path, report)
    page.goto(server.url + "/van-ban/?q=15-HD")
    page.get_by_role("link", name="Hướng dẫn kiểm tra trên trình duyệt").click()
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Hướng dẫn 15.pdf").click()
    download = waiting.value
    assert download.suggested_filename == "Hướng dẫn 15.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    assert page_problems.all == []


def test_axe_finds_no_violation_on_the_types_and_fields_screen(server, page):
    create_staff(server, "quantri", role="admin")
    sign_in(page, server, "quantri")
    page.goto(server.url + "/quan-tri/van-ban/phan-loai/")
    count, report = axe_report(page)
    assert count == 0, report
