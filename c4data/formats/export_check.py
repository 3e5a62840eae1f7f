"""Validate what ``c4data export`` writes, in each format: CSV package, zip, Excel workbook, GeoJSON.

Each format is read back into Python values, table by table, and checked with the rules that the
Parquet package passes (frictionless's types, constraints and keys, then the project's own rules).
A CSV package (also inside a zip) carries its own descriptor. A workbook and a GeoJSON package are
checked against the schema of the installed c4data, which must be the version that wrote them.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from c4data.building.diff import typed_csv_rows
from c4data.checks import CHECKS, CheckInput, TableRows
from c4data.checks.keys import without_foreign_keys
from c4data.files.hashing import hash_mismatch
from c4data.files.untrusted import UnsafePackage, ZipPackage, read_file, reference_problems
from c4data.model.descriptor import Descriptor
from c4data.model.paths import DESCRIPTOR_NAME, resolve_descriptor
from c4data.model.problems import Problem
from c4data.reading.frictionless import frictionless_problems

WORKBOOK_SUFFIX = ".xlsx"
# The row checks whose work frictionless has just done on the CSV files: its own, and c4data's reading of
# the same Table Schema rules, which the build uses in its place. Foreign keys are looked up in sets
# (``checks.keys``), as ``validate`` does for Parquet: frictionless reads every referenced table again
# for each key.
DONE_BY_FRICTIONLESS = frozenset({"frictionless", "table-schema"})


def export_problems(path: Path, sources_dir: Path | None) -> list[Problem] | None:
    """The problems of the export at ``path``; None when it is a Parquet package, which ``validate`` checks."""
    if path.is_file() and path.suffix.lower() == WORKBOOK_SUFFIX:
        return _workbook_problems(path, sources_dir)
    if path.is_file() and zipfile.is_zipfile(path):
        return _zip_problems(path, sources_dir)
    descriptor = Descriptor.read(resolve_descriptor(path))
    refused = reference_problems(descriptor.data)
    if refused:
        return [Problem(DESCRIPTOR_NAME, None, None, found, code="reference-refused") for found in refused]
    resources = descriptor.data.get("resources")
    formats = {resource.get("format") for resource in resources or [] if isinstance(resource, dict)}
    if formats == {"csv"}:
        return _csv_problems(descriptor, sources_dir)
    if formats == {"geojson"}:
        return _geojson_problems(descriptor)
    return None


def _file_problems(descriptor: Descriptor) -> list[Problem]:
    """Each file of the package exists and matches the sha256 its descriptor records."""
    problems = []
    for resource in descriptor.data["resources"]:
        try:
            data = read_file(descriptor.basepath, resource["path"])
        except UnsafePackage as error:
            problems.append(Problem(str(resource["path"]), None, None, error.reason))
            continue
        reason = hash_mismatch(str(resource.get("hash", "")), data)
        if reason is not None:
            problems.append(Problem(resource["path"], None, None, reason))
    return problems


def _csv_problems(descriptor: Descriptor, sources_dir: Path | None) -> list[Problem]:
    """A CSV package: its hashes, frictionless on the files (without foreign keys), then the foreign keys and
    the project's rules on the typed rows."""
    problems = _file_problems(descriptor)
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
        rows = typed_csv_rows(table, read_file(descriptor.basepath, table.path).decode("utf-8-sig"))
        tables.append(TableRows(table.name, table.path, rows, list(range(2, len(rows) + 2)), "line"))
    # The row checks a CSV package passes, but those frictionless has just done on the files.
    given = CheckInput(descriptor, tables, sources_dir)
    return [
        problem if problem.code else dataclasses.replace(problem, code=check.code)
        for check in CHECKS
        if check.stage == "rows" and "csv" in check.targets and check.code not in DONE_BY_FRICTIONLESS
        for problem in check.run(given)
    ]


