"""The package's imports run one way: model, document, formats and analysis, engine, store,
report, then the front ends (cli, server). A circle, or a room importing a later one, fails.
Imports inside functions and TYPE_CHECKING blocks count too: a lazy import is still a
dependency."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Rank of each room; a module may import its own rank or lower.
LAYERS = {
    "newslint": 0,
    "newslint.model": 0,
    "newslint.lines": 0,
    "newslint.regexes": 0,
    "newslint._precompiled": 0,
    "newslint.tomls": 0,
    "newslint._shipped_toml": 0,
    "newslint.document": 1,
    "newslint.formats": 2,
    "newslint.analysis": 2,
    "newslint.engine": 3,
    "newslint.rules": 4.5,  # the built-in pack: a plugin, loaded by entry point, read by no room
    "newslint.store": 4,
    "newslint.distributed": 4.8,  # the engine's work on a Dask cluster: the engine knows no dask
    "newslint.report": 5,
    "newslint.cli": 6,
    "newslint.server": 6,
    "newslint.__main__": 7,
}


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in (("lint", "newslint"), ("rules", "newslint.rules")):
        for file in (ROOT / folder).rglob("*.py"):
            parts = list(file.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join([package, *parts])] = file
    return found


def _imports(file: Path, modules: dict[str, Path], name: str = "") -> set[str]:
    """The modules of ours that `file` (module `name`) imports: `import`, `from ... import`
    (relative ones resolved against `name`), and `importlib.import_module` or
    `__import__` given a literal (or an f-string's literal start: its package)."""
    return _named(file.read_text(), modules, name, file.name == "__init__.py")


def _named(source: str, modules: dict[str, Path], name: str, package: bool) -> set[str]:
    here = name if package else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        elif isinstance(node, ast.Call) and _dynamic_import(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names = [first.value]
            elif isinstance(first, ast.JoinedStr) and first.values:
                start = first.values[0]
                if isinstance(start, ast.Constant) and isinstance(start.value, str):
                    names = [start.value.rstrip(".")]
        for found in names:
            while found and found not in modules:
                found = found.rpartition(".")[0]
            if found:
                out.add(found)
    return out


def _dynamic_import(func: ast.expr) -> bool:
    """`importlib.import_module(...)`, `import_module(...)` or `__import__(...)`."""
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return called in ("import_module", "__import__")


def _rank(module: str) -> float:
    while module not in LAYERS:
        module = module.rpartition(".")[0]
    return LAYERS[module]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, file in modules.items():
        edges = _imports(file, modules, name) - {name}
        # `from newslint.formats.x import y` also names the package `newslint.formats`,
        # which Python runs first; that is the package's own business, not an edge.
        graph[name] = {e for e in edges if not name.startswith(e + ".")}
    return graph


def test_the_graph_sees_the_package():
    graph = _graph()
    assert "newslint.engine.run" in graph
    assert "newslint.engine.check" in graph["newslint.engine.run"]


def test_no_module_imports_a_later_room():
    offences = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if _rank(target) > _rank(module)
    ]
    assert offences == []


def test_no_import_circle():
    graph = _graph()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    circles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert circles == []


def test_the_walk_sees_relative_and_dynamic_imports():
    modules = _modules()
    source = (
        "from . import check\n"
        "from ..cli import main\n"
        "import importlib\n"
        "importlib.import_module('newslint.server.app')\n"
        "__import__('newslint.store.cache')\n"
        "importlib.import_module(f'newslint.report.{name}')\n"
    )
    found = _named(source, modules, "newslint.engine.run", package=False)
    assert {
        "newslint.engine.check",
        "newslint.cli.main",
        "newslint.server.app",
        "newslint.store.cache",
        "newslint.report",
    } <= found
    assert "newslint.formats.parse" in _named(
        "from .parse import parse\n", modules, "newslint.formats", package=True
    )
