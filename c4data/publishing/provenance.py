"""Trace a row to where it comes from: its sources with their citations, its evidence, further
attestations and the values other sources give instead."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from c4data.checks.base import ROW_KEY_SEPARATOR
from c4data.checks.disagreements import DISAGREEMENTS_TABLE
from c4data.model.descriptor import Descriptor
from c4data.model.schema import Table
from c4data.reading.citation import SOURCES_TABLE, source_citation
from c4data.reading.integrity import read_verified_table

# A table whose rows point at a row of another table by these two fields says something about that row.
POINTER_FIELDS = ("resource", "row_key")
# A row naming an undertaking is one report of it: its trace lists the undertaking's dated status reports.
UNDERTAKING_FIELD = "undertaking_id"
REPORTS_TABLE = "status_reports"


@dataclass(frozen=True)
class Trace:
    """Where one row comes from. ``str()`` gives it as text to read."""

    table: str
    key: str
    row: dict[str, Any]
    sources: list[dict[str, str]]
    """Each source the row names: ``field`` (``source_id``, ``code_source_id``...), ``source_id``, ``citation``."""
    evidence: dict[str, str]
    """Each evidence field of the row that holds a quote, by field name (``evidence``, ``theme_evidence``...)."""
    attestations: list[dict[str, Any]] = field(default_factory=list)
    """Rows of other tables (``attestations`` when the package has it) that name a further source for this row."""
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    """Rows of ``disagreements`` about this row: a value another source gives, and the one adopted."""
    reports: list[dict[str, Any]] = field(default_factory=list)
    """For a row naming an undertaking: every status report of that undertaking, in date order, this row's too."""

    def __str__(self) -> str:
        lines = [f"{self.table} {self.key}"]
        for name in ("name_zh", "name_en", "title_zh", "title_en", "status", "certainty", "note"):
            if self.row.get(name) is not None:
                lines.append(f"  {name}: {self.row[name]}")
        for name, quote in self.evidence.items():
            lines.append(f"  {name}: “{quote}”")
        for source in self.sources:
            lines.append(f"  {source['field']}: {source['source_id']}: {source['citation']}")
        for attestation in self.attestations:
            lines.append(f"  also attested by {attestation['source_id']}: “{attestation.get('evidence') or ''}”")
        for other in self.disagreements:
            quote = other.get("evidence") or ""
            lines.append(
                f"  disagreement on {other['field']}: {other['source_id']} also gives {other['other_value']!r}"
                f" (“{quote}”); adopted {other['adopted_value']!r}. {other.get('note') or ''}".rstrip()
            )
        if self.reports:
            lines.append(f"  reports of undertaking {self.row[UNDERTAKING_FIELD]}, in date order:")
        for report in self.reports:
            this = " (this row)" if report.get("measure_id") == self.key else ""
            lines.append(
                f"    {report['report']}. {report['date']} {report['status']}: {report['source_id']}{this}"
                f" “{report.get('evidence') or ''}”"
            )
        return "\n".join(lines)


def key_text(values: Any) -> str:
    """A key as the package writes it in ``row_key``: composite keys joined by ``|``."""
    parts = values if isinstance(values, tuple | list) else (values,)
    return ROW_KEY_SEPARATOR.join(str(part) for part in parts)


def trace(descriptor: Descriptor, table: str, key: Any) -> Trace:
    """The :class:`Trace` of the row of ``table`` whose primary key is ``key`` (a tuple for a composite key)."""
    schema = descriptor.table(table)
    key_fields = list(schema.primary_key)
    wanted = key_text(key)
    rows = read_verified_table(descriptor, table).to_pylist()
    matches = [row for row in rows if key_text(tuple(row[name] for name in key_fields)) == wanted]
    if not matches:
        raise KeyError(f"{table} has no row whose {', '.join(key_fields)} is {wanted!r}")
    row = matches[0]
    sources = [
        {"field": name, "source_id": row[name], "citation": source_citation(descriptor, row[name]).text}
        for name in _source_fields(schema)
        if row.get(name) is not None
    ]
    evidence = {field.name: row[field.name] for field in schema.fields if field.verbatim and row.get(field.name)}
    pointing: dict[str, list[dict[str, Any]]] = {}
    for name in descriptor.resource_names:
        if set(POINTER_FIELDS) <= set(descriptor.table(name).field_names) and name != table:
            pointing[name] = [
                other
                for other in read_verified_table(descriptor, name).to_pylist()
                if other["resource"] == table and other["row_key"] == wanted
            ]
    disagreements = pointing.pop(DISAGREEMENTS_TABLE, [])
    attestations = [other for others in pointing.values() for other in others]
    reports = _undertaking_reports(descriptor, row) if table != REPORTS_TABLE else []
    return Trace(table, wanted, row, sources, evidence, attestations, disagreements, reports)


def _undertaking_reports(descriptor: Descriptor, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The status reports of the undertaking ``row`` names, in their (date) order; none when it names none."""
    undertaking = row.get(UNDERTAKING_FIELD)
    if undertaking is None or REPORTS_TABLE not in descriptor.resource_names:
        return []
    reports = read_verified_table(descriptor, REPORTS_TABLE).to_pylist()
    return sorted((r for r in reports if r[UNDERTAKING_FIELD] == undertaking), key=lambda r: r["report"])


def _source_fields(schema: Table) -> list[str]:
    """The row's fields that name a source: the foreign keys to the ``sources`` table, ``source_id`` first."""
    names = [name for foreign in schema.foreign_keys if foreign.resource == SOURCES_TABLE for name in foreign.fields]
    return sorted(names, key=lambda name: name != "source_id")
