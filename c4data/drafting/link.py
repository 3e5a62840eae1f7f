"""Which row of the package already holds a candidate (``known``), from the facts of the tables."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import Any

from c4data.drafting import meaning
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
            known = _by_meaning(candidate.value, facts.get("document", []))
            if known is not None:
                candidate = replace(candidate, value=_named(candidate.value, known, facts["document"]))
        linked.append(replace(candidate, known=known))
    titles = [c for c in linked if c.kind == "document"]
    for index, candidate in enumerate(linked):
        if candidate.kind == "date":
            title = next((t for t in titles if t.start <= candidate.start and candidate.end <= t.end), None)
            if title is not None:
                linked[index] = replace(candidate, known=title.known)
    return linked


def _by_meaning(value: dict[str, Any], facts: list[Fact]) -> str | None:
    """The row a title names without its full title: in short (《行动方案》), by the act that names it without its
    issuer as the row has it, or in another language by what it is (its kind, years and matter)."""
    known = _short_reference(value, facts)
    if known is None and value.get("act_zh") and "关于" in str(value["title_zh"]):
        issuer, _, matter = str(value["title_zh"]).partition("关于")
        known = _short_reference({"title_zh": "关于" + matter}, facts)
        holder_title = next((str(f.value.get("title_zh") or "") for f in facts if f.row == known), "")
        if known is not None and not _abbreviates(issuer, holder_title.partition("关于")[0]):
            known = None  # 省政府's reply is not the State Council's reply on the same plan
    if known is None and not value.get("title_zh"):
        titles = [str(value[name]) for name in ("title_en", "title_de", "title_fr") if value.get(name)]
        known = meaning.best(meaning.read(titles), _meanings(facts)) if titles else None
    return known


def _abbreviates(short: str, full: str) -> bool:
    """Whether an issuer as a text names it stands for the row's (发改委 for 国家发展改革委: its characters in order);
    an act that names no issuer stands for any."""
    rest = iter(full)
    return all(character in rest for character in short)


def _meanings(facts: list[Fact]) -> dict[str, meaning.Meaning]:
    """Each document row's meaning, read from its titles (once for the package's own rows)."""
    if {fact.row for fact in facts} == {fact.row for fact in _facts_by_kind()["document"]}:
        return _package_meanings()
    return _read_meanings(facts)


@lru_cache(maxsize=1)
def _package_meanings() -> dict[str, meaning.Meaning]:
    return _read_meanings(_facts_by_kind()["document"])


def _read_meanings(facts: list[Fact]) -> dict[str, meaning.Meaning]:
    titles: dict[str, list[str]] = defaultdict(list)
    for fact in facts:
        titles[fact.row].extend(str(fact.value[n]) for n in ("title_zh", "title_en") if fact.value.get(n))
    return {row: meaning.read(found) for row, found in titles.items()}


def _named(value: dict[str, Any], row: str, facts: list[Fact]) -> dict[str, Any]:
    """A candidate linked by meaning carries the titles of the row it names; the title as the text gives it stays
    under ``named_as``."""
    fact = next(fact for fact in facts if fact.row == row)
    titles = {name: fact.value[name] for name in ("title_zh", "title_en") if fact.value.get(name)}
    printed = value.get("title_zh") or value.get("title_en")
    rest = {name: cell for name, cell in value.items() if name not in ("title_zh", "title_en")}
    return titles | rest | ({"named_as": printed} if printed else {})


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
