"""Meeting candidates: ordinals that say which consultation meeting (第七届, 第十次, 首届, "the fifth")."""

from __future__ import annotations

import re

from c4data.drafting.model import Candidate
from c4data.drafting.numerals import CHINESE_NUMERAL, ENGLISH_ORDINALS, parse_number
from c4data.drafting.text import MatchText

# What makes an ordinal a consultation meeting's: one of these words close after it, in the same sentence.
_MEETING_WORDS_ZH = r"会商会|会商|峰会|联席会|C4"
_MEETING_WORDS_EN = r"meeting|conference|summit|symposium|session|consultation|forum"
_WINDOW = 25

_CHINESE = re.compile(rf"第(?P<number>\d+|{CHINESE_NUMERAL})[届次]|(?P<first>首届|首次)")
_ENGLISH = re.compile(
    r"\b(?P<word>" + "|".join(ENGLISH_ORDINALS) + r")\b|\b(?P<digits>\d{1,2})(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)


def find_meetings(text: MatchText) -> list[Candidate]:
    """Ordinals followed, within the sentence, by a word for the meeting (会商会, 峰会, "summit")."""
    found = []
    source = text.simplified
    for match in _CHINESE.finditer(source):
        if not _followed_by(source, match.end(), _MEETING_WORDS_ZH, "。!?\n"):
            continue
        number = 1 if match["first"] else parse_number(match["number"])
        if number:
            found.append(_candidate(text, match.start(), match.end(), int(number)))
    for match in _ENGLISH.finditer(source):
        words_after = source[match.end() : match.end() + _WINDOW]
        if not re.match(rf"(?:\s+[\w()-]+){{0,2}}?\s+(?:{_MEETING_WORDS_EN})\b", words_after, re.IGNORECASE):
            continue
        number = ENGLISH_ORDINALS[match["word"].lower()] if match["word"] else int(match["digits"])
        found.append(_candidate(text, match.start(), match.end(), number))
    return found


def _followed_by(source: str, end: int, words: str, stops: str) -> bool:
    window = source[end : end + _WINDOW]
    for stop in stops:
        window = window.split(stop)[0]
    return re.search(words, window) is not None


def _candidate(text: MatchText, start: int, end: int, number: int) -> Candidate:
    return Candidate("meeting", text.span(start, end), start, end, {"meeting_id": number})
