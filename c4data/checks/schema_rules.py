"""Check the rules of each table's schema before any row is read: each is one that c4data reads, and well formed.

The build reads the rules itself (``checks.table_schema``) and does not run frictionless's check of the
descriptor, so a rule it would misread must be refused here: a constraint of the wrong kind of value, a
missing-values list given as text, a foreign key naming fields that do not exist. The rest of the
metadata (licences, contributors...) is checked against the Data Package profile by ``c4data validate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from c4data.checks.base import CheckInput
from c4data.checks.table_schema import BOUNDS, CONSTRAINTS_BY_TYPE, READERS, ROW_CONSTRAINTS
from c4data.model import codes
from c4data.model.descriptor import is_table_resource
from c4data.model.problems import Problem

WHERE = "datapackage.json"
# Field properties that change how frictionless reads a cell; c4data's reading knows only the defaults.
READING_PROPERTIES = ("format", "bareNumber", "floatNumber", "groupChar", "decimalChar", "trueValues", "falseValues")
# Schema properties c4data reads; any other (uniqueKeys, fieldsMatch...) would be a rule no check of the build reads.
SCHEMA_PROPERTIES = ("fields", "missingValues", "primaryKey", "foreignKeys")
# What the value of each constraint must be, said in a message.
CONSTRAINT_VALUES = {
    "required": "true or false",
    "unique": "true or false",
    "minLength": "a whole number of characters",
    "maxLength": "a whole number of characters",
    "pattern": "a regular expression",
    "enum": "a non-empty list of values of the field's type",
}


def schema_rule_problems(given: CheckInput) -> Iterator[Problem]:
    """Every rule of a table's schema is one that c4data's build reads, and well formed: constraints its type
    supports, with values of the right kind; default cell formats; missing values as a list of text; keys
    naming fields that exist."""
    resources = [r for r in given.descriptor.data.get("resources") or [] if is_table_resource(r)]
    fields_of = {r["name"]: {f.get("name") for f in r["schema"]["fields"]} for r in resources}
    for resource in resources:  # a resource of another shape: resource_problems says so
        where = f"{WHERE}: {resource['name']}"
        schema = resource["schema"]
        for key in schema:
            if key not in SCHEMA_PROPERTIES:
                yield Problem(
                    where=where,
                    field="schema",
                    message=f"{key!r} is not a rule c4data checks; remove it",
                    code=codes.SCHEMA_RULES,
                )
        if "missingValues" in schema and not _is_text_list(schema["missingValues"]):
            yield Problem(
                where=where,
                field="missingValues",
                message='must be a list of text, such as [""]',
                code=codes.SCHEMA_RULES,
            )
        if _names(schema.get("primaryKey", [])) is None:
            yield Problem(
                where=where,
                field="primaryKey",
                message="must be a field name or a list of field names",
                code=codes.SCHEMA_RULES,
            )
        for message in _foreign_key_problems(resource["name"], schema.get("foreignKeys", []), fields_of):
            yield Problem(where=where, field="foreignKeys", message=message, code=codes.SCHEMA_RULES)
        for field in schema["fields"]:
            for message in _field_problems(field):
                yield Problem(where=where, field=field.get("name"), message=message, code=codes.SCHEMA_RULES)


def _field_problems(field: dict[str, Any]) -> Iterator[str]:
    kind = field.get("type", "string")
    for name in READING_PROPERTIES:
        if name in field and not (name == "format" and field[name] == "default"):
            yield f"{name!r} is not read by c4data; remove it"
    if "missingValues" in field and not _is_text_list(field["missingValues"]):
        yield "missingValues must be a list of text"
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        yield "constraints must be an object"
        return
    supported = (*CONSTRAINTS_BY_TYPE.get(kind, ()), *ROW_CONSTRAINTS)
    for name, value in constraints.items():
        if name not in supported:
            yield f"constraint {name!r} is not one c4data checks for a {kind} ({', '.join(supported)})"
        elif not _well_formed(kind, name, value):
            expected = CONSTRAINT_VALUES.get(name, f"a value of type {kind}")
            yield f"constraint {name!r} is {value!r}; it must be {expected}"


def _well_formed(kind: str, name: str, value: Any) -> bool:
    """Whether a constraint's value is of the kind the Table Schema gives it, for a field of type ``kind``."""
    if name in ("required", "unique"):
        return isinstance(value, bool)
    if name in ("minLength", "maxLength"):
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if name == "pattern":
        try:
            re.compile(f"^{value}$")
        except (re.error, TypeError):
            return False
        return isinstance(value, str)
    if name == "enum":
        return isinstance(value, list) and bool(value) and all(_is_value(kind, item) for item in value)
    return name in BOUNDS and _is_value(kind, value)


def _is_value(kind: str, value: Any) -> bool:
    """Whether a value written in the descriptor is one of a field of type ``kind``."""
    if isinstance(value, bool):
        return False
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int)
    if kind == "number":
        return isinstance(value, int | float)
    return isinstance(value, str) and READERS["date"](value) is not None


def _foreign_key_problems(table: str, keys: Any, fields_of: dict[str, set[Any]]) -> Iterator[str]:
    if not isinstance(keys, list):
        yield "must be a list of foreign keys"
        return
    for number, key in enumerate(keys, 1):
        reference = key.get("reference") if isinstance(key, dict) else None
        if not isinstance(reference, dict):
            yield f"foreign key {number} must have fields and a reference"
            continue
        fields, target_fields = _names(key.get("fields")), _names(reference.get("fields"))
        target = reference.get("resource") or table  # empty: the table itself
        if not fields or not target_fields or len(fields) != len(target_fields):
            yield f"foreign key {number} must name as many fields as it references, at least one"
        elif target not in fields_of:
            yield f"foreign key {number} references {target!r}, which is not a table of the package"
        else:
            unknown = [name for name in fields if name not in fields_of[table]]
            unknown += [f"{target}.{name}" for name in target_fields if name not in fields_of[target]]
            if unknown:
                yield f"foreign key {number} names fields that do not exist: {', '.join(unknown)}"


def _names(value: Any) -> list[str] | None:
    """A field name or a list of them, as a list; None when it is neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
