"""The project's own rules: what frictionless 5.21 does not check for this package."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from c4data._types import INT64_RANGE, NUMERAL_PATTERNS, SUPPORTED_TYPES, parse_text
from c4data.descriptor import (
    Descriptor,
    enum_values,
    fields,
    file_sha256,
    is_required,
    is_table_resource,
    primary_key,
)
from c4data.integrity import REINSTALL_ADVICE, DataIntegrityError, hash_mismatch, read_parquet_bytes
from c4data.problems import Problem

VERSION_PATTERN = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+([.-]?[A-Za-z0-9.]+)?$")
DISAGREEMENTS_TABLE = "disagreements"
ROW_KEY_SEPARATOR = "|"
EVIDENCE_FIELD = "evidence"
EVIDENCE_SUFFIX = "_evidence"
SOURCES_TABLE = "sources"
HAS_HAN = re.compile(r"[\u3400-\u9fff]")
PARTIAL_DATE = "c4data:partialDate"  # a field property: ISO 8601 text at the precision known


@dataclass
class TableRows:
    """A table's rows as Python values, and how to name the place of each row in a message."""

    name: str
    where: str
    rows: list[dict[str, Any]]
    positions: list[int]
    position_label: str = "row"
    typed: bool = True  # False while the cells are still the curated CSV's text

    def value(self, row: dict[str, Any], field: dict[str, Any]) -> Any:
        """A cell as the Python value its field type stores."""
        cell = row.get(field["name"])
        if self.typed:
            return cell
        try:
            return parse_text(field.get("type", "string"), cell)
        except ValueError:
            return cell  # not of its type: the type check reports it

    def key(self, row: dict[str, Any], key_fields: list[dict[str, Any]]) -> str:
        """The row's primary key as text, composite keys joined by ``|``."""
        return ROW_KEY_SEPARATOR.join(str(self.value(row, field)) for field in key_fields)

    def problem(self, index: int, field: str | None, message: str) -> Problem:
        """A problem located at row ``index`` of this table."""
        return Problem(self.where, self.positions[index], field, message, self.position_label)


def descriptor_problems(descriptor: Descriptor) -> list[Problem]:
    """The descriptor's own problems; when its shape is wrong, only those, since nothing else can be read."""
    shape = list(_shape_problems(descriptor.data))
    return shape or list(_codebook_problems(descriptor))


def _shape_problems(data: dict[str, Any]) -> Iterator[Problem]:
    """Frictionless's check of the metadata, then what c4data relies on: version, paths and types."""
    import frictionless

    where = "datapackage.json"
    try:
        report = frictionless.Package.validate_descriptor(data)
    except Exception as error:  # frictionless 5.21 raises AttributeError on some odd values
        yield Problem(where, None, None, f"frictionless cannot read the descriptor: {error}")
        return
    for error in report.errors:
        yield Problem(where, None, None, error.message)
    if not report.valid:
        return
    if not VERSION_PATTERN.match(str(data.get("version", ""))):
        yield Problem(where, None, "version", "must be a version number such as 1.2.0")
    resources = data.get("resources") or []
    if not resources:
        yield Problem(where, None, "resources", "lists no tables")
    for resource in resources:
        name = resource.get("name", "?")
        if resource.get("path") != f"data/{name}.parquet":
            yield Problem(f"{where}: {name}", None, "path", f"must be data/{name}.parquet")
        if not isinstance(resource.get("hash", ""), str):
            yield Problem(f"{where}: {name}", None, "hash", "must be text of the form 'sha256:<hex>'")
        if not is_table_resource(resource):
            yield Problem(f"{where}: {name}", None, "schema", "must be an inline Table Schema listing named fields")
            continue
        for field in resource["schema"]["fields"]:
            if field.get("type", "string") not in SUPPORTED_TYPES:
                supported = ", ".join(SUPPORTED_TYPES)
                yield Problem(f"{where}: {name}", None, field.get("name"), f"type must be one of {supported}")


def _codebook_problems(descriptor: Descriptor) -> Iterator[Problem]:
    """Every field described, every enum value with an English and a Chinese label, keys naming real fields."""
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
                if not HAS_HAN.search(str(category.get("label_zh", ""))):
                    yield Problem(where, None, field["name"], f"category {category.get('value')!r} has no label_zh")
        for key_field in primary_key(resource):
            if key_field not in names:
                yield Problem(where, None, key_field, "primaryKey names a field the table does not have")


def hash_problems(descriptor: Descriptor) -> Iterator[Problem]:
    """Each data file exists and matches the ``sha256:`` hash the descriptor records."""
    for name in descriptor.resource_names:
        where = descriptor.resource(name)["path"]
        try:
            data = read_parquet_bytes(descriptor.data_file(name))
        except DataIntegrityError as error:
            yield Problem(where, None, None, f"{error.reason}; {REINSTALL_ADVICE}")
            continue
        reason = hash_mismatch(str(descriptor.resource(name).get("hash", "")), data)
        if reason is not None:
            yield Problem(where, None, None, f"{reason}; {REINSTALL_ADVICE}")


def required_problems(descriptor: Descriptor, tables: Iterable[TableRows]) -> Iterator[Problem]:
    """No empty cell in a required field, whatever its type (frictionless misses numbers)."""
    for table in tables:
        required = [field["name"] for field in fields(descriptor.resource(table.name)) if is_required(field)]
        for index, row in enumerate(table.rows):
            for name in required:
                if row.get(name) is None:
                    yield table.problem(index, name, "is required but empty")


