"""The checks' column passes (c4data.checks.columns) against their per-cell code.

Each check first tries to prove a curated table clean over whole columns and runs its per-cell code only
when that fails, so a pass must never call clean what the per-cell code refuses. Random tables of cells
chosen to tempt a vectorised reading into a mistake (``-0`` and ``0``, ``-1e-400`` against a minimum of 0,
numbers beyond 64 bits or a float, impossible or year-0 dates, padded and non-ASCII digits, control
characters, formula starts, duplicate and empty keys) must give exactly the problems the per-cell code
gives, through the curated reader; and the shipped curated tables must be proved clean by the passes.
"""

from __future__ import annotations

import os
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import EVENTS, curated_table_rows, field, inline_descriptor, resource, write_curated

from c4data.checks import CheckInput, TableRows, run_stage
from c4data.checks import columns as columns_module
from c4data.checks.cells import _numbers_are_clean
from c4data.checks.columns import CONTROL_CLASS, columns
from c4data.checks.keys import _sorted
from c4data.checks.table_schema import table_is_clean
from c4data.checks.text import _no_control_characters, _no_formula_starts
from c4data.files.untrusted import CONTROL_CHARACTERS
from c4data.model.descriptor import Descriptor
from c4data.reading import curated as curated_module
from c4data.reading.arrays import text_array

pytestmark = pytest.mark.unit

CODES = {"table-schema", "foreign-key", "number-error", "row-order", "control-character", "formula-start"}
CODES |= {"date-range", "attestation"}

PARENTS = resource(
    "parents",
    [
        field("parent_id", "integer", constraints={"required": True, "minimum": 1, "maximum": 9}),
        field("name", constraints={"unique": True, "minLength": 2, "maxLength": 4, "pattern": "[a-z]+"}),
        field("kind", constraints={"enum": ["a", "b"], "required": True}),
        field("founded", "date", constraints={"minimum": "2000-01-01", "exclusiveMaximum": "2030-01-01"}),
        field("share", "number", constraints={"minimum": 0, "maximum": 1.5}),
        field("rank", "integer", constraints={"enum": [1, 2, 3], "unique": True}),
        field("size", "number", constraints={"unique": True, "exclusiveMinimum": -1}),
    ],
    ["parent_id"],
)
CHILDREN = resource(
    "children",
    [field("parent_id", "integer"), field("child_id", constraints={"required": True}), field("born", "date")],
    ["parent_id", "child_id"],
    foreignKeys=[
        {"fields": "parent_id", "reference": {"resource": "parents", "fields": "parent_id"}},
        {"fields": "child_id", "reference": {"resource": "parents", "fields": "name"}},
        {"fields": "born", "reference": {"resource": "parents", "fields": "founded"}},
    ],
)
INTEGERS = ["1", "2", "3", "9", "0", "-0", "01", "10", "-1", "9223372036854775807", "9223372036854775808", " 2", "+2"]
INTEGERS += ["2.0", "1_0", "x", "\u0663", ""]
NUMBERS = ["0", "-0", "0.0", "-1e-400", "1e-400", "0.5", "1.5", "1.50", "1.5000000000000001", "1.4999999999999999"]
NUMBERS += ["-1", "-0.9999999999999999999", "1e400", "NaN", "inf", "1E0", " 1", "1.", "", "abc"]
DATES = ["2013-01-01", "2000-01-01", "1999-12-31", "2030-01-01", "2029-12-31", "2012-02-29", "2013-02-29"]
DATES += ["1899-12-31", "1900-01-01", "2262-04-11", "2262-04-12"]  # the edges of checks.dates.DATE_RANGE
DATES += ["0000-01-01", "2013-1-1", "2013-13-01", "2013-00-10", "2013-01-01T00:00", "x", ""]
TEXTS = ["ab", "abcd", "ab", "a", "abcde", "Ab", "长沙", "abé", "\U0001d4b3y", "a\u2028", "\u202eab", "a\x1fb", "=ab"]
TEXTS += ["+1", "-ab", "@b", "ab\x85", ""]
KINDS = ["a", "b", "c", "A", " a", ""]

parent_rows = st.lists(
    st.tuples(
        *(st.sampled_from(pool) for pool in (INTEGERS, TEXTS, KINDS, DATES, NUMBERS, INTEGERS, NUMBERS)),
    ),
    max_size=8,
)
child_rows = st.lists(
    st.tuples(st.sampled_from(INTEGERS), st.sampled_from(TEXTS), st.sampled_from(DATES)),
    max_size=8,
)
# Mostly good rows, so that the passes are asked about clean tables as often as about damaged ones.
GOOD_PARENTS = [("1", "ab", "a", "2013-01-01", "0.5", "1", "0"), ("2", "abcd", "b", "2000-01-01", "1.5", "2", "-0.5")]
GOOD_CHILDREN = [("1", "ab", "2013-01-01"), ("2", "ab", ""), ("2", "abcd", "2000-01-01")]


