"""Figure candidates: quantities with a unit or a counted noun, in base units (亿元 → CNY × 1e8)."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from c4data.drafting.context import Reading, Row
from c4data.drafting.model import Candidate
from c4data.drafting.numerals import (
    ARABIC,
    CHINESE_DIGITS,
    CHINESE_NUMERAL,
    ENGLISH_NUMBER,
    MULTIPLIER_PATTERN,
    MULTIPLIERS,
    as_number,
    parse_english,
    parse_number,
)
from c4data.drafting.text import MatchText

# Chinese unit → (unit, factor to the base unit); longest first where one is the start of another.
_CHINESE_UNITS: dict[str, tuple[str, float]] = {
    "美元": ("USD", 1), "欧元": ("EUR", 1), "元": ("CNY", 1),
    "个百分点": ("percentage_point", 1), "%": ("percent", 1), "倍": ("times", 1),
    "平方公里": ("km2", 1), "平方千米": ("km2", 1), "公里": ("km", 1), "千米": ("km", 1), "米": ("m", 1),
    "公顷": ("ha", 1), "亩": ("mu", 1), "万吨": ("t", 1e4), "吨": ("t", 1),
    "周年": ("year", 1), "个月": ("month", 1), "年": ("year", 1), "天": ("day", 1), "小时": ("hour", 1),
    "钟头": ("hour", 1), "分钟": ("minute", 1),
    "人次": ("person_time", 1), "人": ("person", 1), "名": ("person", 1), "位": ("person", 1),
    "项": ("item", 1), "个": ("item", 1), "条": ("item", 1), "家": ("item", 1), "所": ("item", 1),
    "座": ("item", 1), "批": ("item", 1), "件": ("item", 1), "份": ("item", 1), "场": ("item", 1),
    "类": ("item", 1), "大": ("item", 1), "方面": ("item", 1), "部门": ("item", 1), "层面": ("item", 1),
    "省省会城市": ("city", 1), "省会城市": ("city", 1), "省会": ("city", 1), "省": ("item", 1),
    "城市": ("city", 1), "城": ("city", 1), "市": ("city", 1),
}  # fmt: skip
# Units that make sense only after a real quantity: 一个, 一大, 一条 are as often "a", "one big", "a line".
_COUNTED = frozenset(unit for unit, (base, _) in _CHINESE_UNITS.items() if base in ("item", "city"))
# What a measure word counts, read from the words after it: 12个观察员城市 counts cities.
_COUNTS_CITIES = re.compile(r"^[\w]{0,8}?(?:城市|市)(?![\w]*[县区])")

_NUMBER = rf"(?:{ARABIC}|{CHINESE_NUMERAL}(?:点[{'零〇一二三四五六七八九'}]+)?)"
_MULTIPLIER = MULTIPLIER_PATTERN
_UNIT = "|".join(sorted(map(re.escape, _CHINESE_UNITS), key=len, reverse=True))
_CHINESE = re.compile(
    # A number starts where its run of numerals starts (never inside one), so a long run is tried once: linear time.
    rf"(?<![\d.第{CHINESE_DIGITS}十百千])(?P<number>{_NUMBER})(?:\s*[-—~至到]\s*(?P<upper>{_NUMBER}))?"
    # 1.4 万公里: a space may stand before the multiplier; 一个半小时: an hour counted with 个, and a half after it
    rf"(?P<approximately>多|余)?(?:[ ]?(?P<multiplier>{_MULTIPLIER}))?(?:个(?P<half>半)?(?=小时|钟头))?"
    rf"[ ]?(?P<unit>{_UNIT})"
)
# Between the two ends of a range written with a unit at each end (一个小时到一个半小时, 3 hours to 4 hours).
_RANGE_JOIN = re.compile(r"\s*(?:[-—–~至到]|to|bis|à)\s*")
# 翻了两番 (繙 its variant): doubled twice, four times as much.
_DOUBLINGS = re.compile(r"(?<=[翻繙])了?(?P<number>[一两二三四五六七八九])番")
# A doctrine named in quotation marks (“三个代表”重要思想): its numeral counts nothing.
_DOCTRINE = re.compile(r"“[^“”\n]{1,12}”(?=重要思想|思想|理论)")
_PERCENT_BEFORE = re.compile(rf"百分之(?P<number>{_NUMBER})")

_ENGLISH_UNITS: dict[str, tuple[str, float]] = {
    "yuan": ("CNY", 1), "rmb": ("CNY", 1), "dollars": ("USD", 1), "us dollars": ("USD", 1), "percent": ("percent", 1),
    "per cent": ("percent", 1), "%": ("percent", 1), "square kilometers": ("km2", 1), "square kilometres": ("km2", 1),
    "km": ("km", 1), "kilometers": ("km", 1), "kilometres": ("km", 1), "years": ("year", 1), "year": ("year", 1),
    "months": ("month", 1), "month": ("month", 1), "days": ("day", 1), "day": ("day", 1), "hours": ("hour", 1),
    "hour": ("hour", 1), "minutes": ("minute", 1), "minute": ("minute", 1), "people": ("person", 1),
    "persons": ("person", 1),
}  # fmt: skip
_ENGLISH_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ENGLISH_QUANTITY = rf"(?P<number>{ARABIC}|\b{ENGLISH_NUMBER}\b)"
_ENGLISH_UNIT = rf"(?P<unit>{'|'.join(sorted(map(re.escape, _ENGLISH_UNITS), key=len, reverse=True))})\b"
_ENGLISH = re.compile(
    rf"(?<![\w.,-]){_ENGLISH_QUANTITY}(?:\s+(?P<multiplier>{'|'.join(_ENGLISH_MULTIPLIERS)}))?(?:\s*|-){_ENGLISH_UNIT}",
    re.IGNORECASE,
)
# "350 to 400 km", "from 3 to 4 hours", "between 20 and 30 percent", "5-8 km": one unit after both ends.
_ENGLISH_RANGE = re.compile(
    rf"(?<![\w.,-])(?P<number>{ARABIC}|\b{ENGLISH_NUMBER}\b)\s*(?:-|–|to|and)\s*"
    rf"(?P<upper>{ARABIC}|\b{ENGLISH_NUMBER}\b)(?:\s+(?P<multiplier>{'|'.join(_ENGLISH_MULTIPLIERS)}))?(?:\s*|-)"
    rf"{_ENGLISH_UNIT}",
    re.IGNORECASE,
)
# "43 designated scenic spots", "12 observer cities": a quantity, up to two words, a plural noun.
_ENGLISH_COUNT = re.compile(  # a full stop with no space after it ends a sentence too ("Lake.Four cities")
    rf"(?<![\w,-])(?<!\d\.){_ENGLISH_QUANTITY}(?:\s+(?P<multiplier>{'|'.join(_ENGLISH_MULTIPLIERS)}))?"
    r"(?P<noun>(?:\s+[a-z][\w-]*){0,3}?\s+[A-Za-z][a-z]+s)\b",
    re.IGNORECASE,
)


# German and French counts: a number and a noun (Vier Provinzhauptstädte, 14 Bereichen, 16 villes, trois ans).
_OTHER_NUMBERS = {
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    "elf": 11, "zwölf": 12, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "seize": 16,
}  # fmt: skip
_OTHER_LANGUAGES = re.compile(
    rf"(?<![\w.,-])(?P<number>\d+|(?i:{'|'.join(_OTHER_NUMBERS)}))\s+"
    r"(?P<noun>(?:Provinz)?(?:hauptstädte|städte)n?|Bereichen?|Jahren?|villes(?: observatrices)?"
    r"|capitales(?: provinciales)?|ans|aspects|domaines|questions(?: de coopération)?|provinces)\b",
    re.IGNORECASE,
)
_CITY_NOUNS = re.compile(r"städte|villes|capitales", re.IGNORECASE)
_YEAR_NOUNS = re.compile(r"Jahren?|ans", re.IGNORECASE)

# "a four-city card": a count joined to its noun.
_ENGLISH_HYPHENATED = re.compile(rf"(?<![\w.,-]){_ENGLISH_QUANTITY}-(?:city|cities)\b", re.IGNORECASE)


def find(reading: Reading) -> list[Candidate]:
    """Quantities outside titles, dates and ordinals."""
    taken = reading.spans("document", "date", "meeting")
    return find_figures(reading.text, taken, english=True, use_cn2an=reading.cn2an)


# Units of the draft that a table records as a count of things (its codebook's ``count``).
_COUNTS = frozenset({"city", "item", "person", "person_time"})
_OF_CITIES = re.compile(r"城市(?!群)|(?<!城)市(?![场委群])|省会|\bcit(?:y|ies)\b(?! cluster)|capitals\b", re.IGNORECASE)


def same(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    """The same value, in the same unit, counting the same kind of thing: 四省会城市 (4 cities) is not a
    row's 4 years, nor 12个观察员城市 a row's 12 items that are not cities."""
    number, other = value.get("value"), fact.get("value")
    if number is None or other is None or not math.isclose(float(number), float(other), rel_tol=1e-9):
        return False
    unit, row_unit = value.get("unit"), fact.get("unit")
    if unit != row_unit and not (unit in _COUNTS and row_unit == "count"):
        return False
    if row_unit == "count" or unit in _COUNTS:
        counted = str(fact.get("counts_zh") or fact.get("counts_en") or "")
        return not counted or (unit == "city") == bool(_OF_CITIES.search(counted))
    return True


def row_facts(row: Row) -> list[dict[str, Any]]:
    """``value`` with ``unit`` holds a figure; what it counts is the row's quantity (or name)."""
    value = row.cell("value")
    if value is None or "unit" not in row.fields:
        return []
    counts = {f"counts_{lang}": row.cell(f"quantity_{lang}") or row.cell(f"name_{lang}") for lang in ("zh", "en")}
    return [{"value": float(value), "unit": row.cell("unit")} | counts]


