"""The Parquet package: the tables as shipped, byte for byte, with ``datapackage.json``; read back as ``validate``
checks the installed package (each file's hash, readability and storage types, then every row check)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from c4data.checks import CheckInput, TableRows, descriptor_problems
from c4data.files.hashing import file_hash
from c4data.files.untrusted import parquet_size_problem
from c4data.formats.base import Format, Row, rows_problems
from c4data.model import codes
from c4data.model.descriptor import Descriptor, repoint
from c4data.model.errors import DataIntegrityError
from c4data.model.paths import DESCRIPTOR_NAME, repair_advice, resolve_descriptor
from c4data.model.problems import Problem
from c4data.model.schema import Table
from c4data.model.types import arrow_type
from c4data.reading.integrity import checked_bytes, parse_parquet, read_data_file, untrusted_problems

if TYPE_CHECKING:
    import pyarrow as pa


def write_package(descriptor: Descriptor, package: Path) -> None:
    """The shipped Parquet files byte for byte, with their hashes.

    ``bytes`` is left out: frictionless 5.21 cannot count it for Parquet and reports every
    declared size as a mismatch (see the README).
    """

    def copy_file(resource: dict[str, Any]) -> dict[str, Any]:
        table = descriptor.table(resource["name"])
        target = package / table.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(read_data_file(descriptor, table.name))
        return {"hash": file_hash(target)}

    data = repoint(descriptor.data, copy_file, drop=("bytes",))
    Descriptor(path=package / DESCRIPTOR_NAME, data=data).write(package / DESCRIPTOR_NAME)


def read_parquet_rows(descriptor: Descriptor) -> tuple[list[TableRows], list[Problem]]:
    """Every table's rows as Python values, numbered from 1, each file read once; a problem for each file
    that does not match its hash, is missing or unreadable, or is not stored as its schema declares."""
    tables, problems = [], []
    for table in descriptor.package.tables:
        data, problem = checked_bytes(descriptor, table.name)
        if problem is not None:  # reported, and the rows still checked, so that a hand edit is fully described
            problems.append(problem)
        if data is None:
            continue
        try:
            stored = parse_parquet(descriptor.data_file(table.name), data, lambda: repair_advice(descriptor.basepath))
        except DataIntegrityError as error:
            message = "; ".join(part for part in (error.reason, error.advice) if part)
            problems.append(Problem(where=table.path, message=message, code=codes.DATA_FILE_UNREADABLE))
            continue
        storage = list(storage_problems(descriptor, table.name, stored))
        if storage:
            problems += storage
            continue
        rows = stored.to_pylist()
        tables.append(TableRows(table.name, table.name, rows, list(range(1, len(rows) + 1))))
    return tables, problems


def storage_problems(descriptor: Descriptor, name: str, stored: pa.Table) -> Iterator[Problem]:
    """The Parquet columns are the schema's fields, in order, each stored as the Arrow type of its field type."""
    table = descriptor.table(name)
    if stored.column_names != table.field_names:
        message = f"has columns {stored.column_names}, the schema declares {table.field_names}"
        yield Problem(where=table.path, message=message, code=codes.STORAGE_TYPE)
        return
    for field, stored_type in zip(table.fields, stored.schema.types, strict=True):
        if stored_type != arrow_type(field):
            message = f"is stored as {stored_type}, its type {field.type!r} needs {arrow_type(field)}"
            yield Problem(where=table.path, field=field.name, message=message, code=codes.STORAGE_TYPE)


def package_problems(descriptor: Descriptor, sources_dir: Path | None) -> list[Problem]:
    """All problems of the Parquet package at ``descriptor``; empty when it is valid."""
    problems = untrusted_problems(descriptor)
    if problems:
        return problems
    problems = descriptor_problems(CheckInput(descriptor), "parquet")
    if problems:
        return problems
    tables, problems = read_parquet_rows(descriptor)
    if len(tables) < len(descriptor.resource_names):
        return problems  # frictionless and the row rules need every table's rows
    return problems + rows_problems(descriptor, tables, sources_dir)


def problems(path: Path, sources_dir: Path | None) -> list[Problem]:
    """The problems of the Parquet package at ``path`` (its directory or descriptor)."""
    return package_problems(Descriptor.read(resolve_descriptor(path)), sources_dir)


def table_rows(table: Table, content: bytes) -> list[Row]:
    """A table's rows from its Parquet bytes, within the row and column limits (``ValueError`` otherwise)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(pa.BufferReader(content))
        too_big = parquet_size_problem(parquet.metadata)
        if too_big is not None:
            raise ValueError(too_big)
        rows: list[Row] = parquet.read().to_pylist()
    except pa.ArrowException as error:
        raise ValueError(str(error)) from None
    return rows


FORMAT = Format(
    name="parquet",
    description="the tables as shipped (Parquet) with datapackage.json, in a directory",
    write=write_package,
    problems=problems,
    table_rows=table_rows,
)
