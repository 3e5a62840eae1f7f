"""Checks of keys and order: frictionless's keys and types on the rows, and rows sorted by primary key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from c4data.checks.base import CheckInput, TableRows
from c4data.checks.table_schema import READERS
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Field, Table
from c4data.reading.frictionless import frictionless_problems


def frictionless_row_problems(given: CheckInput) -> Iterator[Problem]:
    """frictionless's validation of the rows: types, constraints, primary and foreign keys. Each problem's
    code is frictionless's own error type (``type-error``, ``foreign-key``...).

    frictionless 5.21 reads every referenced table again for each foreign key, which costs more than
    all its other checks together; so it is given the tables without their foreign keys, and
    ``foreign_key_problems`` looks them up in sets, each problem placed where frictionless puts it.
    """
    if given.frictionless_package is None or given.locate is None:
        raise ValueError("the frictionless check needs the descriptor pointed at the rows, and a locator")
    package = without_foreign_keys(given.frictionless_package)
    found = frictionless_problems(package, given.descriptor.basepath, given.locate)
    yield from _in_row_order(found, list(foreign_key_problems(given)), [table.where for table in given.tables])


def without_foreign_keys(package: dict[str, Any]) -> dict[str, Any]:
    """A shallow copy of a package descriptor whose schemas declare no foreign keys (rows are not copied)."""
    resources = []
    for resource in package["resources"]:
        schema = {key: value for key, value in resource["schema"].items() if key != "foreignKeys"}
        resources.append({**resource, "schema": schema})
    return {**package, "resources": resources}


def foreign_key_problems(given: CheckInput) -> Iterator[Problem]:
    """Each foreign key's values are those of a row of the table it references, looked up in a set.

    As frictionless checks them, with its message: a key whose cells are all empty is not checked; a cell
    is read as frictionless reads it (``checks.table_schema.READERS``), and one not of its type counts as empty.
    """
    lookups: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]] = {}
    for table in given.tables:
        schema = given.package.table(table.name)
        for key in schema.foreign_keys:
            referenced = given.table_rows(key.resource)
            if referenced is None:
                continue
            if (key.resource, key.reference_fields) not in lookups:
                fields = _fields(given.package.table(key.resource), key.reference_fields)
                values = (_cells(referenced, row, fields) for row in referenced.rows)
                lookups[key.resource, key.reference_fields] = {cells for cells in values if any(_present(cells))}
            known = lookups[key.resource, key.reference_fields]
            fields = _fields(schema, key.fields)
            for index, row in enumerate(table.rows):
                cells = _cells(table, row, fields)
                if cells in known or not any(_present(cells)):
                    continue
                note = 'for "{}": values "{}" not found in the lookup table "{}" as "{}"'.format(
                    ", ".join(key.fields),
                    ", ".join(str(cell) for cell in cells),
                    key.resource,
                    ", ".join(key.reference_fields),
                )
                yield table.problem(index, ",".join(key.fields), f"{codes.FOREIGN_KEY}: {note}", code=codes.FOREIGN_KEY)


def _fields(schema: Table, names: tuple[str, ...]) -> list[Field | None]:
    return [schema.field(name) for name in names]


def _cells(table: TableRows, row: dict[str, Any], fields: list[Field | None]) -> tuple[Any, ...]:
    """A key's cells as frictionless reads them: typed, and None when empty or not of their type."""
    cells: list[Any] = []
    for field in fields:
        if field is None:
            cells.append(None)
            continue
        cell = row.get(field.name)
        if table.typed or cell is None:
            cells.append(cell)
            continue
        cells.append(READERS[field.type](cell))  # None when not of its type, as frictionless reads it
    return tuple(cells)


def _present(cells: tuple[Any, ...]) -> Iterator[bool]:
    return (cell is not None for cell in cells)


def _in_row_order(found: list[Problem], foreign: list[Problem], tables: list[str]) -> list[Problem]:
    """frictionless's problems with the foreign-key ones merged in, table by table in ``tables``' order,
    each after the other problems of its row, as frictionless lists a row's foreign-key error last."""
    if not foreign:
        return found
    merged = [problem for problem in found if problem.where not in tables]  # the package's own
    for where in tables:
        pending = [problem for problem in foreign if problem.where == where]
        for problem in (problem for problem in found if problem.where == where):
            while pending and problem.line is not None and (pending[0].line or 0) < problem.line:
                merged.append(pending.pop(0))
            merged.append(problem)
        merged += pending
    return merged


def order_problems(given: CheckInput) -> Iterator[Problem]:
    """Rows are sorted by primary key, so that a change reads as a small diff."""
    for table in given.tables:
        schema = given.package.table(table.name)
        key_fields = schema.key_fields
        previous = None
        for index, row in enumerate(table.rows):
            current = tuple(table.value(row, field) for field in key_fields)
            if any(value is None for value in current):
                previous = None  # an empty key: the primary-key check reports it
                continue
            try:
                unsorted = previous is not None and current < previous
            except TypeError:
                break  # a key that is not of its type: the type check reports it
            if unsorted:
                yield table.problem(
                    index,
                    ",".join(schema.primary_key),
                    "rows are not sorted by primary key; sort the file by key",
                    code=codes.ROW_ORDER,
                )
                break
            previous = current
