"""Every problem carries a code from one table (``c4data.model.codes``), and every code there is used."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import c4data
from c4data.checks import CHECKS
from c4data.model import codes
from c4data.model.problems import Problem

LIBRARY = Path(c4data.__file__).resolve().parent
CONSTANTS = {name: value for name, value in vars(codes).items() if name.isupper() and isinstance(value, str)}


def _library_trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(LIBRARY.rglob("*.py"))}


def test_the_table_lists_each_code_once_with_its_meaning():
    assert set(codes.CODES) == set(CONSTANTS.values())
    assert len(CONSTANTS) == len(set(CONSTANTS.values()))
    assert all(meaning.strip() for meaning in codes.CODES.values())


def test_every_code_of_the_table_is_used_by_the_library():
    used = {
        node.attr
        for path, tree in _library_trees().items()
        if path.name != "codes.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "codes"
    }
    assert used <= set(CONSTANTS), f"not in the table: {sorted(used - set(CONSTANTS))}"
    assert set(CONSTANTS) <= used, f"in the table, used nowhere: {sorted(set(CONSTANTS) - used)}"


def test_every_check_is_named_by_a_code_of_the_table():
    assert {check.code for check in CHECKS} <= set(codes.CODES)


def test_no_code_is_written_as_a_literal_outside_the_table():
    """A code is ``codes.NAME``, never a string: a literal ``code="..."`` would escape the table."""
    literal = [
        f"{path.relative_to(LIBRARY)}:{node.lineno}"
        for path, tree in _library_trees().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant)
    ]
    assert literal == []


def test_a_problem_takes_keywords_only_and_needs_a_code():
    with pytest.raises(TypeError):
        Problem("datapackage.json", None, None, "is broken", code=codes.DESCRIPTOR_UNREADABLE)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Problem(where="datapackage.json", message="is broken")  # type: ignore[call-arg]
    problem = Problem(where="data/cities.csv", line=3, field="name_en", message="is empty", code=codes.REQUIRED_EMPTY)
    assert problem.as_dict() == {
        "where": "data/cities.csv",
        "line": 3,
        "field": "name_en",
        "message": "is empty",
        "code": "required-empty",
    }
