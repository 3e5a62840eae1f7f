"""Checks of dates: partial dates on the calendar (or intervals of two), and their typed bounds within them."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from typing import Any

from c4data.checks.base import CheckInput, TableRows
from c4data.checks.columns import all_true, columns, distinct_rows, distinct_texts, worth_columns
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Field, Table
from c4data.model.types import DATE_PATTERN
from c4data.reading.arrays import scalar

BOUND_SUFFIXES = ("_min", "_max")  # the typed bounds of partial date ``x`` are the date fields ``x_min``, ``x_max``


def date_problems(given: CheckInput) -> Iterator[Problem]:
    """Fields marked ``c4data:partialDate`` hold a real year, month or day (2018-02-31 is refused), or an
    interval ``A/B`` of two such dates in order."""
    for table in given.tables:
        schema = given.package.table(table.name)
        dated = [field.name for field in schema.fields if field.partial_date]
        if not dated or (worth_columns(table) and _partial_dates_are_clean(table, schema, dated)):
            continue
        for index, row in enumerate(table.rows):
            for name in dated:
                value = row.get(name)
                if isinstance(value, str) and partial_date_period(value) is None:
                    yield table.problem(
                        index,
                        name,
                        f"{value!r} is not a date of the calendar (YYYY, YYYY-MM or YYYY-MM-DD)"
                        " or an interval A/B of two",
                        code=codes.CALENDAR_DATE,
                    )


def _partial_dates_are_clean(table: TableRows, schema: Table, dated: list[str]) -> bool:
    """Whether every partial date is on the calendar, each distinct text read once by the per-cell code."""
    found = columns(table, schema)
    return found is not None and all(
        partial_date_period(text) is not None
        for name in dated
        for text in distinct_texts(found.text(name))
        if text is not None
    )


def date_format_problems(given: CheckInput) -> Iterator[Problem]:
    """A curated cell of a ``date`` field is written YYYY-MM-DD (frictionless also reads 2013-2-3, which
    the Parquet writer does not)."""
    for table in given.tables:
        if table.typed:
            continue  # a typed date has no spelling
        schema = given.package.table(table.name)
        dated = [field.name for field in schema.fields if field.type == "date"]
        if not dated or (worth_columns(table) and _dates_are_plain(table, schema)):
            continue
        for index, row in enumerate(table.rows):
            for name in dated:
                cell = row.get(name)
                if cell is not None and not DATE_PATTERN.fullmatch(cell):
                    yield table.problem(
                        index, name, f"{cell!r} is not a date written YYYY-MM-DD", code=codes.DATE_FORMAT
                    )


def _dates_are_plain(table: TableRows, schema: Table) -> bool:
    """Whether every ``date`` cell is written YYYY-MM-DD, matched over whole columns (``columns.RE2_PATTERNS``)."""
    found = columns(table, schema)
    return found is not None and all(all_true(found.plain(f)) for f in schema.fields if f.type == "date")


def is_calendar_date(text: str) -> bool:
    """Whether ``text`` is a year, a year and month, or a full date that exists."""
    return _calendar_period(text) is not None


def partial_date_period(text: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of the period a partial date (or an interval ``A/B`` of two) names; None if invalid."""
    start_text, slash, end_text = text.partition("/")
    start = _calendar_period(start_text)
    end = _calendar_period(end_text) if slash else start
    if start is None or end is None or end[1] < start[0]:
        return None
    return start[0], end[1]


