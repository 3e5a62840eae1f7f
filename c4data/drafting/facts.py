"""What the package's tables already hold, read generically from the descriptor, as facts by kind.

A table's rows hold a kind of fact by the fields it has, not by its name, so new tables are covered as
they are added: a table keyed by ``city_id`` holds cities, by ``meeting_id`` meetings; a table with a
``title_zh``/``title_en`` and a ``source_id`` holds documents; ``person_zh``/``person_en`` (with
``position_*``) or ``name_zh`` keyed by ``person_id`` hold people; date fields (partial dates, dates, years)
hold dates; ``value`` with ``unit`` holds figures.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Fact:
    """One fact of one row: ``row`` is ``"table:key"``, ``value`` has the kind's fields."""

    kind: str
    row: str
    value: dict[str, Any]
    source_id: str | None
    certainty: str | None


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not (isinstance(value, float) and math.isnan(value)) and value is not _pd_na() and str(value) != ""
    except TypeError:
        return False


def _pd_na() -> Any:
    import pandas as pd

    return pd.NA


def parse_date(text: str) -> dict[str, int | None] | None:
    """'2013-02' → year 2013, month 2, day None."""
    match = _PARTIAL_DATE.match(str(text))
    if not match:
        return None
    year, month, day = match.groups()
    return {"year": int(year), "month": int(month) if month else None, "day": int(day) if day else None}


def facts_of_tables(descriptor: dict[str, Any], tables: dict[str, Any]) -> list[Fact]:
    """Every fact of every table, by the generic rules above."""
    facts: list[Fact] = []
    for resource in descriptor["resources"]:
        frame = tables.get(resource["name"])
        if frame is None:
            continue
        schema = resource["schema"]
        fields = {field["name"]: field for field in schema["fields"]}
        key = schema.get("primaryKey") or []
        key = [key] if isinstance(key, str) else key
        for record in frame.to_dict("records"):
            facts.extend(_row_facts(resource["name"], fields, key, record))
    return facts


def _row_facts(table: str, fields: dict[str, dict[str, Any]], key: list[str], record: dict[str, Any]) -> list[Fact]:
    row = f"{table}:" + ",".join(str(record[name]) for name in key)
    source_id = record.get("source_id") if "source_id" in fields and "source_id" not in key else None
    if table == "sources" or (key == ["source_id"]):
        source_id = record.get("source_id")
    certainty = record.get("certainty") if _present(record.get("certainty")) else None
    made: list[Fact] = []

    def add(kind: str, value: dict[str, Any]) -> None:
        made.append(Fact(kind, row, value, source_id if _present(source_id) else None, certainty))

    if key == ["city_id"]:
        add("city", {"city_id": str(record["city_id"])})
    if key == ["meeting_id"] and _present(record.get("meeting_id")):
        add("meeting", {"meeting_id": int(record["meeting_id"])})
    if "source_id" in fields and "source_id" not in key:
        titles = {name: record.get(name) for name in ("title_zh", "title_en") if _present(record.get(name))}
        if titles:
            add("document", titles)
    person = {name: record.get(name) for name in ("person_zh", "person_en") if _present(record.get(name))}
    if "person_id" in key and not person:
        person = {
            f"person_{lang}": record.get(f"name_{lang}")
            for lang in ("zh", "en")
            if _present(record.get(f"name_{lang}"))
        }
    if person:
        value = {"name_zh": person.get("person_zh"), "name_en": person.get("person_en")}
        for name in ("position_zh", "position_en", "organization_zh", "organization_en"):
            value[name] = record.get(name) if _present(record.get(name)) else None
        add("person", value)
    for lang in ("zh", "en"):  # a source's authors (reporters) are people the package holds, with no post
        authors = record.get(f"authors_{lang}")
        if _present(authors):
            for author in re.split(r"[;,、]\s*|\s+(?=\S)" if lang == "zh" else r"[;,、]\s*", str(authors)):
                if author.strip():
                    add("person", {f"name_{lang}": author.strip(), "author": True})
    for name, field in fields.items():
        cell = record.get(name)
        if not _present(cell) or _is_bound(name, field, fields):
            continue
        if field.get("c4data:partialDate") or field.get("type") in ("date", "datetime", "yearmonth"):
            for part in str(cell).split("/"):  # an interval, 2024-07-28/2024-07-29, gives both ends
                date = parse_date(part)
                if date:
                    add("date", date | {"field": name})
        elif name == "year" or name.endswith("_year") or field.get("type") == "year":
            add("date", {"year": int(str(cell)), "month": None, "day": None, "field": name})
    if "value" in fields and "unit" in fields and _present(record.get("value")):
        add("figure", {"value": float(record["value"]), "unit": record.get("unit")})
    return made


def _is_bound(name: str, field: dict[str, Any], fields: dict[str, dict[str, Any]]) -> bool:
    """A typed date computed from a partial date (``date_min`` of ``date``) states nothing of its own."""
    base = re.sub(r"_(?:min|max)$", "", name)
    return field.get("type") == "date" and base != name and base in fields


@lru_cache(maxsize=1)
def package_facts() -> tuple[Fact, ...]:
    """The facts of the installed package, read once."""
    import c4data

    descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    return tuple(facts_of_tables(descriptor, c4data.tables()))


@lru_cache(maxsize=1)
def source_hashes() -> dict[str, str]:
    """sha256 of a source's text → its ``source_id``, from the sources table."""
    import pyarrow as pa

    import c4data

    table = c4data.sources(backend="pyarrow")
    assert isinstance(table, pa.Table)
    records = table.to_pylist()
    return {str(r["text_sha256"]): str(r["source_id"]) for r in records if _present(r.get("text_sha256"))}
