"""Unit tests of the route check (c4data.checks.projects) and the shared-codebook check on tiny inline packages."""

from __future__ import annotations

import pytest
from support import enum_field, field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage

pytestmark = pytest.mark.unit

PROJECTS = resource("projects", [field("project_id"), field("route")], ["project_id"])
PLACES = resource(
    "project_cities", [field("project_id"), field("place"), field("city_id"), field("part")], ["project_id", "place"]
)
TINY = inline_descriptor(PROJECTS, PLACES)
ROUTE = "武汉; 安庆; 池州"


def _found(route: str | None, places: list[tuple[str, str]]) -> list[tuple[str, int | None, str | None, str]]:
    rows = [
        {"project_id": "wuhan-chizhou", "place": place, "city_id": "420100", "part": part} for place, part in places
    ]
    tables = [rows_of("projects", [{"project_id": "wuhan-chizhou", "route": route}]), rows_of("project_cities", rows)]
    problems = run_stage("rows", "parquet", CheckInput(TINY, tables), only={"route"})
    return [(p.where, p.line, p.field, p.message) for p in problems]


def test_a_route_with_every_place_passes():
    assert _found(ROUTE, [("武汉", "terminus"), ("安庆", "on_route"), ("池州", "terminus")]) == []


def test_a_place_of_the_route_without_its_row_is_refused():
    (problem,) = _found(ROUTE, [("武汉", "terminus"), ("池州", "terminus")])
    assert problem[2:] == ("route", "'安庆' has no row in project_cities")


def test_a_terminus_in_the_middle_and_an_end_on_the_route_are_refused():
    found = _found(ROUTE, [("武汉", "on_route"), ("安庆", "terminus"), ("池州", "terminus")])
    assert sorted(message for *_, message in found) == [
        "'安庆' is a terminus, but not an end of the route '武汉; 安庆; 池州'",
        "'武汉' is an end of the route '武汉; 安庆; 池州', not on it",
    ]


def test_a_project_without_a_printed_route_may_name_the_city_of_a_section():
    assert _found(None, [("武汉", "on_route")]) == []


def _codebook_found(values: list[str]) -> list[tuple[str | None, str]]:
    owner = resource(
        "measures", [field("measure_id"), enum_field("status", ["planned", "implemented"])], ["measure_id"]
    )
    sharer = resource(
        "status_reports",
        [field("report_id"), enum_field("status", values, **{"c4data:codebookOf": "measures.status"})],
        ["report_id"],
    )
    problems = run_stage("codebook", "csv", CheckInput(inline_descriptor(owner, sharer)), only={"shared-codebook"})
    return [(p.field, p.message) for p in problems]


def test_a_field_sharing_a_codebook_has_the_same_values():
    assert _codebook_found(["planned", "implemented"]) == []
    assert _codebook_found(["planned", "done"]) == [
        ("status", "differs from the codebook of measures.status, which it shares")
    ]
