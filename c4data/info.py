"""A short, human-readable summary of the installed package."""

from __future__ import annotations

from importlib import metadata

from c4data.load import shipped_descriptor


def describe() -> str:
    """Version, each table with its row count, the sources and the licences."""
    import pyarrow.parquet as pq

    descriptor = shipped_descriptor()
    lines = [f"c4data {descriptor.version}", f"descriptor: {descriptor.path}", "", "tables:"]
    for name in descriptor.resource_names:
        rows = pq.read_metadata(descriptor.data_file(name)).num_rows
        lines.append(f"  {name:<15} {rows:>5} rows  {descriptor.resource(name).get('title', '')}")
    lines += ["", "sources:"]
    for source in pq.read_table(descriptor.data_file("sources")).to_pylist():
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
