"""Rows proposed for review (``c4data draft FILE --rows DIR``): candidate rows in the curated CSV format.

For the tables a report most often feeds (persons, roles, participation, meeting_cities, agreements,
figures), each candidate of a draft becomes a row with its verbatim evidence (the clause of the text as
printed that holds it), its ``certainty`` and a note of how it was found. Every row is then put through the
package's own row checks (``c4data.checks``: Table Schema rules, codebooks, keys, foreign keys, evidence
verbatim in the text) beside the package's rows; a row that fails is listed as needing a decision, with
the field and the reason. Nothing here writes into the package: ``write`` fills a staging directory that
``c4data build`` never reads, and a curator accepts a row by moving it into ``data/curated``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from c4data.drafting.gazetteer import gazetteer
from c4data.drafting.model import Candidate, Draft
from c4data.drafting.people import POSTS
from c4data.drafting.text import MatchText, match_text
from c4data.model.errors import C4DataError
from c4data.model.schema import Package, Table

TABLES = ("persons", "roles", "participation", "meeting_cities", "agreements", "figures")
MARKER = ".c4data-draft-rows.json"
NEEDS_DECISION = "needs-decision.csv"
# Row checks of the package that apply to a proposed row (the order of rows is the curator's to choose).
CHECK_CODES = frozenset(
    {"table-schema", "foreign-key", "number-error", "calendar-date", "date-format", "evidence", "formula-start"}
)
_CLAUSE_ENDS = "。!?;\n,,;!?"
_POST_AT_END = re.compile(rf"(?:{POSTS})$")
# Words after a name that say what the person did at the meeting (the first found decides; 讲话 before 出席).
_PARTS = (
    ("presided", r"主持|\bpresided|\ba présidé|\bleitete"),
    ("spoke", r"讲话|发言|致辞|\bdelivered a speech|\bspoke\b|\ba prononcé un discours|\bhielt eine Rede"),
    ("signed", r"签署|签约|\bsigned\b|\bont signé|\ba signé|\bunterzeichnete"),
    ("quoted", r"表示|说|指出|认为|介绍|强调|透露|\bsaid\b|\ba déclaré|\bsagte"),
    ("attended", r"出席|参加|参会|会见|\battended\b|\bont assisté|\ba assisté|\bnahmen? an\b"),
)
# A list of those who attended, announced before the names: 参会的是:…, 出席会议的有…
_ATTENDED_BEFORE = re.compile(r"(?:出席|参加|参会)[^。!?\n]{0,12}的(?:是|有)[::]?")
_NOT_PARTICIPANTS = re.compile(r"记者|编辑|总书记")


class RowsRefused(C4DataError):
    """The staging directory holds files that ``c4data draft --rows`` did not write, or is the package's own."""


