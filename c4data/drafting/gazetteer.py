"""The GB/T 2260 gazetteer of every prefecture-level city and municipality (``data/cities.csv``)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class City:
    city_id: str
    name_zh: str
    short_zh: str
    province_zh: str
    level: str
    name_en: str
    other_readings: tuple[str, ...]

    @property
    def english_forms(self) -> tuple[str, ...]:
        """Xi'an, Xian and the other readings: every form an English text may use."""
        forms = {self.name_en, self.name_en.replace("'", ""), *self.other_readings}
        forms |= {form.replace("'", "") for form in self.other_readings}
        return tuple(sorted(forms, key=len, reverse=True))


@dataclass(frozen=True)
class Gazetteer:
    cities: tuple[City, ...]
    by_chinese: dict[str, City]
    chinese_pattern: re.Pattern[str]
    by_english: dict[str, City]
    english_pattern: re.Pattern[str]
    province_names: frozenset[str]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Read the shipped gazetteer once; patterns try the longest name first (武汉市 before 武汉)."""
    text = resources.files("c4data.drafting").joinpath("data", "cities.csv").read_text(encoding="utf-8")
    cities = tuple(
        City(
            city_id=row["city_id"],
            name_zh=row["name_zh"],
            short_zh=row["short_zh"],
            province_zh=row["province_zh"],
            level=row["level"],
            name_en=row["name_en"],
            other_readings=tuple(filter(None, row["other_readings"].split("|"))),
        )
        for row in csv.DictReader(text.splitlines())
    )
    by_chinese = {name: city for city in cities for name in (city.short_zh, city.name_zh)}
    by_english = {form: city for city in cities for form in city.english_forms}
    provinces = frozenset(
        name
        for city in cities
        for name in (
            city.province_zh,
            re.sub("(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", city.province_zh),
        )
    )
    return Gazetteer(
        cities=cities,
        by_chinese=by_chinese,
        chinese_pattern=re.compile("|".join(sorted(map(re.escape, by_chinese), key=len, reverse=True))),
        by_english=by_english,
        english_pattern=re.compile(
            r"\b(" + "|".join(sorted(map(re.escape, by_english), key=len, reverse=True)) + r")(?:'s)?\b"
        ),
        province_names=provinces,
    )
