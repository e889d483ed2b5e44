"""The optional mail to staff about a new message, and the settings behind it and the form."""

from __future__ import annotations

import logging

import pytest

from danvan.config import ConfigError, build
from danvan.content.sample import load_sample_content
from tests.support.fake_smtp import FakeSMTP
from tests.support.live_server import free_port
from tests.support.pages import contact_form, stored_messages
from tests.support.site_host import at_site

SITE = "https://danvan.example.gov.vn"


def smtp_app(app_factory, port: int):
    app = app_factory(
        SITE_URL=SITE,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SMTP_TLS=False,
        SMTP_FROM="web@danvan.example.gov.vn",
        SMTP_TO=["vanphong@danvan.example.gov.vn", "lan@danvan.example.gov.vn"],
    )
    with app.app_context():
        load_sample_content()
    return app


def test_a_new_message_is_mailed_to_staff_when_smtp_is_set(app_factory):
    with FakeSMTP() as server:
        app = smtp_app(app_factory, server.port)
        client = at_site(app.test_client(), SITE)
        response = client.post("/lien-he", data=contact_form(client, app))
        assert response.status_code == 303
        assert server.arrived.wait(10), "no mail arrived"
    envelope, mail = server.received[0]
    assert len(envelope["to"]) == 2
    assert mail["Subject"] == "[Liên hệ] Hỏi về lịch tiếp dân"
    assert mail["From"] == "web@danvan.example.gov.vn"
    assert mail["Reply-To"] == "lan@example.vn"
    text = mail.get_content()
    assert "Họ và tên: Nguyễn Thị Lan" in text
    assert "Xin cho biết lịch tiếp dân tháng này." in text
    assert f"{SITE}/quan-tri/lien-he/" in text


def test_a_mail_server_that_is_down_never_fails_the_visitor(app_factory, caplog):
    from danvan.pages import notify

    app = smtp_app(app_factory, free_port())  # nothing listens there
    client = at_site(app.test_client(), SITE)
    sent = []
    original = notify.notify_staff

    def keep_thread(*args):
        thread = original(*args)
        sent.append(thread)
        return thread

    with pytest.MonkeyPatch.context() as patch, caplog.at_level(logging.WARNING):
        patch.setattr("danvan.pages.contact.notify_staff", keep_thread)
        response = client.post("/lien-he", data=contact_form(client, app))
        assert response.status_code == 303
        sent[0].join(15)
    assert stored_messages(app) == 1
    assert "contact notice not sent" in caplog.text


def test_without_smtp_nothing_is_sent(app, client):
    from danvan.pages.notify import notify_staff

    with app.test_request_context():
        assert notify_staff({}, "/quan-tri/lien-he/") is None


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DANVAN_CONTACT_RATE_LIMIT": "often"}, "DANVAN_CONTACT_RATE_LIMIT='often' không phải"),
        ({"DANVAN_SMTP_HOST": "mail.example.vn"}, "cần cả DANVAN_SMTP_FROM"),
        (
            {"DANVAN_SMTP_HOST": "mail.example.vn", "DANVAN_SMTP_FROM": "a@example.vn"},
            "DANVAN_SMTP_TO (địa chỉ cán bộ nhận thông báo)",
        ),
        ({"DANVAN_SMTP_PORT": "0"}, "DANVAN_SMTP_PORT phải là một số nguyên từ 1 trở lên"),
        ({"DANVAN_SMTP_TLS": "maybe"}, "cần true hoặc false"),
    ],
)
def test_wrong_contact_and_mail_settings_fail_with_one_sentence(tmp_path, environ, message):
    with pytest.raises(ConfigError) as error:
        build(tmp_path, environ=environ)
    assert message in str(error.value)


def test_mail_settings_are_read_from_the_environment(tmp_path):
    config = build(
        tmp_path,
        environ={
            "DANVAN_SMTP_HOST": "mail.example.vn",
            "DANVAN_SMTP_PORT": "2525",
            "DANVAN_SMTP_FROM": "web@example.vn",
            "DANVAN_SMTP_TO": "a@example.vn, b@example.vn",
            "DANVAN_SMTP_TLS": "false",
        },
    )
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_TLS"]) == (
        "mail.example.vn",
        2525,
        False,
    )
    assert config["SMTP_TO"] == ["a@example.vn", "b@example.vn"]
    assert config["CONTACT_RATE_LIMIT"] == "5 per 10 minutes"
