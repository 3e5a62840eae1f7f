"""Read the Frictionless descriptor: the one place where tables, fields and types are defined."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HASH_PREFIX = "sha256:"


@dataclass(frozen=True)
class Descriptor:
    """A parsed ``datapackage.json`` and the directory its paths are relative to."""

    path: Path
    data: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> Descriptor:
        with open(path, encoding="utf-8") as handle:
            return cls(path=path, data=json.load(handle))

    @property
    def basepath(self) -> Path:
        return self.path.parent

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @property
    def resource_names(self) -> list[str]:
        return [resource["name"] for resource in self.data["resources"]]

    def resource(self, name: str) -> dict[str, Any]:
        for resource in self.data["resources"]:
            if resource["name"] == name:
                return resource
        raise KeyError(f"no table named {name!r}; the tables are {', '.join(self.resource_names)}")

    def data_file(self, name: str) -> Path:
        return self.basepath / self.resource(name)["path"]

    def write(self, path: Path) -> None:
        """Write the descriptor as the build does: UTF-8, two-space indent, trailing newline."""
        path.write_text(dumps(self.data), encoding="utf-8")


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def fields(resource: dict[str, Any]) -> list[dict[str, Any]]:
    return list(resource["schema"]["fields"])


def constraints(field: dict[str, Any]) -> dict[str, Any]:
    return dict(field.get("constraints", {}))


def enum_values(field: dict[str, Any]) -> list[str] | None:
    return constraints(field).get("enum")


def is_required(field: dict[str, Any]) -> bool:
    return bool(constraints(field).get("required", False))


def primary_key(resource: dict[str, Any]) -> list[str]:
    key = resource["schema"].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def missing_values(resource: dict[str, Any]) -> list[str]:
    return list(resource["schema"].get("missingValues", [""]))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
