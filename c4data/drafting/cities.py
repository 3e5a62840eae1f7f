"""City candidates: every prefecture-level city or municipality of the gazetteer, in Chinese or English."""

from __future__ import annotations

import re
from functools import lru_cache

from c4data.drafting.gazetteer import gazetteer
from c4data.drafting.model import Candidate
from c4data.drafting.segment import Segmentation
from c4data.drafting.text import MatchText

# jieba's dictionary tags a few city names as ordinary words (大同 "great harmony": d, 清远: a); such a
# name is a city only as the full name with 市.
_ORDINARY_WORD_TAGS = frozenset({"a", "ad", "an", "c", "d", "m", "p", "q", "r", "u", "v", "vd", "vn"})


@lru_cache(maxsize=1)
def _dictionary_tags() -> dict[str, str]:
    from c4data.drafting.deps import require

    jieba = require("jieba")
    tags = {}
    for line in jieba.get_dict_file():
        parts = line.decode("utf-8").split()
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    return tags


def find_cities(text: MatchText, segmentation: Segmentation | None) -> list[Candidate]:
    """Chinese names (全称 or 简称) and English/pinyin names of cities, with their GB/T 2260 codes."""
    return [*_chinese(text, segmentation), *_english(text)]


def _chinese(text: MatchText, segmentation: Segmentation | None) -> list[Candidate]:
    places = gazetteer()
    found = []
    for match in places.chinese_pattern.finditer(text.simplified):
        name, start, end = match.group(), match.start(), match.end()
        city = places.by_chinese[name]
        following = text.simplified[end : end + 1]
        full = name == city.name_zh or following == "市"
        if following == "省" or (city.short_zh in places.province_names and not full):
            continue  # a province of the same name (吉林省)
        if segmentation is not None:
            if not full and _dictionary_tags().get(city.short_zh) in _ORDINARY_WORD_TAGS:
                continue
            if not _on_word_boundary(segmentation, start, end, places.province_names):
                continue
        found.append(Candidate("city", text.span(start, end), start, end, {"city_id": city.city_id}))
    return found


def _on_word_boundary(segmentation: Segmentation, start: int, end: int, provinces: frozenset[str]) -> bool:
    """The name is a word or begins one, or follows a province name inside one word (湖北武汉)."""
    if segmentation.respects(start, end):
        return True
    token = segmentation.token_at(start)
    return token is not None and token.word[: start - token.start] in provinces


def _english(text: MatchText) -> list[Candidate]:
    places = gazetteer()
    found = []
    for match in places.english_pattern.finditer(text.simplified):
        city = places.by_english[match.group(1)]
        after = text.simplified[match.end() : match.end() + 9].lower()
        if city.short_zh in places.province_names and re.match(r"\s*province", after):
            continue
        start, end = match.start(1), match.end(1)
        found.append(Candidate("city", text.span(start, end), start, end, {"city_id": city.city_id}))
    return found
