"""A tiny SMTP server for tests (``aiosmtpd`` is not installed): enough of RFC 5321 for
``smtplib`` to send one message without TLS or sign-in; it keeps what it received."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 fake-smtp ready")
        envelope: dict = {"to": []}
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake-smtp")
            elif verb == "MAIL":
                envelope["from"] = command
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["to"].append(command)
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with .")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.received.append(  # type: ignore[attr-defined]
                    (envelope, message_from_bytes(b"".join(data), policy=policy.default))
                )
                self.server.arrived.set()  # type: ignore[attr-defined]
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class FakeSMTP(socketserver.ThreadingTCPServer):
    """``with FakeSMTP() as server``: listens on 127.0.0.1, ``server.port``; messages in
    ``server.received``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.received: list[tuple[dict, EmailMessage]] = []
        self.arrived = threading.Event()
        self.port = self.server_address[1]

    def __enter__(self) -> FakeSMTP:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
