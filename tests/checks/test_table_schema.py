"""c4data's reading of the Table Schema rules on curated CSV (c4data.checks.table_schema) against frictionless's.

The build no longer runs frictionless; these tests hold its own reading to frictionless's on the same CSV
files: random tables of good, damaged and odd cells must give the same problems (file, line, field,
message and code) from both.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import curated_table_rows, field, inline_descriptor, resource, write_curated

from c4data.checks import CheckInput, columns, run_stage
from c4data.checks.schema_rules import schema_rule_problems
from c4data.model.descriptor import CSV_LOCATION, Descriptor, repoint
from c4data.reading.curated import read_curated
from c4data.reading.frictionless import frictionless_problems

pytestmark = pytest.mark.unit

# Every type and constraint the shipped descriptor uses, and integer enums and exclusive bounds besides.
PARENTS = resource(
    "parents",
    [
        field("parent_id", "integer", constraints={"required": True, "minimum": 1, "maximum": 9}),
        field("name", constraints={"unique": True, "minLength": 2, "maxLength": 4, "pattern": "[a-z]+"}),
        field("kind", constraints={"enum": ["a", "b"], "required": True}),
        field("founded", "date", constraints={"minimum": "2000-01-01", "exclusiveMaximum": "2030-01-01"}),
        field("share", "number", constraints={"minimum": 0, "maximum": 1.5}),
        field("rank", "integer", constraints={"enum": [1, 2, 3], "unique": True}),
    ],
    ["parent_id"],
)
CHILDREN = resource(
    "children",
    [field("parent_id", "integer"), field("child_id", constraints={"required": True, "pattern": "c[0-9]"})],
    ["parent_id", "child_id"],
    foreignKeys=[{"fields": "parent_id", "reference": {"resource": "parents", "fields": "parent_id"}}],
)
# A table with no primary key whose foreign keys are a number and a date: frictionless checks them all the same.
NOTES = resource(
    "notes",
    [field("share", "number"), field("founded", "date")],
    [],
    foreignKeys=[
        {"fields": "share", "reference": {"resource": "parents", "fields": "share"}},
        {"fields": ["founded"], "reference": {"resource": "parents", "fields": ["founded"]}},
    ],
)
# Cells a curator or a spreadsheet might write: good ones, out of range, of another type, padded, signed,
# exponents, non-ASCII digits, impossible dates, and empty cells.
INTEGERS = ["1", "2", "3", "9", "0", "10", "-1", " 2", "+2", "2.0", "1_0", "x", "\u0663", ""]
NUMBERS = ["0", "0.5", "0.50", "0.50000000000000001", "1.5", "1.6", "-0.1", "1e-1", "NaN", "inf", "abc", " 1", ""]
DATES = ["2013-01-01", "2000-01-01", "1999-12-31", "2030-01-01", "2013-1-1", "2013-02-30", "x", ""]
NAMES = ["ab", "abcd", "a", "abcde", "Ab", "ab1", "长沙", "", "ab"]
KINDS = ["a", "b", "c", "A", " a", ""]
CHILD_IDS = ["c1", "c2", "c", "c12", "C1", ""]

parent_rows = st.lists(
    st.tuples(*(st.sampled_from(pool) for pool in (INTEGERS, NAMES, KINDS, DATES, NUMBERS, INTEGERS))), max_size=7
)
child_rows = st.lists(st.tuples(st.sampled_from(INTEGERS), st.sampled_from(CHILD_IDS)), max_size=6)
note_rows = st.lists(st.tuples(st.sampled_from(NUMBERS), st.sampled_from(DATES)), max_size=4)


def _write_package(
    root: Path, parents: list[tuple[str, ...]], children: list[tuple[str, ...]], notes: list[tuple[str, ...]] = ()
) -> Descriptor:
    descriptor = inline_descriptor(PARENTS, CHILDREN, NOTES, root=root)
    descriptor.data["$schema"] = "https://datapackage.org/profiles/2.0/datapackage.json"  # exclusive bounds
    write_curated(root, [(PARENTS, parents), (CHILDREN, children), (NOTES, notes)])
    return descriptor


def _ours(root: Path, descriptor: Descriptor) -> list[tuple]:
    """c4data's problems, the same whether each table is first tried over columns or read cell by cell."""
    found = {}
    for vectorised_from in (0, 10**9):
        tables = curated_table_rows(root, descriptor)
        with mock.patch.object(columns, "VECTORISED_FROM", vectorised_from):
            problems = run_stage("rows", "csv", CheckInput(descriptor, tables), only={"table-schema", "foreign-key"})
        found[vectorised_from] = [(p.where, p.line, p.field, p.message, p.code) for p in problems]
    assert found[0] == found[10**9]
    return sorted(found[0], key=str)


