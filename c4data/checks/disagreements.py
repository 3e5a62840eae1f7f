"""The check of the ``disagreements`` table: each names a real row and field, and the value the table holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from c4data.checks.base import CheckInput
from c4data.model.problems import Problem
from c4data.model.types import parse_text

DISAGREEMENTS_TABLE = "disagreements"


def disagreement_problems(given: CheckInput) -> Iterator[Problem]:
    """Each disagreement names a real row and field, and its adopted value is the one the table holds."""
    disagreements = given.table_rows(DISAGREEMENTS_TABLE)
    if disagreements is None:
        return
    rows_by_key: dict[str, dict[str, dict[str, Any]]] = {}
    for index, row in enumerate(disagreements.rows):
        table = given.table_rows(row["resource"])
        if table is None:
            continue  # not a table of the package: the enum check reports it
        schema = given.package.table(table.name)
        field = schema.field(row["field"])
        if field is None:
            yield disagreements.problem(index, "field", f"{table.name} has no field {row['field']!r}")
            continue
        if table.name not in rows_by_key:
            key_fields = schema.key_fields
            rows_by_key[table.name] = {table.key(candidate, key_fields): candidate for candidate in table.rows}
        match = rows_by_key[table.name].get(row["row_key"])
        if match is None:
            yield disagreements.problem(index, "row_key", f"{table.name} has no row with key {row['row_key']!r}")
            continue
        if row["other_value"] == row["adopted_value"]:
            yield disagreements.problem(index, "other_value", "is the adopted value: there is no disagreement")
        try:
            adopted = parse_text(field.type, row["adopted_value"])
        except ValueError:
            yield disagreements.problem(index, "adopted_value", f"is not a valid {field.type}")
            continue
        held = table.value(match, field)
        if adopted != held:
            yield disagreements.problem(
                index, "adopted_value", f"is {row['adopted_value']!r}, but {table.name} holds {held!r}"
            )
