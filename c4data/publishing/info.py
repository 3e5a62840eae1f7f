"""A short, human-readable summary of the installed package."""

from __future__ import annotations

from c4data.reading.citation import package_citation, source_citation, sources_rows
from c4data.reading.integrity import read_verified_table
from c4data.reading.load import shipped_descriptor


def describe() -> str:
    """Version, each table with its row count, the licences, and how to cite the package and its sources.

    Each file is checked against its hash as it is read.
    """
    descriptor = shipped_descriptor()
    lines = [f"c4data {descriptor.version}", f"descriptor: {descriptor.path}", "", "tables:"]
    for table in descriptor.package.tables:
        rows = read_verified_table(descriptor, table.name).num_rows
        lines.append(f"  {table.name:<15} {rows:>5} rows  {table.title}")
    lines += ["", "licences:"]
    lines += [f"  {licence.name}: {licence.title}" for licence in descriptor.package.licences]
    lines += ["", "cite the package as (BibTeX: c4data.cite().bibtex):", f"  {package_citation(descriptor)}"]
    lines += ["", "sources (cite each one whose facts you use; c4data.cite(source_id) gives BibTeX too):"]
    for source in sources_rows(descriptor):
        lines.append(f"  {source['source_id']}: {source_citation(descriptor, source['source_id'])}")
    return "\n".join(lines)
