"""Rate limits across processes. Sign-in attempts are counted in the database whatever
``DANVAN_RATELIMIT_STORAGE_URI`` says (danvan/staff/throttle.py), so two servers together allow
5 a minute per address and per account, with Redis or without; the rating form's Flask-Limiter
limit is counted in Redis when configured. Redis on 127.0.0.1:6379, database 7 (flushed around
each test); skipped when it does not answer."""

from __future__ import annotations

import pytest

from danvan.staff.sign_in import BAD_CREDENTIALS, TOO_MANY_ATTEMPTS
from tests.support.live_clients import Browser, assert_one_line_events, create_staff
from tests.support.live_server import BROWSER_UA, free_port

REDIS_URL = "redis://127.0.0.1:6379/7"
STAFF = "lan"


@pytest.fixture
def redis_db():
    """Redis database 7, empty; the test is skipped when Redis does not answer."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        client.close()
        pytest.skip(
            f"Redis does not answer at {REDIS_URL} ({error}); start redis-server "
            "(.ci/run does) to test shared rate limits"
        )
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def failed_sign_in(base: str, username: str = STAFF, address: str = "203.0.113.10") -> tuple:
    """A sign-in with a wrong password from ``address`` (behind the one trusted proxy)."""
    browser = Browser(BROWSER_UA)
    _, html = browser.send(base + "/login")
    token = html.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    return browser.send(
        base + "/login",
        {"csrf_token": token, "username": username, "password": "sai-mat-khau"},
        {"X-Forwarded-For": address},
    )


def start_pair(live_server, tmp_path, **env) -> list:
    """Two servers on one instance (database and secret) behind one trusted proxy."""
    instance = tmp_path / "limits"
    servers = [live_server(instance, DANVAN_PROXIES="1", **env) for _ in range(2)]
    create_staff(servers[0], STAFF)
    return servers


def test_two_processes_share_the_sign_in_limits_through_redis(live_server, tmp_path, redis_db):
    # Default workers: on a multi-core machine that is two processes per server.
    first, second = start_pair(live_server, tmp_path, DANVAN_RATELIMIT_STORAGE_URI=REDIS_URL)

    # Per address: five failures spread over both servers, then the sixth is refused anywhere.
    for number in range(5):
        status, html = failed_sign_in((first, second)[number % 2].url, f"khach{number}")
        assert status == 401 and BAD_CREDENTIALS in html
    for server in (first, second):
        status, html = failed_sign_in(server.url, "khach-moi")
        assert status == 429 and TOO_MANY_ATTEMPTS in html

    # Per account: five failures from five addresses, then a sixth address is refused too.
    for number in range(5):
        server = (first, second)[number % 2]
        assert failed_sign_in(server.url, STAFF, f"198.51.100.{number}")[0] == 401
    status, html = failed_sign_in(second.url, STAFF, "198.51.100.99")
    assert status == 429 and TOO_MANY_ATTEMPTS in html
    # The rating form's limit really is counted in Redis (sign-in attempts are in the database).
    voter = Browser(BROWSER_UA)
    assert voter.read_article(first.url) == 200 and voter.vote(first.url, 4) == 200
    assert redis_db.dbsize() > 0

    # An address and an account that failed nowhere still sign in.
    create_staff(first, "hoa")
    browser = Browser(BROWSER_UA)
    assert browser.sign_in(second.url, "hoa") == 303
    for server in (first, second):
        assert "Traceback" not in server.read_log()


def test_with_the_default_storage_processes_share_the_sign_in_limits(live_server, tmp_path):
    # Until issue 12, memory:// made each process count alone; sign-in now counts in the database.
    first, second = start_pair(live_server, tmp_path, DANVAN_WORKERS="1")
    for _ in range(5):
        assert failed_sign_in(first.url)[0] == 401
    for server in (first, second):
        assert failed_sign_in(server.url)[0] == 429


def test_limits_fall_back_to_each_process_while_redis_is_down(live_server, tmp_path):
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    server = live_server(
        tmp_path / "no-redis",
        DANVAN_PROXIES="1",
        DANVAN_WORKERS="1",
        DANVAN_RATELIMIT_STORAGE_URI=nothing_there,
    )
    create_staff(server, STAFF)
    # Sign-in still works and still stops guessing (it counts in the database, not in Redis).
    assert Browser(BROWSER_UA).sign_in(server.url, STAFF) == 303
    for _ in range(5):
        assert failed_sign_in(server.url)[0] == 401
    status, html = failed_sign_in(server.url)
    assert status == 429 and TOO_MANY_ATTEMPTS in html
    # The rating form's limit goes on in the process's memory meanwhile.
    voter = Browser(BROWSER_UA)
    assert voter.read_article(server.url) == 200 and voter.vote(server.url, 4) == 200
    log = server.read_log()
    assert "Rate limit storage unreachable" in log and "Traceback" not in log
    assert_one_line_events(log)


def test_two_processes_share_the_contact_form_limit_through_redis(live_server, tmp_path, redis_db):
    import re
    import time

    from danvan.pages.contact import TOO_MANY

    first, second = start_pair(live_server, tmp_path, DANVAN_RATELIMIT_STORAGE_URI=REDIS_URL)
    address = {"X-Forwarded-For": "203.0.113.20"}
    browser = Browser(BROWSER_UA)
    _, html = browser.send(first.url + "/lien-he", headers=address)
    form = {
        "started": re.search(r'name="started" type="hidden" value="([^"]+)"', html).group(1),
        "website": "",
        "name": "Nguyễn Thị Lan",
        "email": "lan@example.vn",
        "subject": "Hỏi về lịch tiếp dân",
        "message": "Xin cho biết lịch tiếp dân.",
    }
    time.sleep(3.2)  # the form's minimum time between drawing and sending
    # The default limit, 5 per 10 minutes per address, spread over both servers...
    for number in range(5):
        server = (first, second)[number % 2]
        assert browser.send(server.url + "/lien-he", form, address)[0] == 303
    # ...then the sixth is refused by either, with the typed text given back.
    for server in (first, second):
        status, html = browser.send(server.url + "/lien-he", form, address)
        assert status == 429 and TOO_MANY in html and "Nguyễn Thị Lan" in html
    # Another address still writes.
    assert (
        browser.send(second.url + "/lien-he", form, {"X-Forwarded-For": "198.51.100.7"})[0] == 303
    )
