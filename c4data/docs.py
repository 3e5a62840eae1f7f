"""The files generated from the descriptor: the data dictionary and ``CITATION.cff``.

``c4data docs`` rewrites them after the descriptor changes; ``c4data docs --check`` (and the
tests) fail while any of them is stale.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from c4data._paths import DESCRIPTOR_NAME
from c4data.citation import CITATION_FILE, citation_cff
from c4data.descriptor import Descriptor
from c4data.dictionary import DICTIONARY_FILE, render

GENERATORS: dict[Path, Callable[[Descriptor], str]] = {
    DICTIONARY_FILE: render,
    Path(CITATION_FILE): citation_cff,
}


def generated_docs(root: str | os.PathLike[str] = ".") -> dict[Path, str]:
    """Each generated file's path under ``root`` and the text it must hold."""
    root = Path(root)
    descriptor = Descriptor.read(root / DESCRIPTOR_NAME)
    return {root / relative: generate(descriptor) for relative, generate in GENERATORS.items()}


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