def find_figures(
    text: MatchText, taken: list[tuple[int, int]], *, english: bool, use_cn2an: bool = True
) -> list[Candidate]:
    """Quantities outside dates, titles and ordinals (``taken`` holds the spans already claimed)."""
    found: list[Candidate] = []
    claimed = list(taken)

    def add(start: int, end: int, value: dict[str, Any]) -> None:
        if any(start < b and a < end for a, b in claimed):
            return
        claimed.append((start, end))
        found.append(Candidate("figure", text.span(start, end), start, end, value))

    def add_range(match: re.Match[str], lower: dict[str, Any], upper: dict[str, Any]) -> None:
        """The two ends of a range as two figures: the lower with its number, the upper with the unit."""
        if any(match.start() < b and a < match.end() for a, b in claimed):
            return
        add(match.start("number"), match.end("number"), lower | {"bound": "lower"})
        add(match.start("upper"), match.end(), upper | {"bound": "upper"})

    source = text.simplified
    claimed.extend(match.span() for match in _DOCTRINE.finditer(source))
    for match in _CHINESE.finditer(source):
        value = _chinese_value(match, use_cn2an)
        if (
            value is not None
            and value["unit"] == "item"
            and _COUNTS_CITIES.match(source[match.end() : match.end() + 10])
        ):
            value["unit"] = "city"
        if value is not None and "upper" in value:
            upper = value.pop("upper")
            add_range(match, *_in_whole_units(value, value | {"value": upper}))
        elif value is not None:
            add(match.start(), match.end(), _in_whole_units(value)[0])
    for match in _DOUBLINGS.finditer(source):
        doublings = parse_number(match["number"], use_cn2an=use_cn2an)
        if doublings is not None:
            add(match.start("number"), match.end(), {"value": as_number(2**doublings), "unit": "times"})
    for match in _PERCENT_BEFORE.finditer(source):
        number = parse_number(match["number"], use_cn2an=use_cn2an)
        if number is not None:
            add(match.start(), match.end(), {"value": as_number(number), "unit": "percent"})
    if english:
        for match in _ENGLISH_RANGE.finditer(source):
            lower, upper = _english_value(match), _english_value(match, "upper")
            if lower is not None and upper is not None and not re.fullmatch(r"(?:19|20)\d{2}", match["number"]):
                add_range(match, *_in_whole_units(lower, upper))
        for match in _ENGLISH.finditer(source):
            value = _english_value(match)
            if value is not None:
                add(match.start(), match.end(), value)
        for match in _OTHER_LANGUAGES.finditer(source):
            number = _OTHER_NUMBERS.get(match["number"].lower()) or parse_number(match["number"])
            if number is not None and not re.fullmatch(r"(?:19|20)\d{2}", match["number"]):
                noun = match["noun"]
                unit = "city" if _CITY_NOUNS.search(noun) else "year" if _YEAR_NOUNS.fullmatch(noun) else "item"
                add(match.start(), match.end(), {"value": as_number(number), "unit": unit})
        for match in _ENGLISH_COUNT.finditer(source):
            number = _english_number(match["number"])
            if number is not None and not re.fullmatch(r"(?:19|20)\d{2}", match["number"]):
                unit = "city" if re.search(r"(?:cities|capitals)$", match["noun"], re.IGNORECASE) else "item"
                factor = _ENGLISH_MULTIPLIERS.get((match["multiplier"] or "").lower(), 1)
                add(match.start(), match.end(), {"value": as_number(number * factor), "unit": unit})
        for match in _ENGLISH_HYPHENATED.finditer(source):
            number = _english_number(match["number"])
            if number is not None:
                add(match.start(), match.end(), {"value": as_number(number), "unit": "city"})
    found.sort(key=lambda candidate: candidate.start)
    return _ranges(found, source)


