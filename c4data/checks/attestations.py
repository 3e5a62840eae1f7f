"""The check of the ``attestations`` table: each names a real row and, when it names one, a real field."""

from __future__ import annotations

from collections.abc import Iterator

from c4data.checks.base import CheckInput
from c4data.model import codes
from c4data.model.problems import Problem

ATTESTATIONS_TABLE = "attestations"


def attestation_problems(given: CheckInput) -> Iterator[Problem]:
    """Each attestation names a real row (its primary key) and, when it names a field, a field of that table."""
    attestations = given.table_rows(ATTESTATIONS_TABLE)
    if attestations is None:
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
