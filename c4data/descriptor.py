"""Read the Frictionless descriptor: the one place where tables, fields and types are defined."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from c4data.problems import PackageProblems, Problem

HASH_PREFIX = "sha256:"
READ_FAILED = "cannot read datapackage.json"


@dataclass(frozen=True)
class Descriptor:
    """A parsed ``datapackage.json`` and the directory its paths are relative to."""

    path: Path
    data: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> Descriptor:
        """Parse the descriptor at ``path``; raise ``PackageProblems`` when it is missing or not a JSON object."""
        where = path.name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PackageProblems([Problem(where, None, None, f"not found in {path.parent}")], READ_FAILED) from None
        except UnicodeDecodeError:
            raise PackageProblems([Problem(where, None, None, "is not UTF-8")], READ_FAILED) from None
        except json.JSONDecodeError as error:
            problem = Problem(where, error.lineno, None, f"is not valid JSON: {error.msg}")
            raise PackageProblems([problem], READ_FAILED) from None
        if not isinstance(data, dict):
            raise PackageProblems([Problem(where, None, None, "must hold a JSON object")], READ_FAILED)
        return cls(path=path, data=data)

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

    def resource(self, name: str) -> dict[str, Any]:
        """The resource (table) called ``name``."""
        for resource in self.data["resources"]:
            if resource["name"] == name:
                return resource
        raise KeyError(f"no table named {name!r}; the tables are {', '.join(self.resource_names)}")

    def data_file(self, name: str) -> Path:
        """Where the table's data file is."""
        return self.basepath / self.resource(name)["path"]

    def write(self, path: Path) -> None:
        """Write the descriptor as the build does: UTF-8, two-space indent, trailing newline."""
        path.write_text(dumps(self.data), encoding="utf-8")


def dumps(data: dict[str, Any]) -> str:
    """The descriptor as text, byte for byte as every build writes it."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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


def fields(resource: dict[str, Any]) -> list[dict[str, Any]]:
    """The Table Schema fields of a resource."""
    return list(resource["schema"]["fields"])


def constraints(field: dict[str, Any]) -> dict[str, Any]:
    """A field's constraints (empty when it has none)."""
    return dict(field.get("constraints", {}))


def enum_values(field: dict[str, Any]) -> list[str] | None:
    """The allowed values of an enumerated field, in their declared order, or None."""
    return constraints(field).get("enum")


def is_required(field: dict[str, Any]) -> bool:
    """Whether a field may not be empty."""
    return bool(constraints(field).get("required", False))


def primary_key(resource: dict[str, Any]) -> list[str]:
    """The names of a resource's primary-key fields."""
    key = resource["schema"].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def missing_values(resource: dict[str, Any]) -> list[str]:
    """The cell texts that a resource's schema reads as missing."""
    return list(resource["schema"].get("missingValues", [""]))


def file_sha256(path: Path) -> str:
    """The lower-case hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
