"""Document candidates: titles in 《》, and in English texts titles quoted or capitalised as a name."""

from __future__ import annotations

import re
from typing import Any

from c4data.drafting.context import Reading, Row
from c4data.drafting.model import Candidate
from c4data.drafting.text import MatchText

_BRACKETED = re.compile(r"《(?P<title>[^《》\n]{1,120})》")
# Words that make a capitalised phrase a document's name (the English for 共识, 宣言, 纲要, 行动, 计划, 协议 …).
_DOCUMENT_WORDS = (
    "Accord|Action|Actions|Agenda|Agreement|Blueprint|Charter|Communique|Consensus|Convention|Declaration|"
    "Essentials|Framework|Guidelines|Initiative|Items|Measures|Memorandum|Opinions|Outline|Pact|Plan|Points|"
    "Program|Programme|Proposal|Protocol|Roadmap|Scheme|Statement|Strategy|Treaty"
)
_CAPITALISED = r"(?:[A-Z][\w'’-]*|\d{4}|\d{1,3}(?:st|nd|rd|th))"
_JOINERS = r"(?:of|the|on|for|and|in|along|to|between|among|at)"
_NAME = rf"{_CAPITALISED}(?:[ ]+(?:{_JOINERS}[ ]+)*{_CAPITALISED})*"
_QUOTED = re.compile(r"[“\"‘](?P<title>[A-Z][^“”\"‘’\n]{3,200}?)(?:[”\"’]|$)", re.MULTILINE)
_UNQUOTED = re.compile(rf"(?P<title>{_NAME})(?P<years>[ ]*\((?:19|20)\d{{2}}\s*[-–]\s*(?:19|20)?\d{{2}}\))?")
# 《》 also marks newspapers and journals, which are not documents.
_PERIODICAL = re.compile(r"(?:日报|晚报|晨报|时报|商报|周报|周刊|月刊|杂志|学报|画报)$")
_LABELLED = re.compile(r"(?:Title|Headline|Caption|Keywords):\s*$", re.IGNORECASE)
_DETERMINERS = re.compile(r"^(?:The|A|An|This|That|These|Its|Their|Our)\s+")


def find(reading: Reading) -> list[Candidate]:
    # The English rules match Latin script only, so they run on every text: reports mix the two.
    return find_documents(reading.text, english=True)


def squeeze(title: str | None) -> str:
    return "".join((title or "").split()).casefold().strip("\"'“”‘’《》")


def same(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    return any(
        value.get(name) and fact.get(name) and squeeze(value[name]) == squeeze(fact[name])
        for name in ("title_zh", "title_en")
    )


def row_facts(row: Row) -> list[dict[str, Any]]:
    """A table with titles that cites its source for them holds documents."""
    if "source_id" not in row.fields or "source_id" in row.keyed_by:
        return []
    titles = {name: row.cell(name) for name in ("title_zh", "title_en") if row.cell(name) is not None}
    return [titles] if titles else []


def find_documents(text: MatchText, *, english: bool) -> list[Candidate]:
    """Every 《title》 (span with the brackets); in English texts, named documents as printed."""
    found = []
    for match in _BRACKETED.finditer(text.simplified):
        title = match["title"].strip()
        if _PERIODICAL.search(title):
            continue
        found.append(Candidate("document", text.span(match.start(), match.end()), match.start(), match.end(),
                               {"title_zh": title}))  # fmt: skip
    if english:
        found.extend(_english(text, [(c.start, c.end) for c in found]))
    return sorted(found, key=lambda candidate: candidate.start)


def _english(text: MatchText, taken: list[tuple[int, int]]) -> list[Candidate]:
    found = []
    source = text.simplified
    for match in _QUOTED.finditer(source):
        title = match["title"].strip()
        if _LABELLED.search(source[max(0, match.start() - 12) : match.start()]):
            taken.append((match.start(), match.end()))  # a headline or caption quoted after its label
            continue
        if _is_document_name(title):
            start = match.start("title")
            found.append(_candidate(text, start, start + len(title), title))
            taken.append((match.start(), match.end()))
    for match in _UNQUOTED.finditer(source):
        start, end = match.start(), match.end()
        if any(start < b and a < end for a, b in taken):
            continue
        title = match.group()
        determiner = _DETERMINERS.match(title)
        if determiner:
            start, title = start + determiner.end(), title[determiner.end() :]
        if _is_document_name(match["title"]) and len(title.split()) >= 2:
            found.append(_candidate(text, start, end, title.strip()))
    return found


def _is_document_name(title: str) -> bool:
    words = title.split()
    return len(words) >= 2 and any(re.fullmatch(_DOCUMENT_WORDS, word.strip(",.;:")) for word in words)


def _candidate(text: MatchText, start: int, end: int, title: str) -> Candidate:
    return Candidate("document", text.span(start, end), start, end, {"title_en": title})
