"""The typed result of a draft: candidates with their spans, values and the row that holds them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """One proposed fact: ``text == source[start:end]``; ``value`` is in simplified characters."""

    kind: str
    text: str
    start: int
    end: int
    value: dict[str, Any]
    known: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "known": self.known,
        }


@dataclass(frozen=True)
class Draft:
    """Every candidate of one text, sorted by position; ``source_id`` when the text is a known source."""

    source: str | None
    candidates: tuple[Candidate, ...]
    source_id: str | None = None
    libraries: dict[str, str] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Candidate]:
        return [candidate for candidate in self.candidates if candidate.kind == kind]

    def missing(self) -> Draft:
        """Only the candidates that no row of the package's tables holds."""
        return replace(self, candidates=tuple(c for c in self.candidates if c.known is None))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_id": self.source_id,
            "libraries": self.libraries,
            "candidates": [candidate.to_dict() for candidate in self.candidates],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