def _ranges(found: list[Candidate], source: str) -> list[Candidate]:
    """Two figures of one unit joined as a range (一个小时到一个半小时) marked as its ends, in one whole unit."""
    for index in range(len(found) - 1):
        first, second = found[index], found[index + 1]
        units = {first.value.get("unit"), second.value.get("unit")}
        same_unit = len(units) == 1 or units <= _DURATIONS
        if same_unit and "bound" not in first.value and _RANGE_JOIN.fullmatch(source[first.end : second.start]):
            lower, upper = _in_whole_units(first.value, second.value)
            found[index] = replace(first, value=lower | {"bound": "lower"})
            found[index + 1] = replace(second, value=upper | {"bound": "upper"})
    return found


def _in_whole_units(*values: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """Durations in hours given in minutes where one of them is not whole (一个半小时 → 90 minutes), so that the
    ends of a range share the unit a table records them in."""
    units = {v["unit"] for v in values}
    whole = all(float(v["value"]).is_integer() for v in values)
    if "hour" in units and units <= _DURATIONS and ("minute" in units or not whole):
        return tuple(v | {"value": as_number(float(v["value"]) * 60), "unit": "minute"} if v["unit"] == "hour" else v
                     for v in values)  # fmt: skip
    return values


_DURATIONS = frozenset({"hour", "minute"})


def _chinese_value(match: re.Match[str], use_cn2an: bool) -> dict[str, Any] | None:
    numeral, unit = match["number"], match["unit"]
    if unit in _COUNTED and numeral in ("一", "百", "千") and not match["multiplier"]:
        return None  # 一大亮点, 千家万户: idioms, not counts
    if unit == "大" and match.string[max(0, match.start() - 1) : match.start()] == "的":
        return None  # 党的二十大: a congress by its number
    if unit == "大" and re.match(r"[和与及、,。;:!?\s]|$", match.string[match.end() : match.end() + 1]):
        return None  # 党的二十大和…: a congress by its number, no count of things
    if unit == "年" and numeral == "一" and re.search(r"的[\u4e00-\u9fff]{0,3}$", match.string[: match.start()]):
        return None  # 关键的一年 is no year's duration: 是…的重要一年
    if unit == "年" and re.fullmatch(r"(?:19|20)\d{2}", numeral):
        return None  # a year, which the date rules read
    number = parse_number(numeral, use_cn2an=use_cn2an)
    if number is None:
        return None
    base, factor = _CHINESE_UNITS[unit]
    factor *= MULTIPLIERS.get(match["multiplier"] or "", 1)
    half = 0.5 if match["half"] else 0
    value: dict[str, Any] = {"value": as_number((number + half) * factor), "unit": base}
    if match["upper"]:
        upper = parse_number(match["upper"], use_cn2an=use_cn2an)
        if upper is None:
            return None
        value["upper"] = as_number((upper + half) * factor)
    return value


def _english_number(numeral: str) -> float | None:
    word = parse_english(numeral)
    if word is not None:
        return float(word)
    return parse_number(numeral) if re.fullmatch(ARABIC, numeral) else None


def _english_value(match: re.Match[str], group: str = "number") -> dict[str, Any] | None:
    number = _english_number(match[group])
    if number is None:
        return None
    base, factor = _ENGLISH_UNITS[match["unit"].lower()]
    factor *= _ENGLISH_MULTIPLIERS.get((match["multiplier"] or "").lower(), 1)
    return {"value": as_number(number * factor), "unit": base}
