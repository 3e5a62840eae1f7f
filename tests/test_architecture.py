"""The folder tree is the architecture: each module imports only from its own layer or the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import c4data

LIBRARY = Path(c4data.__file__).resolve().parent
# Bottom to top. A module's layer is its folder; the public face (``__init__``, ``cli``) sits on top.
LAYERS = ("files", "model", "reading", "checks", "building", "formats", "publishing", "drafting", "public")
# ``c4data.plotting`` is documented for notebook users (``from c4data import plotting``), so it stays at the top
# of the tree, but it is a publishing helper and imports nothing above that layer.
TOP_LEVEL_LAYER = {"plotting": "publishing"}
# Arrows that still run up a layer, each to be removed by the work named beside it; the list may only shrink.
KNOWN_UPWARD = {
    ("c4data.building.validate", "c4data.formats.export_check"): "issue 18: validate reads formats from a registry",
    ("c4data.drafting.facts", "c4data"): "issue 18 item 6: drafting reads the package through the model",
}


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
