"""Checks of the descriptor itself: the metadata frictionless reads, the shape c4data reads, and its codebook."""

from __future__ import annotations

import re
from collections.abc import Iterator

from c4data.checks.base import CheckInput
from c4data.model.descriptor import is_table_resource
from c4data.model.problems import Problem
from c4data.model.types import SUPPORTED_TYPES
from c4data.reading.frictionless import import_frictionless

WHERE = "datapackage.json"
VERSION_PATTERN = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+([.-]?[A-Za-z0-9.]+)?$")
HAS_HAN = re.compile(r"[\u3400-\u9fff]")


def metadata_problems(given: CheckInput) -> Iterator[Problem]:
    """frictionless's own check of the package metadata."""
    frictionless = import_frictionless()

    try:
        report = frictionless.Package.validate_descriptor(given.descriptor.data)
    except Exception as error:  # frictionless 5.21 raises AttributeError on some odd values
        yield Problem(WHERE, None, None, f"frictionless cannot read the descriptor: {error}")
        return
    for found in report.errors:
        yield Problem(WHERE, None, None, found.message)


def version_problems(given: CheckInput) -> Iterator[Problem]:
    """The package has a version number such as 1.2.0."""
    if not VERSION_PATTERN.match(str(given.descriptor.data.get("version", ""))):
        yield Problem(WHERE, None, "version", "must be a version number such as 1.2.0")


def resource_problems(given: CheckInput) -> Iterator[Problem]:
    """The package lists tables, each at ``data/<name>.parquet``, with a textual hash and an inline schema
    whose fields have a type c4data supports."""
    resources = given.descriptor.data.get("resources") or []
    if not resources:
        yield Problem(WHERE, None, "resources", "lists no tables")
    for resource in resources:
        name = resource.get("name", "?")
        if resource.get("path") != f"data/{name}.parquet":
            yield Problem(f"{WHERE}: {name}", None, "path", f"must be data/{name}.parquet")
        if not isinstance(resource.get("hash", ""), str):
            yield Problem(f"{WHERE}: {name}", None, "hash", "must be text of the form 'sha256:<hex>'")
        if not is_table_resource(resource):
            yield Problem(f"{WHERE}: {name}", None, "schema", "must be an inline Table Schema listing named fields")
            continue
        for field in resource["schema"]["fields"]:
            if field.get("type", "string") not in SUPPORTED_TYPES:
                supported = ", ".join(SUPPORTED_TYPES)
                yield Problem(f"{WHERE}: {name}", None, field.get("name"), f"type must be one of {supported}")


def codebook_problems(given: CheckInput) -> Iterator[Problem]:
    """Every field described, every enum value with an English and a Chinese label, keys naming real fields."""
    for table in given.package.tables:
        where = f"{WHERE}: {table.name}"
        for field in table.fields:
            if not field.description.strip():
                yield Problem(where, None, field.name, "has no description")
            if field.enum is None:
                continue
            labelled = [category.value for category in field.categories]
            if labelled != list(field.enum):
                yield Problem(where, None, field.name, f"categories {labelled} do not match enum {list(field.enum)}")
            for category in field.categories:
                if not category.label.strip():
                    yield Problem(where, None, field.name, f"category {category.value!r} has no label")
                if not HAS_HAN.search(category.label_zh):
                    yield Problem(where, None, field.name, f"category {category.value!r} has no label_zh")
        for key_field in table.primary_key:
            if key_field not in table.field_names:
                yield Problem(where, None, key_field, "primaryKey names a field the table does not have")
