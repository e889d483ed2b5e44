"""The 404 of an old NukeViet link in a real browser: axe-core, and its search by keyboard."""

import pytest


@pytest.fixture
def server(live_server):
    return live_server()


def test_the_old_link_404_has_no_axe_violation_and_its_search_works(server, page):
    from axe_playwright_python.sync_playwright import Axe

    response = page.goto(server.url + "/tin-hoat-dong/cong-tac-dan-van-999.html")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
    box = page.get_by_label("Tìm bài viết", exact=True)
    assert box.input_value() == "cong tac dan van"
    box.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem?q=cong+tac+dan+van")
