"""A table's text cells as whole columns (Arrow arrays), for the checks that prove a table clean in one pass.

The per-cell code of each check stays the reference. A check first asks the vectorised pass written beside
it whether the curated table is clean; when the pass finds anything, or cannot tell, the check runs its
per-cell code on that table, so the problems reported are always those of the per-cell code. Every pass is
at least as strict as the code it stands for: it says "clean" only where that code finds nothing
(``tests/checks/test_columns.py`` holds each pass to it on random tables). What Arrow cannot decide
exactly (a Python regular expression, a number at a bound) is decided by the per-cell code itself, once
per distinct text.
"""

from __future__ import annotations

import datetime
from itertools import chain
from typing import TYPE_CHECKING, Any

from c4data.files.untrusted import CONTROL_CHARACTERS
from c4data.model.types import DATE_PATTERN, NUMERAL_PATTERNS
from c4data.reading.arrays import buffer, number_array, scalar, text_array

if TYPE_CHECKING:
    import pyarrow as pa

    from c4data.checks.base import TableRows
    from c4data.model.schema import Field, Table

CACHE_KEY = "columns"
# The numeral and date patterns of ``model.types`` as RE2 reads them (ASCII classes and anchors only, so
# that RE2 and Python's ``fullmatch`` accept exactly the same texts).
RE2_PATTERNS = {
    "integer": f"^{NUMERAL_PATTERNS['integer'].pattern}$",
    "number": f"^{NUMERAL_PATTERNS['number'].pattern}$",
    "date": f"^{DATE_PATTERN.pattern}$",
}
# ``files.untrusted.CONTROL_CHARACTERS`` as RE2 reads it: each character of the class written as an escape.
CONTROL_CLASS = "".join(c if c in "[]-" else f"\\x{{{ord(c):x}}}" for c in CONTROL_CHARACTERS.pattern)
FIRST_DAY = datetime.date(1, 1, 1)  # Python's dates start here; Arrow's reach further back
# Below this many rows the per-cell code is quicker than importing pyarrow.compute and making the columns.
VECTORISED_FROM = 1_000


class Columns:
    """The text cells of a curated table, one Arrow string array per field (null where the cell is missing),
    and each field's cells as its type where every cell is plainly of it."""

    def __init__(self, texts: dict[str, pa.Array[Any]], length: int) -> None:
        self.texts = texts
        self.length = length
        self._typed: dict[str, pa.Array[Any] | None] = {}
        self._plain: dict[str, pa.Array[Any]] = {}

    def text(self, name: str) -> pa.Array[Any]:
        return self.texts[name]

    def plain(self, field: Field) -> pa.Array[Any]:
        """Boolean per cell: a numeral or date written as ``model.types`` asks (null where the cell is empty)."""
        if field.name not in self._plain:
            import pyarrow.compute as pc

            self._plain[field.name] = pc.match_substring_regex(self.text(field.name), RE2_PATTERNS[field.type])
        return self._plain[field.name]

    def typed(self, field: Field) -> pa.Array[Any] | None:
        """The field's cells as its Arrow type, or None unless every filled cell is plainly of its type.

        Where given, each value is the one Python reads from the text (``int``, ``float``, a ``date``):
        numerals and dates are first matched against the plain patterns, a date must print back as its
        text, a number is finite, and ``-0.0`` is made ``0.0`` (as Decimal and float equality have it).
        """
        if field.name not in self._typed:
            self._typed[field.name] = self._cast(field)
        return self._typed[field.name]

    def _cast(self, field: Field) -> pa.Array[Any] | None:
        import pyarrow as pa
        import pyarrow.compute as pc

        text = self.text(field.name)
        if field.type == "string":
            return text
        if field.type not in RE2_PATTERNS or not all_true(self.plain(field)):
            return None
        try:
            if field.type == "integer":
                return pc.cast(text, pa.int64())
            if field.type == "number":
                numbers = pc.cast(text, pa.float64())
                if not all_true(pc.is_finite(numbers)):
                    return None
                return pc.add(numbers, scalar(0.0, "number"))  # -0.0 becomes 0.0
            dates = pc.cast(text, pa.date32())
        except pa.ArrowException:
            return None
        if not all_true(pc.equal(pc.cast(dates, pa.string()), text)):
            return None
        if not all_true(pc.greater_equal(dates, scalar(FIRST_DAY, "date"))):
            return None
        return dates


def worth_columns(table: TableRows) -> bool:
    """Whether a check should first try the table's columns: text cells, and enough of them to pay."""
    return not table.typed and len(table.rows) >= VECTORISED_FROM


def columns(table: TableRows, schema: Table) -> Columns | None:
    """The table's cells as columns, made once per table; None when its cells are typed values, not text."""
    if table.typed:
        return None
    if CACHE_KEY not in table.cache:
        table.cache[CACHE_KEY] = _columns(table, schema)
    found: Columns | None = table.cache[CACHE_KEY]
    return found


def _columns(table: TableRows, schema: Table) -> Columns | None:
    names = schema.field_names
    arrays: dict[str, pa.Array[Any] | None] | None
    if table.records is not None and len(table.records) == len(table.rows):
        arrays = record_arrays(table.records, names, schema.missing_values)
    else:
        expected = set(names)
        if any(row.keys() != expected for row in table.rows):
            return None  # rows holding other cells than the fields: the per-cell code reads them
        arrays = {name: text_array([row[name] for row in table.rows]) for name in names}
    if arrays is None or any(array is None or len(array) != len(table.rows) for array in arrays.values()):
        return None
    return Columns({name: array for name, array in arrays.items() if array is not None}, len(table.rows))


