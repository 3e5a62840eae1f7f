"""City candidates: every prefecture-level city or municipality of the gazetteer, in Chinese or English."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from c4data.drafting.context import Reading, Row
from c4data.drafting.gazetteer import gazetteer
from c4data.drafting.model import Candidate
from c4data.drafting.segment import Segmentation, dictionary_tags
from c4data.drafting.text import MatchText, needs_conversion, pinyin_table

# jieba's dictionary tags a few city names as ordinary words (大同 "great harmony": d, 清远: a); such a
# name is a city only as the full name with 市.
_ORDINARY_WORD_TAGS = frozenset({"a", "ad", "an", "c", "d", "m", "p", "q", "r", "u", "v", "vd", "vn"})


_STREET = re.compile(r"(?:路|街|大街|大道|巷|胡同)(?![局长])")

# One-character names of cities in common use (汉 for 武汉 in 在汉召开); read as a city only between a verb of
# arriving or being and a verb of meeting, as in 在汉召开, 来汉考察, 抵京.
ONE_CHARACTER_NAMES = {
    "京": "110000", "津": "120000", "沪": "310000", "渝": "500000", "汉": "420100", "穗": "440100",
    "蓉": "510100", "榕": "350100", "邕": "450100", "筑": "520100", "杭": "330100", "宁": "320100",
}  # fmt: skip
_ONE_CHARACTER = re.compile(
    rf"(?<=[在来赴抵到离返回驻])(?P<name>[{''.join(ONE_CHARACTER_NAMES)}])"
    r"(?=召开|举行|举办|开幕|闭幕|落幕|期间|考察|调研|出席|参加|参会|工作|访问|签署|$)"
)


def find(reading: Reading) -> list[Candidate]:
    """The cities of a text, but not a pinyin given name read as a city (Li Zhengde is no 承德)."""
    names = [(c.start, c.end) for c in reading.found.get("person", []) if "name_en" in c.value]
    found = find_cities(reading.text, reading.segmentation, homophones=reading.pypinyin)
    return [c for c in found if not any(a <= c.start < b for a, b in names)]


def same(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    return value.get("city_id") == fact.get("city_id")


def row_facts(row: Row) -> list[dict[str, Any]]:
    """A table keyed by ``city_id`` holds cities."""
    city = row.cell("city_id") if row.keyed_by == ("city_id",) else None
    return [{"city_id": str(city)}] if city is not None else []


def find_cities(text: MatchText, segmentation: Segmentation | None, *, homophones: bool = True) -> list[Candidate]:
    """Chinese names (全称 or 简称) and English/pinyin names of cities, with their GB/T 2260 codes."""
    found = [*_chinese(text, segmentation), *_one_character(text), *_english(text)]
    taken = [(c.start, c.end) for c in found]
    found += [c for c in _package_cities(text) if not any(c.start < b and a < c.end for a, b in taken)]
    if homophones:
        taken = [(c.start, c.end) for c in found]
        found += [c for c in _homophones(text, segmentation) if not any(c.start < b and a < c.end for a, b in taken)]
    return found


@lru_cache(maxsize=1)
def _names_with_a_gap() -> dict[tuple[str, int], str]:
    """(武汉 with its second character blanked, 1) → 武汉: the index of the homophone rule."""
    index = {}
    for city in gazetteer().cities:
        for gap in range(len(city.short_zh)):
            index[(city.short_zh[:gap] + "?" + city.short_zh[gap + 1 :], gap)] = city.short_zh
    return index


def _homophones(text: MatchText, segmentation: Segmentation | None) -> list[Candidate]:
    """A name with one character replaced by another of the same reading and tone (郃肥 for 合肥).

    Copies that dodge filters write names so; the other characters must be exact, the string must not be a
    word of jieba's dictionary (a real word that sounds like a city is left alone), and it must be made of
    whole words in jieba's segmentation. Without jieba the rule does not run, nor on a text whose reading
    (converted, rare variants replaced) lies in GB 2312: that is no such copy, and pypinyin is not loaded for it.
    """
    if segmentation is None or not needs_conversion(text.simplified):
        return []
    index = _names_with_a_gap()
    tags = dictionary_tags() if segmentation is not None else {}
    source = text.simplified
    found = []
    for start in range(len(source)):
        for length in (2, 3):
            window = source[start : start + length]
            if len(window) < length or not all("\u4e00" <= c <= "\u9fff" for c in window) or window in tags:
                continue
            if segmentation is None or not _whole_tokens(segmentation, start, start + length):
                continue  # 推广周期 is 推广 | 周期, so its 广周 is no 广州
            for gap in range(length):
                name = index.get((window[:gap] + "?" + window[gap + 1 :], gap))
                if name is None or window[gap] == name[gap]:
                    continue
                if _first_reading(window[gap]) == _first_reading(name[gap]):
                    city = gazetteer().by_chinese[name]
                    found.append(Candidate("city", text.span(start, start + length), start, start + length,
                                           {"city_id": city.city_id, "written_for": city.short_zh}))  # fmt: skip
    return found


@lru_cache(maxsize=1)
def _cities_beyond_the_gazetteer() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The package's own ``cities`` rows that the gazetteer of prefectures lacks (a county-level city under its
    province, 省直辖县级市): each full Chinese name (with 市) and English name → its ``city_id``."""
    from c4data.reading.integrity import read_verified_table
    from c4data.reading.load import shipped_descriptor

    known = {city.city_id for city in gazetteer().cities}
    names: dict[str, str] = {}
    for row in read_verified_table(shipped_descriptor(), "cities").to_pylist():
        if str(row["city_id"]) in known:
            continue
        for name in (row.get("name_zh"), row.get("name_en")):
            if name and (str(name).endswith("市") or str(name).isascii()):
                names[str(name)] = str(row["city_id"])
    if not names:
        return None, names
    chinese = [re.escape(n) for n in names if not n.isascii()]
    english = [re.escape(n) for n in names if n.isascii()]
    alternatives = [*chinese, *(rf"\b{name}\b" for name in english)]
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True))), names


