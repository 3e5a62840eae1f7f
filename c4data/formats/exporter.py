"""Export the installed data package for other tools: Parquet, CSV, a zip, an Excel workbook or GeoJSON.

The package is written into a staging directory beside the target, validated there as ``c4data
validate`` validates it (frictionless among its checks), and only then moved into place, so that a
failed or interrupted export leaves nothing half-written behind.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from c4data.building.validate import untrusted_problems
from c4data.checks.text import control_character_cells, formula_cells
from c4data.files.hashing import file_hash
from c4data.formats.export_target import (
    check_directory_target,
    check_file_target,
    file_mark,
    mark_file,
    write_marker,
)
from c4data.model.descriptor import CSV_LOCATION, Descriptor, repoint
from c4data.model.paths import DESCRIPTOR_NAME, package_dir
from c4data.model.problems import PackageProblems, Problem
from c4data.reading.frictionless import import_frictionless
from c4data.reading.integrity import hash_problems, read_data_file, read_verified_table

FORMATS = ("parquet", "csv", "zip", "xlsx", "geojson")
# Formats written as one file at the path given; the others are a directory holding datapackage.json.
FILE_FORMATS = {"zip": ".zip", "xlsx": ".xlsx"}
STAGING_PREFIX = ".c4data-export-"
# Excel recognises UTF-8 only by a byte-order mark; frictionless, R (fileEncoding = "UTF-8-BOM") and pandas read it.
CSV_ENCODING = "utf-8-sig"
CSV_MISSING = ""
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def export(
    path: str | os.PathLike[str],
    format: str = "parquet",
    force: bool = False,
    source: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the data package (``source``, default the installed one) to ``path``.

    ``format`` is ``"parquet"`` (the tables as shipped), ``"csv"`` (UTF-8 CSV with a byte-order
    mark), ``"geojson"`` (the spatial tables as RFC 7946 GeoJSON, with a descriptor): each a
    directory holding ``datapackage.json``. ``"zip"`` (the CSV package in one file) and ``"xlsx"``
    (one workbook) write one file at ``path`` itself. An existing non-empty directory is refused,
    unless ``force`` is true and an earlier export wrote it (its ``.c4data-export.json`` lists every
    file in it): then it is replaced whole. An existing file is refused unless ``force`` is true and an
    earlier one-file export wrote it, unchanged since (its zip comment says so); a link, a device or a pipe
    is always refused.
    Returns the path of the exported descriptor, or of the file.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    import_frictionless()  # the export is validated before it is moved into place: fail before writing anything
    descriptor = Descriptor.read(Path(source or package_dir()) / DESCRIPTOR_NAME)
    refused = untrusted_problems(descriptor)
    if refused:
        raise PackageProblems(refused, "export refused: the package names something c4data does not read")
    damaged = list(hash_problems(descriptor))
    if damaged:
        raise PackageProblems(damaged, "export refused: the package's files do not match their hashes")
    if format in FILE_FORMATS:
        return _export_file(descriptor, Path(path), format, force)
    target = Path(path).resolve()
    check_directory_target(target, force, descriptor.basepath.resolve())
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    try:
        package = staging / "package"
        package.mkdir()
        written = package / DESCRIPTOR_NAME
        if format == "geojson":
            from c4data.formats.export_geojson import write_geojson_package

            write_geojson_package(descriptor, package)
        else:
            (_write_csv_package if format == "csv" else _write_parquet_package)(descriptor, package)
        _check_valid_export(package)
        write_marker(package, descriptor.version, format)
        _move_into_place(package, target, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target / written.name


def _export_file(descriptor: Descriptor, path: Path, format: str, force: bool) -> Path:
    """Write a one-file export beside ``path``, mark and check it, and only then move it into place at once."""
    target = check_file_target(path, FILE_FORMATS[format], force)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    try:
        written = staging / f"{descriptor.data['name']}-{descriptor.version}{FILE_FORMATS[format]}"
        if format == "zip":
            _write_zip(descriptor, staging / "zip-contents", written)
        else:
            from c4data.formats.xlsx import write_workbook

            write_workbook(descriptor, written)
            _check_valid_export(written)
        mark_file(written, file_mark(descriptor.data["name"], descriptor.version, format))
        os.replace(written, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _check_valid_export(path: Path) -> None:
    """Check an export (a package directory, a zip or a workbook) as ``c4data validate`` checks it: frictionless
    on the rows or files, foreign keys looked up in sets, and the project's rules; raise with every problem."""
    from c4data.building.validate import package_problems
    from c4data.formats.export_check import export_problems

    problems = export_problems(path, None)
    if problems is None:  # a Parquet package
        problems = package_problems(Descriptor.read(path / DESCRIPTOR_NAME), None)
    if problems:
        raise PackageProblems(problems, "export failed: the exported package does not validate")


def _write_parquet_package(descriptor: Descriptor, package: Path) -> None:
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


def _write_csv_package(descriptor: Descriptor, package: Path) -> None:
    """Each table as CSV (header row, comma, ``""`` for a missing value), with its hash and size."""
    refused: list[Problem] = []

    def write(resource: dict[str, Any]) -> dict[str, Any]:
        table = descriptor.table(resource["name"])
        rows = read_verified_table(descriptor, table.name).to_pylist()
        refused.extend(
            Problem(table.name, index + 1, name, f"{value[:20]!r} starts like a formula", "row", code="formula-start")
            for index, name, value in formula_cells(table, rows)
        )
        refused.extend(
            Problem(table.name, index + 1, name, f"holds the control character {found}", "row", "control-character")
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


def _write_zip(descriptor: Descriptor, contents: Path, written: Path) -> None:
    """The CSV package in one zip file, checked as ``c4data validate`` checks a zip it is given."""
    contents.mkdir()
    _write_csv_package(descriptor, contents)
    exported = Descriptor.read(contents / DESCRIPTOR_NAME)
    members = [DESCRIPTOR_NAME, *(table.path for table in exported.package.tables)]
    with zipfile.ZipFile(written, "w") as archive:
        for member in members:
            # A fixed timestamp, so that the same package always gives the same zip, byte for byte.
            info = zipfile.ZipInfo(member, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (contents / member).read_bytes())
    _check_valid_export(written)


def _move_into_place(package: Path, target: Path, staging: Path) -> None:
    """Rename the staged package to ``target``; an existing directory is swapped out and removed after."""
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    if not target.exists():
        os.replace(package, target)
        return
    previous = staging / "previous"
    os.replace(target, previous)
    try:
        os.replace(package, target)
    except BaseException:
        os.replace(previous, target)
        raise
