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


def parquet_rows(descriptor: Descriptor) -> list[TableRows]:
    """Every table's rows as Python values, numbered from 1 in the order stored."""
    import pyarrow.parquet as pq

    tables = []
    for name in descriptor.resource_names:
        rows = pq.read_table(descriptor.data_file(name)).to_pylist()
        tables.append(TableRows(name, name, rows, list(range(1, len(rows) + 1))))
    return tables


def _locate_parquet_row(name: str) -> tuple[str, Callable[[int], int], str]:
    """frictionless counts a header row that Parquet has not: its row 2 is the first row."""
    return name, lambda row_number: row_number - 1, "row"


def package_problems(descriptor: Descriptor, sources_dir: Path | None) -> list[Problem]:
    """All problems of the package at ``descriptor``; empty when it is valid."""
    problems = list(descriptor_problems(descriptor))
    file_problems = list(hash_problems(descriptor))
    problems += file_problems
    if any(problem.message == "data file is missing" for problem in file_problems):
        return problems  # frictionless and the row rules need every file

    problems += frictionless_problems(descriptor.data, descriptor.basepath, _locate_parquet_row)
    tables = parquet_rows(descriptor)
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
