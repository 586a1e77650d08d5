"""The package's import rules: data flows one way through the stage subpackages.

Every import of every module is read with ``ast`` (those inside functions too), so a rule cannot
be broken by importing late.
"""

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.settings import PROJECT_ROOT

PACKAGES = ("etl", "flows")

# what each room may import of etl (besides itself); None: anything but the CLI
ALLOWED: dict[str, tuple[str, ...] | None] = {
    "etl": (),
    "etl.text": (),
    "etl.records": ("etl.text",),
    "etl.pages": ("etl.text", "etl.records"),
    "etl.nlp": ("etl.text", "etl.records"),
    # the store resolves across articles with the nlp's pure helpers (gazetteer, role keys, time expressions)
    "etl.store": ("etl.text", "etl.records", "etl.settings", "etl.nlp"),
    "etl.settings": (),
    "etl.transform": ("etl.text", "etl.records", "etl.pages", "etl.nlp"),
    "etl.pipeline": ("etl.text", "etl.records", "etl.pages", "etl.store", "etl.transform"),
    "etl.doctor": ("etl.settings", "etl.store", "etl.pages", "etl.nlp"),
    "flows": ("etl",),
    "etl.bench": None,
    "etl.cli": None,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in sorted((PROJECT_ROOT / pkg).rglob("*.py"))}


MODULES = modules()


def imported(name: str, path: Path) -> Iterator[str]:
    """The project's modules that ``name`` imports, anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        yield from (t for t in targets if t.split(".")[0] in PACKAGES)


GRAPH = {name: sorted(set(imported(name, path)) - {name}) for name, path in MODULES.items()}


def room(name: str) -> str:
    """The rule that governs a module: its longest prefix in ALLOWED."""
    return max((r for r in ALLOWED if name == r or name.startswith(r + ".")), key=len)


def inside(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_stage_packages_and_their_modules_are_found():
    for stage in ("etl.pages", "etl.nlp", "etl.store", "etl.text", "etl.bench"):
        assert stage in MODULES and any(m.startswith(stage + ".") for m in MODULES), stage
    assert "etl.store.write_articles" in GRAPH["etl.pipeline"] or "etl.store.load" in GRAPH["etl.pipeline"]
    assert "etl.nlp.quote_marks" in GRAPH["etl.nlp.attribution"]  # the reader follows `from pkg import mod`


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_imports_only_what_its_stage_may(name):
    rule = room(name)
    allowed = ALLOWED[rule]
    for target in GRAPH[name]:
        assert not inside(target, ("etl.cli",)), f"{name} imports the CLI"
        if allowed is None or inside(target, (rule,)) or target == "etl":
            continue
        assert inside(target, allowed), f"{name} ({rule}) must not import {target}"


def test_no_import_cycle():
    """Tarjan's strongly connected components over every import: each must be one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in MODULES:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(MODULES):
        if v not in index:
            visit(v)
    assert cycles == []


def test_pages_and_nlp_load_without_the_database_or_prefect():
    """The pure stages import neither SQLAlchemy nor Prefect (checked in a fresh interpreter)."""
    pure = [m for m in MODULES if inside(m, ("etl.pages", "etl.nlp", "etl.text", "etl.records", "etl.transform"))]
    code = (
        "import importlib, sys\n"
        f"for m in {pure!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in ('sqlalchemy', 'prefect', 'psycopg') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    assert out.stdout.strip() == "[]"


def test_no_module_is_over_about_400_lines():
    long = {
        name: n for name, path in MODULES.items() if (n := len(path.read_text(encoding="utf-8").splitlines())) > 420
    }
    assert long == {}
