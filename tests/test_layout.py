"""The house rules of the package (issue 18): small modules, no import cycle, every namespace defined once,
every module listed in the README's layout, every command in the README's table with help and an example."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from helpers import ROOT
from jhaan_kg.cli import main

PACKAGE = ROOT / "jhaan_kg"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_at_top(path: Path) -> set[str]:
    """The package's own modules that `path` imports when it is imported (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.startswith("jhaan_kg"):
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("jhaan_kg"))
    known = {module_name(p) for p in MODULES}
    return {m for m in found if m in known}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_500_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 500


def test_no_import_cycle():
    graph = {module_name(p): imports_at_top(p) - {module_name(p)} for p in MODULES}
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                pytest.fail("import cycle: " + " -> ".join(path[path.index(target):] + [target]))
            if target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


NAMESPACE = re.compile(r"(http://www\.w3\.org/|http://purl\.org/|https://w3id\.org/jhaan-kg/|http://xmlns\.com/|"
                       r"http://data\.europa\.eu/m8g)")


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "namespaces.py"], ids=lambda p: p.name)
def test_namespaces_are_defined_only_in_namespaces_py(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            assert not NAMESPACE.search(node.value), f"{path.name}:{node.lineno} writes a namespace: {node.value[:60]}"


def layout_paths() -> set[str]:
    """The files the README's layout names: a tree written by indentation, folders ending in '/'."""
    block = README.split("## Layout", 1)[1].split("```", 2)[1]
    stack: list[tuple[int, str]] = []
    paths = set()
    for line in block.splitlines():
        match = re.match(r"^( *)(\S+)", line)
        if not match:
            continue
        indent, name = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "/".join([folder for _, folder in stack] + [name.rstrip("/")])
        if name.endswith("/"):
            stack.append((indent, name.rstrip("/")))
        else:
            paths.add(path)
    return paths


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_has_its_line_in_the_readme_layout(path):
    assert str(path.relative_to(ROOT)) in layout_paths(), "the README's layout does not name this module"


def commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, prefix + (name,))
        else:
            yield prefix + (name,)


@pytest.mark.parametrize("path", list(commands(main)), ids=" ".join)
def test_every_command_is_in_the_readme_and_explains_itself_with_an_example(path):
    assert f"`jhaan-kg {' '.join(path)}" in README, f"jhaan-kg {' '.join(path)} is not in the README's table"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert re.search(r"Examples?:\n\s+jhaan-kg " + re.escape(" ".join(path)), result.output), result.output
