"""Reading and saving the site's identity (``Identity``), kept as ``identity.*`` site settings.

Every page draws the header and footer from it, so it is cached (``identity.current``) and
forgotten by the IDENTITY topic on save; the page-shell caches declare that topic too.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..content.models import SiteSetting
from ..core.caches import IDENTITY, cache, forget
from ..core.database import dialect_insert
from ..extensions import db

PREFIX = "identity."


@dataclass(frozen=True)
class Identity:
    """What the site says about who runs it. Empty strings are "not set yet"."""

    name: str  # "Ban Dân vận Tỉnh ủy"
    province: str = ""  # "Tuyên Quang"
    name_en: str = ""  # "Mass Mobilization Commission of the ... Provincial Party Committee"
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    responsible: str = ""  # "Chịu trách nhiệm chính: ..."
    licence: str = ""  # "Giấy phép số ... do Sở Thông tin và Truyền thông cấp ..."
    logo: str = ""  # an upload's name (danvan/media/); "" draws the emblem

    @property
    def full_name(self) -> str:
        """The name with its province: "Ban Dân vận Tỉnh ủy Tuyên Quang"."""
        return f"{self.name} {self.province}".strip() if self.province else self.name


FIELDS = tuple(field.name for field in fields(Identity))


def default_identity() -> Identity:
    """The identity of a site whose admin has not set one: the configured name only."""
    return Identity(name=current_app.config["SITE_NAME"])


def _read() -> Identity:
    rows = db.session.execute(
        select(SiteSetting.key, SiteSetting.value).where(SiteSetting.key.startswith(PREFIX))
    ).all()
    stored = {key.removeprefix(PREFIX): value for key, value in rows}
    values = {name: stored[name] for name in FIELDS if name in stored}
    if not values.get("name"):
        values.pop("name", None)
    return replace(default_identity(), **values)


def current_identity() -> Identity:
    """The identity every page shows; the default one when the database cannot be read, so
    that the error page saying so can still be drawn."""
    try:
        return cache("identity.current").get("identity", _read)
    except SQLAlchemyError:
        db.session.rollback()
        return default_identity()


def save_identity(identity: Identity) -> None:
    """Store every field of ``identity`` (in the caller's transaction) and forget the cached
    copies once committed by the caller."""
    for name in FIELDS:
        statement = dialect_insert(SiteSetting.__table__).values(
            key=PREFIX + name, value=getattr(identity, name)
        )
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["key"], set_={"value": getattr(identity, name)}
            )
        )
    forget(IDENTITY)
