"""A short, human-readable summary of the installed package."""

from __future__ import annotations

from importlib import metadata

from c4data.integrity import read_verified_table
from c4data.load import shipped_descriptor


def describe() -> str:
    """Version, each table with its row count, the sources and the licences (files checked as they are read)."""
    descriptor = shipped_descriptor()
    lines = [f"c4data {descriptor.version}", f"descriptor: {descriptor.path}", "", "tables:"]
    for name in descriptor.resource_names:
        rows = read_verified_table(descriptor, name).num_rows
        lines.append(f"  {name:<15} {rows:>5} rows  {descriptor.resource(name).get('title', '')}")
    lines += ["", "sources:"]
    for source in read_verified_table(descriptor, "sources").to_pylist():
        published = source.get("published") or "date unknown"
        lines.append(f"  {source['source_id']}: {source['title_en']} ({published}, {source['certainty']})")
    data_licences = ", ".join(licence.get("name", "?") for licence in descriptor.data.get("licenses", []))
    lines += ["", f"licence: data {data_licences}; code {_code_licence()}"]
    return "\n".join(lines)


def _code_licence() -> str:
    try:
        meta = metadata.metadata("c4data")
    except metadata.PackageNotFoundError:
        return "see LICENSE"
    return meta.get("License-Expression") or meta.get("License") or "see LICENSE"
