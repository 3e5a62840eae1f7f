"""The project's own rules: what frictionless 5.21 does not check for this package."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from c4data.descriptor import HASH_PREFIX, Descriptor, enum_values, fields, file_sha256, is_required, primary_key
from c4data.problems import Problem

EVIDENCE_FIELD = "evidence"
EVIDENCE_SUFFIX = "_evidence"
SOURCES_TABLE = "sources"


@dataclass
class TableRows:
    """A table's rows as Python values, and how to name the place of each row in a message."""

    name: str
    where: str
    rows: list[dict[str, Any]]
    positions: list[int]
    position_label: str = "row"

    def problem(self, index: int, field: str | None, message: str) -> Problem:
        return Problem(self.where, self.positions[index], field, message, self.position_label)


def descriptor_problems(descriptor: Descriptor) -> Iterator[Problem]:
    """Every field described, every enum value with a category label, keys naming real fields."""
    for resource in descriptor.data["resources"]:
        where = f"datapackage.json: {resource['name']}"
        names = [field["name"] for field in fields(resource)]
        for field in fields(resource):
            if not str(field.get("description", "")).strip():
                yield Problem(where, None, field["name"], "has no description")
            values = enum_values(field)
            if values is None:
                continue
            labelled = [category.get("value") for category in field.get("categories", [])]
            if labelled != values:
                yield Problem(where, None, field["name"], f"categories {labelled} do not match enum {values}")
            for category in field.get("categories", []):
                if not str(category.get("label", "")).strip():
                    yield Problem(where, None, field["name"], f"category {category.get('value')!r} has no label")
        for key_field in primary_key(resource):
            if key_field not in names:
                yield Problem(where, None, key_field, "primaryKey names a field the table does not have")


def hash_problems(descriptor: Descriptor) -> Iterator[Problem]:
    """Each data file exists and matches the ``sha256:`` hash the descriptor records."""
    for name in descriptor.resource_names:
        resource = descriptor.resource(name)
        path = descriptor.data_file(name)
        if not path.is_file():
            yield Problem(resource["path"], None, None, "data file is missing")
            continue
        declared = str(resource.get("hash", ""))
        if not declared.startswith(HASH_PREFIX):
            yield Problem(resource["path"], None, None, f"hash {declared!r} is not of the form 'sha256:<hex>'")
            continue
        actual = file_sha256(path)
        if declared[len(HASH_PREFIX) :] != actual:
            yield Problem(resource["path"], None, None, f"sha256 is {actual}, datapackage.json says {declared}")


def required_problems(descriptor: Descriptor, tables: Iterable[TableRows]) -> Iterator[Problem]:
    """No empty cell in a required field, whatever its type (frictionless misses numbers)."""
    for table in tables:
        required = [field["name"] for field in fields(descriptor.resource(table.name)) if is_required(field)]
        for index, row in enumerate(table.rows):
            for name in required:
                if row.get(name) is None:
                    yield table.problem(index, name, "is required but empty")


def number_problems(descriptor: Descriptor, tables: Iterable[TableRows]) -> Iterator[Problem]:
    """Numbers are finite: NaN and infinity are not data."""
    for table in tables:
        numbers = [field["name"] for field in fields(descriptor.resource(table.name)) if field.get("type") == "number"]
        for index, row in enumerate(table.rows):
            for name in numbers:
                value = row.get(name)
                if value is None:
                    continue
                try:
                    finite = math.isfinite(float(value))
                except ValueError:
                    continue  # not a number at all: the type check reports it
                if not finite:
                    yield table.problem(index, name, f"{value!r} is not a finite number")


def order_problems(
    descriptor: Descriptor, tables: Iterable[TableRows], convert: Callable[[str, Any], Any]
) -> Iterator[Problem]:
    """Rows are sorted by primary key, so that a change reads as a small diff."""
    for table in tables:
        resource = descriptor.resource(table.name)
        key = primary_key(resource)
        types = {field["name"]: field.get("type", "string") for field in fields(resource)}
        previous = None
        for index, row in enumerate(table.rows):
            try:
                current = tuple(convert(types[name], row[name]) for name in key)
            except (TypeError, ValueError):
                return  # a key that is not of its type: the type check reports it
            if previous is not None and current < previous:
                yield table.problem(index, ",".join(key), "rows are not sorted by primary key; sort the file by key")
                return
            previous = current


def evidence_problems(tables: list[TableRows], sources_dir: Path) -> Iterator[Problem]:
    """Every evidence span is verbatim in the reference copy of its source, and each copy is intact."""
    by_name = {table.name: table for table in tables}
    sources = by_name.get(SOURCES_TABLE)
    if sources is None:
        return
    texts: dict[str, str] = {}
    for index, row in enumerate(sources.rows):
        file_name = row.get("reference_file")
        if not file_name:
            continue
        path = sources_dir / file_name
        if not path.is_file():
            yield sources.problem(index, "reference_file", f"no reference copy at {path}")
            continue
        if row.get("text_sha256") and file_sha256(path) != row["text_sha256"]:
            yield sources.problem(index, "text_sha256", f"does not match the sha256 of {path}")
            continue
        texts[row["source_id"]] = path.read_text(encoding="utf-8")
    for table in tables:
        for index, row in enumerate(table.rows):
            for name, span in row.items():
                if not (name == EVIDENCE_FIELD or name.endswith(EVIDENCE_SUFFIX)) or span is None:
                    continue
                source_id = row.get("source_id")
                if source_id not in texts:
                    yield table.problem(index, name, f"source {source_id!r} has no reference text to check it against")
                elif span not in texts[source_id]:
                    yield table.problem(index, name, f"{_short(span)!r} is not verbatim in {source_id}")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
