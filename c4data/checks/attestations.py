"""The check of the ``attestations`` table: each names a real row and, when it names one, a real field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from c4data.checks.base import ROW_KEY_SEPARATOR, CheckInput, TableRows
from c4data.checks.columns import all_true, columns, distinct_texts, worth_columns
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Table
from c4data.reading.arrays import text_array

if TYPE_CHECKING:
    import pyarrow as pa

ATTESTATIONS_TABLE = "attestations"


def attestation_problems(given: CheckInput) -> Iterator[Problem]:
    """Each attestation names a real row (its primary key) and, when it names a field, a field of that table."""
    attestations = given.table_rows(ATTESTATIONS_TABLE)
    if attestations is None or (worth_columns(attestations) and _attestations_are_clean(given, attestations)):
        return
    for index, row in enumerate(attestations.rows):
        table = given.table_rows(row["resource"])
        if table is None:
            continue  # not a table of the package: the enum check reports it
        schema = given.package.table(table.name)
        if row.get("field") is not None and schema.field(row["field"]) is None:
            yield attestations.problem(
                index, "field", f"{table.name} has no field {row['field']!r}", code=codes.ATTESTATION
            )
        if row["row_key"] not in table.by_key(schema.key_fields):
            yield attestations.problem(
                index, "row_key", f"{table.name} has no row with key {row['row_key']!r}", code=codes.ATTESTATION
            )


def _attestations_are_clean(given: CheckInput, attestations: TableRows) -> bool:
    """Whether the per-cell code above finds nothing, decided over whole columns; False whenever anything is
    found or cannot be told there (a key that is not plainly text, an integer or a date)."""
    import pyarrow.compute as pc

    found = columns(attestations, given.package.table(ATTESTATIONS_TABLE))
    if found is None or not {"resource", "field", "row_key"} <= found.texts.keys():
        return False
    resources, fields, row_keys = found.text("resource"), found.text("field"), found.text("row_key")
    if row_keys.null_count:
        return False
    for name in distinct_texts(resources):
        table = given.table_rows(name) if name is not None else None
        if table is None:
            continue
        schema = given.package.table(table.name)
        keys = _key_texts(table, schema)
        field_names: list[str | None] = list(schema.field_names)
        names = text_array(field_names)
        if keys is None or names is None:
            return False
        chosen = pc.equal(resources, _text_scalar(name))
        named = pc.drop_null(pc.filter(fields, chosen))  # an empty field names none
        if not all_true(pc.is_in(pc.filter(row_keys, chosen), value_set=keys)):
            return False
        if not all_true(pc.is_in(named, value_set=names)):
            return False
    return True


def _key_texts(table: TableRows, schema: Table) -> pa.Array[Any] | None:
    """Each row's primary key as ``TableRows.key`` writes it, over columns; None when it cannot be told there
    (a table of typed values, a key cell empty, a field neither text, integer nor date)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = columns(table, schema)
    key_fields = schema.key_fields
    if found is None or not key_fields:
        return None
    parts = []
    for field in key_fields:
        if field.type not in ("string", "integer", "date"):
            return None
        values = found.typed(field)
        if values is None or values.null_count:
            return None
        parts.append(values if field.type == "string" else pc.cast(values, pa.string()))
    if len(parts) == 1:
        return parts[0]
    join: Any = pc.binary_join_element_wise  # the stubs take no scalar separator; a str would import pandas
    joined: pa.Array[Any] = join(*parts, _text_scalar(ROW_KEY_SEPARATOR))
    return joined


def _text_scalar(text: str) -> pa.Scalar[Any]:
    """A string scalar made from its buffer (``reading.arrays``: no pandas import)."""
    made = text_array([text])
    assert made is not None
    found: pa.Scalar[Any] = made[0]
    return found
