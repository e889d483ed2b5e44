"""``python app.py`` behind nginx: with ``DANVAN_PROXIES=1`` the site sees the resident's address
that nginx forwards (waitress must pass the X-Forwarded-* headers on); without it, a client's own
X-Forwarded-For is ignored, so nobody can forge an address."""

import urllib.error
import urllib.request

import pytest

from tests.support.live_clients import fetch
from tests.support.live_server import BROWSER_UA

FORWARDED = {
    "User-Agent": BROWSER_UA,
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "danvan.example.gov.vn",
}


def get_home(base: str) -> None:
    request = urllib.request.Request(base + "/", headers=FORWARDED)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


@pytest.mark.parametrize(("proxies", "seen"), [("1", "203.0.113.7"), ("0", "127.0.0.1")])
def test_the_address_in_the_log_is_the_forwarded_one_only_behind_a_trusted_proxy(
    live_server, tmp_path, proxies, seen
):
    server = live_server(
        tmp_path / "proxied",
        DANVAN_PROXIES=proxies,
        DANVAN_WORKERS="1",
        DANVAN_LOG_FULL_ADDRESSES="true",  # an incident: the whole address is wanted
    )
    get_home(server.url)
    assert server.stop() == 0
    assert f'danvan.request: {seen} "GET /" 200' in server.read_log()


def test_by_default_the_log_keeps_only_the_network_of_an_address(live_server, tmp_path):
    server = live_server(tmp_path / "private", DANVAN_PROXIES="1", DANVAN_WORKERS="1")
    get_home(server.url)
    assert server.stop() == 0
    log = server.read_log()
    assert 'danvan.request: 203.0.113.0 "GET /" 200' in log
    assert "203.0.113.7" not in log


def status_and_text(url: str, headers: dict[str, str]) -> tuple[int, str]:
    return fetch(url, headers=headers)


def test_with_a_site_url_waitress_refuses_other_hosts_forwarded_or_not(live_server, tmp_path):
    # The site's host is 127.0.0.1 here so that the fixture's own /healthz probe is served.
    server = live_server(
        tmp_path / "site",
        DANVAN_SITE_URL="https://127.0.0.1",
        DANVAN_PROXIES="1",
        DANVAN_WORKERS="1",
    )
    for headers in ({"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"}):
        status, text = status_and_text(server.url + "/", headers)
        assert status == 400 and "Yêu cầu không hợp lệ" in text and "evil.example" not in text
    status, text = status_and_text(server.url + "/", {"X-Forwarded-Proto": "http"})
    assert status == 200 and '<link rel="canonical" href="https://127.0.0.1/">' in text
    assert server.stop() == 0
