"""Unit tests of the status-report checks (c4data.checks.reports) on tiny inline packages."""

from __future__ import annotations

import pytest
from support import enum_field, field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage

pytestmark = pytest.mark.unit

DATED = [field("date_min", "date"), field("date_max", "date")]
REPORTS = resource(
    "status_reports",
    [
        field("undertaking_id"),
        field("report", "integer"),
        field("status"),
        *DATED,
        field("meeting_id", "integer"),
        field("measure_id"),
        field("source_id"),
    ],
    ["undertaking_id", "report"],
)
MEETINGS = resource("meetings", [field("meeting_id", "integer"), *DATED], ["meeting_id"])
SOURCES = resource(
    "sources", [field("source_id"), field("published_min", "date"), field("published_max", "date")], ["source_id"]
)
MEASURES = resource(
    "measures", [field("measure_id"), field("undertaking_id"), field("status"), field("source_id")], ["measure_id"]
)
TINY = inline_descriptor(SOURCES, MEETINGS, MEASURES, REPORTS)

MEETING = {"meeting_id": "5", "date_min": "2017-04-10", "date_max": "2017-04-10"}
SOURCE = {"source_id": "wire", "published_min": "2017-04-11", "published_max": "2017-04-11"}
MEASURE = {"measure_id": "card-2017", "undertaking_id": "card", "status": "in_progress", "source_id": "wire"}


def _report(number: int, day: str, **change: str) -> dict[str, str]:
    row = {
        "undertaking_id": "card",
        "report": str(number),
        "status": "in_progress",
        "date_min": day,
        "date_max": day,
        "meeting_id": "",
        "measure_id": "",
        "source_id": "wire",
    }
    return row | change


def _found(reports: list[dict[str, str]], code: str) -> list[tuple[int | None, str | None, str]]:
    tables = [
        rows_of("sources", [SOURCE], typed=False),
        rows_of("meetings", [MEETING], typed=False),
        rows_of("measures", [MEASURE], typed=False),
        rows_of("status_reports", [{k: (v or None) for k, v in r.items()} for r in reports], typed=False),
    ]
    problems = run_stage("rows", "csv", CheckInput(TINY, tables), only={code})
    return [(p.line, p.field, p.message) for p in problems]


def test_a_report_dated_by_its_meeting_before_its_source_passes():
    assert _found([_report(1, "2017-04-10", meeting_id="5")], "report-dates") == []


def test_a_report_outside_its_meetings_dates_is_refused():
    (problem,) = _found([_report(1, "2017-04-09", meeting_id="5")], "report-dates")
    assert problem[:2] == (2, "date_min") and "the dates of meetings 5" in problem[2]


def test_a_report_dated_after_its_source_was_published_is_refused():
    (problem,) = _found([_report(1, "2017-05-01")], "report-dates")
    assert problem[:2] == (2, "date_max") and "its source wire was published" in problem[2]


def test_reports_numbered_in_date_order_pass():
    assert _found([_report(1, "2013-02-23"), _report(2, "2017-04-10")], "report-order") == []


def test_a_later_number_with_an_earlier_date_is_refused():
    (problem,) = _found([_report(1, "2017-04-10"), _report(2, "2013-02-23")], "report-order")
    assert problem[:2] == (3, "date_min") and "number the reports in date order" in problem[2]


def test_a_gap_in_the_numbers_is_refused():
    (problem,) = _found([_report(1, "2013-02-23"), _report(3, "2017-04-10")], "report-order")
    assert problem[:2] == (3, "report") and "numbered 1 to 2" in problem[2]


def test_a_report_agrees_with_the_measure_that_records_it():
    assert _found([_report(1, "2017-04-10", measure_id="card-2017")], "report-measure") == []
    (problem,) = _found([_report(1, "2017-04-10", measure_id="card-2017", status="implemented")], "report-measure")
    assert problem[:2] == (2, "status") and "measure card-2017 has 'in_progress'" in problem[2]


# ---- disagreements that are changes over time -------------------------------------------------------

STATUS = enum_field("status", ["planned", "implemented"], **{"c4data:changesOverTime": True})
ITEMS = resource("items", [field("item_id"), STATUS, field("source_id")], ["item_id"])
DISAGREEMENTS = resource(
    "disagreements",
    [
        field(n)
        for n in ("disagreement_id", "resource", "row_key", "field", "adopted_value", "other_value", "source_id")
    ],
    ["disagreement_id"],
)


def _change_found(other_source: str, field_name: str = "status") -> list[tuple[int | None, str | None, str]]:
    sources = [
        {"source_id": "report-2018", "published_min": "2018-09-27", "published_max": "2018-09-27"},
        {"source_id": "report-2017", "published_min": "2017-04-11", "published_max": "2017-04-11"},
        {"source_id": "lead-2018", "published_min": "2018-09-27", "published_max": "2018-09-27"},
    ]
    items = [{"item_id": "medical", "status": "planned", "source_id": "report-2018", "note": "x"}]
    disagreement = {
        "disagreement_id": "d",
        "resource": "items",
        "row_key": "medical",
        "field": field_name,
        "adopted_value": "planned",
        "other_value": "implemented",
        "source_id": other_source,
    }
    descriptor = inline_descriptor(
        SOURCES,
        resource("items", [field("item_id"), STATUS, field("source_id"), field("note")], ["item_id"]),
        DISAGREEMENTS,
    )
    tables = [
        rows_of("sources", sources, typed=False),
        rows_of("items", items, typed=False),
        rows_of("disagreements", [disagreement], typed=False),
    ]
    problems = run_stage("rows", "csv", CheckInput(descriptor, tables), only={"change-over-time"})
    return [(p.line, p.field, p.message) for p in problems]


def test_two_values_of_a_status_reported_at_the_same_time_are_a_disagreement():
    assert _change_found("lead-2018") == []


def test_a_status_reported_at_another_time_is_a_change_not_a_disagreement():
    (problem,) = _change_found("report-2017")
    assert problem[:2] == (2, "source_id") and "a change over time is a status report" in problem[2]


def test_a_field_that_does_not_change_over_time_is_left_to_the_disagreement_rule():
    assert _change_found("report-2017", field_name="note") == []