@dataclass
class Proposal:
    """The proposed rows of each table, and for each row that fails a check: (table, key, field, reason)."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    held: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # proposed rows the package already holds
    decisions: list[tuple[str, str, str, str]] = field(default_factory=list)

    def every(self, table: str) -> list[dict[str, str]]:
        """New and held rows alike: what the draft reads from the text."""
        return self.rows.get(table, []) + self.held.get(table, [])


@dataclass
class _Context:
    draft: Draft
    text: str
    package: Package
    tables: dict[str, list[dict[str, Any]]]
    source_id: str
    meeting_id: int | None
    as_of: tuple[str, str]  # the date of the report (ISO, as precise as known) and its certainty

    @property
    def english(self) -> dict[str, str]:
        """A province's English name as the package's roles give it (湖北省 → Hubei)."""
        return {
            str(r["province_zh"]): str(r["province_en"]) for r in self.tables.get("roles", []) if r.get("province_en")
        }


# How far from a name its verb is looked for: a list of ten leaders with their posts, in French or English, is
# about 1,300 characters (in Chinese, twenty are about 300).
_VERB_WINDOW = 1_500


def propose(result: Draft, text: str, source_id: str | None = None) -> Proposal:
    """The rows ``result`` (a draft of ``text``) proposes, checked against the installed package."""
    from c4data.drafting.facts import installed_package

    package, arrow = installed_package()
    tables = {name: _text_records(arrow[name]) for name in arrow}
    meeting = Counter(
        c.value["meeting_id"]
        for c in result.of_kind("meeting")
        if c.value.get("meeting_id") and "以来" not in text[c.end : c.end + 16]  # 自首届会商会以来: a time since
    )
    # the meeting named most often; of two named as often the later (a report looks back to the first: 首次会商)
    reported = max(meeting, key=lambda number: (meeting[number], number)) if meeting else None
    context = _Context(
        result,
        text,
        package,
        tables,
        source_id or result.source_id or _slug(Path(result.source or "draft").stem) or "draft",
        reported,
        _report_date(result, tables, reported),
    )
    proposal = Proposal()
    made = {
        "persons": _persons(context),
        "roles": _roles(context),
        "participation": _participation(context),
        "meeting_cities": _meeting_cities(context),
        "agreements": _agreements(context),
        "figures": _figures(context),
    }
    for name, rows in made.items():
        same = _HELD_BY.get(name) or context.package.table(name).primary_key
        held = {tuple(str(row.get(f) or "") for f in same) for row in tables.get(name, [])}
        proposal.held[name] = [row for row in rows if tuple(row.get(f, "") for f in same) in held]
        proposal.rows[name] = _renumber([row for row in rows if row not in proposal.held[name]], name, tables)
    proposal.decisions = _check(context, proposal.rows)
    return proposal


# What makes a proposed row one the package holds already (else its primary key).
_HELD_BY = {"roles": ("person_id", "position_zh", "organization_zh", "source_id")}


def _renumber(rows: list[dict[str, str]], table: str, tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, str]]:
    """A new role of a person the package holds is numbered after the person's roles there (hu-henghua-6)."""
    if table != "roles":
        return rows
    last: Counter[str] = Counter()
    for row in tables.get("roles", []):
        number = str(row["role_id"]).rsplit("-", 1)[-1]
        if number.isdigit():
            last[str(row["person_id"])] = max(last[str(row["person_id"])], int(number))
    for row in rows:
        last[row["person_id"]] += 1
        row["role_id"] = f"{row['person_id']}-{last[row['person_id']]}"
    return rows


