"""Unit tests of the key checks (c4data.checks.keys): frictionless on inline rows, and rows sorted by key."""

from __future__ import annotations

import pytest
from support import field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage
from c4data.validate import inline_package

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