@contextmanager
def _vectorised(on: bool):
    with mock.patch.object(columns_module, "VECTORISED_FROM", 0 if on else 10**9):
        yield


def _write(root: Path, parents: list[tuple[str, ...]], children: list[tuple[str, ...]]) -> Descriptor:
    write_curated(root, [(PARENTS, parents), (CHILDREN, children)])
    return inline_descriptor(PARENTS, CHILDREN, root=root)


def _problems(root: Path, descriptor: Descriptor, vectorised: bool) -> list[tuple]:
    with _vectorised(vectorised):
        found = run_stage("rows", "csv", CheckInput(descriptor, curated_table_rows(root, descriptor)), only=CODES)
    return [(p.where, p.line, p.field, p.message, p.code) for p in found]


@settings(
    max_examples=int(os.environ.get("C4DATA_FUZZ_EXAMPLES", "150")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(parents=parent_rows, children=child_rows, good=st.booleans())
def test_the_column_passes_give_exactly_the_per_cell_problems(tmp_path_factory, parents, children, good):
    root = tmp_path_factory.mktemp("columns")
    if good:  # a few tempting cells among good rows
        parents, children = GOOD_PARENTS + parents[:1], GOOD_CHILDREN + children[:1]
    descriptor = _write(root, parents, children)
    per_cell = _problems(root, descriptor, vectorised=False)
    assert _problems(root, descriptor, vectorised=True) == per_cell
    # And each pass alone: clean only where its per-cell code finds nothing.
    tables = curated_table_rows(root, descriptor)
    for table in tables:
        schema = descriptor.package.table(table.name)
        found = {code for where, *_, code in per_cell if where == table.where}
        numeric = [f for f in schema.fields if f.type in ("integer", "number")]
        if table_is_clean(table, schema):
            assert not found & {"type-error", "constraint-error", "unique-error", "primary-key", "blank-row"}
        if _numbers_are_clean(table, schema, numeric):
            assert "number-error" not in found
        if _sorted(table, schema, schema.key_fields):
            assert "row-order" not in found
        if _no_control_characters(table, schema):
            assert "control-character" not in found
        if _no_formula_starts(table, schema):
            assert "formula-start" not in found


# The smaller fuzz tests below: a third of the examples of the one above.
FEWER = settings(
    max_examples=int(os.environ.get("C4DATA_FUZZ_EXAMPLES", "150")) // 3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ATTESTATIONS = resource(
    "attestations",
    [field("attestation_id"), field("resource"), field("row_key"), field("field")],
    ["attestation_id"],
)
# Rows naming the parents and children above by key (as text: "1", "01", "-0", "1|ab", "1|", ...) and field.
ATTESTED = st.tuples(
    st.sampled_from(["parents", "children", "nothing", ""]),
    st.sampled_from(["1", "2", "01", "-0", "0", "x", "1|ab", "2|abcd", "1|", "None", ""]),
    st.sampled_from(["", "name", "child_id", "colour"]),
)


@FEWER
@given(parents=parent_rows, children=child_rows, attested=st.lists(ATTESTED, max_size=6), good=st.booleans())
@example(parents=[], children=[], attested=[("parents", "1", "colour")], good=True)
@example(parents=[], children=[], attested=[("children", "2|abc", "")], good=True)
@example(parents=[], children=[], attested=[("parents", "1|ab", "name")], good=True)
def test_the_attestation_pass_gives_exactly_the_per_cell_problems(tmp_path_factory, parents, children, attested, good):
    root = tmp_path_factory.mktemp("attestations")
    if good:
        parents, children = GOOD_PARENTS + parents[:1], GOOD_CHILDREN + children[:1]
        attested = [("parents", "1", "name"), ("children", "2|ab", ""), *attested[:1]]
    rows = [(f"a{index}", *row) for index, row in enumerate(attested)]
    write_curated(root, [(PARENTS, parents), (CHILDREN, children), (ATTESTATIONS, rows)])
    descriptor = inline_descriptor(PARENTS, CHILDREN, ATTESTATIONS, root=root)
    found = {}
    for vectorised in (False, True):
        with _vectorised(vectorised):
            tables = curated_table_rows(root, descriptor)
            problems = run_stage("rows", "csv", CheckInput(descriptor, tables), only={"attestation"})
        found[vectorised] = [(p.where, p.line, p.field, p.message) for p in problems]
    assert found[True] == found[False]


PARTIAL_DATES = ["2013", "2013-02", "2013-02-28", "2012-02-29", "2013-02-29", "2013-13", "2013/2014", "2014/2013"]
PARTIAL_DATES += ["2013-02/2013-03-01", "13", "2013-2", "\uff12\uff10\uff11\uff13", "2013-", "/2013", "", "x"]
EVENT_DATES = ["2013-01-01", "2013-12-31", "2013-02-28", "2014-01-01", "1899-12-31", "2262-04-12", "2013-1-1", ""]


@FEWER
@given(st.lists(st.tuples(*(st.sampled_from(pool) for pool in (PARTIAL_DATES, EVENT_DATES, EVENT_DATES))), max_size=8))
@example([("2013", "2013-01-01", "2013-12-31"), ("2013-02-29", "", "")])
def test_the_date_passes_give_exactly_the_per_cell_problems(tmp_path_factory, events):
    root = tmp_path_factory.mktemp("events")
    write_curated(root, [(EVENTS, [(f"e{index}", *row) for index, row in enumerate(events)])])
    descriptor = inline_descriptor(EVENTS, root=root)
    codes = {"calendar-date", "date-bounds", "date-range", "date-format"}
    found = {}
    for vectorised in (False, True):
        with _vectorised(vectorised):
            tables = curated_table_rows(root, descriptor)
            problems = run_stage("rows", "csv", CheckInput(descriptor, tables), only=codes)
        found[vectorised] = [(p.where, p.line, p.field, p.message, p.code) for p in problems]
    assert found[True] == found[False]


def test_good_rows_are_proved_clean_by_every_pass(tmp_path):
    descriptor = _write(tmp_path, GOOD_PARENTS, GOOD_CHILDREN)
    for table in curated_table_rows(tmp_path, descriptor):
        schema = descriptor.package.table(table.name)
        numeric = [f for f in schema.fields if f.type in ("integer", "number")]
        assert table_is_clean(table, schema)
        assert _numbers_are_clean(table, schema, numeric)
        assert _sorted(table, schema, schema.key_fields)
        assert _no_control_characters(table, schema)
        assert _no_formula_starts(table, schema)


def test_the_shipped_curated_tables_are_proved_clean_over_columns(repo_root):
    """The passes decide the real data without falling back (else they would cost without saving)."""
    descriptor = Descriptor.read(repo_root / "datapackage.json")
    for rows in curated_table_rows(repo_root, descriptor):
        assert rows.records is not None and table_is_clean(rows, descriptor.package.table(rows.name)), rows.name


def test_the_control_character_class_reads_in_re2_as_in_python():
    characters = [chr(code) for code in range(0x3000) if not 0xD800 <= code <= 0xDFFF]
    characters += [chr(code) for code in (0xFEFF, 0xFFFD, 0x1F600, 0xE0001)]
    found = pc.match_substring_regex(pa.array(characters), CONTROL_CLASS).to_pylist()
    expected = [CONTROL_CHARACTERS.search(c) is not None for c in characters]
    assert found == expected
    assert sum(expected) == 32 + 33 + 2 + 5 + 4
    assert unicodedata.category("\u2028") == "Zl"


@given(st.lists(st.one_of(st.none(), st.text()), max_size=20))
def test_text_arrays_are_made_as_pyarrow_makes_them(cells):
    made = text_array(cells)
    if any(cell is not None and any(0xD800 <= ord(c) <= 0xDFFF for c in cell) for cell in cells):
        assert made is None
        return
    assert made is not None
    made.validate(full=True)
    assert made.equals(pa.array(cells, pa.string()))


RECORDS = ["a,b,c", "1,2,3", '"x,y",,z', "1,2", '"a""b",c,d', '"multi\nline",b,c', "", "a,b,c,d", '"open,b,c']


@given(st.lists(st.sampled_from(RECORDS), max_size=6), st.booleans(), st.booleans())
def test_the_one_pass_reading_is_the_record_by_record_reading(records, final_newline, arrow):
    """The curated reader reads a regular file in one pass (a file without quotes by Arrow), and anything
    else record by record, as before."""
    text = "\n".join(["a,b,c", *records]) + ("\n" if final_newline else "")
    one = curated_module.CuratedTable("t", Path("t.csv"), "t.csv", [])
    other = curated_module.CuratedTable("t", Path("t.csv"), "t.csv", [])
    fields, missing = ["a", "b", "c"], ("",)
    if arrow:
        with mock.patch.object(curated_module, "PLAIN_FROM", 0):
            if curated_module._parse_plain(text, one, fields, missing):
                assert curated_module._parse_record_by_record(text, other, fields, missing) == []
                assert (one.header, list(one.rows), one.lines) == (other.header, other.rows, other.lines)
                assert one.arrays is not None
                assert {n: a.to_pylist() for n, a in one.arrays.items()} == {
                    n: [row[n] for row in other.rows] for n in fields
                }
                return
    if curated_module._parse_regular(text, one, fields, missing):
        assert curated_module._parse_record_by_record(text, other, fields, missing) == []
        assert (one.header, one.rows, one.lines) == (other.header, other.rows, other.lines)
        assert one.rows == [dict(zip(fields, (None if c == "" else c for c in r), strict=True)) for r in one.records]
    else:
        assert (one.header, one.rows, one.lines, one.records) == ([], [], [], None)


def test_a_table_of_typed_values_is_left_to_the_per_cell_code():
    descriptor = inline_descriptor(PARENTS)
    table = TableRows("parents", "parents", [{"parent_id": 1}], [1])
    assert columns(table, descriptor.package.table("parents")) is None
