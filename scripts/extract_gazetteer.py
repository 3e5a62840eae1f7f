"""Derive c4data/drafting/data/cities.csv, the draft assistant's gazetteer, from cpca's bundled adcode table.

Every prefecture-level city (地级市) and every municipality (直辖市) of GB/T 2260, with its short name and
its romanisations. Run from the project root with cpca and pypinyin installed:

    python scripts/extract_gazetteer.py

The output is sorted by code and has no timestamp, so a rerun with the same packages changes no byte.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import itertools
from pathlib import Path

from pypinyin import Style, lazy_pinyin, pinyin

OUTPUT = Path("c4data/drafting/data/cities.csv")
MUNICIPALITY_CODES = {"11", "12", "31", "50"}
# Suffixes dropped for the short name a text most often uses (武汉市 → 武汉); only 市 applies to cities.
CITY_SUFFIX = "市"


def _adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")
    assert spec is not None and spec.submodule_search_locations, "cpca is not installed"
    return Path(next(iter(spec.submodule_search_locations)), "resources", "adcodes.csv")


def _romanisations(short_zh: str) -> tuple[str, str]:
    """The usual English form (pypinyin's first reading) and every other reading, joined by '|'."""
    readings = pinyin(short_zh, style=Style.NORMAL, heteronym=True)
    first = "".join(lazy_pinyin(short_zh))
    variants = {"".join(combo) for combo in itertools.product(*readings)} - {first}
    return _capitalise(first, short_zh), "|".join(sorted(_capitalise(v, short_zh) for v in variants))


def _capitalise(toneless: str, short_zh: str) -> str:
    """'xian' → "Xi'an": the apostrophe marks a syllable that starts with a, o or e inside a word."""
    syllables = _split_syllables(toneless, short_zh)
    word = syllables[0] + "".join(("'" + s) if s[0] in "aoe" else s for s in syllables[1:])
    return word.capitalize()


def _split_syllables(toneless: str, short_zh: str) -> list[str]:
    syllables = [s[0] for s in pinyin(short_zh, style=Style.NORMAL)]
    return syllables if "".join(syllables) == toneless else [toneless]


def _is_prefecture_city(code: str, name: str) -> bool:
    prefecture_level = code[:2] not in MUNICIPALITY_CODES and code[4:] == "0" * 8 and code[2:4] != "00"
    return prefecture_level and name.endswith(CITY_SUFFIX) and name != "市辖区"


def main(output: Path = OUTPUT) -> None:
    with open(_adcodes_path(), encoding="utf-8") as handle:
        rows = {row["adcode"]: row for row in csv.DictReader(handle)}
    provinces = {code[:2]: row["name"] for code, row in rows.items() if code[2:] == "0" * 10}
    cities = []
    for code, row in rows.items():
        prefix = code[:2]
        if prefix in MUNICIPALITY_CODES and code[2:] == "0" * 10:
            cities.append((code[:6], row["name"], provinces[prefix], "municipality"))
        elif _is_prefecture_city(code, row["name"]):
            cities.append((code[:6], row["name"], provinces[prefix], "prefecture_city"))
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["city_id", "name_zh", "short_zh", "province_zh", "level", "name_en", "other_readings"])
        for code, name, province, level in sorted(cities):
            short = name.removesuffix(CITY_SUFFIX)
            english, others = _romanisations(short)
            writer.writerow([code, name, short, province, level, english, others])
    versions = {name: importlib.metadata.version(name) for name in ("cpca", "pypinyin")}
    print(f"{len(cities)} cities written to {output} from cpca {versions['cpca']}, pypinyin {versions['pypinyin']}")


if __name__ == "__main__":
    main()
