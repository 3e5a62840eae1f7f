"""Date candidates: only what the expression states (year, month, day), never filled in from elsewhere."""

from __future__ import annotations

import re
from typing import Any

from c4data.drafting.context import Reading, Row
from c4data.drafting.model import Candidate
from c4data.drafting.numerals import parse_number
from c4data.drafting.text import MatchText

_CN_DIGIT = "[〇零一二三四五六七八九]"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_YEAR = rf"(?P<year>(?:19|20)\d{{2}}|{_CN_DIGIT}{{4}})"
_MONTH = rf"(?P<month>1[0-2]|0?[1-9]|{_CN_SMALL})"
_DAY = rf"(?P<day>3[01]|[12]\d|0?[1-9]|{_CN_SMALL})"

_CHINESE = (
    re.compile(rf"(?<![\d.]){_YEAR}年(?:{_MONTH}月(?:{_DAY}[日号])?)?"),
    re.compile(rf"(?<![\d.年]){_MONTH}月(?:{_DAY}[日号])?"),
    # a day alone (23日) only in Arabic numerals: 一日 is as often "one day".
    re.compile(r"(?<![\d.月年〕\]])(?P<day>3[01]|[12]\d|0?[1-9])[日号](?!本)"),  # not 〔2015〕62号
)
# 2013—2018年, (2017-2020), (2011-15): each end of a range of years is a date of its own.
_YEAR_RANGE = re.compile(
    r"(?<![\d.-])(?P<first>(?:19|20)\d{2})\s*[-—–~至到]\s*(?P<second>(?:19|20)\d{2}|\d{2})(?![\d.%-]|[-/.]\d)"
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<month>1[0-2]|0?[1-9])"
    r"(?:(?P=sep)(?P<day>3[01]|[12]\d|0?[1-9]))?(?![\d])"
)
_DAY_FIRST = re.compile(
    r"(?<![\d.])(?P<first>3[01]|[12]\d|0?[1-9])\.(?P<second>3[01]|[12]\d|0?[1-9])\.(?P<year>(?:19|20)\d{2})(?!\d)"
)
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAME = (
    r"(?P<mname>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ENGLISH = re.compile(
    rf"\b{_MONTH_NAME}\.?\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?:\s*[-–]\s*(?P<last_day>3[01]|[12]\d|0?[1-9])\b)?(?:,?\s+(?P<year>(?:19|20)\d{2})\b)?"
    rf"|\b(?P<day2>3[01]|[12]\d|0?[1-9])\s+{_MONTH_NAME.replace('mname', 'mname2')}\.?,?"
    rf"\s+(?P<year2>(?:19|20)\d{{2}})\b"
    rf"|\b{_MONTH_NAME.replace('mname', 'mname3')}\.?,?\s+(?P<year3>(?:19|20)\d{{2}})\b"
    r"|\bthe\s+(?P<day4>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)\b(?!\s+(?:[A-Z]|century|anniversary|annual))"
)
_OTHER_MONTHS = {
    name: number
    for number, names in enumerate(
        [("januar", "janvier"), ("februar", "février"), ("märz", "mars"), ("april", "avril"), ("mai",),
         ("juni", "juin"), ("juli", "juillet"), ("august", "août"), ("september", "septembre"),
         ("oktober", "octobre"), ("november", "novembre"), ("dezember", "décembre")],
        start=1,
    )
    for name in names
}  # fmt: skip
_DAY_MONTH_OTHER = re.compile(
    r"(?:\b(?P<first>3[01]|[12]\d|0?[1-9])\s+(?:et|und)\s+)?\b(?P<day>3[01]|[12]\d|0?[1-9])\.?\s+"
    rf"(?P<month>(?i:{'|'.join(_OTHER_MONTHS)}))\b(?:\s+(?P<year>(?:19|20)\d{{2}})\b)?"
)
# A lede's date whose 月 was lost (124日 for 12月4日): three or four digits and 日 opening a paragraph; not 号
# (128号文件 is a number) nor 日元 (yen).
_LOST_MONTH = re.compile(r"^[ \t]*(?P<digits>\d{3,4})日(?![内以之左前后元])", re.MULTILINE)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_BARE_YEAR = re.compile(r"(?<![\w.,\-$])(?P<year>(?:19|20)\d{2})(?![\w%]|[.,]\d)")


def find(reading: Reading) -> list[Candidate]:
    return find_dates(reading.text, english=True)


