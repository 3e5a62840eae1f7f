"""What the package's tables already hold, read through the descriptor's typed model, as facts by kind.

A table's rows hold a kind of fact by the fields it has, not by its name, so new tables are covered as
they are added: each kind of the registry reads a row (``Kind.row_facts``); this module only walks the
tables, read by the loader (hash checked, typed), and records each fact's row, source and certainty.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from c4data.drafting.context import Row
from c4data.model.descriptor import Descriptor
from c4data.model.schema import Field, Package, Table


@dataclass(frozen=True)
class Fact:
    """One fact of one row: ``row`` is ``"table:key"``, ``value`` has the kind's fields."""

    kind: str
    row: str
    value: dict[str, Any]
    source_id: str | None
    certainty: str | None


def _present(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return str(value) not in ("", "<NA>", "NaT")


def records(rows: Any) -> list[dict[str, Any]]:
    """A table's rows as dicts with ``None`` for an empty cell: from pyarrow (``to_pylist``), pandas or a list."""
    if hasattr(rows, "to_pylist"):
        listed = rows.to_pylist()
    elif hasattr(rows, "to_dict"):
        listed = rows.to_dict("records")
    else:
        listed = list(rows)
    return [{name: cell if _present(cell) else None for name, cell in record.items()} for record in listed]


def facts_of_tables(package: Package, tables: Mapping[str, Any]) -> list[Fact]:
    """Every fact of every table, as each kind of the registry reads a row."""
    facts: list[Fact] = []
    for table in package.tables:
        if table.name in tables:
            by_name = {field.name: field for field in table.fields}
            facts.extend(fact for record in records(tables[table.name]) for fact in row_facts(table, record, by_name))
    return facts


def row_facts(table: Table, record: dict[str, Any], by_name: dict[str, Field] | None = None) -> Iterable[Fact]:
    from c4data.drafting.kinds import REGISTRY

    row = Row(table, record, by_name)
    key = table.primary_key
    name = f"{table.name}:" + ",".join(str(record[field]) for field in key)
    cites = "source_id" in row.fields and (key == ("source_id",) or "source_id" not in key)
    source_id = record.get("source_id") if cites else None
    certainty = record.get("certainty")
    for kind in REGISTRY:
        for value in kind.row_facts(row):
            yield Fact(kind.name, name, value, source_id, certainty)


def installed_descriptor() -> Descriptor:
    from c4data.reading.load import shipped_descriptor

    return shipped_descriptor()


@lru_cache(maxsize=1)
def installed_package() -> tuple[Package, dict[str, Any]]:
    """The installed descriptor's model and every table's Arrow data, read once, each file's hash checked (the
    loader's own reading; codebook values stay text, which is all a fact needs, and pandas is not imported)."""
    from c4data.reading.integrity import read_verified_table

    descriptor = installed_descriptor()
    tables = {name: read_verified_table(descriptor, name) for name in descriptor.resource_names}
    return descriptor.package, tables


@lru_cache(maxsize=1)
def package_facts() -> tuple[Fact, ...]:
    """The facts of the installed package, read once."""
    return tuple(facts_of_tables(*installed_package()))


@lru_cache(maxsize=1)
def source_hashes() -> dict[str, str]:
    """sha256 of a source's text → its ``source_id``, from the sources table."""
    rows = records(installed_package()[1]["sources"])
    return {str(r["text_sha256"]): str(r["source_id"]) for r in rows if r.get("text_sha256")}
