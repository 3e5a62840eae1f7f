"""Unit tests of the hierarchy check (c4data.checks.hierarchy): a row's parent in its own table."""

from __future__ import annotations

import pytest
from support import field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage

pytestmark = pytest.mark.unit

ITEMS = resource(
    "items",
    [field("item_id"), field("parent_id"), field("domain", **{"c4data:sameAsParent": True}), field("note")],
    ["item_id"],
    foreignKeys=[{"fields": ["parent_id"], "reference": {"resource": "items", "fields": ["item_id"]}}],
)


def _found(rows, typed=True):
    given = CheckInput(inline_descriptor(ITEMS), [rows_of("items", rows, typed=typed)])
    return [(p.code, p.line, p.field, p.message) for p in run_stage("rows", "parquet", given, only={"parent"})]


def _item(item_id, parent_id=None, domain="transport", note=None):
    return {"item_id": item_id, "parent_id": parent_id, "domain": domain, "note": note}


def test_parts_sharing_their_umbrellas_domain_pass():
    assert _found([_item("a"), _item("b", "a"), _item("c", "a", note="other")]) == []


def test_a_part_of_another_domain_is_reported_on_its_own_row():
    found = _found([_item("a"), _item("b", "a", domain="ecology")])
    assert found == [("parent", 2, "domain", "is 'ecology', but its parent 'a' has 'transport'")]


def test_a_loop_of_parents_is_reported_for_each_row_in_it():
    found = _found([_item("a", "b"), _item("b", "a"), _item("c", "c")])
    assert [(line, name) for _, line, name, _ in found] == [(1, "parent_id"), (2, "parent_id"), (3, "parent_id")]
    assert all("loop" in message for *_, message in found)


def test_a_parent_that_is_not_a_row_is_left_to_the_foreign_key_check():
    assert _found([_item("a", "missing")]) == []


def test_curated_text_cells_are_compared_as_text():
    assert _found([_item("a"), _item("b", "a", domain="ecology")], typed=False)[0][1:3] == (3, "domain")
