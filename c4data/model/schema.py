"""The descriptor as typed objects: a ``Package`` of ``Table``s of ``Field``s, read once from ``datapackage.json``.

The JSON stays the one source of truth; these frozen objects are how the code reads it, so that a
default (a field's type is ``"string"`` unless it says otherwise) is written in one place. Build them
only from a descriptor whose shape has been checked (``checks.descriptor``); ``Package.from_descriptor``
assumes every resource names its path and lists its fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from c4data.model.errors import UnknownTable

PARTIAL_DATE = "c4data:partialDate"  # a field property: ISO 8601 text at the precision known
VERBATIM = "c4data:verbatim"  # a field property: a quotation of the row's source, checked like evidence
SAME_AS_PARENT = "c4data:sameAsParent"  # a field property: equal to the value of the row's parent row
CODEBOOK_OF = "c4data:codebookOf"  # a field property: "table.field" whose codebook this field shares
CHANGES_OVER_TIME = "c4data:changesOverTime"  # a field property: a value that changes over time (a status)
EVIDENCE_FIELD = "evidence"
EVIDENCE_SUFFIX = "_evidence"
DEFAULT_TYPE = "string"
DEFAULT_MISSING_VALUES = ("",)
CURATED_DIR = PurePosixPath("data") / "curated"


@dataclass(frozen=True)
class Category:
    """One value of an enumerated field and what it means, in English (``label``) and Chinese (``label_zh``)."""

    value: str
    label: str
    label_zh: str


@dataclass(frozen=True)
class ForeignKey:
    """Fields of a table that point at fields of another table (or of the same one)."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    """A Table Schema field, with the constraints and codebook c4data reads."""

    name: str
    type: str
    description: str
    required: bool
    enum: tuple[str, ...] | None
    categories: tuple[Category, ...]
    categories_ordered: bool
    partial_date: bool
    verbatim: bool  # quoted from the row's source: ``evidence``, ``*_evidence`` or marked ``c4data:verbatim``
    same_as_parent: bool
    codebook_of: str | None  # "table.field" whose codebook (values, labels) this field shares
    changes_over_time: bool  # a value that changes over time: a later value is history, not a disagreement
    missing_values: tuple[str, ...] | None  # field-level, for frictionless's Parquet reader; None when unset
    constraints: Mapping[str, Any]

    @classmethod
    def from_descriptor(cls, field: Mapping[str, Any]) -> Field:
        """Read one field of a resource's ``schema.fields``."""
        constraints = dict(field.get("constraints", {}))
        enum = constraints.get("enum")
        missing = field.get("missingValues")
        return cls(
            name=field["name"],
            type=field.get("type", DEFAULT_TYPE),
            description=str(field.get("description", "")),
            required=bool(constraints.get("required", False)),
            enum=tuple(enum) if enum is not None else None,
            categories=tuple(
                Category(str(c.get("value")), str(c.get("label", "")), str(c.get("label_zh", "")))
                for c in field.get("categories", [])
            ),
            categories_ordered=bool(field.get("categoriesOrdered", False)),
            partial_date=bool(field.get(PARTIAL_DATE, False)),
            verbatim=bool(field.get(VERBATIM, False)) or is_evidence_name(field["name"]),
            same_as_parent=bool(field.get(SAME_AS_PARENT, False)),
            codebook_of=str(field[CODEBOOK_OF]) if field.get(CODEBOOK_OF) else None,
            changes_over_time=bool(field.get(CHANGES_OVER_TIME, False)),
            missing_values=tuple(missing) if missing is not None else None,
            constraints=constraints,
        )

    def category(self, value: str) -> Category | None:
        """The codebook entry of ``value``, or None when it has none."""
        return next((category for category in self.categories if category.value == value), None)


