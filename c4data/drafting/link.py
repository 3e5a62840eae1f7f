"""Which row of the package already holds a candidate (``known``), from the facts of the tables."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import Any

from c4data.drafting.documents import squeeze
from c4data.drafting.facts import Fact, package_facts, source_hashes
from c4data.drafting.kinds import REGISTRY
from c4data.drafting.model import Candidate

MATCHERS = {kind.name: kind.same for kind in REGISTRY}


def source_of(sha256: str) -> str | None:
    """The ``source_id`` of a text the package was curated from, by its sha256."""
    return source_hashes().get(sha256)


@lru_cache(maxsize=1)
def _facts_by_kind() -> dict[str, list[Fact]]:
    grouped: dict[str, list[Fact]] = defaultdict(list)
    for fact in package_facts():
        grouped[fact.kind].append(fact)
    return grouped


def link_candidates(candidates: list[Candidate], source_id: str | None = None) -> list[Candidate]:
    """Each candidate with ``known`` set; rows of the text's own source (when it is one) are preferred.

    A date inside a document's title belongs to the title: it is held by the document's row, or by none.
    """
    facts = {
        kind: sorted(found, key=lambda fact: fact.source_id != source_id) if source_id else found
        for kind, found in _facts_by_kind().items()
    }
    linked = []
    for candidate in candidates:
        known = holder(candidate, facts.get(candidate.kind, []))
        if known is None and candidate.kind == "document":
            known = _short_reference(candidate.value, facts.get("document", []))
        linked.append(replace(candidate, known=known))
    titles = [c for c in linked if c.kind == "document"]
    for index, candidate in enumerate(linked):
        if candidate.kind == "date":
            title = next((t for t in titles if t.start <= candidate.start and candidate.end <= t.end), None)
            if title is not None:
                linked[index] = replace(candidate, known=title.known)
    return linked


def _without_period(title: str) -> str:
    """长江中游城市群省会城市合作行动计划(2017-2020年) → …合作行动计划."""
    return re.sub(r"[(（][^()（）]*\d{4}[^()（）]*[)）]$", "", title).strip()


def _short_reference(value: dict[str, Any], facts: list[Fact]) -> str | None:
    """A title that names exactly one known document in short: 《行动方案》 for its full title, or the title
    without its period. Where it could be several (《计划》), it stays unknown."""
    title = squeeze(value.get("title_zh") or value.get("title_en"))
    if len(title) < 2:
        return None
    rows = {
        fact.row
        for fact in facts
        for name in ("title_zh", "title_en")
        if fact.value.get(name) and _without_period(squeeze(fact.value[name])).endswith(title)
    }
    return rows.pop() if len(rows) == 1 else None


def holder(candidate: Candidate, facts: list[Fact]) -> str | None:
    """The first row whose fact this candidate states."""
    matches = MATCHERS[candidate.kind]
    return next((fact.row for fact in facts if matches(candidate.value, fact.value)), None)
