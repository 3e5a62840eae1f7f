"""Meeting candidates: ordinals that say which consultation meeting (第七届, 第十次, 首届, "the fifth")."""

from __future__ import annotations

import re
from typing import Any

from c4data.drafting.context import Reading, Row
from c4data.drafting.model import Candidate
from c4data.drafting.numerals import CHINESE_NUMERAL, ENGLISH_ORDINALS, parse_number
from c4data.drafting.text import MatchText

# The consultation meeting of the capitals is named by these words (C4峰会 is its nickname).
_MEETING_WORDS_ZH = r"会商会|会商|峰会|C4"
_MEETING_WORDS_EN = (
    r"meeting|conference|summit|symposium|session|consultation|forum"
    r"|Konferenz|Treffen|Tagung|Gipfel|Sitzung|réunion|conférence|sommet|Chambre"  # German, French
)
# What ties an edition to the provincial capitals (省会城市, C4, 四市) rather than another mechanism.
_CAPITALS_ZH = re.compile(r"省会|C4|四(?:个|座|大)?(?:市|城|省会)")
_CAPITALS_EN = re.compile(
    r"provincial capitals?|capital cities|four (?:cities|capitals)|middle (?:reaches of the )?Yangtze|C4"
    r"|Provinzhauptstädte|capitales provinciales",
    re.IGNORECASE,
)
# A name of a body or mechanism right before the ordinal (…协调会第十五届, …联盟第3次): it is the meeting's own.
_BODY_BEFORE = re.compile(r"(?:会|盟|坛|组|圈|区|带|委员会|协会)$")
_WINDOW = 25
_STOPS = "。!?\n"

_CHINESE = re.compile(rf"第(?P<number>\d+|{CHINESE_NUMERAL})[届次]|(?P<first>首届|首次)")
# German and French ordinals (siebte Konferenz, la 10e réunion), read with the English ones.
_OTHER_ORDINALS = {
    "erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "sechste": 6, "siebte": 7, "achte": 8,
    "neunte": 9, "zehnte": 10, "elfte": 11, "zwölfte": 12, "première": 1, "premier": 1, "deuxième": 2,
    "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9,
    "dixième": 10, "onzième": 11, "douzième": 12,
}  # fmt: skip
_ORDINALS = {**ENGLISH_ORDINALS, **_OTHER_ORDINALS}
_ENGLISH = re.compile(
    r"\b(?P<word>" + "|".join(_ORDINALS) + r")[nrs]?\b|\b(?P<digits>\d{1,2})(?:st|nd|rd|th|e|er|re|ème)\b",
    re.IGNORECASE,
)


def find(reading: Reading) -> list[Candidate]:
    return find_meetings(reading.text)


def same(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    return value.get("meeting_id") is not None and value.get("meeting_id") == fact.get("meeting_id")


def row_facts(row: Row) -> list[dict[str, Any]]:
    """A table keyed by ``meeting_id`` holds meetings."""
    meeting = row.cell("meeting_id") if row.keyed_by == ("meeting_id",) else None
    return [{"meeting_id": int(meeting)}] if meeting is not None else []


def find_meetings(text: MatchText) -> list[Candidate]:
    """Editions of the capitals' consultation meeting: an ordinal whose meeting (会商会, 峰会, "summit") the
    sentence ties to the provincial capitals. Another mechanism's edition (…协调会第十五届, 第九次合作协调会,
    the "15th Yangtze River Delta summit") is not one of theirs and is not proposed."""
    found = []
    source = text.simplified
    for match in _CHINESE.finditer(source):
        sentence = _sentence(source, match.start(), match.end())
        if not _ours_zh(source, match.start(), match.end(), sentence):
            continue
        number = 1 if match["first"] else parse_number(match["number"])
        if number:
            found.append(_candidate(text, match.start(), match.end(), int(number)))
    for match in _ENGLISH.finditer(source):
        words_after = source[match.end() : match.end() + _WINDOW]
        meeting = re.match(rf"(?:\s+[\w()-]+){{0,2}}?\s+(?:{_MEETING_WORDS_EN})\b", words_after, re.IGNORECASE)
        if not meeting or not _CAPITALS_EN.search(source):
            continue
        between = meeting.group().split()[:-1]
        if any(word[:1].isupper() for word in between) and not _CAPITALS_EN.search(meeting.group()):
            continue  # a name between the ordinal and the meeting: "the 15th Pearl River Delta summit"
        number = _ORDINALS[match["word"].lower()] if match["word"] else int(match["digits"])
        found.append(_candidate(text, match.start(), match.end(), number))
    return found


def _sentence(source: str, start: int, end: int, stops: str = _STOPS) -> str:
    first = max(source.rfind(stop, 0, start) for stop in stops) + 1
    ends = [found for stop in stops if (found := source.find(stop, end)) >= 0]
    return source[first : min(ends) if ends else len(source)]


def _ours_zh(source: str, start: int, end: int, sentence: str) -> bool:
    """The meeting word follows in the noun phrase (第六届 会商会, 首届…会商会) or leads the sentence
    (会商会…今年已是第五届), no other body is named right before the ordinal, and the sentence or the
    meeting's name ties it to the capitals."""
    clause_start = max(source.rfind(mark, 0, start) for mark in ',、;:“”"()[]') + 1
    before = source[max(clause_start, start - 20) : start].strip()
    if before and _BODY_BEFORE.search(before) and not _CAPITALS_ZH.search(before):
        return False
    after = source[end : end + _WINDOW]
    for stop in _STOPS:
        after = after.split(stop)[0]
    phrase = re.match(r"[^,、;:。!?\n]*", after)
    words = phrase.group() if phrase else ""
    following = re.search(_MEETING_WORDS_ZH, words)
    if following is not None:
        between = words[: following.start()].strip()
        if re.search(r"(?:协调|联席|工作|座谈|理事|论坛|联盟)", between):
            return False  # the ninth coordination meeting: another meeting of (or besides) the mechanism
        # 会商会 is the mechanism's own word; 峰会 and 会商 are anyone's, so the text must name the capitals.
        return following.group() == "会商会" or bool(_CAPITALS_ZH.search(source))
    leading = sentence[: sentence.find(source[start:end])]
    standing_alone = re.match(r"\s*(?:[,。!?]|$)", source[end : end + 3]) is not None
    return standing_alone and re.search(r"会商会", leading) is not None and bool(_CAPITALS_ZH.search(sentence))


def _candidate(text: MatchText, start: int, end: int, number: int) -> Candidate:
    return Candidate("meeting", text.span(start, end), start, end, {"meeting_id": number})
