"""Run frictionless's validator and turn its report into located problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from c4data.files.untrusted import no_network
from c4data.model import codes
from c4data.model.extras import require
from c4data.model.problems import Problem
from c4data.model.schema import Table

# For a resource: the name shown in messages, and how a frictionless row number becomes a position.
Locator = Callable[[str], tuple[str, Callable[[int], int], str]]


def import_frictionless() -> Any:
    """The frictionless module; ``MissingDependency`` when it is not installed (it is the ``frictionless`` extra,
    which ``validate`` and ``export`` need and loading a table does not)."""
    return require("frictionless", "frictionless")


def frictionless_problems(package: dict[str, Any], basepath: Path, locate: Locator) -> list[Problem]:
    """Validate a package descriptor (dict) whose paths are relative to ``basepath``."""
    frictionless = import_frictionless()

    try:
        with no_network():
            report = frictionless.Package(package, basepath=str(basepath)).validate()
    except frictionless.FrictionlessException as failure:
        message = f"frictionless cannot validate the package: {failure}"
        return [Problem(where="datapackage.json", message=message, code=codes.FRICTIONLESS_ERROR)]
    primary_keys = {resource["name"]: Table.from_descriptor(resource).primary_key for resource in package["resources"]}
    problems = [Problem(where="datapackage.json", message=found.message, code=found.type) for found in report.errors]
    for task in report.tasks:
        where, position_of, label = locate(task.name)
        for error in task.errors:
            row_number = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            if field is None and getattr(error, "field_names", None):
                field = ",".join(error.field_names)
            if field is None and error.type == "primary-key":
                field = ",".join(primary_keys.get(task.name, []))
            position = position_of(row_number) if row_number else None
            message = f"{error.type}: {error.note or error.message}"
            problems.append(
                Problem(where=where, line=position, field=field, message=message, line_label=label, code=error.type)
            )
    return problems
