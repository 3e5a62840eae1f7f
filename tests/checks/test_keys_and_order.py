"""Unit tests of the key checks (c4data.checks.keys): frictionless on inline rows, and rows sorted by key."""

from __future__ import annotations

import pytest
from support import field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage
from c4data.formats.base import inline_package

pytestmark = pytest.mark.unit

PARENT = resource("parents", [field("parent_id", "integer", constraints={"required": True})], ["parent_id"])
CHILD = resource(
    "children",
    [field("parent_id", "integer"), field("child_id", constraints={"required": True, "pattern": "^[a-z]+$"})],
    ["parent_id", "child_id"],
    foreignKeys=[{"fields": "parent_id", "reference": {"resource": "parents", "fields": "parent_id"}}],
)
TINY = inline_descriptor(PARENT, CHILD)


def _frictionless(parents, children):
    tables = [rows_of("parents", parents), rows_of("children", children)]
    given = CheckInput(TINY, tables, None, inline_package(TINY, tables), lambda name: (name, lambda n: n - 1, "row"))
    return [(p.code, p.where, p.line, p.field) for p in run_stage("rows", "parquet", given, only={"frictionless"})]


def test_frictionless_passes_good_rows():
    assert _frictionless([{"parent_id": 1}], [{"parent_id": 1, "child_id": "a"}]) == []


def test_frictionless_codes_are_its_error_types():
    found = _frictionless(
        [{"parent_id": 1}, {"parent_id": 1}],
        [{"parent_id": 2, "child_id": "a"}, {"parent_id": 1, "child_id": "B"}],
    )
    assert ("primary-key", "parents", 2, "parent_id") in found
    assert ("foreign-key", "children", 1, "parent_id") in found
    assert ("constraint-error", "children", 2, "child_id") in found


def _order(rows, target="csv"):
    table = rows_of("children", rows, typed=target == "parquet")
    problems = run_stage("rows", target, CheckInput(TINY, [table]), only={"row-order"})
    return [(p.code, p.line, p.field) for p in problems]


def test_sorted_rows_pass_and_keys_compare_as_their_type():
    rows = [
        {"parent_id": "2", "child_id": "a"},
        {"parent_id": "10", "child_id": "a"},
        {"parent_id": "10", "child_id": "b"},
    ]
    assert _order(rows) == []


def test_unsorted_rows_are_reported_once_at_the_first_step_back():
    rows = [
        {"parent_id": "1", "child_id": "b"},
        {"parent_id": "1", "child_id": "a"},
        {"parent_id": "0", "child_id": "a"},
    ]
    assert _order(rows) == [("row-order", 3, "parent_id,child_id")]


def test_order_is_checked_in_the_curated_files_only():
    rows = [{"parent_id": 2, "child_id": "a"}, {"parent_id": 1, "child_id": "a"}]
    assert _order(rows, target="parquet") == []


def test_an_empty_or_mistyped_key_is_left_to_the_key_and_type_checks():
    rows = [
        {"parent_id": "2", "child_id": "a"},
        {"parent_id": None, "child_id": "a"},
        {"parent_id": "x", "child_id": "a"},
    ]
    assert _order(rows) == []


@pytest.mark.parametrize("typed", [True, False], ids=["parquet", "csv"])
def test_foreign_keys_looked_up_in_sets_find_what_frictionless_finds(typed):
    """The set look-ups replace frictionless's own foreign-key check: same rows, fields and messages."""
    from c4data.checks.keys import foreign_key_problems
    from c4data.reading.frictionless import frictionless_problems

    cell = (lambda value: value) if typed else (lambda value: None if value is None else str(value))
    parents = rows_of("parents", [{"parent_id": cell(1)}, {"parent_id": cell(3)}], typed=typed)
    children = [(1, "a"), (2, "b"), (None, "c"), (3, "d"), ("x" if not typed else 4, "e")]
    children = rows_of("children", [{"parent_id": cell(p), "child_id": c} for p, c in children], typed=typed)
    tables = [parents, children]
    locate = {table.name: table for table in tables}
    given = CheckInput(
        TINY,
        tables,
        None,
        inline_package(TINY, tables),
        lambda name: (locate[name].where, lambda n: locate[name].positions[n - 2], locate[name].position_label),
    )
    theirs = [
        (p.where, p.line, p.field, p.message)
        for p in frictionless_problems(given.frictionless_package, TINY.basepath, given.locate)
        if p.code == "foreign-key"
    ]
    ours = [(p.where, p.line, p.field, p.message) for p in foreign_key_problems(given)]
    assert ours == theirs
    assert len(ours) == (2 if typed else 1)  # 2, and 4 (a typed row); "x" is a type error, not a foreign-key one