def number_problems(descriptor: Descriptor, tables: Iterable[TableRows]) -> Iterator[Problem]:
    """Numbers are finite and integers fit in 64 bits; curated cells are plain decimal numerals."""
    for table in tables:
        numeric = [f for f in fields(descriptor.resource(table.name)) if f.get("type") in NUMERAL_PATTERNS]
        for index, row in enumerate(table.rows):
            for field in numeric:
                cell = row.get(field["name"])
                if cell is None:
                    continue
                if not table.typed and not NUMERAL_PATTERNS[field["type"]].fullmatch(cell):
                    yield table.problem(index, field["name"], f"{cell!r} is not a plain decimal {field['type']}")
                    continue
                value = table.value(row, field)
                if field["type"] == "number" and not math.isfinite(value):
                    yield table.problem(index, field["name"], f"{cell!r} is not a finite number")
                elif field["type"] == "integer" and not INT64_RANGE[0] <= value <= INT64_RANGE[1]:
                    yield table.problem(index, field["name"], f"{cell!r} does not fit in a 64-bit integer")


def date_problems(descriptor: Descriptor, tables: Iterable[TableRows]) -> Iterator[Problem]:
    """Fields marked ``c4data:partialDate`` hold a real year, month or day: 2018-02-31 is refused."""
    for table in tables:
        dated = [field["name"] for field in fields(descriptor.resource(table.name)) if field.get(PARTIAL_DATE)]
        for index, row in enumerate(table.rows):
            for name in dated:
                value = row.get(name)
                if isinstance(value, str) and not _is_calendar_date(value):
                    yield table.problem(
                        index, name, f"{value!r} is not a date of the calendar (YYYY, YYYY-MM or YYYY-MM-DD)"
                    )


def _is_calendar_date(text: str) -> bool:
    """Whether ``text`` is a year, a year and month, or a full date that exists."""
    parts = text.split("-")
    if [len(part) for part in parts] not in ([4], [4, 2], [4, 2, 2]) or not all(part.isdigit() for part in parts):
        return False
    try:
        datetime.date(*(int(part) for part in parts), *([1] * (3 - len(parts))))
    except ValueError:
        return False
    return True


def order_problems(descriptor: Descriptor, tables: Iterable[TableRows]) -> Iterator[Problem]:
    """Rows are sorted by primary key, so that a change reads as a small diff."""
    for table in tables:
        resource = descriptor.resource(table.name)
        key_fields = _key_fields(resource)
        previous = None
        for index, row in enumerate(table.rows):
            current = tuple(table.value(row, field) for field in key_fields)
            if any(value is None for value in current):
                previous = None  # an empty key: the primary-key check reports it
                continue
            try:
                unsorted = previous is not None and current < previous
            except TypeError:
                break  # a key that is not of its type: the type check reports it
            if unsorted:
                yield table.problem(
                    index, ",".join(primary_key(resource)), "rows are not sorted by primary key; sort the file by key"
                )
                break
            previous = current


def _key_fields(resource: dict[str, Any]) -> list[dict[str, Any]]:
    by_name = {field["name"]: field for field in fields(resource)}
    return [by_name[name] for name in primary_key(resource)]


def disagreement_problems(descriptor: Descriptor, tables: list[TableRows]) -> Iterator[Problem]:
    """Each disagreement names a real row and field, and its adopted value is the one the table holds."""
    by_name = {table.name: table for table in tables}
    disagreements = by_name.get(DISAGREEMENTS_TABLE)
    if disagreements is None:
        return
    rows_by_key: dict[str, dict[str, dict[str, Any]]] = {}
    for index, row in enumerate(disagreements.rows):
        table = by_name.get(row["resource"])
        if table is None:
            continue  # not a table of the package: the enum check reports it
        resource = descriptor.resource(table.name)
        field = next((f for f in fields(resource) if f["name"] == row["field"]), None)
        if field is None:
            yield disagreements.problem(index, "field", f"{table.name} has no field {row['field']!r}")
            continue
        if table.name not in rows_by_key:
            key_fields = _key_fields(resource)
            rows_by_key[table.name] = {table.key(candidate, key_fields): candidate for candidate in table.rows}
        match = rows_by_key[table.name].get(row["row_key"])
        if match is None:
            yield disagreements.problem(index, "row_key", f"{table.name} has no row with key {row['row_key']!r}")
            continue
        if row["other_value"] == row["adopted_value"]:
            yield disagreements.problem(index, "other_value", "is the adopted value: there is no disagreement")
        try:
            adopted = parse_text(field.get("type", "string"), row["adopted_value"])
        except ValueError:
            yield disagreements.problem(index, "adopted_value", f"is not a valid {field.get('type')}")
            continue
        held = table.value(match, field)
        if adopted != held:
            yield disagreements.problem(
                index, "adopted_value", f"is {row['adopted_value']!r}, but {table.name} holds {held!r}"
            )


def value_problems(descriptor: Descriptor, tables: list[TableRows], sources_dir: Path | None) -> list[Problem]:
    """The rules on values that both the curated CSV and the built Parquet must pass: numbers, dates,
    disagreements and, when the reference texts are given, evidence quoted verbatim."""
    problems = list(number_problems(descriptor, tables))
    problems += date_problems(descriptor, tables)
    problems += disagreement_problems(descriptor, tables)
    if sources_dir is not None:
        problems += evidence_problems(tables, sources_dir)
    return problems


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
