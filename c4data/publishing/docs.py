"""The files generated from the descriptor: the data dictionary, ``CITATION.cff``, the README's list of tables and
the counts of ``docs/sources.md``; and the descriptor's ``homepage``, from ``[project.urls]`` in ``pyproject.toml``.

The project's addresses are written once, in ``[project.urls]``: ``Homepage`` becomes the descriptor's
``homepage`` (which the citation, the exports' papers and the site give), and ``CITATION.cff`` takes
``Homepage``, ``Repository``, ``Issues`` (its contact) and ``DOI`` from there too.

``c4data docs`` rewrites them after the descriptor or the data change; ``c4data docs --check`` (and the
tests) fail while any of them is stale. In the README and in ``docs/sources.md`` only the part between
two markers is generated (from the descriptor, and for the sources page from the built tables); the
rest is written by hand.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from c4data.model.descriptor import Descriptor, dumps
from c4data.model.errors import C4DataError
from c4data.model.paths import DESCRIPTOR_NAME
from c4data.publishing.dictionary import DICTIONARY_FILE, readme_tables, render
from c4data.publishing.sources_overview import markdown as sources_markdown
from c4data.reading.citation import CITATION_FILE, citation_cff

GENERATORS: dict[Path, Callable[[Descriptor], str]] = {
    DICTIONARY_FILE: render,
}
PYPROJECT_FILE = Path("pyproject.toml")
HOMEPAGE = "Homepage"
README_FILE = Path("README.md")
SOURCES_FILE = Path("docs/sources.md")
# The generated parts of the hand-written files, each between two lines.
GENERATED_PARTS: dict[Path, dict[tuple[str, str], Callable[[Descriptor], str]]] = {
    README_FILE: {
        (
            "<!-- tables: generated from datapackage.json by `c4data docs`; edit the descriptor, not this table -->\n",
            "<!-- end of the generated tables -->\n",
        ): readme_tables,
    },
    SOURCES_FILE: {
        (
            "<!-- sources: generated from the tables by `c4data docs`; edit the data, not this part -->\n",
            "<!-- end of the generated sources -->\n",
        ): sources_markdown,
    },
}


def generated_docs(root: str | os.PathLike[str] = ".") -> dict[Path, str]:
    """Each generated file's path under ``root`` and the text it must hold."""
    root = Path(root)
    descriptor = Descriptor.read(root / DESCRIPTOR_NAME)
    urls = project_urls(root)
    generated: dict[Path, str] = {}
    if (root / PYPROJECT_FILE).is_file():  # a checkout: the descriptor's homepage is the project's
        descriptor = Descriptor(path=descriptor.path, data=with_homepage(descriptor.data, urls.get(HOMEPAGE)))
        generated[root / DESCRIPTOR_NAME] = dumps(descriptor.data)
    generated |= {root / relative: generate(descriptor) for relative, generate in GENERATORS.items()}
    generated[root / CITATION_FILE] = citation_cff(descriptor, urls)
    for relative, parts in GENERATED_PARTS.items():
        written = root / relative
        if written.is_file():  # a checkout has them; a bare package directory need not
            text = written.read_text(encoding="utf-8")
            for (start, end), generate in parts.items():
                text = _replace_between(text, start, end, generate(descriptor), written)
            generated[written] = text
    return generated


def project_urls(root: Path) -> dict[str, str]:
    """``[project.urls]`` of the checkout's ``pyproject.toml`` (empty when there is none)."""
    path = root / PYPROJECT_FILE
    if not path.is_file():
        return {}
    urls = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {}).get("urls", {})
    return {str(name): str(url) for name, url in urls.items()}


def with_homepage(data: dict[str, Any], homepage: str | None) -> dict[str, Any]:
    """The descriptor's data with ``homepage`` set after ``created`` (or ``version``), or removed when None."""
    items = [(key, value) for key, value in data.items() if key != "homepage"]
    if homepage:
        keys = [key for key, _ in items]
        after = next((keys.index(key) + 1 for key in ("created", "version", "name") if key in keys), 0)
        items.insert(after, ("homepage", homepage))
    return dict(items)


def _replace_between(text: str, start: str, end: str, part: str, path: Path) -> str:
    """``text`` with what lies between the lines ``start`` and ``end`` replaced by ``part``."""
    before, found, rest = text.partition(start)
    _, closed, after = rest.partition(end)
    if not found or not closed:
        raise C4DataError(f"{path} lacks the lines {start.strip()!r} and {end.strip()!r} around its generated part")
    return before + start + part + end + after


def stale_docs(root: str | os.PathLike[str] = ".") -> list[Path]:
    """The generated files that are missing or differ from what the descriptor gives."""
    return [
        path
        for path, text in generated_docs(root).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


def write_docs(root: str | os.PathLike[str] = ".") -> list[Path]:
    """Rewrite the generated files that are stale; return the ones written."""
    written = []
    for path, text in generated_docs(root).items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        written.append(path)
    return written
