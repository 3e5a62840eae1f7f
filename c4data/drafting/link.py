"""Which row of the package already holds a candidate (``known``), from the facts of the tables."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import Any

from c4data.drafting.facts import Fact, package_facts, source_hashes
from c4data.drafting.model import Candidate


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
    """Each candidate with ``known`` set; rows of the text's own source (when it is one) are preferred."""
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
    return linked


def _without_period(title: str) -> str:
    """长江中游城市群省会城市合作行动计划(2017-2020年) → …合作行动计划."""
    return re.sub(r"[(（][^()（）]*\d{4}[^()（）]*[)）]$", "", title).strip()


def _short_reference(value: dict[str, Any], facts: list[Fact]) -> str | None:
    """A title that names exactly one known document in short: 《行动方案》 for its full title, or the title
    without its period. Where it could be several (《计划》), it stays unknown."""
    title = _squeeze(value.get("title_zh") or value.get("title_en"))
    if len(title) < 2:
        return None
    rows = {
        fact.row
        for fact in facts
        for name in ("title_zh", "title_en")
        if fact.value.get(name) and _without_period(_squeeze(fact.value[name])).endswith(title)
    }
    return rows.pop() if len(rows) == 1 else None


def holder(candidate: Candidate, facts: list[Fact]) -> str | None:
    """The first row whose fact this candidate states."""
    matches = MATCHERS[candidate.kind]
    return next((fact.row for fact in facts if matches(candidate.value, fact.value)), None)


def same_city(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    return value.get("city_id") == fact.get("city_id")


def same_meeting(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    return value.get("meeting_id") == fact.get("meeting_id")


def _squeeze(title: str | None) -> str:
    return "".join((title or "").split()).casefold().strip("\"'“”‘’《》")


def same_document(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    return any(
        value.get(name) and fact.get(name) and _squeeze(value[name]) == _squeeze(fact[name])
        for name in ("title_zh", "title_en")
    )


def same_person(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    """Same name, and the post the text gives (if any) contains the row's post (湖南省委常委 ⊇ 常委).

    A source's author (a reporter in ``sources.authors_zh``) is held by name alone.
    """
    for lang in ("zh", "en"):
        name = value.get(f"name_{lang}")
        if name and fact.get(f"name_{lang}") and _squeeze(name) == _squeeze(fact[f"name_{lang}"]):
            if fact.get("author"):
                return True
            posts = value.get(f"positions_{lang}") or [value.get(f"position_{lang}")]
            posts = [post for post in posts if post]
            row_post = fact.get(f"position_{lang}")
            if not posts:
                return True
            return bool(row_post) and any(_squeeze(row_post) in _squeeze(post) for post in posts)
    return False


def same_date(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    """Every part the text states agrees with the row's, and the text states at least one part."""
    stated = [part for part in ("year", "month", "day") if value.get(part) is not None]
    return bool(stated) and all(value[part] == fact.get(part) for part in stated)


def same_figure(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    number, other = value.get("value"), fact.get("value")
    return number is not None and other is not None and math.isclose(float(number), float(other), rel_tol=1e-9)


MATCHERS = {
    "city": same_city,
    "meeting": same_meeting,
    "document": same_document,
    "person": same_person,
    "date": same_date,
    "figure": same_figure,
}
