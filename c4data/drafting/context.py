"""What a kind of candidate reads: a text being drafted (``Reading``) or a row of the package (``Row``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from c4data.drafting.model import Candidate
from c4data.drafting.segment import Segmentation, segment
from c4data.drafting.text import MatchText
from c4data.model.schema import Field, Table

_HAN = re.compile("[\u3400-\u9fff]")


@dataclass
class Reading:
    """One text, the libraries switched on, and the candidates the kinds already run have found."""

    text: MatchText
    jieba: bool = True
    cn2an: bool = True
    pypinyin: bool = True
    found: dict[str, list[Candidate]] = field(default_factory=dict)

    @cached_property
    def segmentation(self) -> Segmentation | None:
        """jieba's tokens, made only when asked for and only for a text with Chinese characters."""
        if not self.jieba or not _HAN.search(self.text.simplified):
            return None
        return segment(self.text.simplified)

    def spans(self, *kinds: str) -> list[tuple[int, int]]:
        """The spans the candidates of ``kinds`` claim; a document named by an act claims none (what it spans is
        running text: a figure or a name inside it is one of its own)."""
        return [(c.start, c.end) for kind in kinds for c in self.found.get(kind, []) if "act_zh" not in c.value]


@dataclass(frozen=True)
class Row:
    """One row of a table, read through the descriptor's typed model."""

    table: Table
    record: dict[str, Any]
    by_name: dict[str, Field] | None = None  # the table's fields by name, made once for all its rows

    @cached_property
    def fields(self) -> dict[str, Field]:
        return self.by_name if self.by_name is not None else {field.name: field for field in self.table.fields}

    def cell(self, name: str) -> Any:
        """The cell of ``name``, or None when the table has no such field or the cell is empty."""
        value = self.record.get(name)
        return None if value is None or value == "" else value

    @property
    def keyed_by(self) -> tuple[str, ...]:
        return self.table.primary_key
