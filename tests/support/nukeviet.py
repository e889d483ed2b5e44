"""A NukeViet database for the importer's tests: the real 4.5.05 fixture, or one built here.

``DANVAN_TEST_MYSQL_URL`` names a MariaDB / MySQL server (``mysql+pymysql://USER:PASS@HOST``,
no database: each test makes its own and drops it). ``.ci/run`` starts one; without it the
tests skip, saying why. The fixture is read from ``../shared/fixtures/nukeviet`` beside the
project (``DANVAN_NUKEVIET_FIXTURE`` names another folder) and never copied into it.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from danvan import PROJECT_ROOT

from .nukeviet_schema import GLOBAL, LANG, about_table, module_tables

MYSQL_URL = os.environ.get("DANVAN_TEST_MYSQL_URL", "")


def fixture_folder() -> Path:
    """The real NukeViet fixture's folder; skips the test when it is not there."""
    named = os.environ.get("DANVAN_NUKEVIET_FIXTURE")
    candidates = [Path(named)] if named else []
    # ../shared beside the project (the work folder, or CI's clone beside its copy of shared/).
    candidates += [
        parent / "shared" / "fixtures" / "nukeviet"
        for parent in (PROJECT_ROOT.parent, *PROJECT_ROOT.parents)
    ]
    for folder in candidates:
        if (folder / "nukeviet.sql.gz").is_file():
            return folder
    pytest.skip("the NukeViet fixture (../shared/fixtures/nukeviet) is not beside the project")


def server_engine() -> Engine:
    """An engine on the test server without a database; skips when none can be reached."""
    if not MYSQL_URL:
        pytest.skip("no MariaDB for the importer tests: DANVAN_TEST_MYSQL_URL is not set")
    engine = create_engine(MYSQL_URL, connect_args={"charset": "utf8mb4"})
    try:
        engine.connect().close()
    except Exception as error:  # noqa: BLE001 - any reason means "no server", said in the skip
        pytest.skip(f"no MariaDB at DANVAN_TEST_MYSQL_URL: {str(error).splitlines()[0]}")
    return engine


