"""Build the Parquet tables and the descriptor's hashes from ``data/curated/*.csv``.

Everything is written to a staging directory under the root and validated there; only a
package that passes every check replaces ``data/*.parquet`` and ``datapackage.json``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from c4data._paths import DESCRIPTOR_NAME
from c4data._types import arrow_type, parse_text
from c4data.checks import CheckInput, TableRows, descriptor_problems, run_stage
from c4data.curated import CuratedTable, read_curated
from c4data.descriptor import CSV_LOCATION, Descriptor, repoint
from c4data.hashing import file_hash, file_sha256
from c4data.integrity import UNFINISHED_NAME
from c4data.problems import PackageProblems, Problem
from c4data.untrusted import reference_problems
from c4data.validate import REFERENCE_REFUSED, package_problems

STAGING_PREFIX = ".c4data-build-"
LOCK_NAME = ".c4data-build.lock"


def build(
    root: str | os.PathLike[str] = ".",
    sources_dir: str | os.PathLike[str] | None = None,
    report: Callable[[str], None] | None = None,
) -> Descriptor:
    """Check the curated CSV files under ``root`` and rebuild the package from them.

    Raises ``PackageProblems`` (listing file, line and field of each) and leaves every
    existing file untouched when anything is wrong, or when another build of ``root`` is running.
    ``report`` is told, one line each, which files are replaced, removed or left alone.
    """
    root = Path(root).resolve()
    with _exclusive(root):
        descriptor = Descriptor.read(root / DESCRIPTOR_NAME)
        refused = [
            Problem(DESCRIPTOR_NAME, None, None, found, code=REFERENCE_REFUSED)
            for found in reference_problems(descriptor.data)
        ]
        if refused:
            raise PackageProblems(refused, "build failed: datapackage.json names something c4data does not read")
        curated = _check_curated(root, descriptor, Path(sources_dir) if sources_dir is not None else None)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
        try:
            staged = _stage(staging, descriptor, curated)
            problems = package_problems(staged, sources_dir=None)
            if problems:
                raise PackageProblems(problems, "build failed: the built package does not validate")
            for line in _replace(root, staged, descriptor):
                if report is not None:
                    report(line)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return Descriptor(path=root / DESCRIPTOR_NAME, data=staged.data)


@contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    """Hold ``root``'s build lock; ``PackageProblems`` at once when another build holds it."""
    handle = open(root / LOCK_NAME, "a")  # noqa: SIM115 (held for the whole build)
    try:
        try:
            _lock(handle)
        except OSError:
            problem = Problem(LOCK_NAME, None, None, "another `c4data build` is running in this directory")
            raise PackageProblems([problem], "build refused: wait for the other build to finish") from None
        yield
    finally:
        handle.close()  # closing the file releases the lock


def _lock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


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


def _replace(root: Path, staged: Descriptor, previous: Descriptor) -> Iterator[str]:
    """Move the validated files into place, the descriptor last, and say what changed.

    While files move, ``UNFINISHED_NAME`` marks the package so that no reader takes a mix of old
    and new files for data; a build killed meanwhile leaves it, and the next build finishes the job.
    A Parquet file of a table no longer declared is removed only if the previous descriptor lists it
    with its hash (an earlier build wrote it); any other file is left alone, and named.
    """
    moves = [(staged.basepath / r["path"], root / r["path"]) for r in staged.data["resources"]]
    moves.append((staged.path, root / DESCRIPTOR_NAME))
    changed = [(source, target) for source, target in moves if not _same_bytes(source, target)]
    stale, foreign = _stale_files(root, staged, previous)
    if not changed and not stale:
        (root / UNFINISHED_NAME).unlink(missing_ok=True)
        yield "nothing replaced: the package already holds what the curated files give"
        return
    _write_atomically(root / UNFINISHED_NAME, "".join(f"{t.relative_to(root).as_posix()}\n" for _, t in changed))
    for source, target in changed:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    for path in stale:
        path.unlink()
    (root / UNFINISHED_NAME).unlink()
    for _, target in changed:
        yield f"replaced {target.relative_to(root).as_posix()}"
    for path in stale:
        yield f"removed {path.relative_to(root).as_posix()} (its table is no longer declared)"
    for path in foreign:
        yield f"left {path.relative_to(root).as_posix()} alone: c4data did not write it"


def _same_bytes(source: Path, target: Path) -> bool:
    return (
        target.is_file()
        and source.stat().st_size == target.stat().st_size
        and file_sha256(source) == file_sha256(target)
    )


def _stale_files(root: Path, staged: Descriptor, previous: Descriptor) -> tuple[list[Path], list[Path]]:
    """Parquet files under ``data/`` the new package does not declare: those an earlier build wrote, and others."""
    declared = {(root / r["path"]).resolve() for r in staged.data["resources"]}
    written_before = {
        (root / str(r.get("path"))).resolve(): str(r.get("hash", ""))
        for r in previous.data.get("resources", [])
        if isinstance(r, dict)
    }
    stale, foreign = [], []
    for path in sorted((root / "data").glob("*.parquet")):
        if path.resolve() in declared:
            continue
        recorded = written_before.get(path.resolve())
        if recorded is not None and path.is_file() and recorded == file_hash(path):
            stale.append(path)
        else:
            foreign.append(path)
    return stale, foreign


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
