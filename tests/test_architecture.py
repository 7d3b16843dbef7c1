"""The layout holds: no import cycle, each stage imports only the stages before it, and no module
outside render/ imports a renderer's module (only the stage's door, ``rhcalc.render``).

Read from the source with ``ast``, not by importing: every ``import`` counts, at module level and
inside functions (where a cycle would hide), except those under ``if TYPE_CHECKING:``, which never
run (they name types for the checker and may point anywhere a type lives).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src"
# The stages in order: each may import those before it and itself, never one after it (ARCHITECTURE.md).
STAGES = ["common", "catalog", "load", "checks", "score", "pipeline", "render", "batch", "cli"]
# Modules at the top of the package and the stage they belong to.
TOP = {"rhcalc.checks": "checks", "rhcalc.checks_quality": "checks", "rhcalc.checks_resubmitted": "checks",
       "rhcalc.pipeline": "pipeline", "rhcalc.cli": "cli", "rhcalc.cli_options": "cli", "rhcalc.cli_help": "cli", "rhcalc.cli_lang": "cli",
       "rhcalc.console": "cli",
       "rhcalc.__main__": "cli", "rhcalc": "api"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "rhcalc").rglob("*.py")):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


MODULES = _modules()


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(name: str, path: Path) -> set[str]:
    """The rhcalc modules ``name`` imports (``from a import b`` counts as a.b when that is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def stage_of(module: str) -> str:
    return TOP.get(module) or module.split(".")[1]


def test_every_module_has_a_stage() -> None:
    assert {stage_of(m) for m in MODULES} <= {*STAGES, "api"}


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(GRAPH[module]):
            if state.get(imported) == 1:
                cycles.append(path[path.index(imported):] + [imported])
            elif imported not in state:
                walk(imported, [*path, imported])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            walk(module, [module])
    assert cycles == []


def test_stages_import_only_earlier_stages() -> None:
    order = {s: i for i, s in enumerate([*STAGES, "api"])}
    backwards = sorted((m, i) for m, imported in GRAPH.items() for i in imported
                       if order[stage_of(i)] > order[stage_of(m)])
    assert backwards == []


def test_nothing_outside_render_imports_a_renderer() -> None:
    reaching = sorted((m, i) for m, imported in GRAPH.items() for i in imported
                      if i.startswith("rhcalc.render.") and stage_of(m) != "render")
    assert reaching == []


@pytest.mark.parametrize(("module", "imports"), [("rhcalc.score.scoring", "rhcalc.score.scopes"),
                                                 ("rhcalc.pipeline", "rhcalc.checks")])
def test_the_graph_sees_imports_inside_functions(module: str, imports: str) -> None:
    assert imports in GRAPH[module]
