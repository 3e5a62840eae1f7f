"""The CSV package: each table as UTF-8 CSV with a byte-order mark (Excel, R, pandas), with ``datapackage.json``.

Read back: each file's hash, frictionless on the files (without foreign keys, which are looked up in sets),
then the project's row checks on the rows typed by the schema.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from c4data.checks import CHECKS, CheckInput, TableRows
from c4data.checks.keys import without_foreign_keys
from c4data.checks.text import control_character_cells, formula_cells
from c4data.files.hashing import file_hash
from c4data.files.untrusted import MAX_ROWS, read_file
from c4data.formats.base import Format, Row, file_problems
from c4data.model import codes
from c4data.model.descriptor import CSV_LOCATION, Descriptor, repoint
from c4data.model.paths import DESCRIPTOR_NAME, resolve_descriptor
from c4data.model.problems import PackageProblems, Problem
from c4data.model.schema import Table
from c4data.model.types import field_type, parse_text
from c4data.reading.frictionless import frictionless_problems
from c4data.reading.integrity import read_verified_table

# Excel recognises UTF-8 only by a byte-order mark; frictionless, R (fileEncoding = "UTF-8-BOM") and pandas read it.
CSV_ENCODING = "utf-8-sig"
CSV_MISSING = ""
# The row checks whose work frictionless has just done on the CSV files: its own, and c4data's reading of
# the same Table Schema rules, which the build uses in its place. Foreign keys are looked up in sets
# (``checks.keys``), as ``validate`` does for Parquet: frictionless reads every referenced table again
# for each key.
DONE_BY_FRICTIONLESS = frozenset({codes.FRICTIONLESS, codes.TABLE_SCHEMA})


def write_package(descriptor: Descriptor, package: Path) -> None:
    """Each table as CSV (header row, comma, ``""`` for a missing value), with its hash and size."""
    refused: list[Problem] = []

    def write(resource: dict[str, Any]) -> dict[str, Any]:
        table = descriptor.table(resource["name"])
        rows = read_verified_table(descriptor, table.name).to_pylist()
        refused.extend(
            _refused(table.name, index, name, f"{value[:20]!r} starts like a formula", codes.FORMULA_START)
            for index, name, value in formula_cells(table, rows)
        )
        refused.extend(
            _refused(table.name, index, name, f"holds the control character {found}", codes.CONTROL_CHARACTER)
            for index, name, found in control_character_cells(rows)
        )
        relative = Path(table.path).with_suffix(".csv").as_posix()
        target = package / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_csv(target, table.field_names, rows)
        resource["schema"]["missingValues"] = [CSV_MISSING]
        return {"path": relative, **CSV_LOCATION, "hash": file_hash(target), "bytes": target.stat().st_size}

    # Field-level missing values work around frictionless's Parquet reader; CSV needs only the table's.
    data = repoint(descriptor.data, write, as_text=True)
    if refused:
        raise PackageProblems(refused, "export refused: text a spreadsheet would run as a formula or cannot show")
    Descriptor(path=package / DESCRIPTOR_NAME, data=data).write(package / DESCRIPTOR_NAME)


def _refused(table: str, index: int, field: str, message: str, code: str) -> Problem:
    return Problem(where=table, line=index + 1, field=field, message=message, line_label="row", code=code)


def write_csv(target: Path, names: list[str], rows: list[dict[str, Any]]) -> None:
    """Write rows as RFC 4180 CSV in UTF-8 with a byte-order mark; ``None`` becomes an empty cell."""
    with open(target, "w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_cell(row[name]) for name in names])


def _csv_cell(value: Any) -> str:
    if value is None:
        return CSV_MISSING
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    return str(value)


def typed_csv_rows(table: Table, text: str) -> list[Row]:
    """A CSV table's rows as Python values typed by the schema; its missing values become None."""
    missing = set(table.missing_values)
    types = {field.name: field_type(field) for field in table.fields}
    rows: list[Row] = []
    for record in csv.DictReader(io.StringIO(text, newline="")):
        if len(rows) == MAX_ROWS:
            raise ValueError(f"it holds more than {MAX_ROWS:,} rows, past the limit per table")
        rows.append(
            {
                name: None if cell in missing else parse_text(types.get(name, "string"), cell)
                for name, cell in record.items()
                if isinstance(name, str) and isinstance(cell, str)
            }
        )
    return rows


def table_rows(table: Table, content: bytes) -> list[Row]:
    """A table's rows from its CSV bytes (a byte-order mark or none), typed by the schema."""
    return typed_csv_rows(table, content.decode(CSV_ENCODING))


def package_problems(descriptor: Descriptor, sources_dir: Path | None) -> list[Problem]:
    """A CSV package: its hashes, frictionless on the files (without foreign keys), then the foreign keys and
    the project's rules on the typed rows."""
    problems = file_problems(descriptor)
    paths = {resource["name"]: resource["path"] for resource in descriptor.data["resources"]}
    problems += frictionless_problems(
        without_foreign_keys(descriptor.data),
        descriptor.basepath,
        lambda name: (paths.get(name, name), lambda line: line, "line"),
    )
    if problems:
        return problems  # the rules need every file readable and typed
    tables = []
    for table in descriptor.package.tables:
        rows = table_rows(table, read_file(descriptor.basepath, table.path))
        tables.append(TableRows(table.name, table.path, rows, list(range(2, len(rows) + 2)), "line"))
    # The row checks a CSV package passes, but those frictionless has just done on the files.
    given = CheckInput(descriptor, tables, sources_dir)
    return [
        problem
        for check in CHECKS
        if check.stage == "rows" and "csv" in check.targets and check.code not in DONE_BY_FRICTIONLESS
        for problem in check.run(given)
    ]


def problems(path: Path, sources_dir: Path | None) -> list[Problem]:
    """The problems of the CSV package at ``path`` (its directory or descriptor)."""
    return package_problems(Descriptor.read(resolve_descriptor(path)), sources_dir)


FORMAT = Format(
    name="csv",
    description="each table as UTF-8 CSV with datapackage.json, in a directory (R, Excel, a data portal)",
    write=write_package,
    problems=problems,
    table_rows=table_rows,
)
