"""The shape of the code: no import cycles, small modules, CLI modules that only call services,
and no cache kept in a module global.

Imports are read from the source with ``ast``, including those inside functions: a lazy import
hides a cycle from Python at start-up but not from the next reader.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import danvan
from danvan import PROJECT_ROOT
from danvan.core.caches import TTLCache

PACKAGE = PROJECT_ROOT / "danvan"
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The danvan modules ``name`` imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                # ``from .x import y`` imports the module x.y when there is one, else x.
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in known else target)
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    known = set(modules)
    return {name: imported_modules(name, path, known) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_is_read_correctly():
    graph = import_graph()
    assert "danvan.core.clock" in graph["danvan.core.formatting"]  # from .clock import ...
    assert "danvan.extensions" in graph["danvan.content.models"]  # from ..extensions import db
    assert "danvan.rating.views" in graph["danvan.rating"]  # from . import views
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_one_that_imports_it_back():
    assert find_cycle(import_graph()) is None


def test_core_imports_no_feature():
    features = {"admin", "content", "media", "ops", "rating", "search", "site", "staff", "stats"}
    for name, imports in import_graph().items():
        if name.startswith("danvan.core"):
            leaks = {module for module in imports if module.split(".")[1] in features}
            assert not leaks, f"{name} imports {leaks}"


def test_no_module_is_over_300_lines():
    long = {
        name: count
        for name, path in all_modules().items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long


def test_only_package_modules_import_cli_modules():
    # CLI commands call services; a service imported from a CLI module would tie the site's
    # behaviour to its command line. A package's __init__ may import its CLI to register it.
    modules = all_modules()
    for name, imports in import_graph().items():
        cli_imports = {module for module in imports if module.rsplit(".", 1)[-1] == "cli"}
        if cli_imports:
            assert modules[name].name == "__init__.py", f"{name} imports {cli_imports}"


def test_no_cache_lives_in_a_module_global():
    for info in pkgutil.walk_packages(danvan.__path__, "danvan."):
        module = importlib.import_module(info.name)
        for attribute, value in vars(module).items():
            assert not isinstance(value, TTLCache), f"{info.name}.{attribute} is a module cache"
