"""Read and write ``datapackage.json``, the one place where tables, fields and types are defined.

``Descriptor`` holds the raw JSON (what writers copy and rewrite) and its typed reading, ``.package``
(what everything else reads: see ``c4data.model.schema``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from c4data.files.untrusted import FILE_MISSING, MAX_DESCRIPTOR_BYTES, UnsafePackage, read_file, shown
from c4data.model import codes
from c4data.model.problems import PackageProblems, Problem
from c4data.model.schema import Package, Table

READ_FAILED = "cannot read datapackage.json"
DESCRIPTOR_FILE = "datapackage.json"
# Where a resource's data is: a file (path, format...), its integrity (hash, bytes), or rows inline (data).
LOCATION_KEYS = ("path", "format", "mediatype", "encoding", "hash", "bytes", "data")
CSV_LOCATION = {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}


@dataclass(frozen=True)
class Descriptor:
    """A parsed ``datapackage.json`` and the directory its paths are relative to."""

    path: Path
    data: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> Descriptor:
        """Parse the descriptor at ``path``; raise ``PackageProblems`` when it is missing or not a JSON object."""
        try:
            raw = read_file(path.parent, path.name, MAX_DESCRIPTOR_BYTES)
        except UnsafePackage as error:
            reason = f"not found in {path.parent}" if error.reason == FILE_MISSING else error.reason
            problem = Problem(where=path.name, message=reason, code=codes.DESCRIPTOR_UNREADABLE)
            raise PackageProblems([problem], READ_FAILED) from None
        return cls.parse(path, raw)

    @classmethod
    def parse(cls, path: Path, raw: bytes) -> Descriptor:
        """The descriptor whose bytes are ``raw`` (read from ``path``, or from a zip's member named so); raise
        ``PackageProblems`` when they are not a JSON object."""
        where = path.name
        code = codes.DESCRIPTOR_UNREADABLE
        try:
            data = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise PackageProblems(
                [Problem(where=where, message="is nested too deeply to read", code=code)], READ_FAILED
            ) from None
        except UnicodeDecodeError:
            raise PackageProblems([Problem(where=where, message="is not UTF-8", code=code)], READ_FAILED) from None
        except json.JSONDecodeError as error:
            problem = Problem(where=where, line=error.lineno, message=f"is not valid JSON: {error.msg}", code=code)
            raise PackageProblems([problem], READ_FAILED) from None
        except ValueError as error:  # a number of more digits than Python converts (4,300)
            problem = Problem(where=where, message=f"holds a value c4data does not read: {error}", code=code)
            raise PackageProblems([problem], READ_FAILED) from None
        if not isinstance(data, dict):
            raise PackageProblems([Problem(where=where, message="must hold a JSON object", code=code)], READ_FAILED)
        return cls(path=path, data=data)

    @cached_property
    def package(self) -> Package:
        """The descriptor read into typed objects; ``PackageProblems``, naming the part, when its shape is not
        one c4data reads (``c4data validate`` says what is wrong in full)."""
        try:
            return Package.from_descriptor(self.data)
        except SHAPE_ERRORS as error:
            raise PackageProblems([shape_problem(self.data, error)], READ_FAILED) from None

    @property
    def basepath(self) -> Path:
        """The directory that resource paths are relative to."""
        return self.path.parent

    @property
    def version(self) -> str:
        """The package version, defined once here and read by the wheel's metadata."""
        return str(self.data["version"])

    @property
    def resource_names(self) -> list[str]:
        """The tables, in the descriptor's order."""
        return [resource["name"] for resource in self.data["resources"]]

    def table(self, name: str) -> Table:
        """The table called ``name``; ``UnknownTable`` names the tables there are."""
        return self.package.table(name)

    def data_file(self, name: str) -> Path:
        """Where the table's data file is."""
        return self.basepath / self.table(name).path

    def write(self, path: Path) -> None:
        """Write the descriptor as the build does: UTF-8, two-space indent, trailing newline."""
        path.write_text(dumps(self.data), encoding="utf-8")


# What reading a descriptor of an unexpected shape into the model raises: a key missing, a value of another type.
SHAPE_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError)


def shape_problem(data: dict[str, Any], error: BaseException) -> Problem:
    """Where the model cannot read the descriptor: the first resource it cannot read, else the package's metadata."""
    resources = data.get("resources")
    where = f"{DESCRIPTOR_FILE}: the package's metadata (name, contributors, licenses, keywords)"
    if not isinstance(resources, list):
        where = f"{DESCRIPTOR_FILE}: resources"
    else:
        for index, resource in enumerate(resources):
            try:
                Table.from_descriptor(resource)
            except SHAPE_ERRORS:
                name = resource.get("name") if isinstance(resource, dict) else None
                where = f"{DESCRIPTOR_FILE}: resources[{index}]" + (
                    f" ({shown(name)})" if isinstance(name, str) else ""
                )
                break
    reason = "it is nested too deeply" if isinstance(error, RecursionError) else f"{type(error).__name__}: {error}"
    message = f"has a shape c4data cannot read ({shown(reason)[:200]}); c4data validate says what is wrong"
    return Problem(where=where, message=message, code=codes.DESCRIPTOR_SHAPE)


def dumps(data: dict[str, Any]) -> str:
    """The descriptor as text, byte for byte as every build writes it."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def repoint(
    data: dict[str, Any],
    location: Callable[[dict[str, Any]], dict[str, Any]],
    drop: tuple[str, ...] = (),
    as_text: bool = False,
) -> dict[str, Any]:
    """A copy of the descriptor whose resources point at other data: the one helper every writer uses.

    ``location(resource)`` (given the copy's resource; it may write the file first) returns the keys to set,
    such as ``path`` and ``hash`` for a file or ``data`` for inline rows; keys in ``drop`` that it does not
    set are removed. Keys it sets keep their place, so a rewritten descriptor reads as a small diff.
    ``as_text`` drops the fields' own missing values, which exist for frictionless's Parquet reader: text
    (CSV, inline rows) keeps the table's.
    """
    package = copy.deepcopy(data)
    for resource in package["resources"]:
        if as_text:
            for field in resource["schema"]["fields"]:
                field.pop("missingValues", None)
        updates = location(resource)
        for key in drop:
            if key not in updates:
                resource.pop(key, None)
        resource.update(updates)
    return package


def has_tables(data: Any) -> bool:
    """Whether a descriptor's data lists its tables in the shape c4data reads (each ``is_table_resource``); the
    full check (frictionless and the codebook) is ``c4data validate``'s."""
    resources = data.get("resources") if isinstance(data, dict) else None
    return isinstance(resources, list) and all(is_table_resource(resource) for resource in resources)


def is_table_resource(resource: Any) -> bool:
    """Whether a resource has the shape c4data reads: a name, a path and an inline schema listing named fields."""
    return (
        isinstance(resource, dict)
        and isinstance(resource.get("name"), str)
        and isinstance(resource.get("path"), str)
        and isinstance(resource.get("schema"), dict)
        and isinstance(resource["schema"].get("fields"), list)
        and all(
            isinstance(field, dict) and isinstance(field.get("name"), str) for field in resource["schema"]["fields"]
        )
    )
