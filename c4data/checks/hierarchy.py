"""The hierarchy check: rows that name a parent row of their own table (a foreign key into the table's own key)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from c4data.checks.base import CheckInput, TableRows
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Table


def parent_problems(given: CheckInput) -> Iterator[Problem]:
    """A row is not its own ancestor, and each field marked ``c4data:sameAsParent`` holds its parent's value
    (a measure shares its umbrella's domain, so that counting by domain counts each measure once)."""
    for schema in given.package.tables:
        table = given.table_rows(schema.name)
        if table is None:
            continue
        for key in schema.foreign_keys:
            if key.resource == schema.name and len(key.fields) == 1 and len(key.reference_fields) == 1:
                yield from _parent_problems(table, schema, key.fields[0], key.reference_fields[0])


def _parent_problems(table: TableRows, schema: Table, parent_name: str, key_name: str) -> Iterator[Problem]:
    parent_field, key_field = schema.field(parent_name), schema.field(key_name)
    if parent_field is None or key_field is None:
        return  # a foreign key naming no field: the descriptor checks report it
    shared = [field for field in schema.fields if field.same_as_parent]
    by_key: dict[Any, dict[str, Any]] = {table.value(row, key_field): row for row in table.rows}
    parent_of = {
        table.value(row, key_field): table.value(row, parent_field)
        for row in table.rows
        if table.value(row, parent_field) is not None
    }
    for index, row in enumerate(table.rows):
        parent_key = table.value(row, parent_field)
        if parent_key is None:
            continue
        seen, current = {table.value(row, key_field)}, parent_key
        while current in parent_of:
            if current in seen:
                yield table.problem(
                    index, parent_name, f"{parent_key!r} leads back to the row itself: a loop", code=codes.PARENT
                )
                break
            seen.add(current)
            current = parent_of[current]
        parent = by_key.get(parent_key)
        if parent is None:
            continue  # no such row: the foreign-key check reports it
        for field in shared:
            if table.value(row, field) != table.value(parent, field):
                yield table.problem(
                    index,
                    field.name,
                    f"is {table.value(row, field)!r}, but its parent {parent_key!r} has {table.value(parent, field)!r}",
                    code=codes.PARENT,
                )
