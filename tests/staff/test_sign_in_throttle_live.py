"""Sign-in throttling against real ``python app.py`` processes with their default workers and
the default rate-limit storage: attempts are counted in the database before the password is
checked, so every process sees every attempt. On PostgreSQL when ``DANVAN_TEST_DATABASE_URL``
names one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from danvan.staff.passwords import FAILED_CHECK_LOG
from danvan.staff.sign_in import TOO_MANY_ATTEMPTS
from tests.staff.test_shared_rate_limits import STAFF, failed_sign_in
from tests.support.live_clients import create_staff, shared_database_url

BURST = 30
LIMIT = 5


def start_pair(live_server, tmp_path) -> list:
    """Two servers (default workers each) on one database and secret, behind one trusted proxy."""
    instance = tmp_path / "throttle"
    env = {"DANVAN_PROXIES": "1", "DANVAN_DATABASE_URL": shared_database_url(instance)}
    servers = [live_server(instance, **env) for _ in range(2)]
    create_staff(servers[0], STAFF)
    return servers


def test_a_parallel_burst_checks_at_most_five_passwords(live_server, tmp_path):
    servers = start_pair(live_server, tmp_path)
    # One address, one account, 30 wrong passwords at once over both servers. Every password
    # really checked leaves a line in its server's log, whatever the answer says.
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        answers = list(
            pool.map(lambda number: failed_sign_in(servers[number % 2].url)[0], range(BURST))
        )
    checked = sum(server.read_log().count(FAILED_CHECK_LOG) for server in servers)
    print(f"{BURST} parallel attempts on 2 servers: {checked} passwords checked")
    assert checked <= LIMIT, answers
    # The answers agree: a 401 per password checked, a 429 for every other attempt.
    assert answers.count(401) == checked and answers.count(429) == BURST - checked, answers
    for server in servers:
        assert "Traceback" not in server.read_log()


def test_the_sixth_sequential_failure_is_refused_whichever_process_gets_it(live_server, tmp_path):
    servers = start_pair(live_server, tmp_path)
    answers = [failed_sign_in(servers[number % 2].url) for number in range(8)]
    assert [status for status, _ in answers] == [401] * 5 + [429] * 3
    assert all(TOO_MANY_ATTEMPTS in html for _, html in answers[5:])
