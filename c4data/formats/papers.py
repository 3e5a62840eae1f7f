"""The papers a package carries when it travels alone: a README for data users, the licence and the citation.

Every export writes them beside ``datapackage.json`` (the zip holds them as members, the workbook's ``about``
sheet the same text), all three generated from the package's own descriptor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from c4data.model.descriptor import Descriptor
from c4data.model.paths import DESCRIPTOR_NAME
from c4data.reading.citation import CITATION_FILE, citation_cff, package_citation

README_NAME = "README.md"
LICENCE_NAME = "LICENSE.md"
PAPERS = (README_NAME, LICENCE_NAME, CITATION_FILE)


def readme(descriptor: Descriptor, resources: list[dict[str, Any]]) -> str:
    """What the package is, what it holds (``resources``, as the written descriptor lists them), how to read, check
    and cite it, and its licence."""
    package = descriptor.package
    released = package.created[:10]
    lines = [
        f"# {package.title}",
        "",
        f"Version {package.version}" + (f", released {released}." if released else "."),
        "",
        package.description,
        "",
        "## Files",
        "",
        "`datapackage.json` is the Frictionless data package's descriptor: each table's file, fields, types, "
        "keys, codebooks and hash. The tables:",
        "",
        *(f"- `{item.get('name')}` ({item.get('path')}): {item.get('title', '')}" for item in resources),
        "",
        "Check the package with c4data's `validate` command (install the wheel of a release with its frictionless "
        'extra: `pip install "c4data-VERSION-py3-none-any.whl[frictionless]"`, then `c4data validate PATH`), or '
        "load a table with `c4data.tables(source=PATH)`.",
        "",
        "## Cite",
        "",
        package_citation(descriptor).text,
        "",
        f"`{CITATION_FILE}` gives the same in the Citation File Format. Cite the source of each fact you use too: "
        "its row's `source_id` names it in the `sources` table.",
        "",
        "## Licence",
        "",
        *licence_lines(descriptor),
        "",
        f"See `{LICENCE_NAME}`.",
    ]
    return "\n".join(lines) + "\n"


def licence(descriptor: Descriptor) -> str:
    """The licences the descriptor names, each with its title and the address of its legal text."""
    lines = [f"# Licence of {descriptor.package.title}, version {descriptor.version}", "", *licence_lines(descriptor)]
    lines += [
        "",
        "Attribute the data as the citation below gives it; the facts are curated from the sources listed in the "
        "`sources` table, whose own terms apply to them (only short verbatim quotations of them ship, as evidence).",
        "",
        package_citation(descriptor).text,
    ]
    return "\n".join(lines) + "\n"


def licence_lines(descriptor: Descriptor) -> list[str]:
    """One line a licence: its name, title and the address of its legal text."""
    licences = descriptor.data.get("licenses", [])
    return [
        f"- {entry.get('name', '?')}: {entry.get('title', '')}" + (f" <{entry['path']}>" if entry.get("path") else "")
        for entry in licences
        if isinstance(entry, dict)
    ] or ["- No licence is named in this package's descriptor."]


def papers(descriptor: Descriptor, resources: list[dict[str, Any]]) -> dict[str, str]:
    """Each paper's file name and text, for the package of ``descriptor`` written with ``resources``."""
    return {
        README_NAME: readme(descriptor, resources),
        LICENCE_NAME: licence(descriptor),
        CITATION_FILE: citation_cff(descriptor),
    }


def write_papers(descriptor: Descriptor, directory: Path) -> list[str]:
    """Write the papers of the package exported from ``descriptor`` into ``directory``, beside the descriptor
    written there; return their names."""
    written = json.loads((directory / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    resources = [item for item in written.get("resources", []) if isinstance(item, dict)]
    for name, text in papers(descriptor, resources).items():
        (directory / name).write_text(text, encoding="utf-8")
    return list(PAPERS)
