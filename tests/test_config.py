import os
import re
import stat
import subprocess
import sys

import pytest

from danvan import PROJECT_ROOT, create_app
from danvan.config import ConfigError, build, read_or_create_secret


def test_defaults_put_the_database_and_secret_in_the_instance_folder(tmp_path):
    config = build(tmp_path, environ={})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'danvan.sqlite3'}"
    assert config["PORT"] == 8080 and config["HOST"] == "0.0.0.0"
    assert config["PROXIES"] == 0 and config["RATELIMIT_ENABLED"] is True
    assert config["WTF_CSRF_TIME_LIMIT"] is None
    assert config["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()


def test_secret_key_file_is_private_and_reused(tmp_path):
    first = read_or_create_secret(tmp_path)
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600
    assert len(first) >= 32
    assert read_or_create_secret(tmp_path) == first


def test_environment_beats_instance_file_which_beats_defaults(tmp_path):
    (tmp_path / "config.py").write_text("PORT = 9000\nPAGE_SIZE = 3\nSECRET_KEY = 'x' * 20\n")
    config = build(tmp_path, environ={"DANVAN_PORT": "9100", "DANVAN_PROXIES": "1"})
    assert config["PORT"] == 9100
    assert config["PAGE_SIZE"] == 3
    assert config["PROXIES"] == 1
    assert config["SECRET_KEY"] == "x" * 20
    assert not (tmp_path / "secret_key").exists()


def test_database_url_from_environment(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    assert build(tmp_path, environ={"DANVAN_DATABASE_URL": url})["SQLALCHEMY_DATABASE_URI"] == url


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DANVAN_PORT": "http"}, "DANVAN_PORT='http' không hợp lệ: cần một số nguyên."),
        ({"DANVAN_PORT": "0"}, "DANVAN_PORT phải là một số nguyên từ 1 trở lên, không phải 0."),
        ({"DANVAN_RATELIMIT_ENABLED": "maybe"}, "cần true hoặc false"),
        ({"DANVAN_PROXIES": "-1"}, "DANVAN_PROXIES phải là một số nguyên từ 0 trở lên"),
        ({"DANVAN_DATABASE_URL": "not a url"}, "không phải địa chỉ cơ sở dữ liệu"),
        ({"DANVAN_SECRET_KEY": "short"}, "DANVAN_SECRET_KEY phải dài ít nhất 16 ký tự"),
        ({"DANVAN_LOG_LEVEL": "LOUD"}, "DANVAN_LOG_LEVEL phải là một trong"),
    ],
)
def test_wrong_settings_fail_with_one_sentence(tmp_path, environ, message):
    with pytest.raises(ConfigError) as error:
        build(tmp_path, environ=environ)
    assert message in str(error.value)


def test_broken_instance_file_is_reported(tmp_path):
    (tmp_path / "config.py").write_text("PORT = = 1\n")
    with pytest.raises(ConfigError, match="Không đọc được .*config.py"):
        build(tmp_path, environ={})


