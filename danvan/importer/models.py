"""What an import remembers: each old NukeViet item and what it became here."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model


class ImportedItem(Model):
    """One old item (an article, category, tag or image file) and its new id or name.

    ``kind`` + ``old_key`` is the primary key, so the redirects look an old link up by index and
    a second run finds what the first one made. ``stamp`` is the old row's edit time (a file's
    size and time for an image) when it was brought over; ``figure`` the view count carried, so
    a later run adds only the views the old site counted since.
    """

    __tablename__ = "import_map"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    old_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    new_id: Mapped[int | None] = mapped_column()
    new_key: Mapped[str] = mapped_column(String(255), default="", server_default="")
    stamp: Mapped[int] = mapped_column(default=0, server_default="0")
    figure: Mapped[int] = mapped_column(default=0, server_default="0")
