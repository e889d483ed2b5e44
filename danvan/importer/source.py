"""The old NukeViet database: connecting, finding its tables, telling its version and shape.

Everything is read through SQLAlchemy (PyMySQL for ``mysql+pymysql://``), never from a dump.
The table shapes of NukeViet 4.3 to 5.x differ in a few columns (4.3's tags have no ``title``,
4.5 added the detail table's ``keywords`` and ``voicedata``, 5.x dropped ``layout_func`` and
``voicedata``); every statement here selects only the columns the table has, and the importer
uses defaults for the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from ..core.commands import CommandError

UNREACHABLE = (
    "Không kết nối được tới cơ sở dữ liệu NukeViet: hãy kiểm tra địa chỉ máy chủ, tên cơ sở dữ "
    "liệu, tài khoản và mật khẩu trong --source."
)
BAD_URL = "Địa chỉ --source không hợp lệ: hãy viết theo mẫu mysql+pymysql://USER:PASS@HOST/DB."
UNREADABLE = (
    "Không đọc được các bảng của NukeViet: tài khoản trong --source cần quyền đọc (SELECT) "
    "trên cơ sở dữ liệu đó."
)
IDENTIFIER = re.compile(r"^[A-Za-z0-9_]{1,40}$")


class SourceError(CommandError):
    """The old site cannot be read: one Vietnamese sentence, exit code 2."""

    exit_code = 2


@dataclass
class Source:
    """An open connection to the old site and what was found in it."""

    connection: Connection
    prefix: str
    lang: str
    module: str
    module_data: str
    version: str
    domains: tuple[str, ...]
    columns: dict[str, frozenset[str]] = field(default_factory=dict)
    # Every table of the old database, for the stages of other modules (about, banners, menu).
    tables: frozenset[str] = frozenset()

    def table(self, suffix: str) -> str:
        """The quoted name of one of the news module's tables (``nv4_vi_news_rows``)."""
        return f"`{self.prefix}_{self.lang}_{self.module_data}_{suffix}`"

    def global_table(self, suffix: str) -> str:
        """The quoted name of a site-wide table (``nv4_counter``)."""
        return f"`{self.prefix}_{suffix}`"

    def lang_table(self, name: str) -> str | None:
        """The quoted name of another module's language table (``nv4_vi_about``), or None when
        the old site has no such table."""
        full = f"{self.prefix}_{self.lang}_{name}"
        return f"`{full}`" if full in self.tables else None

    def module_data_of(self, title: str) -> str:
        """The data name of the module installed as ``title`` (its tables are named after it),
        or ``title`` itself when the modules table does not say."""
        if f"{self.prefix}_{self.lang}_modules" not in self.tables:
            return title
        found = self.connection.execute(
            text(f"SELECT module_data FROM `{self.prefix}_{self.lang}_modules` WHERE title = :m"),
            {"m": title},
        ).scalar()
        return found or title

    def has(self, suffix: str, column: str) -> bool:
        """Whether the module table ``suffix`` has ``column`` in this version."""
        return column in self.columns.get(suffix, frozenset())

    def pick(self, suffix: str, wanted: dict[str, str]) -> str:
        """A select list of ``wanted`` (column -> SQL default): the column where the table has
        it, its default under the same name where it does not."""
        return select_list(self.columns.get(suffix, frozenset()), wanted)

    def columns_of(self, table: str) -> frozenset[str]:
        """The columns of a quoted table name."""
        return frozenset(self.connection.execute(text(f"SHOW COLUMNS FROM {table}")).scalars())

    def rows(self, statement: str, **params: object) -> list[dict]:
        """Every row of a statement as a dict."""
        return [dict(row) for row in self.connection.execute(text(statement), params).mappings()]

    @property
    def shape(self) -> str:
        """The table shape found, as the report says it."""
        if not self.has("tags", "title"):
            return "4.3–4.4"  # the tags' title column came with 4.5
        return "5.x" if self.version.startswith("5") else "4.5"


