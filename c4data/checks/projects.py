"""The check of the projects' routes: every place a project's name prints has its row in ``project_cities``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from c4data.checks.base import CheckInput
from c4data.model import codes
from c4data.model.problems import Problem

PROJECTS_TABLE = "projects"
ROUTE_CITIES_TABLE = "project_cities"
ROUTE_SEPARATOR = "; "
ENDS_ONLY = "terminus"  # the part of a city at an end of a route, and only there
NEVER_AT_AN_END = "on_route"


def route_problems(given: CheckInput) -> Iterator[Problem]:
    """A route's cities are all present: each place of ``projects.route`` is a row of ``project_cities``, a
    terminus is at an end of the route, and an end of the route is not merely on it."""
    projects, places = given.table_rows(PROJECTS_TABLE), given.table_rows(ROUTE_CITIES_TABLE)
    if projects is None or places is None:
        return
    rows_of: dict[Any, dict[Any, tuple[int, dict[str, Any]]]] = {}
    for index, row in enumerate(places.rows):
        rows_of.setdefault(row.get("project_id"), {})[row.get("place")] = (index, row)
    routes = {row.get("project_id"): row.get("route") for row in projects.rows}
    for index, project in enumerate(projects.rows):
        route = project.get("route")
        if not isinstance(route, str):
            continue
        stops = route.split(ROUTE_SEPARATOR)
        linked = rows_of.get(project.get("project_id"), {})
        for stop in stops:
            if stop not in linked:
                yield projects.problem(index, "route", f"{stop!r} has no row in {ROUTE_CITIES_TABLE}", code=codes.ROUTE)
        for end in (stops[0], stops[-1]):
            if end in linked and linked[end][1].get("part") == NEVER_AT_AN_END:
                yield places.problem(
                    linked[end][0], "part", f"{end!r} is an end of the route {route!r}, not on it", code=codes.ROUTE
                )
    for project_id, linked in rows_of.items():
        route = routes.get(project_id)
        stops = route.split(ROUTE_SEPARATOR) if isinstance(route, str) else []
        for place, (index, row) in linked.items():
            if row.get("part") == ENDS_ONLY and place not in (stops[:1] + stops[-1:]):
                yield places.problem(
                    index, "part", f"{place!r} is a terminus, but not an end of the route {route!r}", code=codes.ROUTE
                )