def record_arrays(
    records: list[list[str]], names: list[str], missing: tuple[str, ...]
) -> dict[str, pa.Array[Any] | None] | None:
    """The records' cells as one string array per field, a missing value null (as the curated reader reads
    it); None when a record is not as wide as ``names`` or a cell holds a line break.

    All cells are joined by line breaks into one text, which Arrow splits and deals out by field.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    count, width = len(records), len(names)
    if count == 0 or width == 0:
        return {name: text_array([]) for name in names}
    if set(map(len, records)) != {width}:
        return None
    data = "\n".join(chain.from_iterable(records)).encode("utf-8")
    whole = pa.Array.from_buffers(
        pa.large_string(), 1, [None, buffer(np.array([0, len(data)], dtype=np.int64)), buffer(data)]
    )
    cells = pc.split_pattern(whole, pattern="\n").flatten()
    if len(cells) != count * width:
        return None  # a cell holds a line break: the per-cell code reads it
    empty = text_array(list(missing))
    arrays: dict[str, pa.Array[Any] | None] = {}
    for index, name in enumerate(names):
        positions = np.arange(index, count * width, width, dtype=np.int64)
        column = pc.take(cells, pa.Array.from_buffers(pa.int64(), count, [None, buffer(positions)]))
        column = column.cast(pa.string()) if len(data) < 2**31 else column
        if empty is not None and len(empty):
            column = pc.if_else(pc.is_in(column, value_set=empty), pa.nulls(count, column.type), column)
        arrays[name] = column
    return arrays


def all_false(mask: pa.Array[Any]) -> bool:
    """Whether no value of a boolean array is true."""
    return not any_true(mask)


def all_true(mask: pa.Array[Any]) -> bool:
    """Whether every non-null value of a boolean array is true."""
    import pyarrow.compute as pc

    return mask.null_count == len(mask) or bool(pc.all(mask).as_py())


def any_true(mask: pa.Array[Any]) -> bool:
    """Whether any value of a boolean array is true (nulls are not)."""
    import pyarrow.compute as pc

    return bool(pc.any(mask).as_py())


def joined_text(text: pa.Array[Any]) -> pa.Array[Any]:
    """The cells of a string array as one cell, every text one after the other (nulls add nothing), made from
    its buffers without a copy: one search over it finds any single character any cell holds."""
    import numpy as np
    import pyarrow as pa

    offset_type: Any = np.int64 if pa.types.is_large_string(text.type) else np.int32
    _, offsets, data = text.buffers()
    ends: Any = (
        np.frombuffer(memoryview(offsets), dtype=offset_type)[text.offset : text.offset + len(text) + 1]
        if offsets
        else []
    )
    start, stop = (int(ends[0]), int(ends[-1])) if len(ends) else (0, 0)
    content = data.slice(start, stop - start) if data is not None else buffer(b"")
    return pa.Array.from_buffers(text.type, 1, [None, buffer(np.array([0, stop - start], dtype=offset_type)), content])


def distinct_texts(text: pa.Array[Any], where: pa.Array[Any] | None = None) -> list[Any]:
    """The distinct cells of ``text`` (those where ``where`` is true, if given), as Python values."""
    import pyarrow.compute as pc

    chosen = text if where is None else pc.filter(text, where)
    return list(pc.unique(chosen).to_pylist())


def distinct_rows(found: Columns, names: list[str]) -> list[dict[str, str | None]]:
    """The distinct rows of the cells of fields ``names`` (an empty cell None), each once, as the per-cell
    code reads a row; made over columns (each field's texts numbered, the rows' numbers made unique)."""
    import numpy as np
    import pyarrow.compute as pc

    if not names or found.length == 0:
        return []
    values, numbers = [], []
    for name in names:
        encoded: Any = pc.dictionary_encode(found.text(name))
        texts = encoded.dictionary.to_pylist()
        values.append([*texts, None])  # an empty cell: the number after every text's
        filled = pc.fill_null(encoded.indices, number_array([len(texts)], "integer")[0].cast(encoded.indices.type))
        width: Any = np.dtype(filled.type.to_pandas_dtype())  # a numpy dtype; to_numpy() would import pandas
        held: Any = np.frombuffer(memoryview(filled.buffers()[1]), dtype=width)
        numbers.append(held[filled.offset : filled.offset + len(filled)].astype(np.int64))
    distinct = np.unique(np.stack(numbers, axis=1), axis=0)
    return [{name: values[i][int(n)] for i, (name, n) in enumerate(zip(names, row, strict=True))} for row in distinct]


def sorted_rows(keys: list[pa.Array[Any]]) -> bool:
    """Whether the rows are in order by ``keys`` (compared as a tuple; no key cell empty)."""
    import pyarrow.compute as pc

    if not keys or len(keys[0]) < 2:
        return True
    before: Any = None  # per row from the second: the row's key is below the one before it
    for values in reversed(keys):
        previous, current = values.slice(0, len(values) - 1), values.slice(1)
        below = pc.less(current, previous)
        before = below if before is None else pc.or_(below, pc.and_(pc.equal(current, previous), before))
    return all_false(before)
