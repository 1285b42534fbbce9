"""The code keeps the shape the README describes: small modules, SQL only in data modules, no import
cycles, and app-wide template globals registered in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from flask import Flask

PACKAGE = Path(__file__).resolve().parent.parent / "coproduce"
MAX_LINES = 500
# Modules that may run SQL: each area's data modules and demo data, the migrations, and the
# database layer itself (connections, erasure, backups, paging, the audit log, and the session store
# in auth.py, which every request reads before any area's code runs).
SQL_HOMES = re.compile(
    r"(^|/)(\w+_)?data\.py$|(^|/)demo\.py$|^migrations/|^(db|erasure|backup|paging|audit|auth)\.py$"
)
RUNS_SQL = re.compile(r"\.execute\(|\.query\(|db\[\"")


def modules() -> dict[str, Path]:
    return {str(path.relative_to(PACKAGE)): path for path in PACKAGE.rglob("*.py")}


def test_no_module_is_over_500_lines() -> None:
    long = {
        name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_only_data_modules_run_sql() -> None:
    elsewhere = [
        name
        for name, path in modules().items()
        if not SQL_HOMES.search(name) and RUNS_SQL.search(path.read_text())
    ]
    assert elsewhere == []


def _imports(name: str, path: Path) -> set[str]:
    """The coproduce modules that a module imports (at any depth of its code)."""
    package = "coproduce." + name.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join(package.split(".")[: -node.level] + ([node.module] if node.module else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}")
                found.add(base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module.startswith("coproduce")}


def test_no_import_cycles() -> None:
    names = {
        "coproduce." + name.removesuffix(".py").replace("/", ".").removesuffix(".__init__"): path
        for name, path in modules().items()
    }
    graph = {
        module: {target for target in _imports(str(path.relative_to(PACKAGE)), path) if target in names}
        - {module}
        for module, path in names.items()
    }
    # A package's __init__ importing its own submodules (to register routes) is not a cycle.
    for module in graph:
        graph[module] = {
            t
            for t in graph[module]
            if not (t.startswith(module + ".") and names[module].name == "__init__.py")
        }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target] if target in path else [module, target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_template_globals_are_registered_in_one_place(app: Flask) -> None:
    """No area's blueprint adds app-wide template globals, filters or context processors."""
    for name, blueprint in app.blueprints.items():
        assert blueprint.deferred_functions is not None
        source = (PACKAGE / name).glob("*.py") if (PACKAGE / name).is_dir() else []
        for path in source:
            text = path.read_text()
            assert "app_template_" not in text and "app_context_processor" not in text, path
    registered_outside = [
        name
        for name, path in modules().items()
        if name != "templating.py"
        and re.search(r"jinja_env\.(globals|filters)|context_processor", path.read_text())
    ]
    assert registered_outside == []


def test_no_type_ignore_comments() -> None:
    """No type checker is configured, so a comment silencing one would only be noise."""
    mark = "# type" + ": ignore"
    sources = [*PACKAGE.rglob("*.py"), *Path(__file__).resolve().parent.rglob("*.py")]
    assert [str(path) for path in sources if mark in path.read_text()] == []
