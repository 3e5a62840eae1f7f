"""Unit tests of the date checks (c4data.checks.dates) and the attestations check (c4data.checks.attestations)
on tiny inline packages, and of the Table Schema ``date`` type (c4data.model.types)."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import EVENTS, field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage
from c4data.checks.dates import partial_date_period
from c4data.model.schema import Field
from c4data.model.types import arrow_type, pandas_dtype, parse_text

pytestmark = pytest.mark.unit

ATTESTATIONS = resource(
    "attestations", [field(n) for n in ("attestation_id", "resource", "row_key", "field")], ["attestation_id"]
)
TINY = inline_descriptor(EVENTS, ATTESTATIONS)


def _events(*rows: tuple[str | None, str | None, str | None]):
    cells = [{"event_id": f"e{i}", "date": d, "date_min": lo, "date_max": hi} for i, (d, lo, hi) in enumerate(rows)]
    return rows_of("events", cells, typed=False)


def _found(code: str, *tables) -> list[tuple[str | None, int | None, str | None, str]]:
    problems = run_stage("rows", "csv", CheckInput(TINY, list(tables)), only={code})
    return [(p.code, p.line, p.field, p.message) for p in problems]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2013", ("2013-01-01", "2013-12-31")),
        ("2016-02", ("2016-02-01", "2016-02-29")),
        ("2018-09-27", ("2018-09-27", "2018-09-27")),
        ("2024-07-28/2024-07-29", ("2024-07-28", "2024-07-29")),
        ("2013/2023-06", ("2013-01-01", "2023-06-30")),
    ],
)
def test_period_of_a_partial_date(text, period):
    assert partial_date_period(text) == tuple(datetime.date.fromisoformat(day) for day in period)


@pytest.mark.parametrize("text", ["2018-02-31", "2024-07-29/2024-07-28", "2024-07-28/", "124日", "2013-2", "2013/14"])
def test_what_is_not_a_partial_date(text):
    assert partial_date_period(text) is None
    assert [(code, line, name) for code, line, name, _ in _found("calendar-date", _events((text, None, None)))] == [
        ("calendar-date", 2, "date")
    ]


def test_bounds_equal_to_the_period_or_narrower_pass():
    rows = [
        ("2013-02-23", "2013-02-23", "2013-02-23"),
        ("2016", "2016-02-01", "2016-03-01"),
        ("2024-07-28/2024-07-29", "2024-07-28", "2024-07-29"),
        (None, "2019-12-05", "2023-02-20"),
        (None, None, None),
    ]
    assert _found("date-bounds", _events(*rows)) == []


def test_bounds_outside_the_period_are_refused():
    ((code, line, name, message),) = _found("date-bounds", _events(("2014", "2013-06-01", "2014-12-31")))
    assert (code, line, name) == ("date-bounds", 2, "date_min")
    assert "does not lie within 2014-01-01..2014-12-31" in message


def test_bounds_out_of_order_are_refused():
    ((_, line, name, message),) = _found("date-bounds", _events((None, "2020-01-02", "2020-01-01")))
    assert (line, name) == (2, "date_max") and "before" in message


def test_a_partial_date_without_bounds_is_refused():
    ((_, line, name, message),) = _found("date-bounds", _events(("2015-02-07", None, "2015-02-07")))
    assert (line, name) == (2, "date_min") and "'2015-02-07'" in message


def test_a_bound_that_is_not_a_date_is_left_to_the_type_check():
    assert _found("date-bounds", _events(("2015", "07/02/2015", "2015-12-31"))) == []


def test_attestations_must_name_a_real_row_and_field():
    rows = [
        {"attestation_id": "a1", "resource": "events", "row_key": "e0", "field": None},
        {"attestation_id": "a2", "resource": "events", "row_key": "e0", "field": "date"},
        {"attestation_id": "a3", "resource": "events", "row_key": "e9", "field": None},
        {"attestation_id": "a4", "resource": "events", "row_key": "e0", "field": "colour"},
    ]
    found = _found(
        "attestation", _events(("2013", "2013-01-01", "2013-12-31")), rows_of("attestations", rows, typed=False)
    )
    assert [(code, line, name) for code, line, name, _ in found] == [
        ("attestation", 4, "row_key"),
        ("attestation", 5, "field"),
    ]


def test_date_type_is_parsed_stored_and_loaded_as_a_real_date():
    bound = Field.from_descriptor({"name": "date_min", "type": "date", "description": "A bound."})
    assert parse_text("date", "2016-02-01") == datetime.date(2016, 2, 1)
    assert parse_text("date", None) is None
    for text in ("2016-2-1", "20160201", "2016-02-30"):
        with pytest.raises(ValueError):
            parse_text("date", text)
    assert str(arrow_type(bound)) == "date32[day]"
    loaded = pd.Series([datetime.date(2016, 2, 1), None]).astype(pandas_dtype(bound))
    assert loaded.dtype == "datetime64[ns]" and loaded.isna().tolist() == [False, True]


def _held_exactly(day: datetime.date) -> bool:
    """Whether the loader (pandas datetime64[ns]) and a workbook (openpyxl's serial days) both give ``day`` back."""
    from openpyxl.utils.datetime import from_excel, to_excel

    try:
        loaded = pd.Series([day]).astype("datetime64[ns]").dt.date.iloc[0]
    except (pd.errors.OutOfBoundsDatetime, OverflowError, ValueError):
        return False
    serial = to_excel(day)
    return loaded == day and serial >= 1 and from_excel(serial).date() == day


@settings(max_examples=60, deadline=None)
@given(
    day=st.one_of(
        st.dates(),
        st.dates(datetime.date(1670, 1, 1), datetime.date(1910, 12, 31)),
        st.dates(datetime.date(2250, 1, 1), datetime.date(2270, 12, 31)),
    ),
    typed=st.booleans(),
)
def test_a_date_is_refused_unless_every_backend_and_export_holds_it_exactly(day, typed):
    cell = day if typed else day.isoformat()
    rows = rows_of("events", [{"event_id": "e0", "date": None, "date_min": cell, "date_max": None}], typed=typed)
    problems = run_stage("rows", "parquet" if typed else "csv", CheckInput(TINY, [rows]), only={"date-range"})
    assert bool(problems) != _held_exactly(day), (day, problems)
    for problem in problems:
        assert problem.field == "date_min" and day.isoformat() in problem.message
