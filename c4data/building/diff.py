"""Compare two data packages table by table, by primary key: rows added, removed and changed."""

from __future__ import annotations

import csv
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from c4data.checks.base import ROW_KEY_SEPARATOR
from c4data.files.untrusted import (
    MAX_DESCRIPTOR_BYTES,
    MAX_FILE_BYTES,
    UnsafePackage,
    ZipPackage,
    json_shown,
    read_file,
    reference_problems,
    shown,
)
from c4data.formats import table_rows
from c4data.model.descriptor import is_table_resource
from c4data.model.errors import C4DataError
from c4data.model.paths import DESCRIPTOR_NAME
from c4data.model.schema import Package as Schema
from c4data.model.schema import Table

Key = tuple[Any, ...]
Row = dict[str, Any]


class UnreadablePackage(C4DataError):
    """Raised when a package to compare cannot be read; the message says which and why."""


@dataclass
class Package:
    """A data package read into memory: its descriptor, and each table's rows by primary key."""

    location: str
    descriptor: dict[str, Any]
    keys: dict[str, list[str]]
    tables: dict[str, dict[Key, Row]]
    schema: Schema

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", "?"))


@dataclass
class TableDiff:
    """What changed in one table between two packages."""

    name: str
    primary_key: list[str]
    status: str = "compared"  # "added" / "removed": in one package only; "rekeyed": its primary key changed
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    changed: list[tuple[Key, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return bool(
            self.status != "compared"
            or self.added
            or self.removed
            or self.changed
            or self.fields_added
            or self.fields_removed
        )


@dataclass
class PackageDiff:
    """The differences between an old and a new package."""

    old: Package
    new: Package
    tables: list[TableDiff]

    @property
    def differs(self) -> bool:
        return any(table.differs for table in self.tables)


def diff_packages(old: str | os.PathLike[str], new: str | os.PathLike[str]) -> PackageDiff:
    """Compare the packages at ``old`` and ``new`` (directories, descriptors or zip files)."""
    before, after = read_package(old), read_package(new)
    names = list(before.tables) + [name for name in after.tables if name not in before.tables]
    return PackageDiff(before, after, [_diff_table(name, before, after) for name in names])


def _diff_table(name: str, old: Package, new: Package) -> TableDiff:
    if name not in new.tables:
        return TableDiff(name, old.keys[name], "removed", removed=sorted(old.tables[name], key=_sortable))
    if name not in old.tables:
        return TableDiff(name, new.keys[name], "added", added=sorted(new.tables[name], key=_sortable))
    if old.keys[name] != new.keys[name]:
        # rows keyed differently cannot be matched: every old row is removed and every new one added
        return TableDiff(
            name,
            new.keys[name],
            "rekeyed",
            added=sorted(new.tables[name], key=_sortable),
            removed=sorted(old.tables[name], key=_sortable),
        )
    before, after = old.tables[name], new.tables[name]
    old_fields = old.schema.table(name).field_names
    new_fields = new.schema.table(name).field_names
    common = [f for f in new_fields if f in old_fields]
    result = TableDiff(
        name,
        new.keys[name],
        fields_added=[f for f in new_fields if f not in old_fields],
        fields_removed=[f for f in old_fields if f not in new_fields],
    )
    result.added = sorted((key for key in after if key not in before), key=_sortable)
    result.removed = sorted((key for key in before if key not in after), key=_sortable)
    for key in sorted((key for key in after if key in before), key=_sortable):
        changes = {f: (before[key][f], after[key][f]) for f in common if before[key][f] != after[key][f]}
        if changes:
            result.changed.append((key, changes))
    return result


def _sortable(key: Key) -> tuple[tuple[bool, str, Any], ...]:
    """Order keys whatever their types: missing first, then by type, then by value."""
    return tuple((part is not None, type(part).__name__, part if part is not None else "") for part in key)


# Reading


def read_package(path: str | os.PathLike[str]) -> Package:
    """Read every table of the package at ``path``: a directory, its ``datapackage.json``, or a zip.

    The package is untrusted input: only its own regular files (or zip members) are read, within the
    limits of ``c4data.files.untrusted``; anything else raises ``UnreadablePackage`` saying why.
    """
    location = Path(path)
    try:
        if location.is_file() and zipfile.is_zipfile(location):
            with ZipPackage(location) as archive:
                return _read(str(location), archive.read)
        if location.is_dir():
            location = location / DESCRIPTOR_NAME
        if not location.is_file():
            raise UnreadablePackage(
                f"{shown(path)}: no data package here (expected a directory, a {DESCRIPTOR_NAME} or a zip)"
            )
        base = location.parent
        return _read(str(path), lambda member, limit: read_file(base, member, limit), descriptor_name=location.name)
    except UnsafePackage as error:
        raise UnreadablePackage(f"{shown(path)}: cannot read {error}") from None


def _read(location: str, read: Callable[[str, int], bytes], descriptor_name: str = DESCRIPTOR_NAME) -> Package:
    where = shown(location)
    try:
        descriptor = json.loads(read(descriptor_name, MAX_DESCRIPTOR_BYTES).decode("utf-8"))
        resources = descriptor["resources"]
    except (KeyError, UnicodeDecodeError, ValueError, TypeError, RecursionError) as error:
        raise UnreadablePackage(f"{where}: cannot read {descriptor_name} ({shown(error)})") from None
    refused = reference_problems(descriptor)
    if refused:
        raise UnreadablePackage(f"{where}: {refused[0]}")
    if not isinstance(resources, list) or not all(is_table_resource(resource) for resource in resources):
        raise UnreadablePackage(
            f"{where}: {descriptor_name} must list its tables as objects, each with a path and an inline schema"
        )
    try:
        schema = Schema.from_descriptor(descriptor)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise UnreadablePackage(f"{where}: cannot read the schemas of {descriptor_name} ({shown(error)!r})") from None
    package = Package(location, descriptor, {}, {}, schema)
    for table in schema.tables:
        if table.name in package.tables:
            raise UnreadablePackage(f"{where}: two tables are named {shown(table.name)}")
        key = _checked_key(where, table)
        try:
            package.tables[table.name] = _rows_by_key(where, table, key, read(table.path, MAX_FILE_BYTES))
        except UnsafePackage as error:
            raise UnreadablePackage(f"{where}: cannot read table {shown(table.name)}: {error}") from None
        except (KeyError, OSError, ValueError, TypeError, csv.Error, ArithmeticError) as error:
            # pyarrow's errors are OSError or ValueError; TypeError: a key of values that cannot be compared
            raise UnreadablePackage(f"{where}: cannot read table {shown(table.name)} ({shown(error)})") from None
        package.keys[table.name] = key
    return package


def _checked_key(where: str, table: Table) -> list[str]:
    """The table's primary key: one or more of its own field names."""
    key = list(table.primary_key)
    if not key:
        raise UnreadablePackage(f"{where}: table {shown(table.name)} has no primary key to compare rows by")
    if not all(isinstance(part, str) and part in table.field_names for part in key):
        raise UnreadablePackage(
            f"{where}: table {shown(table.name)}: its primary key {shown(key)} must name fields of the table"
        )
    return key


def _rows_by_key(where: str, table: Table, key: list[str], content: bytes) -> dict[Key, Row]:
    by_key: dict[Key, Row] = {}
    for number, row in enumerate(_read_rows(table, content), start=1):
        row_key = tuple(row.get(part) for part in key)
        if row_key in by_key:
            shown_key = ROW_KEY_SEPARATOR.join(map(str, row_key))
            raise UnreadablePackage(
                f"{where}: table {shown(table.name)}, row {number}: duplicate key {shown(shown_key)}"
            )
        by_key[row_key] = row
    return by_key


def _read_rows(table: Table, content: bytes) -> list[Row]:
    """A table's rows as Python values, read by the format of the registry its file is in, within the limits."""
    return [{name: row.get(name) for name in table.field_names} for row in table_rows(table, content)]


# Showing


def key_text(key: Key) -> str:
    """A key as text, composite keys joined by ``|`` as in ``disagreements.row_key``."""
    return ROW_KEY_SEPARATOR.join("" if part is None else str(part) for part in key)


def as_text(result: PackageDiff) -> str:
    """A readable report: per table that differs, ``+`` added, ``-`` removed and ``~`` changed keys."""
    lines = [
        f"--- {result.old.location} (version {result.old.version})",
        f"+++ {result.new.location} (version {result.new.version})",
    ]
    for table in result.tables:
        if not table.differs:
            continue
        key = ROW_KEY_SEPARATOR.join(table.primary_key)
        if table.status in ("added", "removed"):
            count = len(table.added or table.removed)
            lines.append(f"{table.name}: table {table.status} ({count} rows)")
            continue
        if table.status == "rekeyed":
            lines.append(f"{table.name}: primary key changed to {key}; rows cannot be matched")
        lines.append(
            f"{table.name} (key {key}): {len(table.added)} added, {len(table.removed)} removed, "
            f"{len(table.changed)} changed"
        )
        lines += [f"  field added: {name}" for name in table.fields_added]
        lines += [f"  field removed: {name}" for name in table.fields_removed]
        lines += [f"  + {key_text(row)}" for row in table.added]
        lines += [f"  - {key_text(row)}" for row in table.removed]
        for row, changes in table.changed:
            lines.append(f"  ~ {key_text(row)}")
            lines += [f"      {name}: {old!r} -> {new!r}" for name, (old, new) in changes.items()]
    unchanged = [table.name for table in result.tables if not table.differs]
    if not result.differs:
        lines.append(f"no differences in {len(unchanged)} tables")
    elif unchanged:
        lines.append(f"unchanged: {', '.join(unchanged)}")
    return "\n".join(shown(line) for line in lines)  # text from a package cannot drive the terminal


def _status(table: TableDiff) -> str:
    """``unchanged``, ``changed``, or how the table itself changed: ``added``, ``removed``, ``rekeyed``."""
    if not table.differs:
        return "unchanged"
    return "changed" if table.status == "compared" else table.status


def as_json(result: PackageDiff) -> str:
    """The same report for machines; keys are lists of values in primary-key order."""
    tables = {}
    for table in result.tables:
        tables[table.name] = {
            "status": _status(table),
            "primary_key": table.primary_key,
            "fields_added": table.fields_added,
            "fields_removed": table.fields_removed,
            "added": [list(key) for key in table.added],
            "removed": [list(key) for key in table.removed],
            "changed": [
                {"key": list(key), "fields": {name: {"old": old, "new": new} for name, (old, new) in changes.items()}}
                for key, changes in table.changed
            ],
        }
    report = {
        "old": {"location": result.old.location, "version": result.old.version},
        "new": {"location": result.new.location, "version": result.new.version},
        "identical": not result.differs,
        "tables": tables,
    }
    return json_shown(json.dumps(report, ensure_ascii=False, indent=2, default=str))