def select_list(columns: frozenset[str], wanted: dict[str, str]) -> str:
    """``wanted`` (column -> SQL default) as a select list: each column the table has, its
    default under the same name where it does not."""
    return ", ".join(
        f"`{name}`" if name in columns else f"{default} AS `{name}`"
        for name, default in wanted.items()
    )


MODULE_TABLES = ("cat", "rows", "detail", "tags", "tags_id")


def open_engine(url: str) -> Engine:
    """An engine for the old database; a bad address is a ``SourceError``."""
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=_connect_args(url))
    except (ArgumentError, NoSuchModuleError, ValueError):
        raise SourceError(BAD_URL) from None


def _connect_args(url: str) -> dict:
    # Read the old rows as utf8mb4 whatever the server's default; fail fast when unreachable.
    if url.startswith("mysql"):
        return {"charset": "utf8mb4", "connect_timeout": 10}
    return {}


def connect(engine: Engine, prefix: str, lang: str, module: str) -> Source:
    """Open the old database and find the news module's tables; ``SourceError`` when it cannot
    be reached or the prefix, language or module is not there (saying what is)."""
    for name, value in (("--prefix", prefix), ("--lang", lang), ("--module", module)):
        if not IDENTIFIER.match(value):
            raise SourceError(f"Giá trị {name} không hợp lệ: chỉ gồm chữ, số và dấu gạch dưới.")
    try:
        connection = engine.connect()
    except DBAPIError:
        raise SourceError(UNREACHABLE) from None
    try:
        tables = set(connection.execute(text("SHOW TABLES")).scalars())
        return _inspect(connection, tables, prefix, lang, module)
    except DBAPIError:
        connection.close()
        raise SourceError(UNREADABLE) from None
    except BaseException:
        connection.close()
        raise


def found_prefixes(tables: set[str]) -> list[str]:
    """The prefixes of every NukeViet site in a database (each has ``<prefix>_config``)."""
    return sorted(
        name[: -len("_config")]
        for name in tables
        if name.endswith("_config") and f"{name[: -len('_config')]}_counter" in tables
    )


def _inspect(connection: Connection, tables: set[str], prefix: str, lang: str, module: str):
    if f"{prefix}_config" not in tables:
        prefixes = found_prefixes(tables)
        where = ", ".join(prefixes) if prefixes else "không có tiền tố nào"
        raise SourceError(
            f"Không có bảng NukeViet nào với tiền tố «{prefix}». Các tiền tố tìm thấy: {where}."
        )
    module_data = module
    modules_table = f"{prefix}_{lang}_modules"
    if modules_table in tables:
        found = connection.execute(
            text(f"SELECT module_data FROM `{modules_table}` WHERE title = :m"), {"m": module}
        ).scalar()
        module_data = found or module
    missing = [s for s in MODULE_TABLES if f"{prefix}_{lang}_{module_data}_{s}" not in tables]
    if missing:
        raise SourceError(
            f"Không tìm thấy bảng {prefix}_{lang}_{module_data}_{missing[0]}: hãy kiểm tra "
            "--lang và --module."
        )
    config: dict[str, str] = dict(
        connection.execute(
            text(
                f"SELECT config_name, config_value FROM `{prefix}_config` "
                "WHERE config_name IN ('version', 'site_domain', 'my_domains')"
            )
        ).all()
    )
    domains = {
        part.strip().lower()
        for value in (config.get("site_domain", ""), config.get("my_domains", ""))
        for part in value.split(",")
        if part.strip()
    }
    source = Source(
        connection,
        prefix,
        lang,
        module,
        module_data,
        config.get("version", "") or "?",
        tuple(sorted(domains)),
        tables=frozenset(tables),
    )
    optional = ("sources",) if f"{prefix}_{lang}_{module_data}_sources" in tables else ()
    for suffix in (*MODULE_TABLES, *optional):
        source.columns[suffix] = frozenset(
            connection.execute(text(f"SHOW COLUMNS FROM {source.table(suffix)}")).scalars()
        )
    return source
