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
from c4data.descriptor import Descriptor, constraints, fields, primary_key

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

    def identifier(self, field: dict[str, Any], value: str, copy: int) -> str:
        if not value or copy == 0:
            return value
        if field.get("type") == "integer":
            return str(int(value) + 1000 * copy)
        if value in self.city_index:
            return str(CITY_CODE_BASE + copy * len(self.city_index) + self.city_index[value])
        return f"s{copy}-{value}"

    @staticmethod
    def unique_value(field: dict[str, Any], value: str, copy: int) -> str:
        if not value or copy == 0:
            return value
        if field.get("type") == "integer":
            return str(int(value) + 10**9 * copy)
        return f"{value} {copy}"


def _sort_key(resource: dict[str, Any]) -> Callable[[dict[str, str]], tuple[Any, ...]]:
    by_name = {field["name"]: field for field in fields(resource)}
    key = primary_key(resource)
    return lambda row: tuple(int(row[n]) if by_name[n].get("type") == "integer" else row[n] for n in key)


def write_synthetic_project(source_root: Path, target: Path, copies: int) -> int:
    """Lay out ``target`` as a project with ``copies`` copies of every fact table; return its row count."""
    descriptor = Descriptor.read(source_root / "datapackage.json")
    (target / CURATED_DIR).mkdir(parents=True, exist_ok=True)
    shutil.copy2(descriptor.path, target / "datapackage.json")
    _, cities = _read(source_root / CURATED_DIR / "cities.csv")
    renamer = Renamer([row["city_id"] for row in cities])
    total = 0
    for resource in descriptor.data["resources"]:
        name = resource["name"]
        header, rows = _read(source_root / CURATED_DIR / f"{name}.csv")
        by_name = {field["name"]: field for field in fields(resource)}
        out: list[dict[str, str]] = []
        for copy in range(1 if name in SHARED_TABLES else copies):
            for row in rows:
                new = dict(row)
                for column, value in row.items():
                    field = by_name[column]
                    if _is_identifier(column):
                        new[column] = renamer.identifier(field, value, copy)
                    elif constraints(field).get("unique"):
                        new[column] = renamer.unique_value(field, value, copy)
                if name == "disagreements":
                    new["row_key"] = _rename_row_key(descriptor, row, renamer, copy)
                out.append(new)
        out.sort(key=_sort_key(resource))
        with open(target / CURATED_DIR / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)
        total += len(out)
    return total


def _rename_row_key(descriptor: Descriptor, row: dict[str, str], renamer: Renamer, copy: int) -> str:
    """A disagreement's key of the row it is about, each part renamed as that key field is."""
    target = descriptor.resource(row["resource"])
    by_name = {field["name"]: field for field in fields(target)}
    parts = row["row_key"].split(ROW_KEY_SEPARATOR)
    return ROW_KEY_SEPARATOR.join(
        renamer.identifier(by_name[name], part, copy) if _is_identifier(name) else part
        for name, part in zip(primary_key(target), parts, strict=True)
    )