def _calendar_period(text: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of a year, a year and month, or a full date that exists; None otherwise."""
    parts = text.split("-")
    if [len(part) for part in parts] not in ([4], [4, 2], [4, 2, 2]) or not all(part.isdigit() for part in parts):
        return None
    numbers = [int(part) for part in parts]
    try:
        first = datetime.date(*numbers, *([1] * (3 - len(numbers))))
    except ValueError:
        return None
    if len(numbers) == 3:
        return first, first
    if len(numbers) == 2:
        return first, datetime.date(numbers[0], numbers[1], calendar.monthrange(numbers[0], numbers[1])[1])
    return first, datetime.date(numbers[0], 12, 31)


def date_bound_problems(given: CheckInput) -> Iterator[Problem]:
    """The typed bounds ``x_min`` and ``x_max`` of a partial date ``x`` are in order and lie within the period
    ``x`` names (equal to it unless narrowed for a reason the note gives); both are set whenever ``x`` is."""
    for table in given.tables:
        schema = given.package.table(table.name)
        for field in schema.fields:
            if not field.partial_date:
                continue
            bounds = [schema.field(field.name + suffix) for suffix in BOUND_SUFFIXES]
            low_field, high_field = bounds
            if low_field is None or high_field is None:
                continue
            if worth_columns(table) and _bounds_are_clean(table, schema, field.name, low_field, high_field):
                continue
            for index, row in enumerate(table.rows):
                yield from _bound_problems(table, index, row, field.name, low_field, high_field)


def _bound_problems(
    table: TableRows, index: int, row: dict[str, Any], name: str, low_field: Field, high_field: Field
) -> Iterator[Problem]:
    low, high = table.value(row, low_field), table.value(row, high_field)
    if not all(isinstance(bound, datetime.date | None) for bound in (low, high)):
        return  # a bound that is not a date: the type check reports it
    text = row.get(name)
    period = partial_date_period(text) if isinstance(text, str) else None
    if isinstance(text, str) and period is None:
        return  # not a calendar date: date_problems reports it
    if period is not None and (low is None or high is None):
        missing = low_field.name if low is None else high_field.name
        yield table.problem(
            index, missing, f"is empty, but {name} is {text!r}; give the bounds of that period", code=codes.DATE_BOUNDS
        )
        return
    if low is not None and high is not None and high < low:
        yield table.problem(index, high_field.name, f"{high} is before {low_field.name} {low}", code=codes.DATE_BOUNDS)
        return
    if period is not None and low is not None and high is not None and not (period[0] <= low and high <= period[1]):
        yield table.problem(
            index,
            low_field.name,
            f"{low}..{high} does not lie within {period[0]}..{period[1]}, the period {name} {text!r} names",
            code=codes.DATE_BOUNDS,
        )


def _bounds_are_clean(table: TableRows, schema: Table, name: str, low_field: Field, high_field: Field) -> bool:
    """Whether ``_bound_problems`` finds nothing in any row, each distinct (date, bounds) of the table read once."""
    found = columns(table, schema)
    if found is None:
        return False
    names = [name, low_field.name, high_field.name]
    return not any(
        next(_bound_problems(table, 0, row, name, low_field, high_field), None) is not None
        for row in distinct_rows(found, names)
    )


# The dates every backend and export holds exactly: pandas loads a date as datetime64[ns] (1677-09-21 to
# 2262-04-11), and a workbook counts days from 1900-01-01 (an earlier date becomes a negative serial).
DATE_RANGE = (datetime.date(1900, 1, 1), datetime.date(2262, 4, 11))


def date_range_problems(given: CheckInput) -> Iterator[Problem]:
    """A ``date`` value lies within ``DATE_RANGE``: outside it, the loader or the workbook would give another date."""
    low, high = DATE_RANGE
    for table in given.tables:
        schema = given.package.table(table.name)
        dated = [field for field in schema.fields if field.type == "date"]
        if not dated or (worth_columns(table) and _dates_in_range(table, schema, dated)):
            continue
        for index, row in enumerate(table.rows):
            for field in dated:
                value = table.value(row, field)
                if isinstance(value, datetime.date) and not low <= value <= high:
                    yield table.problem(
                        index,
                        field.name,
                        f"{value} is outside {low}..{high}, the dates pandas (datetime64[ns]) and a workbook "
                        "hold exactly; c4data refuses it rather than load or export another date",
                        code=codes.DATE_RANGE,
                    )


def _dates_in_range(table: TableRows, schema: Table, dated: list[Field]) -> bool:
    """Whether every cell of the ``date`` fields is within ``DATE_RANGE`` (or empty), over whole columns; False
    when a field's cells are not all plainly dates (the per-cell code reads them)."""
    import pyarrow.compute as pc

    found = columns(table, schema)
    if found is None:
        return False
    low, high = (scalar(bound, "date") for bound in DATE_RANGE)
    for field in dated:
        values = found.typed(field)
        if values is None:
            return False
        if not all_true(pc.and_(pc.greater_equal(values, low), pc.less_equal(values, high))):
            return False
    return True
