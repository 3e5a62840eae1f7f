"""Build the Parquet tables and the descriptor's hashes from ``data/curated/*.csv``.

The curated rows pass every check once (the Table Schema's rules, read as frictionless reads them, and
the project's own; frictionless itself is not imported), then are written to a staging
directory under the root. What can go wrong in writing is checked there: each file read back holds the
table that was written, stored as its fields declare, and matches the hash the descriptor records. Only
then do the files replace ``data/*.parquet`` and ``datapackage.json``. No pandas is imported.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from c4data.checks import CheckInput, TableRows, descriptor_problems, run_stage
from c4data.files.hashing import file_hash, file_sha256
from c4data.files.untrusted import reference_problems
from c4data.formats.parquet import storage_problems
from c4data.model import codes
from c4data.model.descriptor import Descriptor, repoint
from c4data.model.paths import DESCRIPTOR_NAME
from c4data.model.problems import PackageProblems, Problem
from c4data.model.types import arrow_type
from c4data.reading.curated import CuratedTable, read_curated
from c4data.reading.integrity import UNFINISHED_NAME

if TYPE_CHECKING:
    import pyarrow as pa

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
            Problem(where=DESCRIPTOR_NAME, message=found, code=codes.REFERENCE_REFUSED)
            for found in reference_problems(descriptor.data)
        ]
        if refused:
            raise PackageProblems(refused, "build failed: datapackage.json names something c4data does not read")
        curated = _check_curated(root, descriptor, Path(sources_dir) if sources_dir is not None else None)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
        try:
            staged, written = _stage(staging, descriptor, curated)
            problems = _writing_problems(staged, curated, written)
            if problems:
                raise PackageProblems(problems, "build failed: the written files do not hold the curated rows")
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
            problem = Problem(
                where=LOCK_NAME, message="another `c4data build` is running in this directory", code=codes.BUILD_LOCKED
            )
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
    rows = [TableRows(t.name, t.display_path, t.rows, t.lines, "line", typed=False) for t in curated.values()]
    given = CheckInput(descriptor, rows, sources_dir)
    problems += run_stage("rows", "csv", given)
    if problems:
        raise PackageProblems(sorted(set(problems), key=_problem_order), "build failed")
    return curated


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.where, problem.line or 0, problem.field or "", problem.message)


def _stage(
    staging: Path, descriptor: Descriptor, curated: dict[str, CuratedTable]
) -> tuple[Descriptor, dict[str, pa.Table]]:
    """Write every table as Parquet and the descriptor with fresh hashes into ``staging``; return both,
    with the Arrow table written for each table.

    The checked curated files are parsed again by pyarrow's CSV reader, with each field's Arrow type:
    the same values as the rows checked (``_writing_problems`` makes sure), without a Python object per cell.
    """
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    written: dict[str, pa.Table] = {}

    def write(resource: dict[str, Any]) -> dict[str, Any]:
        schema = descriptor.table(resource["name"])
        options = pa_csv.ConvertOptions(
            column_types={field.name: arrow_type(field) for field in schema.fields},
            null_values=list(schema.missing_values),
            strings_can_be_null=True,
        )
        try:
            table = pa_csv.read_csv(curated[schema.name].path, convert_options=options).combine_chunks()
        except pa.ArrowException as error:  # what every check passed and pyarrow still cannot read with the types
            problem = Problem(
                where=curated[schema.name].display_path,
                message=f"pyarrow cannot read it: {error}",
                code=codes.CURATED_FILE,
            )
            raise PackageProblems([problem], "build failed") from None
        target = staging / schema.path
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, target, compression="snappy")
        written[schema.name] = table
        return {"hash": file_hash(target)}

    staged = Descriptor(path=staging / DESCRIPTOR_NAME, data=repoint(descriptor.data, write))
    staged.write(staged.path)
    return staged, written


def _writing_problems(
    staged: Descriptor, curated: dict[str, CuratedTable], written: dict[str, pa.Table]
) -> list[Problem]:
    """What can go wrong in writing: each staged file, read back, is the table written, with the curated
    rows' count and empty cells, stored as its fields declare and matching the hash recorded for it."""
    import pyarrow.parquet as pq

    problems: list[Problem] = []
    for schema in staged.package.tables:
        path, table = staged.data_file(schema.name), written[schema.name]
        rows = curated[schema.name].rows
        read_back = pq.ParquetFile(path).read(use_threads=False)
        problems += storage_problems(staged, schema.name, read_back)
        if not read_back.equals(table):
            problems.append(
                Problem(where=schema.path, message="does not read back as written", code=codes.WRITTEN_FILE)
            )
        if file_hash(path) != schema.hash:
            problems.append(
                Problem(where=schema.path, message="does not match its recorded hash", code=codes.WRITTEN_FILE)
            )
        if table.num_rows != len(rows):
            message = f"holds {table.num_rows} rows, {curated[schema.name].display_path} {len(rows)}"
            problems.append(Problem(where=schema.path, message=message, code=codes.WRITTEN_FILE))
            continue
        for field, column in zip(schema.fields, table.columns, strict=True):
            empty = sum(row[field.name] is None for row in rows)
            if column.null_count != empty:
                message = f"has {column.null_count} empty cells, {curated[schema.name].display_path} {empty}"
                problems.append(Problem(where=schema.path, field=field.name, message=message, code=codes.WRITTEN_FILE))
    return problems


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
