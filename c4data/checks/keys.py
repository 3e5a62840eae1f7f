"""Checks of keys and order: frictionless's keys and types on the rows, and rows sorted by primary key."""

from __future__ import annotations

from collections.abc import Iterator

from c4data._frictionless import frictionless_problems
from c4data.checks.base import CheckInput
from c4data.problems import Problem


def frictionless_row_problems(given: CheckInput) -> Iterator[Problem]:
    """frictionless's validation of the rows: types, constraints, primary and foreign keys. Each problem's
    code is frictionless's own error type (``type-error``, ``foreign-key``...)."""
    if given.frictionless_package is None or given.locate is None:
        raise ValueError("the frictionless check needs the descriptor pointed at the rows, and a locator")
    yield from frictionless_problems(given.frictionless_package, given.descriptor.basepath, given.locate)


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
                    index, ",".join(schema.primary_key), "rows are not sorted by primary key; sort the file by key"
                )
                break
            previous = current
