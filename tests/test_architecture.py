"""The folder tree is the architecture: each module imports only from its own layer or the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import c4data

LIBRARY = Path(c4data.__file__).resolve().parent
# Bottom to top. A module's layer is its folder; the public face (``__init__``, ``cli``) sits on top. The formats
# sit below building: each format reads back what it writes with the checks, and ``validate`` and ``diff`` choose
# a format from the registry (``c4data.formats.FORMATS``).
LAYERS = ("files", "model", "reading", "checks", "formats", "building", "publishing", "drafting", "public")
# ``c4data.plotting`` is documented for notebook users (``from c4data import plotting``), so it stays at the top
# of the tree, but it is a publishing helper and imports nothing above that layer.
TOP_LEVEL_LAYER = {"plotting": "publishing"}
# Arrows that still run up a layer, each to be removed by the work named beside it; the list may only shrink.
KNOWN_UPWARD = {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(LIBRARY.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return LAYERS.index("public")
    name = TOP_LEVEL_LAYER.get(parts[1], parts[1])
    return LAYERS.index(name) if name in LAYERS else LAYERS.index("public")


def _imports() -> dict[str, set[str]]:
    """Every ``c4data`` module each library module imports, at the top or inside a function."""
    found: dict[str, set[str]] = {}
    for path in sorted(LIBRARY.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "c4data":
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names if alias.name.split(".")[0] == "c4data")
        found[_module_name(path)] = names
    return found


def test_every_module_lies_in_a_layer_folder():
    loose = sorted(path.name for path in LIBRARY.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cli.py", "plotting.py"], "put a module in the folder of its job"


def test_no_module_imports_from_a_layer_above_it():
    upward = {
        (module, imported)
        for module, names in _imports().items()
        for imported in names
        if _layer(imported) > _layer(module)
    }
    assert upward == set(KNOWN_UPWARD), "an import runs up a layer (or a known one was removed: shrink KNOWN_UPWARD)"


def test_the_folders_are_the_layers_and_none_shadows_a_public_name():
    folders = {path.name for path in LIBRARY.iterdir() if (path / "__init__.py").is_file()}
    assert folders == set(LAYERS) - {"public"}
    assert not folders & set(c4data.__all__)


def _module_graph() -> dict[str, set[str]]:
    """Each library module and the library modules it imports (``from c4data.formats import csv`` imports
    ``c4data.formats.csv``), the arrows of ``KNOWN_UPWARD`` left out."""
    modules = set(_imports())
    graph: dict[str, set[str]] = {}
    for path in sorted(LIBRARY.rglob("*.py")):
        module = _module_name(path)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "c4data":
                submodules = {f"{node.module}.{alias.name}" for alias in node.names} & modules
                found |= submodules or {node.module}
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names if alias.name in modules}
        graph[module] = {name for name in found if name != module and (module, name) not in KNOWN_UPWARD}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in sorted(graph.get(module, ())):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_circle():
    """No module imports, directly or through others, a module that imports it back (at the top or in a function)."""
    assert _circles(_module_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
