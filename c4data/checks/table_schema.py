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
from typing import TYPE_CHECKING, Any

from c4data.checks.base import CheckInput, TableRows
from c4data.checks.columns import Columns, all_false, all_true, any_true, columns, distinct_texts, worth_columns
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Field, Table
from c4data.reading.arrays import number_array, scalar, text_array

if TYPE_CHECKING:
    import pyarrow as pa

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
        schema = given.package.table(table.name)
        if not (worth_columns(table) and table_is_clean(table, schema)):
            yield from _table_problems(table, schema)


def table_is_clean(table: TableRows, schema: Table) -> bool:
    """Whether ``_table_problems`` would find nothing, decided over whole columns (``checks.columns``);
    False whenever anything is found or cannot be told there."""
    found = columns(table, schema)
    if found is None or not all(_cells_are_clean(found, CellReader(field)) for field in schema.fields):
        return False
    if schema.fields and any_true(_all_missing(found, schema)):
        return False  # a blank row
    for field in schema.fields:
        if field.constraints.get("unique") and not _distinct(found, [field]):
            return False
    if schema.primary_key:
        key = [schema.field(name) for name in schema.primary_key]
        if any(field is None for field in key):
            return False
        key_fields = [field for field in key if field is not None]
        return not any_true(_all_missing(found, schema, key_fields)) and _distinct(found, key_fields)
    return True


def _cells_are_clean(found: Columns, reader: CellReader) -> bool:
    """Whether ``reader`` finds no error in any cell of its field: Arrow decides what it can exactly, and
    ``reader`` itself reads each distinct text left undecided."""
    import pyarrow.compute as pc

    field = reader.field
    text = found.text(field.name)
    if text.null_count and reader.read(None)[1]:
        return False  # an empty cell in a required field
    if text.null_count == len(text):
        return True
    values = found.typed(field)
    if values is None:  # some cell not plainly of its type: the reader reads every distinct cell
        return not any(reader.read(cell)[1] for cell in distinct_texts(text))
    undecided = None  # per cell: true where the reader must read it
    for name in CONSTRAINTS_BY_TYPE[field.type]:
        constraint = field.constraints.get(name)
        if constraint is None or name == "required":
            continue
        verdict = _vectorised(reader, name, constraint, values)
        if verdict is None:
            return not any(reader.read(cell)[1] for cell in distinct_texts(text))
        verdict = pc.or_kleene(verdict, pc.is_null(text))  # an empty cell meets every constraint but required
        if not all_true(verdict):
            return False  # surely broken: the per-cell code says how
        unknown = pc.and_(pc.is_null(verdict), pc.is_valid(text))
        undecided = unknown if undecided is None else pc.or_(undecided, unknown)
    if undecided is None or not any_true(undecided):
        return True
    return not any(reader.read(cell)[1] for cell in distinct_texts(text, undecided))


def _vectorised(reader: CellReader, name: str, constraint: Any, values: Any) -> Any:
    """Per cell, whether it meets the constraint: true surely met, false surely broken, null for an empty
    cell or one Arrow cannot tell exactly; None when Arrow cannot read the constraint at all."""
    import pyarrow.compute as pc

    field = reader.field
    if name in ("minLength", "maxLength") and type(constraint) is int and abs(constraint) < 2**31:
        length, limit = pc.utf8_length(values), scalar(constraint, "integer")
        return pc.greater_equal(length, limit) if name == "minLength" else pc.less_equal(length, limit)
    if name == "enum" and isinstance(constraint, list):
        allowed = [reader._declared(item) for item in constraint]
        kind = {"string": str, "integer": int}.get(field.type)
        if kind is None or any(type(item) is not kind for item in allowed):
            return None
        if kind is int and not all(-(2**63) <= item < 2**63 for item in allowed):
            return None
        value_set = text_array(allowed) if field.type == "string" else number_array(allowed, field.type)
        return None if value_set is None else pc.is_in(values, value_set=value_set)
    if name in BOUNDS:
        return _within(field, name, reader._declared(constraint), values)
    return None  # a pattern: the reader reads it


def _within(field: Field, name: str, bound: Any, values: Any) -> Any:
    """Per cell, whether it is within ``bound``; null where it cannot be told exactly (a number at the bound)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    compare = {
        "minimum": pc.greater_equal,
        "maximum": pc.less_equal,
        "exclusiveMinimum": pc.greater,
        "exclusiveMaximum": pc.less,
    }[name]
    if field.type == "integer" and type(bound) is int and -(2**63) <= bound < 2**63:
        return compare(values, scalar(bound, "integer"))
    if field.type == "date" and type(bound) is datetime.date:
        return compare(values, scalar(bound, "date"))
    if field.type == "number" and type(bound) in (int, Decimal) and not (isinstance(bound, Decimal) and bound.is_nan()):
        try:
            edge = float(bound)  # rounding keeps order: a float strictly past the edge is a number past the bound
        except OverflowError:
            return None
        # Strictly inside: met; strictly outside: broken; on the edge (after rounding): left to the reader.
        inside = (pc.greater if name in ("minimum", "exclusiveMinimum") else pc.less)(values, scalar(edge, "number"))
        on_edge = pc.equal(values, scalar(edge, "number"))
        return pc.if_else(on_edge, pa.nulls(len(values), pa.bool_()), inside)
    return None


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


def _all_missing(found: Columns, schema: Table, fields: list[Field] | None = None) -> pa.Array[Any]:
    """Per row, whether every cell of ``fields`` (every field, when not given) is empty."""
    import pyarrow.compute as pc

    masks = [pc.is_null(found.text(field.name)) for field in (fields or schema.fields)]
    result = masks[0]
    for mask in masks[1:]:
        result = pc.and_(result, mask)
    return result


def _distinct(found: Columns, fields: list[Field]) -> bool:
    """Whether no two rows hold the same values in ``fields`` (empty cells equal to each other, as in a
    Python tuple), read as their types; False when a field's cells are not all plainly of its type."""
    import pyarrow as pa
    import pyarrow.compute as pc

    typed = [values for values in (found.typed(field) for field in fields) if values is not None]
    if len(typed) != len(fields):
        return False
    if len(fields) == 1:
        values = typed[0]
        filled = len(values) - values.null_count
        return filled == 0 or pc.count_distinct(values).as_py() == filled
    if found.length < 2:
        return True
    names = [f"k{index}" for index in range(len(typed))]
    table = pa.Table.from_arrays(typed, names=names)
    order = pc.sort_indices(table, sort_keys=[(name, "ascending") for name in names])
    ordered = table.take(order)
    same = None  # per row from the second: every key cell equal to the row before's (empty equal to empty)
    for name in names:
        values = ordered.column(name).combine_chunks()
        previous, current = values.slice(0, len(values) - 1), values.slice(1)
        both_empty = pc.and_(pc.is_null(previous), pc.is_null(current))
        equal = pc.equal(previous, current)
        equal = pc.if_else(pc.is_valid(equal), equal, both_empty)
        same = equal if same is None else pc.and_(same, equal)
    return same is None or all_false(same)


def _same_as(position: int) -> str:
    return f"the same as in the row at position {position}"


def _problem(table: TableRows, index: int, field: str | None, kind: str, note: str) -> Problem:
    return table.problem(index, field, f"{kind}: {note}", code=kind)
