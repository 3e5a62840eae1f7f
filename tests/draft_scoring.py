"""Scoring of ``c4data draft`` as the annotation guideline defines it (tests/draft_annotations/GUIDELINE.md).

- precision per kind: candidates whose span overlaps a hand-annotated mention of the same kind, over all
  candidates of that kind, on the 13 source texts;
- recall per kind: the values the curated tables take from a source, found among that source's candidates.

The answer key is read from the tables generically, by field, so it grows with them: a ``city_id`` or
``*_city_id`` is a city, ``meeting_id`` a meeting, ``title_zh``/``title_en`` a document, ``person_*`` (with
``position_*``) or a ``persons``-like table's ``name_*`` a person, a partial date, date or year field a date,
``value`` with ``unit`` a figure. A row counts for its ``source_id`` and for every source that attests it
(an ``attestations`` table: resource, row_key, field, source_id); a ``disagreements`` row's other value
counts for its source. Rows marked ``inferred`` are not stated by the text and are left out.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from c4data.drafting.kinds import KINDS  # the registry: one declaration per kind

ANNOTATIONS_DIR = Path(__file__).parent / "draft_annotations"
RECALL_TARGETS = {"city": 0.95, "document": 0.95, "meeting": 0.95, "date": 0.95, "figure": 0.95, "person": 0.90}
PRECISION_TARGET = 0.85


@dataclass(frozen=True)
class KeyFact:
    kind: str
    value: tuple
    row: str


def annotations() -> dict[str, list[dict]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))["mentions"]
        for path in sorted(ANNOTATIONS_DIR.glob("*.json"))
    }


def mention_counts(candidates: list[Any], mentions: list[dict]) -> dict[str, tuple[int, int]]:
    """Per kind: (annotated mentions overlapped by a candidate of their kind, all mentions); for information."""
    counts = {}
    for kind in KINDS:
        spans = [(c.start, c.end) for c in candidates if c.kind == kind]
        theirs = [m for m in mentions if m["kind"] == kind]
        hits = sum(any(m["start"] < end and start < m["end"] for start, end in spans) for m in theirs)
        counts[kind] = (hits, len(theirs))
    return counts


def precision_counts(candidates: list[Any], mentions: list[dict]) -> dict[str, tuple[int, int]]:
    """Per kind: (candidates overlapping a mention of their kind, all candidates)."""
    by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        by_kind[mention["kind"]].append((mention["start"], mention["end"]))
    counts = {}
    for kind in KINDS:
        mine = [c for c in candidates if c.kind == kind]
        hits = sum(any(c.start < end and start < c.end for start, end in by_kind[kind]) for c in mine)
        counts[kind] = (hits, len(mine))
    return counts


# The answer key ---------------------------------------------------------------------------------------------
def _present(cell: Any) -> bool:
    if cell is None:
        return False
    if isinstance(cell, float) and math.isnan(cell):
        return False
    try:
        return str(cell) not in ("", "<NA>", "nan", "None")
    except TypeError:
        return False


def _dates(cell: Any) -> list[tuple]:
    """'2013-02' → [(2013, 2, None)]; an interval '2017/2020' or '2024-07-28/2024-07-29' → both ends."""
    found = []
    for part in str(cell).split("/"):
        match = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", part.strip())
        if match:
            found.append(tuple(int(piece) if piece else None for piece in match.groups()))
    return found


def _field_kind(name: str, field: dict, fields: dict[str, dict]) -> str | None:
    if name == "city_id" or name.endswith("_city_id"):
        return "city"
    if name == "meeting_id":
        return "meeting"
    if field.get("c4data:partialDate") or name == "year" or field.get("type") in ("year", "yearmonth"):
        return "date"
    # a typed date is a fact unless it is the computed bound of a partial date (date_min, as_of_max)
    bound_of = re.sub(r"_(?:min|max)$", "", name)
    if field.get("type") == "date" and not (bound_of != name and bound_of in fields):
        return "date"
    return None


def _row_facts(
    table: str, fields: dict[str, dict], key: list[str], record: dict, only: str | None = None, links: bool = True
) -> list[KeyFact]:
    """The facts of one row, or of the field ``only``.

    ``links=False`` (a source that attests a whole row) keeps the row's subject (its title, person, value, or
    its key when the row is a city or a meeting) and leaves out the ids that link it to a meeting or a city
    and its dates: a source that names 《南昌行动》 attests the document, not the meeting it was signed at.
    """
    row = f"{table}:{record.get('_key')}"
    facts = []
    for name, field in fields.items():
        if only and name != only and not (only.startswith("title") and name.startswith("title")):
            continue
        cell = record.get(name)
        if not _present(cell):
            continue
        kind = _field_kind(name, field, fields)
        if not links and not only and (kind == "date" or (kind in ("city", "meeting") and name not in key)):
            continue
        if kind == "city":
            facts.append(KeyFact("city", (str(cell),), row))
        elif kind == "meeting":
            facts.append(KeyFact("meeting", (int(cell),), row))
        elif kind == "date":
            dates = [(int(cell), None, None)] if name == "year" else _dates(cell)
            facts.extend(KeyFact("date", date, row) for date in dates)
    titles = tuple(str(record[n]) if _present(record.get(n)) else None for n in ("title_zh", "title_en"))
    if any(titles) and (not only or only.startswith("title")):
        facts.append(KeyFact("document", titles, row))
    names = tuple(str(record[n]) if _present(record.get(n)) else None for n in ("person_zh", "person_en"))
    if not any(names) and "person_id" in fields and "name_zh" in fields:
        names = tuple(str(record[n]) if _present(record.get(n)) else None for n in ("name_zh", "name_en"))
    if any(names) and (not only or only.startswith(("person", "position", "name"))):
        posts = tuple(str(record[n]) if _present(record.get(n)) else None for n in ("position_zh", "position_en"))
        facts.append(KeyFact("person", names + posts, row))
    if "value" in fields and "unit" in fields and _present(record.get("value")) and (not only or only == "value"):
        facts.append(KeyFact("figure", (float(record["value"]), str(record.get("unit"))), row))
    return facts


def answer_key(descriptor: dict, tables: dict) -> dict[str, set[KeyFact]]:
    """source_id → the facts the tables take from it (stated rows only)."""
    key: dict[str, set[KeyFact]] = defaultdict(set)
    rows: dict[tuple[str, str], tuple[dict, list[str], dict]] = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        if name in ("sources", "boundaries", "attestations", "disagreements") or name not in tables:
            continue
        fields = {field["name"]: field for field in resource["schema"]["fields"]}
        primary = resource["schema"].get("primaryKey") or []
        primary = [primary] if isinstance(primary, str) else primary
        for record in tables[name].to_dict("records"):
            record["_key"] = ",".join(str(record[k]) for k in primary)
            for separator in (",", "|", "/", ";", ":"):
                rows[(name, separator.join(str(record[k]) for k in primary))] = (fields, primary, record)
            if str(record.get("certainty")) == "inferred" or not _present(record.get("source_id")):
                continue
            key[str(record["source_id"])].update(_row_facts(name, fields, primary, record))
    if "attestations" in tables:
        for record in tables["attestations"].to_dict("records"):
            found = rows.get((str(record["resource"]), str(record["row_key"])))
            if found is None or str(found[2].get("certainty")) == "inferred":
                continue
            field = str(record["field"]) if _present(record.get("field")) else None
            fields, primary, attested = found
            facts = _row_facts(str(record["resource"]), fields, primary, attested, field, links=field is not None)
            key[str(record["source_id"])].update(facts)
    if "disagreements" in tables:
        for record in tables["disagreements"].to_dict("records"):
            found = rows.get((str(record["resource"]), str(record["row_key"])))
            if found is None:
                continue
            fields, primary, original = found
            name = str(record["field"])
            if name not in fields:
                continue
            changed = dict(original) | {name: record["other_value"]}
            facts = _row_facts(str(record["resource"]), fields, primary, changed, name, links=False)
            key[str(record["source_id"])].update(facts)
    return key


# Matching a key fact among a source's candidates ------------------------------------------------------------
def _squeeze(text: str | None) -> str:
    text = (text or "").casefold()
    text = re.sub(r"[‐-―−–-]", "-", text)
    return re.sub(r"[\s\"'“”‘’《》.,]", "", text)


def found_among(fact: KeyFact, candidates: list[Any]) -> bool:
    mine = [c.value for c in candidates if c.kind == fact.kind]
    if fact.kind == "city":
        return any(v.get("city_id") == fact.value[0] for v in mine)
    if fact.kind == "meeting":
        return any(v.get("meeting_id") == fact.value[0] for v in mine)
    if fact.kind == "document":
        titles = [_squeeze(fact.value[0]), _squeeze(fact.value[1])]
        return any(_squeeze(v.get("title_zh") or v.get("title_en")) in titles for v in mine)
    if fact.kind == "person":
        return any(_person_matches(fact.value, v) for v in mine)
    if fact.kind == "date":
        return any(_date_matches(fact.value, v) for v in mine)
    if fact.kind == "figure":
        return any(v.get("value") is not None and math.isclose(float(v["value"]), fact.value[0], rel_tol=1e-9)
                   for v in mine)  # fmt: skip
    raise ValueError(fact.kind)


def _person_matches(fact: tuple, value: dict) -> bool:
    name_zh, name_en, post_zh, post_en = fact
    for name, post, lang in ((name_zh, post_zh, "zh"), (name_en, post_en, "en")):
        if name and _squeeze(value.get(f"name_{lang}")) == _squeeze(name):
            if not post:
                return True
            stated = value.get(f"position_{lang}") or ""
            return _squeeze(post) in _squeeze(stated)
    return False


def _date_matches(fact: tuple, value: dict) -> bool:
    """Both agree on every part both state, and the text states the row's finest part (the day of a day)."""
    stated = [(i, part) for i, part in enumerate(("year", "month", "day")) if value.get(part) is not None]
    if not stated or any(fact[i] is not None and value[part] != fact[i] for i, part in stated):
        return False
    finest = max(i for i, part in enumerate(fact) if part is not None)
    return any(i == finest for i, _ in stated)


