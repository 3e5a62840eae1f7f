"""Validate a built data package: frictionless's checks plus the project's own rules."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from c4data._frictionless import frictionless_problems
from c4data._paths import resolve_descriptor, sources_dir_from_env
from c4data.descriptor import Descriptor
from c4data.problems import Problem
from c4data.rules import (
    TableRows,
    descriptor_problems,
    disagreement_problems,
    evidence_problems,
    hash_problems,
    number_problems,
    required_problems,
)


def read_parquet_rows(descriptor: Descriptor) -> tuple[list[TableRows], list[Problem]]:
    """Every table's rows as Python values, numbered from 1; and a problem for each file that cannot be read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables, problems = [], []
    for name in descriptor.resource_names:
        path = descriptor.data_file(name)
        where = descriptor.resource(name)["path"]
        if not path.is_file():
            problems.append(Problem(where, None, None, "data file is missing; reinstall or rebuild the package"))
            continue
        try:
            rows = pq.read_table(path).to_pylist()
        except (OSError, ValueError, pa.ArrowException) as error:
            problems.append(Problem(where, None, None, f"cannot be read as Parquet ({error}); reinstall or rebuild"))
            continue
        tables.append(TableRows(name, name, rows, list(range(1, len(rows) + 1))))
    return tables, problems


def _locate_parquet_row(name: str) -> tuple[str, Callable[[int], int], str]:
    """frictionless counts a header row that Parquet has not: its row 2 is the first row."""
    return name, lambda row_number: row_number - 1, "row"


def package_problems(descriptor: Descriptor, sources_dir: Path | None) -> list[Problem]:
    """All problems of the package at ``descriptor``; empty when it is valid."""
    problems = descriptor_problems(descriptor)
    if problems:
        return problems
    tables, unreadable = read_parquet_rows(descriptor)
    problems = unreadable + list(hash_problems(descriptor))
    if unreadable:
        return problems  # frictionless and the row rules need every file
    problems += frictionless_problems(descriptor.data, descriptor.basepath, _locate_parquet_row)
    problems += required_problems(descriptor, tables)
    problems += number_problems(descriptor, tables)
    problems += disagreement_problems(descriptor, tables)
    if sources_dir is not None:
        problems += evidence_problems(tables, sources_dir)
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
