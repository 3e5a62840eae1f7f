"""The Table Schema's rules on the curated rows, read as frictionless 5 reads them: each cell of its field's
type and within its constraints, unique fields unique, primary keys filled and unique (foreign keys:
``checks.keys``). Each problem carries frictionless's error type as its code, and frictionless's message.

Why not frictionless itself on this path: before a build, importing it and its row pass cost about 0.8 s,
three times a plain build of the same files (``benchmarks/bench.py``), for four types and eight
constraints. ``c4data validate`` still runs frictionless's validator on the built package, and
``tests/checks/test_table_schema.py`` holds this reading to frictionless's on damaged tables.
``checks.schema_rules`` refuses any rule of the descriptor that is not read here, or not well formed.
"""

from __future__ import annotations

import datetime
import operator
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from c4data.checks.base import CheckInput, TableRows
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Field, Table

# The constraints frictionless reads for each type c4data supports, in the order it checks them.
BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
CONSTRAINTS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", *BOUNDS, "enum"),
    "number": ("required", *BOUNDS, "enum"),
    "date": ("required", *BOUNDS, "enum"),
}
ROW_CONSTRAINTS = ("unique",)  # checked across the rows of a table, not cell by cell
DATE_FORMAT = "%Y-%m-%d"  # Table Schema's default date format
ALL_EMPTY_KEY = 'cells composing the primary keys are all "None"'  # frictionless's words


def _integer(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return None if value.is_snan() else value  # a signalling NaN cannot be compared or hashed: not a number


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text, DATE_FORMAT).date()
    except ValueError:
        return None


READERS: dict[str, Callable[[str], Any]] = {"string": str, "integer": _integer, "number": _number, "date": _date}
COMPARISONS = {
    "minimum": operator.ge,
    "maximum": operator.le,
    "exclusiveMinimum": operator.gt,
    "exclusiveMaximum": operator.lt,
}


class CellReader:
    """Reads one field's cells: the typed value, and the notes of a type error or of the constraints it breaks."""

    def __init__(self, field: Field) -> None:
        self.field = field
        self.read_text = READERS[field.type]
        self.tests: list[tuple[str, Callable[[Any], bool]]] = [
            (name, self._test(name, field.constraints[name]))
            for name in CONSTRAINTS_BY_TYPE[field.type]
            if field.constraints.get(name) is not None
        ]

    def _declared(self, value: Any) -> Any:
        """A constraint's value from the descriptor, as a cell of this field would read."""
        if isinstance(value, str):
            return self.read_text(value)
        if isinstance(value, float) and self.field.type == "number":
            return Decimal(str(value))
        return value

    def _test(self, name: str, constraint: Any) -> Callable[[Any], bool]:
        if name == "required":
            return lambda value: not (constraint and value is None)
        if name == "minLength":
            return lambda value: value is None or len(value) >= constraint
        if name == "maxLength":
            return lambda value: value is None or len(value) <= constraint
        if name == "pattern":
            matches = re.compile(f"^{constraint}$").match
            return lambda value: value is None or matches(value) is not None
        if name == "enum":
            allowed = [self._declared(item) for item in constraint]
            return lambda value: value is None or value in allowed
        bound, compare = self._declared(constraint), COMPARISONS[name]
        return lambda value: value is None or (value == value and bool(compare(value, bound)))

    def read(self, text: str | None) -> tuple[Any, list[tuple[str, str]]]:
        """The cell's value (None when empty or not of its type) and its errors as (type, note)."""
        value = None if text is None else self.read_text(text)
        if text is not None and value is None:
            return None, [(codes.TYPE_ERROR, f'type is "{self.field.type}/default"')]
        return value, [
            (codes.CONSTRAINT_ERROR, f'constraint "{name}" is "{self.field.constraints[name]}"')
            for name, test in self.tests
            if not test(value)
        ]


def table_schema_problems(given: CheckInput) -> Iterator[Problem]:
    """Cells of their type and within their constraints, unique fields and primary keys unique (as frictionless).

    Reads the curated CSV's text cells; the built Parquet's typed rows go to frictionless (``validate``).
    """
    for table in given.tables:
        if table.typed:
            raise ValueError(f"{table.name}: the Table Schema check reads text cells, not typed ones")
        yield from _table_problems(table, given.package.table(table.name))


def _table_problems(table: TableRows, schema: Table) -> Iterator[Problem]:
    readers = [CellReader(field) for field in schema.fields]
    unique = [field.name for field in schema.fields if field.constraints.get("unique")]
    seen_unique: dict[str, dict[Any, int]] = {name: {} for name in unique}
    seen_keys: dict[tuple[Any, ...], int] = {}
    key_names = ",".join(schema.primary_key)
    for index, row in enumerate(table.rows):
        position = index + 2  # frictionless counts the header as row 1
        values: dict[str, Any] = {}
        found: list[Problem] = []
        for reader in readers:
            values[reader.field.name], errors = reader.read(row.get(reader.field.name))
            found += [_problem(table, index, reader.field.name, kind, note) for kind, note in errors]
        if all(row.get(reader.field.name) is None for reader in readers):
            found = [_problem(table, index, None, codes.BLANK_ROW, f'Row at position "{position}" is completely blank')]
        for name in unique:
            value = values[name]
            if value is not None:
                earlier = seen_unique[name].get(value)
                seen_unique[name][value] = position
                if earlier:
                    found.append(_problem(table, index, name, codes.UNIQUE_ERROR, _same_as(earlier)))
        if schema.primary_key:
            key = tuple(values[name] for name in schema.primary_key)
            if set(key) == {None}:
                found.append(_problem(table, index, key_names, codes.PRIMARY_KEY, ALL_EMPTY_KEY))
            else:
                earlier = seen_keys.get(key)
                seen_keys[key] = position
                if earlier:
                    found.append(_problem(table, index, key_names, codes.PRIMARY_KEY, _same_as(earlier)))
        yield from found


def _same_as(position: int) -> str:
    return f"the same as in the row at position {position}"


def _problem(table: TableRows, index: int, field: str | None, kind: str, note: str) -> Problem:
    return table.problem(index, field, f"{kind}: {note}", code=kind)