def score(drafts: dict[str, Any], descriptor: dict, tables: dict) -> dict[str, dict[str, Any]]:
    """Per kind: precision hits/total, recall found/total, and the facts not found."""
    notes = annotations()
    key = answer_key(descriptor, tables)
    result: dict[str, dict[str, Any]] = {k: {"p": [0, 0], "r": [0, 0], "m": [0, 0], "missed": []} for k in KINDS}
    for stem, draft in drafts.items():
        for kind, (hits, total) in mention_counts(list(draft.candidates), notes.get(stem, [])).items():
            result[kind]["m"][0] += hits
            result[kind]["m"][1] += total
        for kind, (hits, total) in precision_counts(list(draft.candidates), notes.get(stem, [])).items():
            result[kind]["p"][0] += hits
            result[kind]["p"][1] += total
        for fact in key.get(stem, set()):
            ok = found_among(fact, list(draft.candidates))
            result[fact.kind]["r"][0] += ok
            result[fact.kind]["r"][1] += 1
            if not ok:
                result[fact.kind]["missed"].append((stem, fact))
    return result


def table(result: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| kind | precision (annotation) | recall (tables) | mentions found (annotation) |",
        "|---|---:|---:|---:|",
    ]
    for kind in KINDS:
        cells = [_ratio(*result[kind][part]) for part in ("p", "r", "m")]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:.1%} ({hits}/{total})" if total else "– (0/0)"


