"""The evidence check: every quoted span is verbatim in the reference copy of its source."""

from __future__ import annotations

from collections.abc import Iterator

from c4data.checks.base import CheckInput
from c4data.files.hashing import file_sha256
from c4data.model import codes
from c4data.model.problems import Problem

SOURCES_TABLE = "sources"


def evidence_problems(given: CheckInput) -> Iterator[Problem]:
    """Every evidence span, and every other field marked ``c4data:verbatim`` (a measure's ``quote_zh``), is
    verbatim in the reference copy of its row's source, and each copy is intact (run only when the reference
    texts are given)."""
    sources = given.table_rows(SOURCES_TABLE)
    if given.sources_dir is None or sources is None:
        return
    texts: dict[str, str] = {}
    for index, row in enumerate(sources.rows):
        file_name = row.get("reference_file")
        if not file_name:
            continue
        path = given.sources_dir / file_name
        if not path.is_file():
            yield sources.problem(index, "reference_file", f"no reference copy at {path}", code=codes.EVIDENCE)
            continue
        if row.get("text_sha256") and file_sha256(path) != row["text_sha256"]:
            yield sources.problem(index, "text_sha256", f"does not match the sha256 of {path}", code=codes.EVIDENCE)
            continue
        texts[row["source_id"]] = path.read_text(encoding="utf-8")
    for table in given.tables:
        quoted = [field.name for field in given.package.table(table.name).fields if field.verbatim]
        for index, row in enumerate(table.rows):
            for name in quoted:
                span = row.get(name)
                if span is None:
                    continue
                source_id = row.get("source_id")
                if source_id not in texts:
                    yield table.problem(
                        index,
                        name,
                        f"source {source_id!r} has no reference text to check it against",
                        code=codes.EVIDENCE,
                    )
                elif span not in texts[source_id]:
                    yield table.problem(
                        index, name, f"{_short(span)!r} is not verbatim in {source_id}", code=codes.EVIDENCE
                    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
