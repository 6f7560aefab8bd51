"""The import layering of the four packages, read from the source with `ast` (nothing is imported).

    flows → extract / transform / load;  load → transform;  extract, transform: no project layer

- `extract`, `transform` and `load` never import `flows`;
- `transform` imports none of `extract`, `load`, `flows` (pure functions over text);
- `extract` imports neither `transform` nor `load`;
- no import cycle between modules;
- the packages and the plain flow modules (`PREFECT_FREE`) never import Prefect, even indirectly.

Every import that runs counts, at module level or inside a function (a deferred import is still a
dependency: deferring it hides a cycle from the interpreter, not from the design); imports under
`if TYPE_CHECKING:` never run and are left out (annotations only). `from package import name` is an
edge to `package.name` when that is a module, else to the package itself.
A small test rather than import-linter: the contract fits in a page, needs no extra dependency or
configuration format, and its failure names the importing file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("extract", "transform", "load", "flows")
# layer -> layers it must never import
FORBIDDEN = {
    "extract": {"transform", "load", "flows"},
    "transform": {"extract", "load", "flows"},
    "load": {"flows"},
}


@dataclass(frozen=True)
class Import:
    importer: str  # module name
    imported: str  # a project module's name, or the top-level name of an outside package
    where: str  # path:line
    external: bool = False  # `imported` is outside the project (prefect, pyarrow, ...)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for layer in LAYERS
        for path in sorted((ROOT / layer).rglob("*.py"))
        if ".venv" not in path.parts
    }


def _absolute(module: str, level: int, target: str | None, is_package: bool) -> str:
    """The absolute name of a (possibly relative) `from ... import` target."""
    if level == 0:
        return target or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except the bodies of `if TYPE_CHECKING:` blocks."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        if _is_type_checking(node):
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> Iterator[Import]:
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in _runtime_nodes(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node.level, node.module, is_package)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                targets.append(candidate if candidate in modules else base)
        for target in targets:
            # `import a.b.c` depends on a.b.c; keep the longest prefix that is a project module
            parts = target.split(".")
            while parts and ".".join(parts) not in modules:
                parts.pop()
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if not parts:
                yield Import(module, target.split(".")[0], where, external=True)
            elif ".".join(parts) != module:
                yield Import(module, ".".join(parts), where)


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    modules = project_modules()
    assert {name.split(".")[0] for name in modules} == set(LAYERS)
    return [edge for module, path in modules.items() for edge in imports_of(module, path, modules)]


def test_the_graph_is_read(graph):
    """The reader finds the imports it must judge (a reader that saw nothing would pass everything)."""
    edges = {(edge.importer, edge.imported) for edge in graph}
    assert ("flows.nightly", "flows.stages") in edges and ("flows.nightly", "prefect") in edges
    assert ("load.writer", "load.schemas") in edges
    assert ("transform.extraction", "transform.model") in edges
    assert ("flows.launch", "flows.nightly") in edges  # a deferred import counts
    assert ("transform.flow", "transform.context") not in edges  # under TYPE_CHECKING: never runs


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_downwards(graph, layer):
    wrong = [
        f"{edge.where}: {edge.importer} imports {edge.imported}"
        for edge in graph
        if edge.importer.split(".")[0] == layer and edge.imported.split(".")[0] in FORBIDDEN[layer]
    ]
    assert not wrong, f"{layer} must not import {sorted(FORBIDDEN[layer])}:\n" + "\n".join(wrong)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles(graph):
    edges: dict[str, set[str]] = {}
    where: dict[tuple[str, str], str] = {}
    for edge in graph:
        if edge.external:
            continue
        edges.setdefault(edge.importer, set()).add(edge.imported)
        where.setdefault((edge.importer, edge.imported), edge.where)
    found = cycles(edges)
    described = [
        " ↔ ".join(component)
        + "\n    "
        + "\n    ".join(
            f"{where[(a, b)]}: {a} imports {b}" for a in component for b in sorted(edges[a]) if b in component
        )
        for component in found
    ]
    assert not found, "import cycles:\n" + "\n".join(described)


# Modules that must work without Prefect: the CLI checks a backfill request before Prefect starts
# (a mistake costs one line, not a server start-up), and benchmarks and tests call the stages directly.
PREFECT_FREE = (
    "extract",
    "transform",
    "load",
    "flows.backfill_plan",
    "flows.config",
    "flows.report",
    "flows.reprocess",
    "flows.run_context",
    "flows.stages",
)


def test_plain_modules_never_import_prefect(graph):
    outgoing: dict[str, list[Import]] = {}
    for edge in graph:
        outgoing.setdefault(edge.importer, []).append(edge)
    roots = sorted(m for m in outgoing if any(m == p or m.startswith(p + ".") for p in PREFECT_FREE))
    assert "flows.backfill_plan" in roots and "transform.extraction" in roots
    wrong = []
    for root in roots:
        chain: dict[str, Import | None] = {root: None}  # module -> the import that reached it
        pending = [root]
        while pending:
            for edge in outgoing.get(pending.pop(), []):
                if edge.external and edge.imported in ("prefect", "prefect_dask"):
                    via = [edge]
                    while (step := chain[via[-1].importer]) is not None:
                        via.append(step)
                    wrong.append(f"{root}: " + " <- ".join(f"{e.where} imports {e.imported}" for e in via))
                elif not edge.external and edge.imported not in chain:
                    chain[edge.imported] = edge
                    pending.append(edge.imported)
    assert not wrong, "Prefect imported by a module meant to work without it:\n" + "\n".join(wrong)
