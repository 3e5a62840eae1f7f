"""Build the Parquet tables and the descriptor's hashes from ``data/curated/*.csv``.

Everything is written to a staging directory under the root and validated there; only a
package that passes every check replaces ``data/*.parquet`` and ``datapackage.json``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from c4data._paths import DESCRIPTOR_NAME
from c4data._types import arrow_type, parse_text
from c4data.checks import CheckInput, TableRows, descriptor_problems, run_stage
from c4data.curated import CuratedTable, read_curated
from c4data.descriptor import CSV_LOCATION, Descriptor, repoint
from c4data.hashing import file_hash
from c4data.problems import PackageProblems, Problem
from c4data.validate import package_problems

STAGING_PREFIX = ".c4data-build-"


def build(root: str | os.PathLike[str] = ".", sources_dir: str | os.PathLike[str] | None = None) -> Descriptor:
    """Check the curated CSV files under ``root`` and rebuild the package from them.

    Raises ``PackageProblems`` (listing file, line and field of each) and leaves every
    existing file untouched when anything is wrong.
    """
    root = Path(root).resolve()
    descriptor = Descriptor.read(root / DESCRIPTOR_NAME)
    curated = _check_curated(root, descriptor, Path(sources_dir) if sources_dir is not None else None)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        staged = _stage(staging, descriptor, curated)
        problems = package_problems(staged, sources_dir=None)
        if problems:
            raise PackageProblems(problems, "build failed: the built package does not validate")
        _replace(root, staging, staged)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Descriptor(path=root / DESCRIPTOR_NAME, data=staged.data)


def _check_curated(root: Path, descriptor: Descriptor, sources_dir: Path | None) -> dict[str, CuratedTable]:
    """Read and check every curated file; raise with every problem found."""
    problems = descriptor_problems(CheckInput(descriptor), "csv")
    if problems:
        raise PackageProblems(problems, "build failed: datapackage.json")
    curated: dict[str, CuratedTable] = {}
    for schema in descriptor.package.tables:
        table, found = read_curated(root, schema)
        problems += found
        if table is not None:
            curated[schema.name] = table
    if problems:
        raise PackageProblems(problems, "build failed")

    def locate(name: str) -> tuple[str, Callable[[int], int], str]:
        table = curated[name]
        return table.display_path, lambda row_number: table.lines[row_number - 2], "line"

    rows = [TableRows(t.name, t.display_path, t.rows, t.lines, "line", typed=False) for t in curated.values()]
    given = CheckInput(descriptor, rows, sources_dir, _as_csv_package(descriptor), locate)
    problems += run_stage("rows", "csv", given)
    if problems:
        raise PackageProblems(sorted(set(problems), key=_problem_order), "build failed")
    return curated


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.where, problem.line or 0, problem.field or "", problem.message)


def _as_csv_package(descriptor: Descriptor) -> dict[str, Any]:
    """The descriptor, pointed at the curated CSV files instead of the Parquet ones."""

    def curated(resource: dict[str, Any]) -> dict[str, Any]:
        return {"path": descriptor.table(resource["name"]).curated_path, **CSV_LOCATION}

    return repoint(descriptor.data, curated, drop=("hash", "bytes"), as_text=True)


def _stage(staging: Path, descriptor: Descriptor, curated: dict[str, CuratedTable]) -> Descriptor:
    """Write every table as Parquet and the descriptor with fresh hashes into ``staging``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def write(resource: dict[str, Any]) -> dict[str, Any]:
        schema, rows = descriptor.table(resource["name"]), curated[resource["name"]].rows
        columns = {
            field.name: pa.array([parse_text(field.type, row[field.name]) for row in rows], type=arrow_type(field))
            for field in schema.fields
        }
        target = staging / schema.path
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table(columns), target, compression="snappy")
        return {"hash": file_hash(target)}

    staged = Descriptor(path=staging / DESCRIPTOR_NAME, data=repoint(descriptor.data, write))
    staged.write(staged.path)
    return staged


def _replace(root: Path, staging: Path, staged: Descriptor) -> None:
    """Move the validated files into place, the descriptor last; drop Parquet files of tables no longer declared."""
    built = set()
    for table in staged.package.tables:
        target = root / table.path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / table.path, target)
        built.add(target)
    os.replace(staged.path, root / DESCRIPTOR_NAME)
    for stale in (root / "data").glob("*.parquet"):
        if stale not in built:
            stale.unlink()
