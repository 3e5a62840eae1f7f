"""Numbers written in Arabic or Chinese numerals (with 万 and 亿), and English number words."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from c4data.drafting.deps import require

CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE_NUMERAL = f"[{CHINESE_DIGITS}十百千]+"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
# 千 before 米 or 克 is part of the unit (千米, 千克), not a multiplier.
MULTIPLIER_PATTERN = "|".join(
    re.escape(m) + ("(?![米克瓦])" if m == "千" else "") for m in sorted(MULTIPLIERS, key=len, reverse=True)
)

_DIGIT_VALUE = {character: index for index, character in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}

ENGLISH_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
ENGLISH_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90}  # fmt: skip
ENGLISH_NUMBER = (
    r"(?:(?:"
    + "|".join(ENGLISH_TENS)
    + r")(?:-(?:"
    + "|".join(list(ENGLISH_UNITS)[1:10])
    + r"))?|"
    + "|".join(sorted(ENGLISH_UNITS, key=len, reverse=True))
    + ")"
)
ENGLISH_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip


_TENS = re.compile("(?P<tens>[二两三四五六七八九])?十(?P<units>[一二三四五六七八九])?")


@lru_cache(maxsize=1)
def _cn2an() -> Any:
    return require("cn2an")


def parse_chinese(numeral: str, *, use_cn2an: bool = True) -> float | None:
    """二〇一三 → 2013 (digit by digit), 二十四 → 24 (tens), 一百二十 and 两 → 2 (cn2an); ``None`` when it is not
    a number. cn2an is imported only for a numeral the first two rules do not read.

    Without cn2an (``use_cn2an=False``, to measure what it adds) only digit-by-digit numerals and tens are read.
    """
    if not numeral:
        return None
    digit_by_digit = len(numeral) == 1 or "〇" in numeral or "零" in numeral or len(numeral) >= 3
    if all(character in _DIGIT_VALUE for character in numeral) and numeral != "两" and digit_by_digit:
        return float(int("".join(str(_DIGIT_VALUE[c]) for c in numeral)))
    if numeral == "两":
        return 2.0
    tens = _TENS.fullmatch(numeral)
    if tens:  # 十二, 二十四, 三十: the commonest, read without loading cn2an
        return float(_DIGIT_VALUE.get(tens["tens"] or "一", 1) * 10 + _DIGIT_VALUE.get(tens["units"] or "〇", 0))
    if not use_cn2an:
        return float(_DIGIT_VALUE[numeral]) if numeral in _DIGIT_VALUE else None
    try:
        return float(_cn2an().cn2an(numeral.replace("两", "二"), "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def parse_number(numeral: str, *, use_cn2an: bool = True) -> float | None:
    """A number in Arabic (commas allowed) or Chinese numerals."""
    cleaned = numeral.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return float(cleaned)
    if "点" in numeral:
        whole, _, fraction = numeral.partition("点")
        integer = parse_chinese(whole, use_cn2an=use_cn2an)
        digits = "".join(str(_DIGIT_VALUE.get(c, "")) for c in fraction)
        return None if integer is None or not digits else float(f"{int(integer)}.{digits}")
    return parse_chinese(numeral, use_cn2an=use_cn2an)


def parse_english(words: str) -> int | None:
    """'four' → 4, 'sixty-three' → 63 (case-insensitive)."""
    lowered = words.lower()
    if lowered in ENGLISH_UNITS:
        return ENGLISH_UNITS[lowered]
    tens, _, unit = lowered.partition("-")
    if tens in ENGLISH_TENS and (not unit or unit in ENGLISH_UNITS):
        return ENGLISH_TENS[tens] + ENGLISH_UNITS.get(unit, 0)
    return None


def as_number(value: float) -> int | float:
    """An integer where the value is whole, so JSON shows 2421334000000, not 2421334000000.0."""
    return int(value) if float(value).is_integer() else round(value, 10)
