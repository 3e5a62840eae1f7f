"""The registry of export formats (``c4data.formats.FORMATS``): the one list export, validate, diff and the CLI read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import REPO_ROOT, run_c4data

import c4data
from c4data.formats import FORMATS, format_named

LIBRARY = Path(c4data.__file__).resolve().parent


def test_each_format_is_one_module_of_the_formats_folder_with_a_test_file_of_its_own():
    for name, fmt in FORMATS.items():
        assert fmt.name == name
        assert (LIBRARY / "formats" / f"{name}.py").is_file(), f"the format {name} is not one module"
        assert (REPO_ROOT / "tests" / "formats" / f"test_{name}.py").is_file(), f"the format {name} has no tests"
        assert (fmt.problems is None) != (fmt.unpack is None), f"{name} reads back in exactly one way"


def test_no_format_name_is_branched_on_outside_its_own_module():
    """``if format == "csv"`` anywhere but ``formats/csv.py`` would be a second place that knows the format."""
    found = []
    for path in sorted(LIBRARY.rglob("*.py")):
        own = path.stem if path.parent.name == "formats" else None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                for operand in (node.left, *node.comparators):
                    if isinstance(operand, ast.Constant) and operand.value in FORMATS and operand.value != own:
                        found.append(f"{path.relative_to(LIBRARY)}:{node.lineno} {operand.value!r}")
    assert found == []


def test_an_unknown_format_names_the_formats_there_are():
    with pytest.raises(ValueError, match=f"choose one of {', '.join(FORMATS)}$"):
        format_named("sqlite")
    with pytest.raises(ValueError, match="unknown export format 'sqlite'"):
        c4data.export("out", format="sqlite")


@pytest.mark.cli
def test_the_command_help_lists_every_format_of_the_registry():
    result = run_c4data("export", "--help")
    assert result.returncode == 0
    assert "{" + ",".join(FORMATS) + "}" in result.stdout
    refused = run_c4data("export", "out", "--format", "sqlite")
    assert refused.returncode == 2 and "invalid choice: 'sqlite'" in refused.stderr
