"""Validate a built data package: frictionless's checks plus the project's own rules."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from c4data._frictionless import frictionless_problems
from c4data._paths import resolve_descriptor, sources_dir_from_env
from c4data._types import arrow_type
from c4data.descriptor import Descriptor, fields
from c4data.integrity import REINSTALL_ADVICE, DataIntegrityError, hash_mismatch, parse_parquet, read_parquet_bytes
from c4data.problems import Problem
from c4data.rules import TableRows, descriptor_problems, required_problems, value_problems

if TYPE_CHECKING:
    import pyarrow as pa


def read_parquet_rows(descriptor: Descriptor) -> tuple[list[TableRows], list[Problem]]:
    """Every table's rows as Python values, numbered from 1, each file read once; a problem for each file
    that does not match its hash, is missing or unreadable, or is not stored as its schema declares."""
    tables, problems = [], []
    for name in descriptor.resource_names:
        path = descriptor.data_file(name)
        where = descriptor.resource(name)["path"]
        try:
            data = read_parquet_bytes(path)
            changed = hash_mismatch(str(descriptor.resource(name).get("hash", "")), data)
            if changed is not None:  # reported, and the rows still checked, so that a hand edit is fully described
                problems.append(Problem(where, None, None, f"{changed}; {REINSTALL_ADVICE}"))
            table = parse_parquet(path, data)
        except DataIntegrityError as error:
            problems.append(Problem(where, None, None, f"{error.reason}; {REINSTALL_ADVICE}"))
            continue
        stored = list(_storage_problems(descriptor, name, table))
        if stored:
            problems += stored
            continue
        rows = table.to_pylist()
        tables.append(TableRows(name, name, rows, list(range(1, len(rows) + 1))))
    return tables, problems


def _storage_problems(descriptor: Descriptor, name: str, table: pa.Table) -> Iterator[Problem]:
    """The Parquet columns are the schema's fields, in order, each stored as the Arrow type of its field type."""
    where = descriptor.resource(name)["path"]
    declared = fields(descriptor.resource(name))
    if table.column_names != [field["name"] for field in declared]:
        yield Problem(
            where,
            None,
            None,
            f"has columns {table.column_names}, the schema declares {[field['name'] for field in declared]}",
        )
        return
    for field, stored in zip(declared, table.schema.types, strict=True):
        if stored != arrow_type(field):
            yield Problem(
                where,
                None,
                field["name"],
                f"is stored as {stored}, its type {field['type']!r} needs {arrow_type(field)}",
            )


class _UncopiedRows(list[list[Any]]):
    """Inline rows that frictionless (5.21) can deep-copy with its metadata, as it does many times over, for free."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _UncopiedRows:
        return self  # validation only reads the rows


def _inline_package(descriptor: Descriptor, tables: list[TableRows]) -> dict[str, Any]:
    """The descriptor with each table's rows inline: frictionless checks them without reading every file again."""
    package = copy.deepcopy(descriptor.data)
    rows_by_name = {table.name: table.rows for table in tables}
    for resource in package["resources"]:
        for key in ("path", "format", "mediatype", "encoding", "hash", "bytes"):
            resource.pop(key, None)
        header = [field["name"] for field in resource["schema"]["fields"]]
        rows = rows_by_name[resource["name"]]
        resource["data"] = _UncopiedRows([header, *([row[name] for name in header] for row in rows)])
    return package


def _locate_parquet_row(name: str) -> tuple[str, Callable[[int], int], str]:
    """frictionless counts a header row that Parquet has not: its row 2 is the first row."""
    return name, lambda row_number: row_number - 1, "row"


def package_problems(descriptor: Descriptor, sources_dir: Path | None) -> list[Problem]:
    """All problems of the package at ``descriptor``; empty when it is valid."""
    problems = descriptor_problems(descriptor)
    if problems:
        return problems
    tables, problems = read_parquet_rows(descriptor)
    if len(tables) < len(descriptor.resource_names):
        return problems  # frictionless and the row rules need every table's rows
    problems += frictionless_problems(_inline_package(descriptor, tables), descriptor.basepath, _locate_parquet_row)
    problems += required_problems(descriptor, tables)
    problems += value_problems(descriptor, tables, sources_dir)
    return problems


def validate(
    path: str | os.PathLike[str] | None = None, sources_dir: str | os.PathLike[str] | None = None
) -> list[Problem]:
    """Validate the installed package, or the one at ``path``; return its problems (empty when valid).

    Evidence spans are checked against the reference texts in ``sources_dir``, or in the
    directory named by ``C4DATA_SOURCES_DIR``, when either is given.
    """
    descriptor = Descriptor.read(resolve_descriptor(path))
    texts = Path(sources_dir) if sources_dir is not None else sources_dir_from_env()
    return package_problems(descriptor, texts)
