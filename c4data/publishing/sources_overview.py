"""The sources at a glance, from the tables: how many texts of each grade, and which texts describe each
meeting and each national document. ``docs/sources.md`` (between its markers) and the site's sources
page are written from here, so that they stay true as sources are added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from c4data.model.codebooks import codebook_rows
from c4data.model.descriptor import Descriptor
from c4data.reading.integrity import read_verified_table

Rows = dict[str, list[dict[str, Any]]]
SOURCES = "sources"
PROVENANCE_TABLES = ("attestations", "disagreements")  # rows about another table's row, named by resource and key


@dataclass(frozen=True)
class Grade:
    """One value of ``sources.reliability`` and the number of texts graded so."""

    value: str
    label: str
    meaning: str
    texts: int


@dataclass(frozen=True)
class Described:
    """A meeting or national document, and the texts that state something of it (inferred-only ones marked)."""

    key: str
    name: str
    date: str
    sources: tuple[tuple[str, bool], ...]  # (source_id, whether all its rows on it are inferred)

    def listed(self, code: str = "") -> str:
        """The texts, comma-separated, each id between ``code`` marks and the inferred-only ones marked."""
        return ", ".join(
            f"{code}{source}{code}" + (" (inferred only)" if inferred else "") for source, inferred in self.sources
        )


def read_rows(descriptor: Descriptor) -> Rows:
    """Every table's rows, each file's hash checked."""
    return {name: read_verified_table(descriptor, name).to_pylist() for name in descriptor.resource_names}


def grades(descriptor: Descriptor, rows: Rows) -> list[Grade]:
    """Each reliability grade in codebook order with the number of texts (sources with a reference text) so graded."""
    texts = [row for row in rows[SOURCES] if row["reference_file"]]
    return [
        Grade(
            code["value"], code["label_en"], code["meaning"], sum(row["reliability"] == code["value"] for row in texts)
        )
        for code in codebook_rows(descriptor, SOURCES, "reliability")
    ]


def _describing(descriptor: Descriptor, rows: Rows, key_field: str) -> dict[str, dict[str, bool]]:
    """For each value of ``key_field``: the sources of rows naming it, each True when one of its rows is stated.

    A row names it through the field itself (any table that has the field), or, in the attestations and
    disagreements, through the key of such a row (its first key part being the value)."""
    found: dict[str, dict[str, bool]] = defaultdict(dict)

    def add(value: Any, source_id: str, stated: bool) -> None:
        seen = found[str(value)]
        seen[source_id] = seen.get(source_id, False) or stated

    keyed = {
        table.name
        for table in descriptor.package.tables
        if table.primary_key and table.primary_key[0] == key_field and table.name not in PROVENANCE_TABLES
    }
    for table in descriptor.package.tables:
        if table.name in PROVENANCE_TABLES or table.field(key_field) is None:
            continue
        for row in rows[table.name]:
            if row[key_field] is not None and row.get("source_id"):
                add(row[key_field], row["source_id"], row.get("certainty") != "inferred")
    for name in PROVENANCE_TABLES:
        for row in rows.get(name, []):
            if row["resource"] in keyed:
                add(row["row_key"].split("|", 1)[0], row["source_id"], True)
    return found


def _listed(sources: dict[str, bool]) -> tuple[tuple[str, bool], ...]:
    return tuple((source, not stated) for source, stated in sorted(sources.items()))


def meetings(descriptor: Descriptor, rows: Rows) -> list[Described]:
    """Each meeting, in order, with the texts that state something of it or of its cities, people and documents."""
    described = _describing(descriptor, rows, "meeting_id")
    return [
        Described(str(row["meeting_id"]), row["name_en"], row["date"] or "", _listed(described[str(row["meeting_id"])]))
        for row in sorted(rows["meetings"], key=lambda row: row["meeting_id"])
    ]


def national_documents(descriptor: Descriptor, rows: Rows) -> list[Described]:
    """Each national document, by its earliest date (undated last), with the texts that state something of it."""
    if "national_documents" not in rows:
        return []
    described = _describing(descriptor, rows, "document_id")
    first: dict[str, Any] = {}
    for row in rows.get("document_dates", []):
        if row["date_min"] is not None and (
            row["document_id"] not in first or row["date_min"] < first[row["document_id"]][0]
        ):
            first[row["document_id"]] = (row["date_min"], row["date"])
    ordered = sorted(
        rows["national_documents"],
        key=lambda row: (row["document_id"] not in first, first.get(row["document_id"], ("",))[0], row["document_id"]),
    )
    return [
        Described(
            row["document_id"],
            row["title_en"],
            first.get(row["document_id"], (None, ""))[1] or "",
            _listed(described[row["document_id"]]),
        )
        for row in ordered
    ]


def _markdown_table(header: list[str], body: list[list[Any]]) -> list[str]:
    cell: Callable[[Any], str] = lambda value: str(value).replace("|", "\\|")  # noqa: E731
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(cell(value) for value in row) + " |" for row in body),
    ]


def markdown(descriptor: Descriptor) -> str:
    """The generated part of ``docs/sources.md``: grades with counts, the texts of each meeting and document."""
    rows = read_rows(descriptor)
    texts = [row for row in rows[SOURCES] if row["reference_file"]]
    datasets = [row for row in rows[SOURCES] if not row["reference_file"]]
    lines = [
        f"The package cites {len(texts)} texts and {len(datasets)} reference datasets.",
        "",
        "### Reliability grades",
        "",
        *_markdown_table(
            ["grade", "label", "meaning", "texts"],
            [[f"`{grade.value}`", grade.label, grade.meaning, grade.texts] for grade in grades(descriptor, rows)],
        ),
        "",
        "### Which texts describe each meeting",
        "",
        "A text is listed for a meeting when a row of any table that has a meeting_id names the meeting and quotes",
        "it (the meeting's own row, its cities, people, documents, measures and figures), or attests or disputes a",
        "row of the meeting, its cities or its people; *inferred only* marks a text all of whose rows on the",
        "meeting are inferred.",
        "",
        *_markdown_table(
            ["meeting", "date", "texts"],
            [[m.key, m.date, m.listed("`") or "none"] for m in meetings(descriptor, rows)],
        ),
    ]
    documents = national_documents(descriptor, rows)
    if documents:
        lines += [
            "",
            "### Which texts describe each national document",
            "",
            *_markdown_table(
                ["document", "earliest date", "texts"],
                [[f"`{d.key}`", d.date or "not stated", d.listed("`")] for d in documents],
            ),
        ]
    return "\n".join(lines) + "\n"
