"""What every export format declares (``Format``), and what the formats share in reading an export back.

A format writes the package (into a new directory, or one file) and reads what it wrote back into
problems, as ``c4data validate`` reports them. Rows read back from a format are given the same row checks
as the built Parquet (``rows_problems``: frictionless on the rows inline, then the project's rules).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from c4data.checks import CheckInput, TableRows, run_stage
from c4data.files.hashing import hash_mismatch
from c4data.files.untrusted import UnsafePackage, read_file
from c4data.model import codes
from c4data.model.descriptor import LOCATION_KEYS, Descriptor, repoint
from c4data.model.problems import Problem
from c4data.model.schema import Table

Row = dict[str, Any]


@dataclass(frozen=True)
class Format:
    """One export format, declared once in ``c4data.formats.FORMATS``.

    ``write`` writes the package of a descriptor into a new, empty directory, or, for a one-file format (one
    with a ``suffix``), into the file given. ``problems`` reads an export of this format back and returns its
    problems (empty when it is valid). A one-file format says whether a file is one of its exports
    (``recognises``); a directory format is recognised by its resources' ``format``, which is its name.
    A one-file format that holds a whole package (a zip) gives ``unpack`` instead of ``problems``: it unpacks
    the file into a directory, whose package the registry then checks as its own format.
    ``table_rows`` reads one table's file back as rows, for ``c4data diff`` (None: diff does not read it).
    """

    name: str
    description: str
    write: Callable[[Descriptor, Path], None]
    problems: Callable[[Path, Path | None], list[Problem]] | None = None
    unpack: Callable[[Path, Path], list[Problem]] | None = None
    suffix: str | None = None
    recognises: Callable[[Path], bool] | None = None
    table_rows: Callable[[Table, bytes], list[Row]] | None = None


def file_problems(descriptor: Descriptor) -> list[Problem]:
    """Each file of the package exists, is readable within the limits, and matches the sha256 its descriptor records."""
    problems = []
    for resource in descriptor.data["resources"]:
        where = str(resource["path"])
        try:
            data = read_file(descriptor.basepath, resource["path"])
        except UnsafePackage as error:
            problems.append(Problem(where=where, message=error.reason, code=codes.DATA_FILE_UNREADABLE))
            continue
        reason = hash_mismatch(str(resource.get("hash", "")), data)
        if reason is not None:
            problems.append(Problem(where=where, message=reason, code=codes.HASH_MISMATCH))
    return problems


def installed_schema(where: str, name: str, version: str) -> tuple[Descriptor | None, list[Problem]]:
    """The installed descriptor, when it is the package and version that wrote an export."""
    from c4data.reading.load import shipped_descriptor

    installed = shipped_descriptor()
    if (name, version) != (installed.data["name"], installed.version):
        message = f"was written by {name} {version}; this is {installed.data['name']} {installed.version}"
        problem = Problem(
            where=where, message=f"{message}: validate it with the c4data of that version", code=codes.EXPORT_VERSION
        )
        return None, [problem]
    return installed, []


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
