"""What every check is given and gives back: a table's rows, the input of a run, and the declaration of a check."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from c4data.model.descriptor import Descriptor
from c4data.model.problems import Problem
from c4data.model.schema import Field, Package
from c4data.model.types import parse_text
from c4data.reading.frictionless import Locator

ROW_KEY_SEPARATOR = "|"

# What a check reads: the curated CSV files (before a build) or the built Parquet files (validate, and
# the build's staged package).
Target = Literal["csv", "parquet"]
BOTH: frozenset[Target] = frozenset({"csv", "parquet"})
CSV_ONLY: frozenset[Target] = frozenset({"csv"})
PARQUET_ONLY: frozenset[Target] = frozenset({"parquet"})

# When a check runs; each stage runs only when the one before found nothing, since a later one relies
# on what the earlier one checked: the metadata frictionless reads, the shape c4data reads, its codebook,
# then the rows.
Stage = Literal["metadata", "shape", "codebook", "rows"]
STAGES: tuple[Stage, ...] = ("metadata", "shape", "codebook", "rows")


@dataclass
class TableRows:
    """A table's rows as Python values, and how to name the place of each row in a message."""

    name: str
    where: str
    rows: Sequence[dict[str, Any]]
    positions: list[int]
    position_label: str = "row"
    typed: bool = True  # False while the cells are still the curated CSV's text
    # The curated records as read, each cell its text (missing values not yet None), when the reader has them.
    records: list[list[str]] | None = field(default=None, repr=False, compare=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # what checks derive once

    def value(self, row: dict[str, Any], field: Field) -> Any:
        """A cell as the Python value its field type stores."""
        cell = row.get(field.name)
        if self.typed:
            return cell
        try:
            return parse_text(field.type, cell)
        except ValueError:
            return cell  # not of its type: the type check reports it

    def key(self, row: dict[str, Any], key_fields: list[Field]) -> str:
        """The row's primary key as text, composite keys joined by ``|``."""
        return ROW_KEY_SEPARATOR.join(str(self.value(row, field)) for field in key_fields)

    def by_key(self, key_fields: list[Field]) -> dict[str, dict[str, Any]]:
        """Each row by its key as text (``key``), made once per table and key and kept in ``cache``."""
        cached = f"by_key:{ROW_KEY_SEPARATOR.join(field.name for field in key_fields)}"
        if cached not in self.cache:
            self.cache[cached] = {self.key(row, key_fields): row for row in self.rows}
        found: dict[str, dict[str, Any]] = self.cache[cached]
        return found

    def problem(self, index: int, field: str | None, message: str, *, code: str) -> Problem:
        """A problem located at row ``index`` of this table, with its code (``c4data.model.codes``)."""
        return Problem(
            where=self.where,
            line=self.positions[index],
            field=field,
            message=message,
            line_label=self.position_label,
            code=code,
        )


@dataclass
class CheckInput:
    """What a run of the checks reads: the descriptor and, for the row checks, every table's rows, the
    descriptor pointed at those rows for frictionless, and the reference texts (None: evidence unchecked)."""

    descriptor: Descriptor
    tables: list[TableRows] = field(default_factory=list)
    sources_dir: Path | None = None
    frictionless_package: dict[str, Any] | None = None
    locate: Locator | None = None

    @property
    def package(self) -> Package:
        """The typed descriptor (only once its shape is checked)."""
        return self.descriptor.package

    def table_rows(self, name: str) -> TableRows | None:
        """The rows of the table ``name``, or None when they were not read."""
        return next((table for table in self.tables if table.name == name), None)

    def bounds(self, name: str, low: str, high: str) -> dict[Any, tuple[Any, Any]]:
        """The typed (low, high) values of each row of table ``name``, by its one-field key; empty when the
        table was not read or lacks either field."""
        table = self.table_rows(name)
        if table is None:
            return {}
        schema = self.package.table(name)
        key = schema.key_fields[0]
        low_field, high_field = schema.field(low), schema.field(high)
        if low_field is None or high_field is None:
            return {}
        return {
            table.value(row, key): (table.value(row, low_field), table.value(row, high_field)) for row in table.rows
        }


@dataclass(frozen=True)
class Check:
    """One check: a stable ``code`` that its problems carry, the stage it runs in, what it reads, and how."""

    code: str
    stage: Stage
    targets: frozenset[Target]
    run: Callable[[CheckInput], Iterable[Problem]]

    @property
    def description(self) -> str:
        """The first line of the check function's docstring."""
        return (self.run.__doc__ or "").strip().splitlines()[0] if self.run.__doc__ else ""
