"""Document candidates: titles in 《》, and in English texts titles quoted or capitalised as a name."""

from __future__ import annotations

import re
from typing import Any

from c4data.drafting.context import Reading, Row
from c4data.drafting.gazetteer import gazetteer
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


# A document number (文号): issuer, year in 〔〕 (or [ ]), serial, 号: 国函〔2015〕62号.
_NUMBER = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<issuer>[\u4e00-\u9fff]{1,6})[〔\[](?P<year>\d{4})[〕\]](?P<serial>\d{1,5})号"
)
_CITING = re.compile(r"(?:根据|依据|按照|依照|参照|见|据|经|及|和|与)")
# An official document's title by its grammar (关于 matter 的 genre), printed without 《》, its issuer in front
# when it heads a line; it may run over one line break.
_MATTER = r"关于[^,。;:!?《》\n]{2,50}?(?:\n[^,。;:!?《》\n]{1,30}?)?的(?:通知|批复|意见|请示|决定|报告|函)"
_OFFICIAL = re.compile(
    rf"^[\u4e00-\u9fff]{{2,12}}(?: [\u4e00-\u9fff]{{2,6}})?{_MATTER}"  # a heading, with its issuer
    rf"|(?<![\u4e00-\u9fff“]){_MATTER}|(?<=发布|印发|下发|出台|公布|发出|转发){_MATTER}",
    re.MULTILINE,
)
# What a thing is written into is a document, named without 《》: 写进某某工作报告, 写入某某规划纲要.
_WRITTEN_INTO = re.compile(
    r"(?<=写进|写入|载入)了?(?P<title>[\u4e00-\u9fff]{2,12}?(?:报告|规划|纲要|决议))(?=[^\u4e00-\u9fff]|[和与及中里]|$)"
)
# A short name a text sets up (以下简称“实施方案”), a document at each quoted occurrence.
_SHORT_NAME = re.compile(r"以下简称“(?P<name>[^“”\n]{2,12})”")
# An act that names a document by what was done to another: 国务院批复同意《…》 is the State Council's reply on it,
# “…”已经国务院批复同意 too, and 印发《…》的通知 a notice issuing it. The document's title is built as official
# titles are (issuer 关于 matter 的 genre); the issuer is a body (…院, …委, …部, …府, …厅, …局, …办, …中央) that
# opens its clause.
_ISSUER = r"(?:(?<![\u4e00-\u9fff])|(?<=[日经由据]))(?P<issuer>[\u4e00-\u9fff]{1,10}?(?:院|委|部|府|厅|局|办|中央))"
_WHEN = r"(?:日前|近日|今天|今日|昨天|已经|已|正式|原则)*"
_OBJECT = r"(?P<object>《[^《》\n]{2,80}》|“[^“”\n]{2,30}”)"
_ACTS = (
    re.compile(rf"{_ISSUER}{_WHEN}(?P<act>批复)(?:同意)?{_OBJECT}"),
    re.compile(rf"{_OBJECT}{_WHEN}(?:经|由)?{_ISSUER}{_WHEN}(?P<act>批复)(?:同意)?"),
    re.compile(rf"(?:{_ISSUER}{_WHEN})?(?:关于)?(?P<act>印发){_OBJECT}的通知"),
)
_REPORTING = re.compile(r"^.*(?:指出|表示|强调|透露|宣布|显示|获悉|提到|报道|介绍|说)")
_GENRE_OF_ACT = {"批复": "{issuer}关于{object}的批复", "印发": "{issuer}关于印发{object}的通知"}
_SET_UP = re.compile(r"《(?P<full>[^《》\n]{2,80})》[(（]以下简称[“《](?P<short>[^“”《》\n]{1,20})[”》]")
# Titles quoted in German („…“) or French (« … ») typography, capitalised and of several words.
_QUOTED_DE_FR = re.compile(r"„(?P<de>[A-ZÄÖÜ][^“\n]{10,250})“|«\s*(?P<fr>[A-ZÉÈ][^»\n]{10,250}?)\s*»")


