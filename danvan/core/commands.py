"""What every ``flask --app app`` command shares: a refusal said in Vietnamese."""

from __future__ import annotations

from typing import IO, Any

import click


class CommandError(click.ClickException):
    """A command that cannot do what it was asked: ``Lỗi: <message>`` on stderr, exit code 1.

    click's own ``ClickException`` prefixes its message with the English "Error:".
    """

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True, file=file)
