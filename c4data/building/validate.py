"""Validate a built data package: frictionless's checks plus the project's own rules (``c4data.checks``)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from c4data.checks import CheckInput, TableRows, descriptor_problems, run_stage
from c4data.files.untrusted import reference_problems
from c4data.model.descriptor import LOCATION_KEYS, Descriptor, repoint
from c4data.model.errors import DataIntegrityError
from c4data.model.paths import DESCRIPTOR_NAME, repair_advice, resolve_descriptor, sources_dir_from_env
from c4data.model.problems import Problem
from c4data.model.types import arrow_type
from c4data.reading.integrity import FILE_UNREADABLE, UNFINISHED_NAME, UNFINISHED_REASON, checked_bytes, parse_parquet

if TYPE_CHECKING:
    import pyarrow as pa

STORAGE_TYPE = "storage-type"  # the code of a Parquet column that is not stored as its field declares
REFERENCE_REFUSED = "reference-refused"  # a profile, dialect, schema or path elsewhere (the network, say)
BUILD_UNFINISHED = "build-unfinished"  # files of an interrupted build


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
            problems.append(Problem(table.path, None, None, message, code=FILE_UNREADABLE))
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
        yield Problem(table.path, None, None, message, code=STORAGE_TYPE)
        return
    for field, stored_type in zip(table.fields, stored.schema.types, strict=True):
        if stored_type != arrow_type(field):
            message = f"is stored as {stored_type}, its type {field.type!r} needs {arrow_type(field)}"
            yield Problem(table.path, None, field.name, message, code=STORAGE_TYPE)


class _UncopiedRows(list[list[Any]]):
    """Inline rows that frictionless (5.21) can deep-copy with its metadata, as it does many times over, for free."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _UncopiedRows:
        return self  # validation only reads the rows


def inline_package(descriptor: Descriptor, tables: list[TableRows]) -> dict[str, Any]:
    """The descriptor with each table's rows inline: frictionless checks them without reading every file again.

    Only the tables given are kept, with their foreign keys to tables that are kept.
    """
    rows_by_name = {table.name: table.rows for table in tables}

    def inline(resource: dict[str, Any]) -> dict[str, Any]:
        if resource["name"] not in rows_by_name:
            return {}
        header = [field["name"] for field in resource["schema"]["fields"]]
        rows = rows_by_name[resource["name"]]
        return {"data": _UncopiedRows([header, *([row[name] for name in header] for row in rows)])}

    package = repoint(descriptor.data, inline, drop=LOCATION_KEYS)
    package["resources"] = [resource for resource in package["resources"] if resource["name"] in rows_by_name]
    for resource in package["resources"]:
        schema = resource["schema"]
        schema["foreignKeys"] = [
            foreign
            for foreign in schema.get("foreignKeys", [])
            if (foreign["reference"].get("resource") or resource["name"]) in rows_by_name
        ]
    return package


def _locator(tables: list[TableRows]) -> Callable[[str], tuple[str, Callable[[int], int], str]]:
    """Where frictionless's row ``n`` is: the table's row ``n - 1`` (it counts a header row), in the table's terms."""
    by_name = {table.name: table for table in tables}

    def locate(name: str) -> tuple[str, Callable[[int], int], str]:
        table = by_name[name]

        def position(row_number: int) -> int:
            index = row_number - 2
            return table.positions[index] if 0 <= index < len(table.positions) else row_number - 1

        return table.where, position, table.position_label

    return locate


def rows_problems(descriptor: Descriptor, tables: list[TableRows], sources_dir: Path | None) -> list[Problem]:
    """The problems of tables read as Python values (some or all of the package's): the row checks that the
    built Parquet passes, frictionless's among them."""
    given = CheckInput(descriptor, tables, sources_dir, inline_package(descriptor, tables), _locator(tables))
    return run_stage("rows", "parquet", given)


def untrusted_problems(descriptor: Descriptor) -> list[Problem]:
    """What stops c4data from reading a package at all: a reference to the network or out of the package
    (refused before frictionless, which would fetch it, sees the descriptor), or a build interrupted while
    it replaced the files. Not a check of the registry: it must run before anything reads the descriptor."""
    problems = [
        Problem(DESCRIPTOR_NAME, None, None, found, code=REFERENCE_REFUSED)
        for found in reference_problems(descriptor.data)
    ]
    if (descriptor.basepath / UNFINISHED_NAME).exists():
        problems.append(Problem(DESCRIPTOR_NAME, None, None, UNFINISHED_REASON, code=BUILD_UNFINISHED))
    return problems


def package_problems(descriptor: Descriptor, sources_dir: Path | None) -> list[Problem]:
    """All problems of the package at ``descriptor``; empty when it is valid."""
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


def validate(
    path: str | os.PathLike[str] | None = None, sources_dir: str | os.PathLike[str] | None = None
) -> list[Problem]:
    """Validate the installed package, or the one at ``path``; return its problems (empty when valid).

    ``path`` may be anything ``c4data export`` writes: a Parquet, CSV or GeoJSON package (its
    directory or descriptor), a zip or an Excel workbook. Evidence spans are checked against the
    reference texts in ``sources_dir``, or in the directory named by ``C4DATA_SOURCES_DIR``, when
    either is given.
    """
    from c4data.formats.export_check import export_problems

    texts = Path(sources_dir) if sources_dir is not None else sources_dir_from_env()
    if path is not None:
        problems = export_problems(Path(path), texts)
        if problems is not None:
            return problems
    descriptor = Descriptor.read(resolve_descriptor(path))
    return package_problems(descriptor, texts)