def _package_cities(text: MatchText) -> list[Candidate]:
    """A county-level city the package holds, by its full name (仙桃市: the span without 市) or English name."""
    pattern, names = _cities_beyond_the_gazetteer()
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text.simplified):
        start, end = match.span()
        end -= match.group().endswith("市")
        found.append(Candidate("city", text.span(start, end), start, end, {"city_id": names[match.group()]}))
    return found


def _first_reading(character: str) -> str | None:
    readings = pinyin_table().get(ord(character))
    return readings[0] if readings else None


def _one_character(text: MatchText) -> list[Candidate]:
    return [
        Candidate(
            "city", text.span(m.start(), m.end()), m.start(), m.end(), {"city_id": ONE_CHARACTER_NAMES[m["name"]]}
        )
        for m in _ONE_CHARACTER.finditer(text.simplified)
    ]


def _chinese(text: MatchText, segmentation: Segmentation | None) -> list[Candidate]:
    places = gazetteer()
    found = []
    for match in places.chinese_pattern.finditer(text.simplified):
        name, start, end = match.group(), match.start(), match.end()
        city = places.by_chinese[name]
        following = text.simplified[end : end + 1]
        full = name == city.name_zh or following == "市"
        province_too = city.short_zh in places.province_names and city.level != "municipality"
        if following == "省" or (province_too and not full):
            continue  # a province of the same name (吉林省); a municipality is a city whatever follows (北京)
        if _STREET.match(text.simplified, end):
            continue  # a street named after a city: 中山路, 南京路
        if segmentation is not None:
            if not full and dictionary_tags().get(city.short_zh) in _ORDINARY_WORD_TAGS:
                continue
            if not _on_word_boundary(segmentation, start, end, places.province_names):
                # 武汉市委书记 is read 武汉 | 市委书记: the city is the name without 市
                short_end = start + len(city.short_zh)
                if name != city.name_zh or not _on_word_boundary(segmentation, start, short_end, places.province_names):
                    continue
                end = short_end
        found.append(Candidate("city", text.span(start, end), start, end, {"city_id": city.city_id}))
    return found


def _on_word_boundary(segmentation: Segmentation, start: int, end: int, provinces: frozenset[str]) -> bool:
    """The name is a word or begins one, or follows a province name inside one word (湖北武汉)."""
    if segmentation.respects(start, end):
        return True
    token = segmentation.token_at(start)
    return token is not None and token.word[: start - token.start] in provinces


def _whole_tokens(segmentation: Segmentation, start: int, end: int) -> bool:
    first, last = segmentation.token_at(start), segmentation.token_at(end - 1)
    return first is not None and last is not None and first.start == start and last.end == end


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