def _zip_problems(path: Path, sources_dir: Path | None) -> list[Problem]:
    """A zip holding a CSV package at its top level, checked as one, each problem placed inside the zip."""
    try:
        zipped = ZipPackage(path)
    except UnsafePackage as error:
        return [Problem(path.name, None, None, str(error))]
    with zipped as archive, tempfile.TemporaryDirectory(prefix="c4data-validate-") as scratch:
        names = archive.archive.namelist()
        unsafe = [name for name in names if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts]
        if unsafe:
            return [Problem(path.name, None, None, f"holds paths outside the archive: {', '.join(unsafe)}")]
        if DESCRIPTOR_NAME not in names:
            return [Problem(path.name, None, None, f"holds no {DESCRIPTOR_NAME} at its top level")]
        extracted = _extract(path, Path(scratch))
        if extracted:
            return extracted
        problems = export_problems(Path(scratch), sources_dir)
    if problems is None:
        problems = _parquet_in_zip(path, sources_dir)
    return [dataclasses.replace(problem, where=f"{path.name}: {problem.where}") for problem in problems]


def _parquet_in_zip(path: Path, sources_dir: Path | None) -> list[Problem]:
    from c4data.building.validate import package_problems

    with tempfile.TemporaryDirectory(prefix="c4data-validate-") as scratch:
        extracted = _extract(path, Path(scratch))
        if extracted:
            return extracted
        return package_problems(Descriptor.read(Path(scratch) / DESCRIPTOR_NAME), sources_dir)


def _extract(path: Path, scratch: Path) -> list[Problem]:
    """Unpack a zip into ``scratch`` within the limits of ``c4data.files.untrusted``; the problem when it cannot be."""
    try:
        with ZipPackage(path) as archive:
            for name in archive.archive.namelist():
                if name.endswith("/"):
                    continue
                target = scratch / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    except UnsafePackage as error:
        return [Problem(path.name, None, None, str(error))]
    return []


def _installed_schema(where: str, name: str, version: str) -> tuple[Descriptor | None, list[Problem]]:
    """The installed descriptor, when it is the package and version that wrote the export."""
    from c4data.reading.load import shipped_descriptor

    installed = shipped_descriptor()
    if (name, version) != (installed.data["name"], installed.version):
        message = f"was written by {name} {version}; this is {installed.data['name']} {installed.version}"
        return None, [Problem(where, None, None, f"{message}: validate it with the c4data of that version")]
    return installed, []


def _workbook_problems(path: Path, sources_dir: Path | None) -> list[Problem]:
    from c4data.building.validate import rows_problems
    from c4data.formats.xlsx import read_workbook
    from c4data.reading.load import shipped_descriptor

    descriptor = shipped_descriptor()
    tables, problems = read_workbook(path, descriptor)
    if problems:
        return problems
    return rows_problems(descriptor, tables, sources_dir)


def _geojson_problems(exported: Descriptor) -> list[Problem]:
    """Each GeoJSON file: its hash, RFC 7946, then its features read back as rows and checked as the table."""
    from c4data.building.validate import rows_problems
    from c4data.formats.geojson import rfc7946_problems, spatial_tables, table_rows

    data = exported.data
    installed, problems = _installed_schema(DESCRIPTOR_NAME, str(data.get("name")), str(data.get("version")))
    if installed is None:
        return problems
    problems = _file_problems(exported)
    names = [resource["name"] for resource in data["resources"]]
    if names != spatial_tables(installed):
        problems.append(Problem(DESCRIPTOR_NAME, None, None, f"lists {names}, not {spatial_tables(installed)}"))
    if problems:
        return problems
    tables = []
    for resource in data["resources"]:
        where = resource["path"]
        try:
            collection = json.loads((exported.basepath / where).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(Problem(where, None, None, f"is not UTF-8 JSON ({error})"))
            continue
        schema = installed.table(resource["name"])
        found = list(rfc7946_problems(where, schema, collection))
        problems += found
        if not found:
            rows = table_rows(schema, collection)
            tables.append(TableRows(resource["name"], where, rows, list(range(1, len(rows) + 1)), "vertex or point"))
    if problems:
        return problems
    return rows_problems(installed, tables, None)