class OldSite:
    """A database of its own on the test server, dropped at the end."""

    def __init__(self) -> None:
        self.server = server_engine()
        self.name = f"danvan_nv_{uuid.uuid4().hex[:10]}"
        with self.server.begin() as connection:
            connection.exec_driver_sql(
                f"CREATE DATABASE {self.name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        self.url = make_url(MYSQL_URL).set(database=self.name).render_as_string(False)
        self.engine = create_engine(self.url, connect_args={"charset": "utf8mb4"})

    def execute(self, statement: str, **params) -> None:
        """Run one statement in its own transaction."""
        with self.engine.begin() as connection:
            connection.execute(text(statement), params)

    def scalar(self, statement: str, **params):
        with self.engine.connect() as connection:
            return connection.execute(text(statement), params).scalar()

    def drop(self) -> None:
        self.engine.dispose()
        with self.server.begin() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {self.name}")
        self.server.dispose()


def load_fixture(site: OldSite) -> None:
    """Load the real NukeViet 4.5.05 dump with the ``mariadb`` client, as its README says."""
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.skip("no mariadb / mysql client to load the NukeViet dump")
    url = make_url(site.url)
    dump = gzip.decompress((fixture_folder() / "nukeviet.sql.gz").read_bytes())
    if dump.startswith(b"/*M!999999"):
        dump = dump.split(b"\n", 1)[1]  # the first line, which older clients refuse
    subprocess.run(
        [
            client,
            f"--host={url.host}",
            f"--port={url.port or 3306}",
            f"--user={url.username}",
            f"--password={url.password}",
            "--default-character-set=utf8mb4",
            site.name,
        ],
        input=dump,
        check=True,
        capture_output=True,
    )


def unpack_uploads(target: Path) -> Path:
    """The fixture's uploads folder, unpacked under ``target``; returns ``target/uploads``."""
    with tarfile.open(fixture_folder() / "uploads.tar.gz") as archive:
        archive.extractall(target, filter="data")
    return target / "uploads"


class Builder:
    """A NukeViet site built from its own table definitions, for what the fixture lacks."""

    def __init__(self, site: OldSite, shape: str = "4.5", prefix: str = "nv4") -> None:
        self.site, self.shape, self.prefix = site, shape, prefix
        version = {"4.3": "4.3.08", "4.5": "4.5.05", "5": "5.0.00"}[shape]
        with site.engine.begin() as connection:
            for suffix, body in GLOBAL.items():
                connection.exec_driver_sql(f"CREATE TABLE {prefix}_{suffix} {body}")
            for suffix, body in LANG.items():
                connection.exec_driver_sql(f"CREATE TABLE {prefix}_vi_{suffix} {body}")
            for suffix, body in module_tables(shape).items():
                connection.exec_driver_sql(f"CREATE TABLE {prefix}_vi_news_{suffix} {body}")
        self.insert("config", config_name="version", config_value=version)
        self.insert("config", lang="sys", config_name="my_domains", config_value="cu.example.vn")
        self.insert("vi_modules", title="news", module_file="news", module_data="news")
        self.insert("counter", c_type="total", c_val="hits", c_count=0)

    def insert(self, table: str, **values) -> None:
        """One row into ``<prefix>_<table>``."""
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        self.site.execute(f"INSERT INTO {self.prefix}_{table} ({names}) VALUES ({marks})", **values)

    def category(self, catid: int, alias: str, title: str, parentid: int = 0, **values) -> None:
        self.insert(
            "vi_news_cat",
            catid=catid,
            parentid=parentid,
            alias=alias,
            title=title,
            lev=1 if parentid else 0,
            weight=values.pop("weight", catid),
            **values,
        )

    def tag(self, tid: int, alias: str, title: str = "") -> None:
        values = {"tid": tid, "alias": alias}
        if self.shape != "4.3":
            values["title"] = title
        self.insert("vi_news_tags", **values)

    def article(
        self,
        article_id: int,
        catid: int,
        title: str,
        body: str = "<p>Nội dung.</p>",
        tags: tuple[int, ...] = (),
        detail: bool = True,
        **values,
    ) -> None:
        """An article row, its detail row (unless ``detail`` is False) and its tag links."""
        row = {
            "id": article_id,
            "catid": catid,
            "listcatid": str(catid),
            "title": title,
            "alias": values.pop("alias", f"bai-{article_id}"),
            "hometext": values.pop("hometext", f"Tóm tắt {article_id}"),
            "addtime": values.pop("addtime", 1_700_000_000),
            "edittime": values.pop("edittime", 1_700_000_000),
            "publtime": values.pop("publtime", 1_700_000_000),
            "status": values.pop("status", 1),
            "allowed_rating": values.pop("allowed_rating", 1),
        }
        sourcetext = values.pop("sourcetext", "")
        row.update(values)
        self.insert("vi_news_rows", **row)
        if detail:
            self.insert(
                "vi_news_detail",
                id=article_id,
                description="",
                bodyhtml=body,
                sourcetext=sourcetext,
            )
        for tid in tags:
            self.insert("vi_news_tags_id", id=article_id, tid=tid, keyword=f"từ khóa {tid}")

    def about(self, page_id: int, alias: str, title: str, data: str = "about", **values) -> None:
        """An about page, the module's table (named after its data name) made with the first."""
        table = f"vi_{data}"
        if not self.site.scalar(f"SHOW TABLES LIKE '{self.prefix}_{table}'"):
            self.site.execute(f"CREATE TABLE {self.prefix}_{table} {about_table(self.shape)}")
            self.insert("vi_modules", title="about", module_file="page", module_data=data)
        self.insert(
            f"{table}",
            id=page_id,
            alias=alias,
            title=title,
            bodytext=values.pop("bodytext", f"<p>Nội dung trang {page_id}.</p>"),
            weight=values.pop("weight", page_id),
            add_time=values.pop("add_time", 1_700_000_000),
            edit_time=values.pop("edit_time", 1_700_000_000),
            status=values.pop("status", 1),
            **values,
        )
