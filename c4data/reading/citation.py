"""Citations of the package and of each source, derived from the descriptor and the ``sources`` table.

``CITATION.cff`` is generated from the same descriptor, so the three never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from c4data.model.descriptor import Descriptor

CFF_VERSION = "1.2.0"
CITATION_FILE = "CITATION.cff"
SOURCES_TABLE = "sources"
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


@dataclass(frozen=True)
class Citation:
    """A citation as plain text (also what ``str()`` gives) and as a BibTeX entry."""

    text: str
    bibtex: str

    def __str__(self) -> str:
        return self.text


def release_date(descriptor: Descriptor) -> str:
    """The release date of this version, ``YYYY-MM-DD``: the date of the descriptor's ``created`` ("" if none)."""
    return descriptor.package.created[:10]


def package_citation(descriptor: Descriptor) -> Citation:
    """How to cite the data package at this version: authors, year, title, version and URL."""
    package = descriptor.package
    authors = package.creators
    year, url = release_date(descriptor)[:4], package.homepage
    dated = f" ({year})" if year else ""
    text = f"{', '.join(authors)}{dated}. {package.title}. Version {package.version} [data set]. {url}".rstrip()
    entry = {
        "author": " and ".join(f"{{{_escape(author)}}}" for author in authors),
        "title": f"{{{_escape(package.title)}}}",
        "year": year,
        "date": release_date(descriptor),
        "version": _escape(descriptor.version),
        "url": url,
        "note": f"Version {_escape(descriptor.version)}, Frictionless data package",
    }
    return Citation(text, _bibtex("misc", f"{package.name}-{package.version}", entry))


def source_citation(descriptor: Descriptor, source_id: str) -> Citation:
    """How to cite the source ``source_id`` of the ``sources`` table; ``ValueError`` names the known ones."""
    rows = sources_rows(descriptor)
    by_id = {row["source_id"]: row for row in rows}
    if source_id not in by_id:
        known = ", ".join(sorted(by_id))
        raise ValueError(f"no source {source_id!r} in the sources table; the sources are: {known}")
    return _source_citation(by_id[source_id])


def sources_rows(descriptor: Descriptor) -> list[dict[str, Any]]:
    """The rows of the ``sources`` table, read from its Parquet file once its hash is checked."""
    from c4data.reading.integrity import read_verified_table

    return read_verified_table(descriptor, SOURCES_TABLE).to_pylist()


def _source_citation(row: dict[str, Any]) -> Citation:
    authors = _authors(row)
    title = row["title_en"] if not row.get("title_zh") else f"{row['title_zh']} [{row['title_en']}]"
    publisher = row["publisher_en"] if not row.get("publisher_zh") else f"{row['publisher_zh']} ({row['publisher_en']})"
    parts = [", ".join(authors), title, ", ".join(filter(None, [publisher, row.get("published")]))]
    text = ". ".join(part for part in parts if part) + "."
    if row.get("url"):
        text += f" {row['url']}"
    if row.get("certainty") == "inferred":
        text += " Partly inferred: see the note of this source in the sources table."
    entry = {
        "author": " and ".join(f"{{{_escape(author)}}}" for author in authors),
        "title": f"{{{_escape(title)}}}",
        "howpublished": _escape(publisher),
        "year": (row.get("published") or "")[:4],
        "date": row.get("published") or "",
        "url": row.get("url") or "",
        "note": "Partly inferred: see the sources table" if row.get("certainty") == "inferred" else "",
    }
    return Citation(text, _bibtex("misc", row["source_id"], entry))


def _authors(row: dict[str, Any]) -> list[str]:
    """Authors as written: the Chinese byline (space-separated) when there is one, else the English list."""
    if row.get("authors_zh"):
        return str(row["authors_zh"]).split()
    if row.get("authors_en"):
        return [author.strip() for author in row["authors_en"].split(";")]
    return [row["publisher_en"]]


def _escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def _bibtex(kind: str, key: str, entry: dict[str, str]) -> str:
    fields = ",\n".join(f"  {name} = {{{value}}}" for name, value in entry.items() if value)
    return f"@{kind}{{{key},\n{fields}\n}}"


def citation_cff(descriptor: Descriptor, urls: Mapping[str, str] | None = None) -> str:
    """The text of ``CITATION.cff`` (Citation File Format 1.2.0) for the package at this version; ``urls`` (a
    checkout's ``[project.urls]``) add the repository (``Repository``), the contact's address (``Issues``) and the
    DOI (``DOI``, as ``https://doi.org/…``)."""
    import yaml

    urls = urls or {}
    package = descriptor.package
    doi = urls.get("DOI", "").removeprefix("https://doi.org/")
    contact = {"name": ", ".join(package.creators), **({"website": urls["Issues"]} if urls.get("Issues") else {})}
    content = {
        "cff-version": CFF_VERSION,
        "message": (
            "If you use this data set, please cite it as below, and cite the sources of the facts you use: "
            "c4data.cite(source_id) gives each."
        ),
        "type": "dataset",
        "title": package.title,
        "version": package.version,
        **({"date-released": release_date(descriptor)} if release_date(descriptor) else {}),
        **({"url": package.homepage} if package.homepage else {}),
        **({"repository-code": urls["Repository"]} if urls.get("Repository") else {}),
        **({"doi": doi} if doi else {}),
        "abstract": package.description,
        "authors": [{"name": author} for author in package.creators],
        "contact": [contact],
        "keywords": list(package.keywords),
        # The first licence of the descriptor is the data's; the library code's (MIT) follows it.
        **({"license": package.licences[0].name} if package.licences else {}),
    }
    header = "# Generated from datapackage.json by `c4data docs`; edit the descriptor, not this file.\n"
    return header + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)
