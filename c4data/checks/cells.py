"""Checks of single cells: required cells filled, numbers plain and in range (dates: ``checks.dates``)."""

from __future__ import annotations

import math
from collections.abc import Iterator

from c4data.checks.base import CheckInput
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.types import INT64_RANGE, NUMERAL_PATTERNS


def required_problems(given: CheckInput) -> Iterator[Problem]:
    """No empty cell in a required field, whatever its type (frictionless misses numbers)."""
    for table in given.tables:
        required = [field.name for field in given.package.table(table.name).fields if field.required]
        for index, row in enumerate(table.rows):
            for name in required:
                if row.get(name) is None:
                    yield table.problem(index, name, "is required but empty", code=codes.REQUIRED_EMPTY)


def number_problems(given: CheckInput) -> Iterator[Problem]:
    """Numbers are finite and integers fit in 64 bits; curated cells are plain decimal numerals."""
    for table in given.tables:
        numeric = [field for field in given.package.table(table.name).fields if field.type in NUMERAL_PATTERNS]
        for index, row in enumerate(table.rows):
            for field in numeric:
                cell = row.get(field.name)
                if cell is None:
                    continue
                if not table.typed and not NUMERAL_PATTERNS[field.type].fullmatch(cell):
                    yield table.problem(
                        index, field.name, f"{cell!r} is not a plain decimal {field.type}", code=codes.NUMBER_ERROR
                    )
                    continue
                value = table.value(row, field)
                if isinstance(value, str):
                    continue  # not of its type (too many digits, say): the type check reports it
                if field.type == "number" and not math.isfinite(value):
                    yield table.problem(index, field.name, f"{cell!r} is not a finite number", code=codes.NUMBER_ERROR)
                elif field.type == "integer" and not INT64_RANGE[0] <= value <= INT64_RANGE[1]:
                    yield table.problem(
                        index, field.name, f"{cell!r} does not fit in a 64-bit integer", code=codes.NUMBER_ERROR
                    )