def test_app_py_reports_a_wrong_setting_without_a_traceback(tmp_path):
    env = dict(os.environ, DANVAN_INSTANCE_PATH=str(tmp_path), DANVAN_PORT="abc")
    result = subprocess.run(
        [sys.executable, "app.py"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Cấu hình không hợp lệ: DANVAN_PORT='abc' không hợp lệ: cần một số nguyên."
    ]


def test_proxies_setting_trusts_forwarded_headers(app_factory):
    app = app_factory(PROXIES=1)
    seen = {}

    @app.get("/_probe")
    def probe():
        from flask import request

        seen["addr"], seen["scheme"] = request.remote_addr, request.scheme
        return "ok"

    app.test_client().get(
        "/_probe", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"addr": "203.0.113.9", "scheme": "https"}


def test_create_app_uses_danvan_instance_path(tmp_path, monkeypatch):
    monkeypatch.setenv("DANVAN_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app()
    assert app.instance_path == str(tmp_path / "inst")
    assert (tmp_path / "inst" / "secret_key").exists()


@pytest.mark.parametrize(
    ("raw", "site_url"),
    [
        ("https://danvan.example.gov.vn", "https://danvan.example.gov.vn"),
        ("https://Danvan.Example.gov.vn/", "https://danvan.example.gov.vn"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("", None),
    ],
)
def test_site_url_is_kept_without_its_slash_and_gives_the_trusted_host(tmp_path, raw, site_url):
    config = build(tmp_path, environ={"DANVAN_SITE_URL": raw})
    assert config["SITE_URL"] == site_url
    expected = None if site_url is None else [site_url.split("//")[1].split(":")[0]]
    assert config["TRUSTED_HOSTS"] == expected


def test_trusted_hosts_add_aliases_to_the_site_host(tmp_path):
    config = build(
        tmp_path,
        environ={
            "DANVAN_SITE_URL": "https://danvan.example.gov.vn",
            "DANVAN_TRUSTED_HOSTS": "www.danvan.example.gov.vn, Danvan.Tinh.vn",
        },
    )
    assert config["TRUSTED_HOSTS"] == [
        "danvan.example.gov.vn",
        "www.danvan.example.gov.vn",
        "danvan.tinh.vn",
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "danvan.example.gov.vn",
        "ftp://danvan.example.gov.vn",
        "https://",
        "https://danvan.example.gov.vn/tin-tuc",
        "https://danvan.example.gov.vn/?a=1",
        "https://danvan.example.gov.vn?",
        "https://danvan.example.gov.vn/#top",
        "https://user@danvan.example.gov.vn",
        "https://danvan.example.gov.vn:port",
        "https://dan van.example.gov.vn",
    ],
)
def test_a_wrong_site_url_stops_the_start_with_one_sentence(tmp_path, raw):
    with pytest.raises(ConfigError) as error:
        build(tmp_path, environ={"DANVAN_SITE_URL": raw})
    assert str(error.value) == (
        f"DANVAN_SITE_URL={raw!r} không phải địa chỉ của trang: cần http:// hoặc https://, "
        "tên máy và không gì thêm sau đó, ví dụ https://danvan.example.gov.vn."
    )


def test_trusted_hosts_without_a_site_url_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="hãy đặt DANVAN_SITE_URL"):
        build(tmp_path, environ={"DANVAN_TRUSTED_HOSTS": "www.danvan.example.gov.vn"})


def test_instance_file_may_list_trusted_hosts(tmp_path):
    (tmp_path / "config.py").write_text(
        "SITE_URL = 'https://danvan.example.gov.vn'\n"
        "TRUSTED_HOSTS = ['WWW.danvan.example.gov.vn']\n"
    )
    config = build(tmp_path, environ={})
    assert config["TRUSTED_HOSTS"] == ["danvan.example.gov.vn", "www.danvan.example.gov.vn"]


def test_no_setting_message_is_in_english(tmp_path):
    cases = [
        {"DANVAN_PORT": "http"},
        {"DANVAN_PORT": "0"},
        {"DANVAN_RATELIMIT_ENABLED": "maybe"},
        {"DANVAN_DATABASE_URL": "not a url"},
        {"DANVAN_SECRET_KEY": "short"},
        {"DANVAN_LOG_LEVEL": "LOUD"},
        {"DANVAN_RATING_RATE_LIMIT": "often"},
        {"DANVAN_IDLE_WARNING": "100", "DANVAN_IDLE_TIMEOUT": "60"},
        {"DANVAN_SITE_URL": "ftp://x"},
        {"DANVAN_TRUSTED_HOSTS": "www.example.org"},
    ]
    english = re.compile(r"\b(must|is not|expected|should|could not|for example|at least)\b")
    for environ in cases:
        with pytest.raises(ConfigError) as error:
            build(tmp_path, environ=environ)
        assert not english.search(str(error.value)), str(error.value)
