"""The check of the ``disagreements`` table: each names a real row and field, and the value the table holds."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from c4data.checks.base import CheckInput
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.types import parse_text

DISAGREEMENTS_TABLE = "disagreements"


def disagreement_problems(given: CheckInput) -> Iterator[Problem]:
    """Each disagreement names a real row and field, and its adopted value is the one the table holds."""
    disagreements = given.table_rows(DISAGREEMENTS_TABLE)
    if disagreements is None:
        return
    for index, row in enumerate(disagreements.rows):
        table = given.table_rows(row["resource"])
        if table is None:
            continue  # not a table of the package: the enum check reports it
        schema = given.package.table(table.name)
        field = schema.field(row["field"])
        if field is None:
            yield disagreements.problem(
                index, "field", f"{table.name} has no field {row['field']!r}", code=codes.DISAGREEMENT
            )
            continue
        match = table.by_key(schema.key_fields).get(row["row_key"])
        if match is None:
            yield disagreements.problem(
                index, "row_key", f"{table.name} has no row with key {row['row_key']!r}", code=codes.DISAGREEMENT
            )
            continue
        if row["other_value"] == row["adopted_value"]:
            yield disagreements.problem(
                index, "other_value", "is the adopted value: there is no disagreement", code=codes.DISAGREEMENT
            )
        try:
            adopted = parse_text(field.type, row["adopted_value"])
        except ValueError:
            yield disagreements.problem(index, "adopted_value", f"is not a valid {field.type}", code=codes.DISAGREEMENT)
            continue
        held = table.value(match, field)
        if adopted != held:
            yield disagreements.problem(
                index,
                "adopted_value",
                f"is {row['adopted_value']!r}, but {table.name} holds {held!r}",
                code=codes.DISAGREEMENT,
            )


def change_over_time_problems(given: CheckInput) -> Iterator[Problem]:
    """No disagreement is a change over time: on a value that changes (a status, ``c4data:changesOverTime``),
    a source published at another time than the row's own reports history, a status report, not a conflict."""
    disagreements = given.table_rows(DISAGREEMENTS_TABLE)
    published = given.bounds("sources", "published_min", "published_max")
    if disagreements is None or not published:
        return
    for index, row in enumerate(disagreements.rows):
        table = given.table_rows(row["resource"])
        field = given.package.table(table.name).field(row["field"]) if table is not None else None
        if table is None or field is None or not field.changes_over_time:
            continue
        held = table.by_key(given.package.table(table.name).key_fields).get(row["row_key"])
        if held is None:
            continue  # no such row: the disagreement check reports it
        own, other = published.get(held.get("source_id")), published.get(row.get("source_id"))
        if own is None or other is None or not all(isinstance(d, datetime.date) for d in (*own, *other)):
            continue  # a source without publication dates: the time cannot be compared
        if other[1] < own[0] or own[1] < other[0]:
            yield disagreements.problem(
                index,
                "source_id",
                f"{row['source_id']} ({other[0]}..{other[1]}) and {held.get('source_id')} ({own[0]}..{own[1]})"
                f" report {table.name}.{field.name} at different times: a change over time is a status report,"
                " not a disagreement",
                code=codes.CHANGE_OVER_TIME,
            )