def same(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    """Every part the text states agrees with the row's, and the text states at least one part."""
    stated = [part for part in ("year", "month", "day") if value.get(part) is not None]
    return bool(stated) and all(value[part] == fact.get(part) for part in stated)


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(text: str) -> dict[str, int | None] | None:
    """'2013-02' → year 2013, month 2, day None: the precision a partial date states."""
    match = _ISO.match(str(text))
    if not match:
        return None
    year, month, day = match.groups()
    return {"year": int(year), "month": int(month) if month else None, "day": int(day) if day else None}


def row_facts(row: Row) -> list[dict[str, Any]]:
    """Partial dates (both ends of an interval), dates, and years; not a date computed from a partial one."""
    made: list[dict[str, Any]] = []
    for name, field in row.fields.items():
        dated = field.partial_date or field.type in ("date", "datetime", "yearmonth", "year") or name == "year"
        if not (dated or name.endswith("_year")):
            continue  # most fields of most rows: no regular expression is run for them
        cell = row.cell(name)
        if cell is None or _is_bound(name, row):
            continue
        if field.partial_date or field.type in ("date", "datetime", "yearmonth"):
            for part in str(cell).split("/"):  # 2024-07-28/2024-07-29 gives both ends
                date = parse_date(part)
                if date:
                    made.append(date | {"field": name})
        elif name == "year" or name.endswith("_year") or field.type == "year":
            made.append({"year": int(str(cell)), "month": None, "day": None, "field": name})
    return made


def _is_bound(name: str, row: Row) -> bool:
    """A typed date computed from a partial date (``date_min`` of ``date``) states nothing of its own."""
    base = re.sub(r"_(?:min|max)$", "", name)
    return row.fields[name].type == "date" and base != name and base in row.fields


def find_dates(text: MatchText, *, english: bool) -> list[Candidate]:
    """Chinese (2013年2月23日, 23日), numeric (2013-02-24, 02.03.2016) and English (April 11, 2017) dates."""
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: dict[str, Any]) -> None:
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        found.append(Candidate("date", text.span(start, end), start, end, value))

    source = text.simplified
    taken.extend(match.span() for match in _URL.finditer(source))  # a URL's digits are no date
    for match in _DAY_FIRST.finditer(source):
        add(match.start(), match.end(), _day_first(match))
    for match in _NUMERIC.finditer(source):
        add(match.start(), match.end(), _value(match["year"], match["month"], match["day"]))
    for match in _YEAR_RANGE.finditer(source):
        second = match["second"] if len(match["second"]) == 4 else match["first"][:2] + match["second"]
        if int(second) > int(match["first"]):
            add(match.start("first"), match.end("first"), _value(match["first"], None, None))
            add(match.start("second"), match.end("second"), _value(second, None, None))
    for pattern in _CHINESE:
        for match in pattern.finditer(source):
            groups = match.groupdict()
            add(match.start(), match.end(), _value(groups.get("year"), groups.get("month"), groups.get("day")))
    for match in _ENGLISH.finditer(source):
        add(match.start(), match.end(), _english_value(match))
    for match in _DAY_MONTH_OTHER.finditer(source):  # 04. Dezember, 29 juillet (2024); the 28 of "28 et 29 juillet"
        month = _OTHER_MONTHS[match["month"].lower()]
        year = int(match["year"]) if match["year"] else None
        if match["first"]:
            add(match.start("first"), match.end("first"), {"year": None, "month": None, "day": int(match["first"])})
        add(match.start("day"), match.end(), {"year": year, "month": month, "day": int(match["day"])})
    stamps = [c.value for c in found if c.value.get("year") and c.value.get("month") and c.value.get("day")]
    for match in _LOST_MONTH.finditer(source):
        value = _lost_month(match["digits"], stamps)
        if value is not None:
            add(match.start("digits"), match.end(), value)
    if english:
        for match in _BARE_YEAR.finditer(source):
            add(match.start(), match.end(), _value(match["year"], None, None))
    return sorted(found, key=lambda candidate: candidate.start)


def _lost_month(digits: str, stamps: list[dict[str, Any]]) -> dict[str, Any] | None:
    """124 → 12月4日 or 1月24日: the only reading that is a date, or the one nearest before the page's own full
    date (its stamp); both readings when the page has none."""
    readings = [
        (int(digits[:cut]), int(digits[cut:]))
        for cut in (1, 2)
        if digits[cut] != "0" and 1 <= int(digits[:cut]) <= 12 and 1 <= int(digits[cut:]) <= 31
    ]
    if not readings:
        return None
    if len(readings) > 1 and stamps:
        stamp = stamps[0]
        readings = [min(readings, key=lambda r: ((stamp["month"] - r[0]) * 31 + stamp["day"] - r[1]) % 372)]
    if len(readings) == 1:
        return {"year": None, "month": readings[0][0], "day": readings[0][1]}
    return {"year": None, "month": None, "day": None, "ambiguous": True,
            "readings": [{"month": month, "day": day} for month, day in readings]}  # fmt: skip


def _number(numeral: str | None) -> int | None:
    if numeral is None:
        return None
    value = parse_number(numeral)
    return None if value is None else int(value)


def _value(year: str | None, month: str | None, day: str | None) -> dict[str, Any]:
    return {"year": _number(year), "month": _number(month), "day": _number(day)}


def _day_first(match: re.Match[str]) -> dict[str, Any]:
    """02.03.2016: day.month in most of the world, month.day in some; both readings when both are possible."""
    first, second = int(match["first"]), int(match["second"])
    year = int(match["year"])
    if first > 12 or first == second:
        return {"year": year, "month": second, "day": first}
    if second > 12:
        return {"year": year, "month": first, "day": second}
    return {
        "year": year,
        "month": None,
        "day": None,
        "ambiguous": True,
        "readings": [{"month": second, "day": first}, {"month": first, "day": second}],
    }


def _english_value(match: re.Match[str]) -> dict[str, Any]:
    name = match["mname"] or match["mname2"] or match["mname3"]
    month = _MONTHS[name[:3].lower()] if name else None
    day = match["day"] or match["day2"] or match["day4"]
    year = match["year"] or match["year2"] or match["year3"]
    value = {"year": int(year) if year else None, "month": month, "day": int(day) if day else None}
    if match["last_day"]:  # Nov. 4-5, 2025: one expression for two days
        value["last_day"] = int(match["last_day"])
    return value
