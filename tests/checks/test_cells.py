"""Unit tests of the cell checks (c4data.checks.cells) on tiny inline tables: required cells, numbers, dates."""

from __future__ import annotations

import pytest
from support import field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage

pytestmark = pytest.mark.unit

CELL_CHECKS = ("required-empty", "number-error", "calendar-date")


def _found(target, descriptor, table):
    problems = run_stage("rows", target, CheckInput(descriptor, [table]), only=CELL_CHECKS)
    return [(p.code, p.where, p.line, p.field) for p in problems]


NUMBERS = inline_descriptor(
    resource(
        "things",
        [field("id", "integer", constraints={"required": True}), field("size", "number"), field("count", "integer")],
        ["id"],
    )
)


def test_required_cells_may_not_be_empty_in_parquet():
    table = rows_of("things", [{"id": 1, "size": 1.5, "count": 2}, {"id": None, "size": None, "count": None}])
    assert _found("parquet", NUMBERS, table) == [("required-empty", "things", 2, "id")]


def test_required_is_left_to_frictionless_in_csv():
    table = rows_of("things", [{"id": None, "size": None, "count": None}], typed=False)
    assert _found("csv", NUMBERS, table) == []


@pytest.mark.parametrize(
    ("cell", "field_name"),
    [("1_000", "count"), (" 7", "count"), ("0x10", "count"), ("1,5", "size"), ("inf", "size"), ("NaN", "size")],
)
def test_curated_numbers_are_plain_decimal_numerals(cell, field_name):
    row = {"id": "1", "size": "1.5", "count": "2"} | {field_name: cell}
    assert _found("csv", NUMBERS, rows_of("things", [row], typed=False)) == [
        ("number-error", "data/curated/things.csv", 2, field_name)
    ]


def test_plain_numerals_pass_in_csv():
    rows = [{"id": "1", "size": "-1.5e3", "count": "-12"}, {"id": "2", "size": "3", "count": None}]
    assert _found("csv", NUMBERS, rows_of("things", rows, typed=False)) == []


def test_integers_fit_in_64_bits():
    rows = [{"id": "1", "size": "1", "count": str(2**63)}, {"id": "2", "size": "1", "count": str(-(2**63))}]
    assert _found("csv", NUMBERS, rows_of("things", rows, typed=False)) == [
        ("number-error", "data/curated/things.csv", 2, "count")
    ]


def test_stored_numbers_are_finite():
    rows = [{"id": 1, "size": float("inf"), "count": 1}, {"id": 2, "size": float("nan"), "count": 1}]
    assert _found("parquet", NUMBERS, rows_of("things", rows)) == [
        ("number-error", "things", 1, "size"),
        ("number-error", "things", 2, "size"),
    ]


DATES = inline_descriptor(resource("events", [field("id"), field("date", **{"c4data:partialDate": True})], ["id"]))


@pytest.mark.parametrize("date", ["2018", "2018-02", "2018-02-28", "2020-02-29", None])
def test_partial_dates_on_the_calendar_pass(date):
    assert _found("parquet", DATES, rows_of("events", [{"id": "a", "date": date}])) == []


@pytest.mark.parametrize("date", ["2018-02-31", "2019-02-29", "2018-13", "18", "2018-2", "2018/02/01", "2018-02-01T"])
def test_other_dates_are_refused(date):
    for target, table in (
        ("parquet", rows_of("events", [{"id": "a", "date": date}])),
        ("csv", rows_of("events", [{"id": "a", "date": date}], typed=False)),
    ):
        assert [code for code, *_ in _found(target, DATES, table)] == ["calendar-date"]
