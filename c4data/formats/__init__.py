"""Every export format, declared once in ``FORMATS``; ``export``, ``validate``, ``diff`` and the command's help read it.

Each format is one module beside this one that both writes the package and reads it back (``Format``).
To add a format: write its module, add one line here, a test file ``tests/formats/test_<name>.py`` and a
line in the CHANGELOG. Nothing else names a format.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from c4data.files.untrusted import reference_problems
from c4data.formats import csv, geojson, parquet, xlsx, zip
from c4data.formats.base import Format, Row
from c4data.model import codes
from c4data.model.descriptor import Descriptor
from c4data.model.paths import DESCRIPTOR_NAME, resolve_descriptor
from c4data.model.problems import Problem
from c4data.model.schema import Table

__all__ = [
    "DEFAULT",
    "FORMATS",
    "Format",
    "directory_problems",
    "format_named",
    "problems",
    "problems_as",
    "table_rows",
]

FORMATS: dict[str, Format] = {
    fmt.name: fmt for fmt in (parquet.FORMAT, csv.FORMAT, zip.FORMAT, xlsx.FORMAT, geojson.FORMAT)
}
# The package as shipped: what ``export`` writes unless told otherwise, and what a directory whose resources
# name no other format of the registry is checked as.
DEFAULT = parquet.FORMAT.name


def format_named(name: str) -> Format:
    """The format called ``name``; ``ValueError`` naming the formats there are, otherwise."""
    if name not in FORMATS:
        raise ValueError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[name]


def _one_file_format(path: Path) -> Format | None:
    """The one-file format of the file at ``path``: by its suffix, or else by what it holds; None when neither."""
    if not path.is_file():
        return None
    one_file = [fmt for fmt in FORMATS.values() if fmt.suffix is not None]
    by_suffix = [fmt for fmt in one_file if fmt.suffix == path.suffix.lower()]
    by_content = [fmt for fmt in one_file if fmt.recognises is not None and fmt.recognises(path)]
    return next(iter(by_suffix + by_content), None)


def directory_problems(path: Path, sources_dir: Path | None) -> list[Problem]:
    """The problems of the package in the directory (or at the descriptor) ``path``, checked as the format its
    resources name (the Parquet package when they name none of the registry or several)."""
    descriptor = Descriptor.read(resolve_descriptor(path))
    refused = reference_problems(descriptor.data)
    if refused:
        return [Problem(where=DESCRIPTOR_NAME, message=found, code=codes.REFERENCE_REFUSED) for found in refused]
    resources = descriptor.data.get("resources")
    named = {str(resource.get("format")) for resource in resources or [] if isinstance(resource, dict)}
    directory_formats = {name for name, fmt in FORMATS.items() if fmt.suffix is None}
    name = named.pop() if len(named) == 1 and named <= directory_formats else DEFAULT
    return problems_as(FORMATS[name], descriptor.path, sources_dir)


def problems(path: Path, sources_dir: Path | None) -> list[Problem]:
    """The problems of the export at ``path``, in whichever format of the registry it is; empty when it is valid."""
    fmt = _one_file_format(path)
    return directory_problems(path, sources_dir) if fmt is None else problems_as(fmt, path, sources_dir)


def problems_as(fmt: Format, path: Path, sources_dir: Path | None) -> list[Problem]:
    """The problems of ``path`` read back as an export in the format ``fmt``; a package in one file (a zip) is
    unpacked and checked as the format of the package inside, each problem placed inside the file."""
    if fmt.unpack is None:
        assert fmt.problems is not None, f"the format {fmt.name} declares neither problems nor unpack"
        return fmt.problems(path, sources_dir)
    with tempfile.TemporaryDirectory(prefix="c4data-validate-") as scratch:
        unreadable = fmt.unpack(path, Path(scratch))
        if unreadable:
            return unreadable
        found = directory_problems(Path(scratch), sources_dir)
    return [dataclasses.replace(problem, where=f"{path.name}: {problem.where}") for problem in found]


def table_rows(table: Table, content: bytes) -> list[Row]:
    """A table's rows from the bytes of its file, read by the format its resource names (or its path's suffix);
    ``ValueError`` when no format of the registry reads tables of that kind."""
    for fmt in FORMATS.values():
        if fmt.table_rows is not None and fmt.name in (table.format, Path(table.path).suffix.lstrip(".").lower()):
            return fmt.table_rows(table, content)
    raise ValueError(f"its format ({table.format or Path(table.path).suffix}) is not one c4data compares")
