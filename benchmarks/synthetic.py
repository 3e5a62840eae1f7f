"""Write a synthetic project whose curated tables hold N copies of the real rows, keys renamed per copy.

Copy 0 is the real data. In copy k every identifier is renamed the same way wherever it appears
(primary keys, foreign keys, disagreement row keys), and unique names get a suffix, so the package
stays valid. Reference tables are not copied, since they do not grow with the facts: every copy
cites the same ``sources`` (and quotes the same evidence), and the map's ``boundaries`` stay those of
the real cities and provinces.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from c4data.curated import CURATED_DIR
from c4data.descriptor import Descriptor
from c4data.schema import Field, Table

CITY_CODE_BASE = 100_000  # below every real prefecture code (the lowest, Anhui's, start at 34)
SHARED_TABLES = {"sources", "boundaries"}
ROW_KEY_SEPARATOR = "|"


def _is_identifier(name: str) -> bool:
    return name.endswith("_id") and not name.endswith("source_id") and name != "geonames_id"


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


class Renamer:
    """How each identifier and unique value is written in copy ``k``."""

    def __init__(self, city_ids: list[str]) -> None:
        self.city_index = {city_id: index for index, city_id in enumerate(sorted(city_ids))}

    def identifier(self, field: Field, value: str, copy: int) -> str:
        if not value or copy == 0:
            return value
        if field.type == "integer":
            return str(int(value) + 1000 * copy)
        if value in self.city_index:
            return str(CITY_CODE_BASE + copy * len(self.city_index) + self.city_index[value])
        return f"s{copy}-{value}"

    @staticmethod
    def unique_value(field: Field, value: str, copy: int) -> str:
        if not value or copy == 0:
            return value
        if field.type == "integer":
            return str(int(value) + 10**9 * copy)
        return f"{value} {copy}"


def _sort_key(table: Table) -> Callable[[dict[str, str]], tuple[Any, ...]]:
    key = table.key_fields
    return lambda row: tuple(int(row[f.name]) if f.type == "integer" else row[f.name] for f in key)


def write_synthetic_project(source_root: Path, target: Path, copies: int) -> int:
    """Lay out ``target`` as a project with ``copies`` copies of every fact table; return its row count."""
    descriptor = Descriptor.read(source_root / "datapackage.json")
    (target / CURATED_DIR).mkdir(parents=True, exist_ok=True)
    shutil.copy2(descriptor.path, target / "datapackage.json")
    _, cities = _read(source_root / CURATED_DIR / "cities.csv")
    renamer = Renamer([row["city_id"] for row in cities])
    total = 0
    for table in descriptor.package.tables:
        name = table.name
        header, rows = _read(source_root / CURATED_DIR / f"{name}.csv")
        by_name = {field.name: field for field in table.fields}
        out: list[dict[str, str]] = []
        for copy in range(1 if name in SHARED_TABLES else copies):
            for row in rows:
                new = dict(row)
                for column, value in row.items():
                    field = by_name[column]
                    if _is_identifier(column):
                        new[column] = renamer.identifier(field, value, copy)
                    elif field.constraints.get("unique"):
                        new[column] = renamer.unique_value(field, value, copy)
                if name == "disagreements":
                    new["row_key"] = _rename_row_key(descriptor, row, renamer, copy)
                out.append(new)
        out.sort(key=_sort_key(table))
        with open(target / CURATED_DIR / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)
        total += len(out)
    return total


def _rename_row_key(descriptor: Descriptor, row: dict[str, str], renamer: Renamer, copy: int) -> str:
    """A disagreement's key of the row it is about, each part renamed as that key field is."""
    target = descriptor.table(row["resource"])
    by_name = {field.name: field for field in target.fields}
    parts = row["row_key"].split(ROW_KEY_SEPARATOR)
    return ROW_KEY_SEPARATOR.join(
        renamer.identifier(by_name[name], part, copy) if _is_identifier(name) else part
        for name, part in zip(target.primary_key, parts, strict=True)
    )
