"""Checks of single cells: required cells filled, numbers plain and in range, partial dates on the calendar."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator

from c4data._types import INT64_RANGE, NUMERAL_PATTERNS
from c4data.checks.base import CheckInput
from c4data.problems import Problem


def required_problems(given: CheckInput) -> Iterator[Problem]:
    """No empty cell in a required field, whatever its type (frictionless misses numbers)."""
    for table in given.tables:
        required = [field.name for field in given.package.table(table.name).fields if field.required]
        for index, row in enumerate(table.rows):
            for name in required:
                if row.get(name) is None:
                    yield table.problem(index, name, "is required but empty")


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
                    yield table.problem(index, field.name, f"{cell!r} is not a plain decimal {field.type}")
                    continue
                value = table.value(row, field)
                if field.type == "number" and not math.isfinite(value):
                    yield table.problem(index, field.name, f"{cell!r} is not a finite number")
                elif field.type == "integer" and not INT64_RANGE[0] <= value <= INT64_RANGE[1]:
                    yield table.problem(index, field.name, f"{cell!r} does not fit in a 64-bit integer")


def date_problems(given: CheckInput) -> Iterator[Problem]:
    """Fields marked ``c4data:partialDate`` hold a real year, month or day: 2018-02-31 is refused."""
    for table in given.tables:
        dated = [field.name for field in given.package.table(table.name).fields if field.partial_date]
        for index, row in enumerate(table.rows):
            for name in dated:
                value = row.get(name)
                if isinstance(value, str) and not is_calendar_date(value):
                    yield table.problem(
                        index, name, f"{value!r} is not a date of the calendar (YYYY, YYYY-MM or YYYY-MM-DD)"
                    )


def is_calendar_date(text: str) -> bool:
    """Whether ``text`` is a year, a year and month, or a full date that exists."""
    parts = text.split("-")
    if [len(part) for part in parts] not in ([4], [4, 2], [4, 2, 2]) or not all(part.isdigit() for part in parts):
        return False
    try:
        datetime.date(*(int(part) for part in parts), *([1] * (3 - len(parts))))
    except ValueError:
        return False
    return True