# Rows proposed by ``--rows`` against the curated rows of each source ---------------------------------------
ROW_TABLES = {
    "persons": ("name_zh",),
    "roles": ("person_zh", "position_zh", "organization_zh"),
    "participation": ("meeting_id", "person_id", "part"),
}


def _row_identity(table: str, row: dict) -> tuple[str, ...]:
    return tuple(str(row.get(name) if _present(row.get(name)) else "") for name in ROW_TABLES[table])


def curated_rows(tables: dict, source_id: str) -> dict[str, set[tuple[str, ...]]]:
    """The rows of persons, roles and participation a source gives: its own and those it attests as a whole."""
    attested = {
        (str(r["resource"]), str(r["row_key"]))
        for r in tables["attestations"].to_dict("records")
        if str(r["source_id"]) == source_id and not _present(r.get("field"))
    }
    found: dict[str, set[tuple[str, ...]]] = {}
    for name in ROW_TABLES:
        frame = tables[name]
        primary = {"persons": ["person_id"], "roles": ["role_id"], "participation": list(ROW_TABLES[name])}[name]
        found[name] = {
            _row_identity(name, row)
            for row in frame.to_dict("records")
            if str(row["source_id"]) == source_id or (name, "|".join(str(row[k]) for k in primary)) in attested
        }
    return found


def row_scores(texts: dict[str, str], **options: Any) -> dict[str, tuple[int, int, int, int]]:
    """Per table: (proposals the package holds as rows, proposals, the source's curated rows proposed, the
    source's curated rows), over every text the sources table cites."""
    import c4data
    from c4data.drafting.engine import draft
    from c4data.drafting.rows import propose

    tables = c4data.tables()
    cited = {
        str(row["reference_file"]).removesuffix(".txt"): str(row["source_id"])
        for row in tables["sources"].to_dict("records")
        if _present(row.get("reference_file"))
    }
    # A proposal is right when the package holds the row (a person, a post, a part at a meeting), from whichever
    # source; recall counts the rows curated from (or attested by) the text itself.
    everywhere = {name: {_row_identity(name, row) for row in tables[name].to_dict("records")} for name in ROW_TABLES}
    totals = {name: [0, 0, 0, 0] for name in ROW_TABLES}
    for stem, source_id in cited.items():
        if stem not in texts:
            continue
        proposal = propose(draft(texts[stem], stem, **options), texts[stem], source_id)
        curated = curated_rows(tables, source_id)
        for name in ROW_TABLES:
            proposed = {_row_identity(name, row) for row in proposal.every(name)}
            totals[name][0] += len(proposed & everywhere[name])
            totals[name][1] += len(proposed)
            totals[name][2] += len(curated[name] & proposed)
            totals[name][3] += len(curated[name])
    return {name: (a, b, c, d) for name, (a, b, c, d) in totals.items()}
