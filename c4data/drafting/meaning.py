"""What a document's title says it is, in any of the languages reports use: its kind, its years, its matter.

A report in English, German or French names a document in its own words (an "Aktionsplan", "questions clés …
en 2024"); a row of the package holds its Chinese and English titles. Both are read into a ``Meaning``: the kind
of document (the head of the title: a plan, an action programme, key items, a reply, a notice …), the years or
five-year period it names, and the generic words of its matter (development, cooperation, capitals …), from a
small vocabulary of generic words per language. No name, title or place is listed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Kinds of document, most specific first: the head word of a title in Chinese (its end) or in a European language
# (its first kind word). German compounds end in the kind (Entwicklungsplan), so a German word may run on in front.
_KINDS: tuple[tuple[str, str, str], ...] = (
    ("approval", "批复", r"reply|approval|antwort|genehmigung|billigung|réponse|approbation"),
    ("request", "请示", r"request|ersuchen|antrag|demande"),
    ("notice", "通知", r"notice|circular|mitteilung|bekanntmachung|rundschreiben|circulaire|notification"),
    ("opinions", "意见", r"opinions|stellungnahme|meinungen|avis"),
    ("key_items", "重点事项|重点合作事项|合作重点事项|重点工作",
     r"key\b(?:[\w\s-]{0,30}?)\bitems|priorities|\w*schwerpunkte|schlüsselelemente|kernpunkte|points? clés"
     r"|questions clés|priorités"),
    ("implementation_plan", "实施方案",
     r"implementation plan|\w*umsetzungsplan|durchführungsplan|plan de mise en œuvre"),
    ("action_plan", "行动方案|行动计划", r"action (?:plan|programme|program)|aktionsplan|aktionsprogramm|plan d'action"
     r"|programme d'action"),
    ("agreement", "协议", r"agreement|abkommen|vereinbarung|accord"),
    ("consensus", "共识", r"consensus|konsens"),
    ("declaration", "宣言", r"declaration|erklärung|déclaration"),
    ("measures", "举措|措施|办法", r"measures|maßnahmen|mesures"),
    ("outline", "纲要", r"outline|essentials|eckpunkte|grandes lignes"),
    ("plan", "规划|计划|方案", r"plan|programme|program|\w*plan|\w*programm"),
)  # fmt: skip
# Generic words of a document's matter, one concept per line: Chinese, then the European languages.
_MATTER: tuple[tuple[str, str, str], ...] = (
    ("development", "发展", r"develop\w*|entwicklung\w*|développement"),
    ("cooperation", "合作", r"co-?operation|zusammenarbeit|kooperation|coopération"),
    ("coordinated", "协同|协调", r"coordinated|koordiniert\w*|coordonné\w*"),
    ("high_quality", "高质量", r"high[- ]quality|hochwertig\w*|hohe qualität|haute qualité"),
    ("capitals", "省会", r"capitals?|\w*hauptstädte\w*|capitales"),
    ("cluster", "城市群", r"city clusters?|clusters?|\w*agglomeration\w*|agglomération"),
    ("building", "建设", r"building|construction|bau|aufbau"),
    ("market", "市场", r"markets?|markt\w*|marchés?"),
    ("integration", "一体化", r"integration|intégration"),
    ("framework", "框架", r"framework|rahmen\w*|cadre"),
    ("ecology", "生态|绿色", r"ecolog\w*|green|ökolog\w*|grün|grüne[nrs]?|écolog\w*|vert|verte|verts|vertes"),
    ("new_area", "新区", r"new areas?|neue gebiete|nouvelles zones"),
    ("science", "科技", r"science|technolog\w*|wissenschaft\w*|technologie"),
    ("near_term", "近期", r"near-term|kurzfristig\w*|court terme"),
    ("issuing", "印发", r"issuing|herausgabe|publication"),
    ("implementation", "实施", r"implement\w*|umsetzung|durchführung|mise en œuvre"),
)
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# A five-year period: 十四五, "14th Five-Year", "14. Fünfjahresplan", "14e plan quinquennal".
_PERIOD_ZH = re.compile(r"“?([十一二三四五六七八九]{2,3})五”?(?:规划|时期|期间|实施)")
_PERIOD_EU = re.compile(
    r"(?<!\d)(\d{1,2})(?:th|st|nd|rd|\.|e|ème)?[\s-]*(?:five[- ]year|fünfjahres|plan quinquennal)", re.I
)
_TENS = {"十": 10, "十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15, "十六": 16}


@dataclass(frozen=True)
class Meaning:
    """What a title says: the kinds it may be (the head word), the years and periods it names, its matter."""

    kinds: frozenset[str]
    years: frozenset[str]
    matter: frozenset[str]


def _head_zh(title: str) -> str | None:
    """The kind of a Chinese title: the kind word it ends in (a period or draft in brackets after it aside)."""
    core = re.sub(r"[(（][^()（）]*[)）]$", "", title.strip()).rstrip('”"')
    for kind, chinese, _ in _KINDS:
        if re.search(rf"(?:{chinese})$", core):
            return kind
    return None


def _head_other(title: str) -> str | None:
    """The kind of a title in English, German or French: its first kind word (the most specific where two start
    at the same place)."""
    found = []
    for order, (kind, _, words) in enumerate(_KINDS):
        match = re.search(rf"(?<![\w-])(?:{words})(?![\w'’-])", title, re.IGNORECASE)
        if match:
            found.append((match.start(), order, kind))
    return min(found)[2] if found else None


def _years(title: str) -> frozenset[str]:
    years = set(_YEARS.findall(title))
    for match in _PERIOD_ZH.finditer(title):
        if match[1] in _TENS:
            years.add(f"FYP{_TENS[match[1]]}")
    years.update(f"FYP{int(match[1])}" for match in _PERIOD_EU.finditer(title))
    return frozenset(years)


def _matter(title: str, chinese: bool) -> frozenset[str]:
    found = set()
    for concept, zh, words in _MATTER:
        pattern = zh if chinese else rf"(?<![\w-])(?:{words})(?![\w'’-])"
        if re.search(pattern, title, re.IGNORECASE):
            found.add(concept)
    return frozenset(found)


def _is_chinese(title: str) -> bool:
    return bool(re.search("[\u4e00-\u9fff]", title))


def read(titles: Iterable[str]) -> Meaning:
    """The meaning of one document from its titles (a row's Chinese and English, or a report's one)."""
    kinds: set[str] = set()
    years: set[str] = set()
    matter: set[str] = set()
    for title in titles:
        chinese = _is_chinese(title)
        head = _head_zh(title) if chinese else _head_other(title)
        if head:
            kinds.add(head)
        years |= _years(title)
        matter |= _matter(title, chinese)
    return Meaning(frozenset(kinds), frozenset(years), frozenset(matter))


def best(meaning: Meaning, rows: dict[str, Meaning]) -> str | None:
    """The one row a title means: of the kind its head names, naming the same years (or none where it names
    none), and sharing more of its matter than any other such row (two words at least, the years it names
    counting as one); None where that is not one."""
    if not meaning.kinds:
        return None
    scored = []
    for row, other in rows.items():
        if not meaning.kinds & other.kinds or meaning.years != other.years:
            continue
        shared = len(meaning.matter & other.matter) + bool(meaning.years)  # a period named is a word shared
        if shared >= 2:
            scored.append(((shared, -len(meaning.matter ^ other.matter)), row))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]