def find_documents(text: MatchText, *, english: bool) -> list[Candidate]:
    """Every 《title》 (span with the brackets; a last one cut off by the end of the text too), document numbers,
    official titles by their grammar, short names the text sets up; in other scripts, named documents as printed."""
    found = []
    source = text.simplified
    for match in _BRACKETED.finditer(source):
        title = match["title"].strip()
        if _PERIODICAL.search(title):
            continue
        found.append(_zh(text, match.start(), match.end(), {"title_zh": title}))
    cut = re.search(r"《(?P<title>[^《》\n]{1,120})$", source.rstrip())
    if cut and not _PERIODICAL.search(cut["title"]):
        found.append(_zh(text, cut.start(), cut.end(), {"title_zh": cut["title"].strip()}))
    for match in _NUMBER.finditer(source):
        lead = _CITING.match(match["issuer"])  # 根据国发〔2012〕43号: the issuer follows the word that cites it
        issuer = match["issuer"][lead.end() :] if lead and lead.end() < len(match["issuer"]) else match["issuer"]
        number = f"{issuer}〔{match['year']}〕{match['serial']}号"
        found.append(_zh(text, match.end() - len(number), match.end(), {"number_zh": number}))
    taken = [(c.start, c.end) for c in found]
    for match in _OFFICIAL.finditer(source):
        if not any(match.start() < b and a < match.end() for a, b in taken):
            found.append(_zh(text, match.start(), match.end(), {"title_zh": match.group().replace("\n", "")}))
    found.extend(_named_after_a_city(text, [(c.start, c.end) for c in found]))
    for match in _WRITTEN_INTO.finditer(source):
        if not any(match.start() < b and a < match.end() for a, b in taken):
            found.append(_zh(text, match.start("title"), match.end("title"), {"title_zh": match["title"]}))
    for short in {m["name"] for m in _SHORT_NAME.finditer(source)}:
        for match in re.finditer(rf"“({re.escape(short)})”", source):
            found.append(_zh(text, match.start(1), match.end(1), {"title_zh": short}))
    found.extend(_acts(text))
    for match in _QUOTED_DE_FR.finditer(source):
        language = "de" if match["de"] else "fr"
        start, end = match.start(language), match.end(language)
        if len(match[language].split()) >= 3:
            found.append(
                Candidate("document", text.span(start, end), start, end, {f"title_{language}": match[language]})
            )
    if english:
        found.extend(_english(text, [(c.start, c.end) for c in found]))
    return sorted(found, key=lambda candidate: candidate.start)


# Declarations named after the city where they were made are proper names without 《》: 某市共识, 某市宣言.
_CITY_DECLARATIONS = "共识|宣言|倡议|公约|宪章"


def _named_after_a_city(text: MatchText, taken: list[tuple[int, int]]) -> list[Candidate]:
    """A city's name and a word for a declaration, printed without 《》 (…从某市共识到某市宣言…)."""
    names = "|".join(sorted(map(re.escape, gazetteer().by_chinese), key=len, reverse=True))
    pattern = re.compile(rf"(?:{names})(?:{_CITY_DECLARATIONS})")
    return [
        _zh(text, m.start(), m.end(), {"title_zh": m.group()})
        for m in pattern.finditer(text.simplified)
        if not any(m.start() < b and a < m.end() for a, b in taken)
    ]


def _acts(text: MatchText) -> list[Candidate]:
    """The documents acts name (a reply approving one, a notice issuing one), their titles built from the act: the
    issuer as the text names it, the object's full title where the text set up its short name."""
    source = text.simplified
    full = {m["short"]: m["full"] for m in _SET_UP.finditer(source)}
    found = []
    for pattern in _ACTS:
        for match in pattern.finditer(source):
            named = match["object"][1:-1]
            issuer, start = match["issuer"] or "", match.start()
            said = _REPORTING.match(issuer)  # 会议指出国务院…: the body after what reports it
            if said and said.end() < len(issuer):
                issuer, start = issuer[said.end() :], start + said.end()
            title = _GENRE_OF_ACT[match["act"]].format(issuer=issuer, object=full.get(named, named))
            value = {"title_zh": title, "act_zh": match["act"], "of_zh": full.get(named, named)}
            found.append(_zh(text, start, match.end(), value))
    return found


def _zh(text: MatchText, start: int, end: int, value: dict[str, Any]) -> Candidate:
    return Candidate("document", text.span(start, end), start, end, value)


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
