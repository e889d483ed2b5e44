"""The README's settings table names every setting the site reads, with its real default."""

from __future__ import annotations

import re

from danvan import PROJECT_ROOT
from danvan.settings import SETTINGS

ROW = re.compile(r"^\| (?P<names>`DANVAN_[^|]+) \| (?P<default>[^|]+) \|", re.M)


def documented() -> dict[str, str]:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    rows: dict[str, str] = {}
    for match in ROW.finditer(text):
        names = re.findall(r"`(DANVAN_[A-Z_]+)`", match["names"])
        defaults = [part.strip().strip("`") for part in match["default"].split(" / ")]
        for name, default in zip(names, defaults * len(names), strict=False):
            rows[name] = default
    return rows


def test_every_setting_is_in_the_readme_table_with_its_default():
    rows = documented()
    for setting in SETTINGS:
        assert setting.env_name in rows, f"{setting.env_name} is missing from the README"
        if setting.default is None:
            continue  # generated or derived: the README says how
        shown = rows[setting.env_name]
        expected = (
            str(setting.default).lower()
            if isinstance(setting.default, bool)
            else str(setting.default)
        )
        assert shown == expected, f"{setting.env_name}: README says {shown!r}"