@dataclass(frozen=True)
class Table:
    """A tabular resource: its fields, keys, missing values and files."""

    name: str
    path: str
    format: str
    title: str
    description: str
    hash: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    missing_values: tuple[str, ...]

    @classmethod
    def from_descriptor(cls, resource: Mapping[str, Any]) -> Table:
        """Read one resource of the descriptor."""
        schema = resource["schema"]
        return cls(
            name=resource["name"],
            path=str(resource.get("path", "")),  # empty for rows held inline
            format=str(resource.get("format", "")),
            title=str(resource.get("title", "")),
            description=str(resource.get("description", "")),
            hash=str(resource.get("hash", "")),
            fields=tuple(Field.from_descriptor(field) for field in schema["fields"]),
            primary_key=_names(schema.get("primaryKey", [])),
            foreign_keys=tuple(
                ForeignKey(
                    fields=_names(fk["fields"]),
                    resource=fk["reference"].get("resource") or resource["name"],
                    reference_fields=_names(fk["reference"]["fields"]),
                )
                for fk in schema.get("foreignKeys", [])
            ),
            missing_values=tuple(schema.get("missingValues", DEFAULT_MISSING_VALUES)),
        )

    @property
    def field_names(self) -> list[str]:
        """The fields' names, in order."""
        return [field.name for field in self.fields]

    def field(self, name: str) -> Field | None:
        """The field called ``name``, or None when the table has none."""
        return next((field for field in self.fields if field.name == name), None)

    @property
    def key_fields(self) -> list[Field]:
        """The primary-key fields, in key order (names the table lacks are left out)."""
        by_name = {field.name: field for field in self.fields}
        return [by_name[name] for name in self.primary_key if name in by_name]

    @property
    def curated_path(self) -> str:
        """Where the curated CSV file of this table lives, relative to the project root."""
        return (CURATED_DIR / f"{self.name}.csv").as_posix()


@dataclass(frozen=True)
class Licence:
    """A licence of the package: its SPDX-style ``name`` and its ``title``."""

    name: str
    title: str


@dataclass(frozen=True)
class Contributor:
    """A person or organisation credited in the descriptor, with their roles (``creator``...)."""

    title: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Package:
    """The data package: its metadata and its tables, in the descriptor's order."""

    name: str
    title: str
    version: str
    description: str
    tables: tuple[Table, ...]
    created: str = ""  # the release date and time of this version (ISO 8601), "" when not given
    homepage: str = ""  # the URL the citation gives, "" when not given
    licences: tuple[Licence, ...] = ()
    contributors: tuple[Contributor, ...] = ()
    keywords: tuple[str, ...] = ()

    @classmethod
    def from_descriptor(cls, data: Mapping[str, Any]) -> Package:
        """Read a parsed ``datapackage.json`` whose shape has been checked."""
        return cls(
            name=str(data.get("name", "")),
            title=str(data.get("title", "")),
            version=str(data.get("version", "")),
            description=str(data.get("description", "")),
            tables=tuple(Table.from_descriptor(resource) for resource in data["resources"]),
            created=str(data.get("created", "")),
            homepage=str(data.get("homepage", "")),
            licences=tuple(
                Licence(str(licence.get("name", "?")), str(licence.get("title", "")))
                for licence in data.get("licenses", [])
            ),
            contributors=tuple(
                Contributor(str(person["title"]), tuple(person.get("roles", [])))
                for person in data.get("contributors", [])
            ),
            keywords=tuple(data.get("keywords", [])),
        )

    @property
    def creators(self) -> list[str]:
        """Who to name as authors: the contributors whose role is ``creator``, else every contributor, else the
        package's name."""
        creators = [person.title for person in self.contributors if "creator" in person.roles]
        return creators or [person.title for person in self.contributors] or [self.name]

    @property
    def table_names(self) -> list[str]:
        """The tables' names, in the descriptor's order."""
        return [table.name for table in self.tables]

    def table(self, name: str) -> Table:
        """The table called ``name``; ``UnknownTable`` (a ``KeyError``) names the tables there are."""
        for table in self.tables:
            if table.name == name:
                return table
        raise UnknownTable(name, self.table_names)


def is_evidence_name(name: str) -> bool:
    """Whether a field's name makes it a quotation of the row's source: ``evidence`` or ``*_evidence``."""
    return name == EVIDENCE_FIELD or name.endswith(EVIDENCE_SUFFIX)


def _names(value: str | list[str]) -> tuple[str, ...]:
    """A Table Schema field list, which may be one name or several."""
    return (value,) if isinstance(value, str) else tuple(value)
