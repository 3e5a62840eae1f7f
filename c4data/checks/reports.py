"""Checks of the dated status reports: each within its source's and meeting's dates, numbered in date order,
and agreeing with the row of measures that records it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from c4data.checks.base import CheckInput, TableRows
from c4data.model import codes
from c4data.model.problems import Problem

REPORTS_TABLE = "status_reports"
# Where a report's date must lie: the field of the report naming the row, that row's table and its date bounds.
DATED_BY = (
    ("meeting_id", "meetings", "date_min", "date_max"),
    ("body_meeting_id", "body_meetings", "date_min", "date_max"),
)


def _dates(reports: TableRows, given: CheckInput, row: dict[str, Any]) -> tuple[Any, Any]:
    schema = given.package.table(REPORTS_TABLE)
    low, high = (schema.field(name) for name in ("date_min", "date_max"))
    if low is None or high is None:
        return None, None
    return reports.value(row, low), reports.value(row, high)


def _is_date(value: Any) -> bool:
    return isinstance(value, datetime.date)


def report_date_problems(given: CheckInput) -> Iterator[Problem]:
    """A status report's dates lie within those of the meeting it is reported at, and not after its source
    was published."""
    reports = given.table_rows(REPORTS_TABLE)
    if reports is None:
        return
    schema = given.package.table(REPORTS_TABLE)
    published = given.bounds("sources", "published_min", "published_max")
    dated_by = [(name, table, given.bounds(table, low, high)) for name, table, low, high in DATED_BY]
    for index, row in enumerate(reports.rows):
        low, high = _dates(reports, given, row)
        if not (_is_date(low) and _is_date(high)):
            continue  # an empty or malformed date: the type and date checks report it
        for name, table, bounds in dated_by:
            field = schema.field(name)
            if field is None or row.get(name) is None:
                continue
            first, last = bounds.get(reports.value(row, field), (None, None))
            if _is_date(first) and _is_date(last) and not (first <= low and high <= last):
                yield reports.problem(
                    index,
                    "date_min",
                    f"{low}..{high} lies outside {first}..{last}, the dates of {table} {row[name]}",
                    code=codes.REPORT_DATES,
                )
        _, issued = published.get(row.get("source_id"), (None, None))
        if _is_date(issued) and high > issued:
            yield reports.problem(
                index,
                "date_max",
                f"{high} is after {issued}, when its source {row['source_id']} was published at the latest",
                code=codes.REPORT_DATES,
            )


def report_order_problems(given: CheckInput) -> Iterator[Problem]:
    """An undertaking's reports are numbered 1, 2, 3… in date order: a later number never has an earlier date."""
    reports = given.table_rows(REPORTS_TABLE)
    if reports is None:
        return
    number = given.package.table(REPORTS_TABLE).field("report")
    if number is None:
        return
    by_undertaking: dict[Any, list[tuple[Any, int]]] = {}
    for index, row in enumerate(reports.rows):
        by_undertaking.setdefault(row.get("undertaking_id"), []).append((reports.value(row, number), index))
    for undertaking, numbered in by_undertaking.items():
        if not all(isinstance(value, int) for value, _ in numbered):
            continue  # a number that is not an integer: the type check reports it
        numbered.sort()
        previous: tuple[Any, Any] | None = None
        for expected, (value, index) in enumerate(numbered, 1):
            if value != expected:
                yield reports.problem(
                    index,
                    "report",
                    f"is {value}; {undertaking}'s reports are to be numbered 1 to {len(numbered)}",
                    code=codes.REPORT_ORDER,
                )
                break
            dates = _dates(reports, given, reports.rows[index])
            if not all(_is_date(date) for date in dates):
                previous = None
                continue
            if previous is not None and (dates[0] < previous[0] or dates[1] < previous[1]):
                yield reports.problem(
                    index,
                    "date_min",
                    f"report {value} of {undertaking} ({dates[0]}..{dates[1]}) is dated before report {value - 1}"
                    f" ({previous[0]}..{previous[1]}); number the reports in date order",
                    code=codes.REPORT_ORDER,
                )
            previous = dates


def report_measure_problems(given: CheckInput) -> Iterator[Problem]:
    """A status report that names the row of measures recording it has that row's undertaking, status and source."""
    reports, measures = given.table_rows(REPORTS_TABLE), given.table_rows("measures")
    if reports is None or measures is None:
        return
    by_id = {row.get("measure_id"): row for row in measures.rows}
    for index, row in enumerate(reports.rows):
        measure = by_id.get(row.get("measure_id"))
        if measure is None:
            continue  # no measure named, or one that does not exist: the foreign-key check reports it
        for name in ("undertaking_id", "status", "source_id"):
            if measure.get(name) != row.get(name):
                yield reports.problem(
                    index,
                    name,
                    f"is {row.get(name)!r}, but measure {row['measure_id']} has {measure.get(name)!r}",
                    code=codes.REPORT_MEASURE,
                )