# Evidence and ids ----------------------------------------------------------------------------------------------
def _clause(text: str, start: int, end: int, before: int = 0) -> str:
    """The clause of the text as printed that holds ``[start, end)`` (from ``before`` back if given), kept under a
    tenth of the text, as the evidence check requires."""
    first = max(text.rfind(mark, 0, min(start, before) if before else start) for mark in _CLAUSE_ENDS) + 1
    ends = [found for mark in _CLAUSE_ENDS if (found := text.find(mark, end)) >= 0]
    last = min(ends) if ends else len(text)
    limit = max(end - start + 2, len(text) // 10 - 1, 2)
    if last - first > limit:
        first = max(first, min(start, before or start) - (limit - (end - start)) // 2)
        last = min(last, first + limit)
    return text[first:last].strip() or text[start:end]


def _bounds(name: str, partial: str) -> dict[str, str]:
    """The first and last day a partial date names (``as_of_min``, ``as_of_max``), as the build checks them."""
    from c4data.checks.dates import partial_date_period

    period = partial_date_period(partial) if partial else None
    first, last = (period[0].isoformat(), period[1].isoformat()) if period else ("", "")
    return {f"{name}_min": first, f"{name}_max": last}


def _read_at(reading: MatchText, position: int) -> int:
    """Where the character at ``position`` of the original text stands in its reading (or the next one read)."""
    return position if reading.offsets is None else bisect_left(reading.offsets, position)


def _sentence_before(text: str, start: int) -> str:
    """The sentence up to ``start``, at most ``_VERB_WINDOW`` characters of it."""
    begin = max(0, start - _VERB_WINDOW)
    return text[max([text.rfind(mark, begin, start) + 1 for mark in "。!?\n"] + [begin]) : start]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _pinyin(name: str) -> tuple[str, str, str]:
    """(person_id, name_en, name_pinyin) of a Chinese name: chen-ying, Chen Ying, Chén Yīng (pypinyin)."""
    from c4data.drafting.deps import require

    pypinyin = require("pypinyin")
    surname_length = 2 if len(name) == 4 else 1
    plain = [s.replace("ü", "v") for s in pypinyin.lazy_pinyin(name, style=pypinyin.Style.NORMAL)]
    toned = [s for (s,) in pypinyin.pinyin(name, style=pypinyin.Style.TONE, heteronym=False)]
    surname, given = "".join(plain[:surname_length]), "".join(plain[surname_length:])
    return (
        f"{surname}-{given}",
        f"{surname.capitalize()} {given.capitalize()}",
        f"{''.join(toned[:surname_length]).capitalize()} {''.join(toned[surname_length:]).capitalize()}",
    )


def _report_date(result: Draft, tables: dict[str, list[dict[str, Any]]], meeting: int | None) -> tuple[str, str]:
    """The report's date: the first full date the text prints (its stamp or dateline), else the date of the
    meeting it reports as the package records it (inferred), else unknown."""
    for candidate in result.of_kind("date"):
        value = candidate.value
        if value.get("year") and value.get("month") and value.get("day"):
            return f"{value['year']:04d}-{value['month']:02d}-{value['day']:02d}", "stated"
    if meeting is not None:
        held = {str(row["meeting_id"]): row for row in tables.get("meetings", [])}
        row = held.get(str(meeting))
        if row and row.get("date"):
            return str(row["date"]).split("/")[0], "inferred"
    return "", "inferred"


# The tables ----------------------------------------------------------------------------------------------------
def _people(context: _Context) -> list[Candidate]:
    return [c for c in context.draft.of_kind("person") if c.value.get("name_zh") and 2 <= len(c.value["name_zh"]) <= 4]


def _persons(context: _Context) -> list[dict[str, str]]:
    """People the text names, but not its reporters and editors (the package records them as its authors)."""
    rows: dict[str, dict[str, str]] = {}
    for candidate in _people(context):
        if re.search(r"记者|编辑", candidate.value.get("position_zh") or ""):
            continue
        person_id, name_en, name_pinyin = _pinyin(candidate.value["name_zh"])
        if person_id in rows:
            continue
        post = candidate.value.get("position_zh")
        rows[person_id] = {
            "person_id": person_id,
            "name_zh": candidate.value["name_zh"],
            "name_en": name_en,
            "name_pinyin": name_pinyin,
            "note": "Proposed by c4data draft: a name "
            + (f"after the post {post}" if post else "the text names as a person")
            + "; the romanisation is pypinyin's, to be checked.",
            "source_id": context.source_id,
            "evidence": _clause(context.text, candidate.start, candidate.end),
        }
    return list(rows.values())


def _split_post(phrase: str) -> tuple[str, str]:
    """长沙市委书记 → (长沙市委, 书记); 武汉市长 → (武汉市, 市长); 常务副省长 → ("", 常务副省长)."""
    match = _POST_AT_END.search(phrase)
    if match is None:
        return "", phrase
    organization, position = phrase[: match.start()], match.group()
    if position.startswith("党组") and len(position) > 2:  # 党组成员: a member (成员) of the 党组
        organization, position = organization + "党组", position[2:]
    if organization in gazetteer().by_chinese and not organization.endswith("市"):
        organization += "市"
    return organization, position


def _place(organization: str) -> tuple[str, str, str]:
    """(admin_level, city_id, province_zh) of an organisation, by the city or province it names."""
    places = gazetteer()
    city = next((places.by_chinese[name] for name in sorted(places.by_chinese, key=len, reverse=True)
                 if name in organization), None)  # fmt: skip
    if organization.startswith(("国家", "国务院", "中央", "全国", "中共中央")):
        return "national", "", ""
    if city is not None and city.level != "municipality":
        return "municipal", city.city_id, city.province_zh
    province = next((p for p in sorted(places.province_names, key=len, reverse=True) if organization.startswith(p)), "")
    if province:
        full = next((c.province_zh for c in places.cities if c.province_zh.startswith(province)), province)
        return "provincial", "", full
    return "", "", ""


def _roles(context: _Context) -> list[dict[str, str]]:
    roles = context.tables.get("roles", [])
    known = {(row.get("position_zh"), row.get("organization_zh")): row for row in roles if row.get("position_zh")}
    english: dict[str, set[str]] = {}
    for row in roles:
        english.setdefault(str(row.get("position_zh")), set()).add(str(row.get("position_en")))
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    numbers: Counter[str] = Counter()
    for candidate in _people(context):
        phrases = candidate.value.get("positions_zh") or [candidate.value.get("position_zh")]
        person_id, name_en, _ = _pinyin(candidate.value["name_zh"])
        previous = ""
        for phrase in filter(None, phrases):
            organization, position = _split_post(phrase)
            if not organization and previous:  # 武汉市委副书记、市长: the second post is of the same place
                organization = re.sub(r"([市省])委$", r"\1", re.sub(r"(?:党组|党委)$", "", previous))
            previous = organization or previous
            if (_NOT_PARTICIPANTS.search(position) and position != "总书记") or (
                person_id,
                position,
                organization,
            ) in seen:
                continue
            seen.add((person_id, position, organization))
            level, city_id, province = _place(organization)
            held = known.get((position, organization or None), {})
            numbers[person_id] += 1
            rows.append({
                "role_id": f"{person_id}-{numbers[person_id]}",
                "person_id": person_id,
                "person_zh": candidate.value["name_zh"],
                "person_en": name_en,
                "position_zh": position,
                "position_en": str(held.get("position_en") or _only(english.get(position, set()))),
                "organization_zh": organization,
                "organization_en": str(held.get("organization_en") or ""),
                "admin_level": level or str(held.get("admin_level") or ""),
                "city_id": city_id,
                "province_zh": province,
                "province_en": context.english.get(province, ""),
                "as_of": context.as_of[0],
                **_bounds("as_of", context.as_of[0]),
                "certainty": context.as_of[1],
                "note": f"Proposed by c4data draft from the post printed before the name ({phrase}); as_of is the "
                + ("report's date as printed." if context.as_of[1] == "stated" else "date of the meeting reported."),
                "source_id": context.source_id,
                "evidence": _clause(context.text, candidate.start, candidate.end, before=candidate.start - len(phrase)),
            })  # fmt: skip
    return rows


def _only(values: set[str]) -> str:
    """The one English the package gives a post everywhere (常委: Member of the Standing Committee), else ""."""
    return next(iter(values)) if len(values) == 1 else ""


def _participation(context: _Context) -> list[dict[str, str]]:
    if context.meeting_id is None:
        return []
    rows: dict[tuple[str, str], dict[str, str]] = {}
    people = [*_people(context), *(c for c in context.draft.of_kind("person") if not c.value.get("name_zh"))]
    # The text is read once (converted, glosses left out: 簽(qiān)署 is 签署); each name's verb is looked for in
    # its sentence within a window either side, so a name costs the window, not the rest of the text (a list
    # of 3,000 names in one sentence took 89 s when each name read the rest of its sentence again).
    whole = match_text(context.text)
    for candidate in people:
        if _NOT_PARTICIPANTS.search(candidate.value.get("position_zh") or ""):
            continue
        window_end = min(len(context.text), candidate.end + _VERB_WINDOW)
        sentence_end = min(
            [i for m in "。!?\n" if (i := context.text.find(m, candidate.end, window_end)) >= 0] or [window_end]
        )
        start, end = _read_at(whole, candidate.start), _read_at(whole, candidate.end)
        after = whole.simplified[end : _read_at(whole, sentence_end)]
        found = [(m.start(), part) for part, words in _PARTS if (m := re.search(words, after))]
        announced = None
        if not found:
            announced = _ATTENDED_BEFORE.search(_sentence_before(whole.simplified, start))
            if announced is None:
                continue
            found = [(0, "attended")]  # the names follow the verb: 参会的是:…
        offset, part = min(found)
        parts = [part]
        if part == "attended" and announced is None and re.search(_PARTS[1][1], after[offset : offset + 6]):
            parts.append("spoke")  # 出席并讲话: attended and spoke
        verb = after[offset : offset + 6].strip()
        # the verb's place in the text as printed; none for names the words before them announce
        offset = whole.where(end + offset, end + offset + 1)[0] - candidate.end if after and not announced else 0
        how = f"the verb after the name ({verb})" if announced is None else f"the names follow {announced[0]}"
        person_id = (
            _pinyin(candidate.value["name_zh"])[0]
            if candidate.value.get("name_zh")
            else "-".join(str(candidate.value["name_en"]).lower().split())  # a name printed in pinyin: Wu Guiying
        )
        end = candidate.end + offset + 4
        post = (candidate.value.get("positions_zh") or [candidate.value.get("position_zh") or ""])[-1]
        for part in parts:
            rows.setdefault((person_id, part), {
                "meeting_id": str(context.meeting_id),
                "person_id": person_id,
                "part": part,
                "certainty": "inferred",
                "note": f"Proposed by c4data draft: {how}; the "
                "meeting is the one the report names most often, so it is inferred.",
                "source_id": context.source_id,
                "evidence": _clause(
                    context.text, candidate.start, min(end, sentence_end), before=candidate.start - len(post)
                ),
            })  # fmt: skip
    return list(rows.values())


def _meeting_cities(context: _Context) -> list[dict[str, str]]:
    if context.meeting_id is None:
        return []
    capitals = {str(row["city_id"]) for row in context.tables.get("cities", []) if row.get("tier") == "capital"}
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for candidate in context.draft.of_kind("city"):
        city_id = str(candidate.value.get("city_id"))
        before = context.text[max(0, candidate.start - 2) : candidate.start]
        after = context.text[candidate.end : candidate.end + 6]
        if before.endswith("在") and re.match(r"市?(?:召开|举行|举办)", after):
            part, how = "host", "the meeting is held in it (在…召开/举行)"
        elif city_id in capitals:
            part, how = "capital", "a capital the package lists, named in the report"
        else:
            continue
        rows.setdefault((city_id, part), {
            "meeting_id": str(context.meeting_id),
            "city_id": city_id,
            "part": part,
            "certainty": "inferred",
            "note": f"Proposed by c4data draft: {how}; the meeting is the one the report names most often.",
            "source_id": context.source_id,
            "evidence": _clause(context.text, candidate.start, candidate.end),
        })  # fmt: skip
    return list(rows.values())


def _agreements(context: _Context) -> list[dict[str, str]]:
    kinds = context.package.table("agreements").field("kind")
    rows: dict[str, dict[str, str]] = {}
    for candidate in context.draft.of_kind("document"):
        title = candidate.value.get("title_zh")
        if not title or candidate.known or len(title) < 4 or title in rows:
            continue
        kind = next(
            (c.value for c in (kinds.categories if kinds else ()) if c.label_zh and title.endswith(c.label_zh)), ""
        )
        clause = _clause(context.text, candidate.start, candidate.end)
        said = _sentence_before(context.text, candidate.start)  # what the sentence says of the title: signed, or to be
        status = "signed" if re.search(r"签署|签订|签约", said) else "planned" if re.search(r"将|拟", said) else ""
        rows[title] = {
            "agreement_id": f"draft-{_digest(title)}",
            "title_zh": title,
            "title_en": "",
            "kind": kind,
            "scope": "c4" if "省会" in title else "",
            "status": status,
            "meeting_id": str(context.meeting_id or ""),
            "city_id": "",
            "certainty": "stated",
            "note": "Proposed by c4data draft: a title in 《》 no row holds; the English title, the kind and the "
            "scope are the curator's to give.",
            "source_id": context.source_id,
            "evidence": clause,
        }
    return list(rows.values())


_UNITS = {"city": "count", "item": "count", "person": "count"}


def _figures(context: _Context) -> list[dict[str, str]]:
    unit_field = context.package.table("figures").field("unit")
    units = set(unit_field.enum or ()) if unit_field is not None else set()
    rows: dict[tuple[Any, ...], dict[str, str]] = {}
    for candidate in context.draft.of_kind("figure"):
        value = candidate.value
        unit = _UNITS.get(str(value.get("unit")), str(value.get("unit")))
        if candidate.known or unit not in units:
            continue
        written = candidate.text
        counted = re.sub(r"^[\d.,零〇一二两三四五六七八九十百千万亿多余个]+", "", written)
        key = (value.get("value"), unit, counted)
        rows.setdefault(key, {
            "figure_id": f"draft-{_digest(written + str(candidate.start))}",
            "quantity_zh": counted if re.search("[\u3400-\u9fff]", counted) else "",
            "quantity_en": "",
            "value": str(value.get("value")),
            "unit": str(unit),
            "value_as_written": written,
            "period": "",
            **_bounds("period", ""),
            "scope": "",
            "city_id": "",
            "meeting_id": str(context.meeting_id or ""),
            "agreement_id": "",
            "certainty": "stated",
            "note": "Proposed by c4data draft: a quantity no row holds (by value, unit and what it counts); what it "
            "measures in English, its period and scope are the curator's to give.",
            "source_id": context.source_id,
            "evidence": _clause(context.text, candidate.start, candidate.end),
        })  # fmt: skip
    return list(rows.values())


# The package's checks ------------------------------------------------------------------------------------------
def _text_records(table: Any) -> list[dict[str, Any]]:
    """Rows of an Arrow table with every cell as the curated CSV would hold it."""
    return [{name: _as_text(cell) for name, cell in row.items()} for row in table.to_pylist()]


def _as_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _check(context: _Context, proposed: dict[str, list[dict[str, str]]]) -> list[tuple[str, str, str, str]]:
    """Every problem the package's row checks find in a proposed row, beside the package's own rows (and, for a
    text the package does not cite yet, a provisional ``sources`` row pointing at it, so that its evidence is
    checked verbatim)."""
    from c4data.checks import CHECKS, CheckInput, TableRows
    from c4data.checks.base import CSV_ONLY
    from c4data.drafting.facts import installed_descriptor

    descriptor = installed_descriptor()
    tables = {name: list(rows) for name, rows in context.tables.items()}
    sources_dir = Path(context.draft.source).resolve().parent if context.draft.source else None
    if context.source_id not in {row["source_id"] for row in tables.get("sources", [])}:
        name = Path(context.draft.source or "draft.txt").name
        digest = hashlib.sha256(context.text.encode("utf-8")).hexdigest()
        tables.setdefault("sources", []).append({"source_id": context.source_id, "reference_file": name,
                                                 "text_sha256": digest, "certainty": "stated"})  # fmt: skip
    else:
        sources_dir = _sources_dir_of(context, sources_dir)
    first_proposed: dict[str, int] = {}
    for name, rows in proposed.items():
        first_proposed[name] = len(tables.get(name, []))
        tables[name] = tables.get(name, []) + rows
    rows_in = [
        TableRows(
            name, name, [{k: v or None for k, v in row.items()} for row in rows], list(range(len(rows))), typed=False
        )
        for name, rows in tables.items()
        if name in context.package.table_names
    ]
    given = CheckInput(descriptor, rows_in, sources_dir)
    decisions = []
    for check in CHECKS:
        if check.stage != "rows" or check.code not in CHECK_CODES or not CSV_ONLY & check.targets:
            continue
        for problem in check.run(given):
            table, index = problem.where, problem.line
            if table in proposed and isinstance(index, int) and index >= first_proposed[table]:
                row = proposed[table][index - first_proposed[table]]
                key = "|".join(row.get(name, "") for name in context.package.table(table).primary_key)
                decisions.append((table, key, problem.field or "", problem.message))
    return sorted(set(decisions))


def _sources_dir_of(context: _Context, given: Path | None) -> Path | None:
    """Where the cited text lies: the draft's own folder when it holds the file the sources table names."""
    row = next(r for r in context.tables["sources"] if r["source_id"] == context.source_id)
    if given is not None and (given / str(row.get("reference_file"))).is_file():
        return given
    return None


# Writing -------------------------------------------------------------------------------------------------------
def write(proposal: Proposal, directory: Path, package_root: Path | None = None) -> list[Path]:
    """Write one curated-format CSV per table with proposals, and ``needs-decision.csv``, into ``directory``.

    The directory must not be the package's ``data`` (or lie inside it), and it may hold only what an earlier
    ``--rows`` wrote (listed in its marker file): anything else is refused and nothing is changed.
    """
    from c4data.drafting.facts import installed_package

    directory = directory.resolve()
    package, _ = installed_package()
    if package_root is not None and (
        directory == package_root.resolve() or package_root.resolve() in directory.parents
    ):
        raise RowsRefused(f"{directory} lies in the package's data; give a staging directory outside it")
    marker = directory / MARKER
    if directory.exists():
        written = set(json.loads(marker.read_text(encoding="utf-8"))) if marker.is_file() else set()
        others = sorted(p.name for p in directory.iterdir() if p.name != MARKER and p.name not in written)
        if others:
            raise RowsRefused(
                f"{directory} holds files c4data draft did not write ({', '.join(others)}); nothing was changed"
            )
        for name in written:
            (directory / name).unlink(missing_ok=True)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in TABLES:
        rows = proposal.rows.get(name) or []
        if rows:
            paths.append(_write_csv(directory / f"{name}.csv", package.table(name), rows))
    decisions = directory / NEEDS_DECISION
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "row_key", "field", "problem"])
    writer.writerows(proposal.decisions)
    decisions.write_text(buffer.getvalue(), encoding="utf-8")
    paths.append(decisions)
    marker.write_text(json.dumps(sorted(p.name for p in paths)), encoding="utf-8")
    return paths


def _write_csv(path: Path, table: Table, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=table.field_names, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    key = table.primary_key
    for row in sorted(rows, key=lambda row: tuple(row.get(name, "") for name in key)):
        writer.writerow({name: row.get(name, "") for name in table.field_names})
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
