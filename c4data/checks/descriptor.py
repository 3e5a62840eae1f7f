"""Checks of the descriptor itself: the metadata frictionless reads, the shape c4data reads, and its codebook."""

from __future__ import annotations

import re
from collections.abc import Iterator

from c4data.checks.base import CheckInput
from c4data.model import codes
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
        yield Problem(
            where=WHERE, message=f"frictionless cannot read the descriptor: {error}", code=codes.DESCRIPTOR_INVALID
        )
        return
    for found in report.errors:
        yield Problem(where=WHERE, message=found.message, code=codes.DESCRIPTOR_INVALID)


def version_problems(given: CheckInput) -> Iterator[Problem]:
    """The package has a version number such as 1.2.0."""
    if not VERSION_PATTERN.match(str(given.descriptor.data.get("version", ""))):
        yield Problem(
            where=WHERE, field="version", message="must be a version number such as 1.2.0", code=codes.PACKAGE_VERSION
        )


def resource_problems(given: CheckInput) -> Iterator[Problem]:
    """The package lists tables, each at ``data/<name>.parquet``, with a textual hash and an inline schema
    whose fields have a type c4data supports."""
    resources = given.descriptor.data.get("resources") or []
    if not resources:
        yield Problem(where=WHERE, field="resources", message="lists no tables", code=codes.RESOURCE_SHAPE)
    for resource in resources:
        name = resource.get("name", "?")
        if resource.get("path") != f"data/{name}.parquet":
            yield Problem(
                where=f"{WHERE}: {name}",
                field="path",
                message=f"must be data/{name}.parquet",
                code=codes.RESOURCE_SHAPE,
            )
        if not isinstance(resource.get("hash", ""), str):
            yield Problem(
                where=f"{WHERE}: {name}",
                field="hash",
                message="must be text of the form 'sha256:<hex>'",
                code=codes.RESOURCE_SHAPE,
            )
        if not is_table_resource(resource):
            yield Problem(
                where=f"{WHERE}: {name}",
                field="schema",
                message="must be an inline Table Schema listing named fields",
                code=codes.RESOURCE_SHAPE,
            )
            continue
        for field in resource["schema"]["fields"]:
            if field.get("type", "string") not in SUPPORTED_TYPES:
                supported = ", ".join(SUPPORTED_TYPES)
                yield Problem(
                    where=f"{WHERE}: {name}",
                    field=field.get("name"),
                    message=f"type must be one of {supported}",
                    code=codes.RESOURCE_SHAPE,
                )


def codebook_problems(given: CheckInput) -> Iterator[Problem]:
    """Every field described, every enum value with an English and a Chinese label, keys naming real fields."""
    for table in given.package.tables:
        where = f"{WHERE}: {table.name}"
        for field in table.fields:
            if not field.description.strip():
                yield Problem(where=where, field=field.name, message="has no description", code=codes.CODEBOOK)
            if field.enum is None:
                continue
            repeated = sorted({value for value in field.enum if list(field.enum).count(value) > 1})
            if repeated:
                yield Problem(
                    where=where,
                    field=field.name,
                    message=f"enum lists {repeated} more than once; each value has one meaning",
                    code=codes.CODEBOOK,
                )
            labelled = [category.value for category in field.categories]
            if labelled != list(field.enum):
                yield Problem(
                    where=where,
                    field=field.name,
                    message=f"categories {labelled} do not match enum {list(field.enum)}",
                    code=codes.CODEBOOK,
                )
            for category in field.categories:
                if not category.label.strip():
                    yield Problem(
                        where=where,
                        field=field.name,
                        message=f"category {category.value!r} has no label",
                        code=codes.CODEBOOK,
                    )
                if not HAS_HAN.search(category.label_zh):
                    yield Problem(
                        where=where,
                        field=field.name,
                        message=f"category {category.value!r} has no label_zh",
                        code=codes.CODEBOOK,
                    )
        for key_field in table.primary_key:
            if key_field not in table.field_names:
                yield Problem(
                    where=where,
                    field=key_field,
                    message="primaryKey names a field the table does not have",
                    code=codes.CODEBOOK,
                )


def shared_codebook_problems(given: CheckInput) -> Iterator[Problem]:
    """A field that shares another's codebook (``c4data:codebookOf``) has the same values, labels and order."""
    for table in given.package.tables:
        for field in table.fields:
            if field.codebook_of is None:
                continue
            where = f"{WHERE}: {table.name}"
            owner_name, _, field_name = field.codebook_of.partition(".")
            owner = next((other for other in given.package.tables if other.name == owner_name), None)
            source = owner.field(field_name) if owner is not None else None
            if source is None:
                yield Problem(
                    where=where,
                    field=field.name,
                    message=f"shares the codebook of {field.codebook_of}, which does not exist",
                    code=codes.SHARED_CODEBOOK,
                )
            elif (source.categories, source.enum) != (field.categories, field.enum):
                yield Problem(
                    where=where,
                    field=field.name,
                    message=f"differs from the codebook of {field.codebook_of}, which it shares",
                    code=codes.SHARED_CODEBOOK,
                )
