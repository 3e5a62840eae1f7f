"""Run frictionless's validator and turn its report into located problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from c4data.descriptor import primary_key
from c4data.problems import Problem

# For a resource: the name shown in messages, and how a frictionless row number becomes a position.
Locator = Callable[[str], tuple[str, Callable[[int], int], str]]


def frictionless_problems(package: dict[str, Any], basepath: Path, locate: Locator) -> list[Problem]:
    """Validate a package descriptor (dict) whose paths are relative to ``basepath``."""
    import frictionless

    try:
        report = frictionless.Package(package, basepath=str(basepath)).validate()
    except frictionless.FrictionlessException as error:
        return [Problem("datapackage.json", None, None, f"frictionless cannot validate the package: {error}")]
    primary_keys = {resource["name"]: primary_key(resource) for resource in package["resources"]}
    problems = [Problem("datapackage.json", None, None, error.message) for error in report.errors]
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
            problems.append(Problem(where, position, field, f"{error.type}: {error.note or error.message}", label))
    return problems