def _frictionless(root: Path, descriptor: Descriptor) -> list[tuple]:
    """What the build reported before it stopped running frictionless: its validator on the CSV files."""

    def curated(resource: dict) -> dict:
        return {"path": descriptor.table(resource["name"]).curated_path, **CSV_LOCATION}

    package = repoint(descriptor.data, curated, drop=("hash", "bytes"), as_text=True)
    lines = {}
    for schema in descriptor.package.tables:
        table, _ = read_curated(root, schema)
        lines[schema.name] = (table.display_path, table.lines)

    def locate(name: str):
        where, numbers = lines[name]
        return where, lambda row_number: numbers[row_number - 2], "line"

    found = frictionless_problems(package, root, locate)
    return sorted(((p.where, p.line, p.field, p.message, p.code) for p in found), key=str)


@settings(
    max_examples=int(os.environ.get("C4DATA_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(parents=parent_rows, children=child_rows, notes=note_rows)
def test_random_tables_give_the_problems_frictionless_gives(parents, children, notes):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        descriptor = _write_package(root, parents, children, notes)
        assert _ours(root, descriptor) == _frictionless(root, descriptor)


def test_each_kind_of_problem_is_found_as_frictionless_finds_it(tmp_path):
    """One table holding every kind of problem, so that none of them is left to chance."""
    parents = [
        ("1", "ab", "a", "2013-01-01", "0.5", "1"),  # good
        ("x", "abcde", "c", "2013-02-30", "1.6", "4"),  # a type or constraint error in every cell
        ("1", "ab", "b", "1999-12-31", "-0.1", "1"),  # the same key, name and rank as the first row
        ("", "", "", "", "", ""),  # blank
        ("", "cd", "a", "2030-01-01", "NaN", ""),  # an empty key; NaN is a number but out of any range
    ]
    children = [("1", "c1"), ("5", "c2"), ("", "c3"), ("1", "c1")]
    notes = [("0.50", "2013-1-1"), ("0.50000000000000001", "2000-01-01")]  # found; then neither found
    descriptor = _write_package(tmp_path, parents, children, notes)
    ours = _ours(tmp_path, descriptor)
    assert ours == _frictionless(tmp_path, descriptor)
    codes = {code for *_, code in ours}
    assert codes == {"type-error", "constraint-error", "unique-error", "primary-key", "blank-row", "foreign-key"}


def test_a_rule_the_build_does_not_read_is_refused():
    unread = resource(
        "things",
        [
            field("id", "integer", constraints={"required": True, "multipleOf": 2}),
            field("when", "date", format="%d/%m/%Y"),
            field("size", "number", groupChar=","),
            field("code", "string", format="default"),
        ],
        ["id"],
        uniqueKeys=[["id", "when"]],
    )
    problems = list(schema_rule_problems(CheckInput(inline_descriptor(unread))))
    assert sorted((p.field, p.message.split(" ")[0]) for p in problems) == [
        ("id", "constraint"),
        ("schema", "'uniqueKeys'"),
        ("size", "'groupChar'"),
        ("when", "'format'"),
    ]


def test_the_shipped_descriptor_uses_only_rules_the_build_reads(repo_root):
    descriptor = Descriptor.read(repo_root / "datapackage.json")
    assert list(schema_rule_problems(CheckInput(descriptor))) == []
