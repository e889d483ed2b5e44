"""ARCHITECTURE.md's URL table is the app's URL map: every URL, its methods and its code."""

from __future__ import annotations

import re

from danvan import PROJECT_ROOT

ROW = re.compile(
    r"^\| `(?P<rule>[^`]+)` \| (?P<methods>[A-Z, ]+) \| `(?P<path>[^`]+)` \| "
    r"`(?P<function>[^`]+)` \|$"
)


def documented_urls() -> set[tuple[str, str, str, str]]:
    text = (PROJECT_ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("## URL → code", 1)[1].split("\n## ", 1)[0]
    rows = set()
    for line in table.splitlines():
        if match := ROW.match(line):
            methods = ",".join(sorted(part.strip() for part in match["methods"].split(",")))
            rows.add((match["rule"], methods, match["path"], match["function"]))
    return rows


def served_urls(app) -> set[tuple[str, str, str, str]]:
    rows = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        methods = ",".join(sorted(set(rule.methods or ()) - {"HEAD", "OPTIONS"}))
        path = view.__module__.replace(".", "/") + ".py"
        if (PROJECT_ROOT / path.replace(".py", "") / "__init__.py").exists():
            path = path.replace(".py", "/__init__.py")
        rows.add((rule.rule, methods, path, view.__name__))
    return rows


def test_the_url_table_lists_every_url_and_where_its_code_is(empty_app):
    documented = documented_urls()
    assert len(documented) > 40  # the table was found and read
    served = served_urls(empty_app)
    assert served - documented == set(), "URLs missing from ARCHITECTURE.md"
    assert documented - served == set(), "ARCHITECTURE.md lists URLs the app does not serve"
    for _, _, path, function in documented:
        assert f"def {function}(" in (PROJECT_ROOT / path).read_text(encoding="utf-8")
