"""The column contract of issue 2, written out here so that renaming a promised column fails a test."""

from __future__ import annotations

import pytest

import c4data

pytestmark = pytest.mark.data

CONTRACT = {
    "sources": "source_id kind title_zh title_en publisher_zh publisher_en published authors_zh url text_sha256 "
    "certainty note",
    "cities": "city_id name_zh name_en province_zh province_en tier metro_area_zh metro_area_en latitude longitude "
    "location_source_id source_id evidence",
    "meetings": "meeting_id name_zh name_en date year host_city_id theme_zh theme_en certainty note source_id evidence",
    # level became admin_level in issue 10: pandas' GroupBy.level shadowed it.
    "roles": "role_id person_id person_zh person_en position_zh position_en organization_zh organization_en "
    "admin_level city_id province_zh source_id evidence",
    "participation": "meeting_id person_id part source_id evidence",
    "agreements": "agreement_id title_zh title_en kind scope meeting_id city_id certainty note source_id evidence",
    "measures": "measure_id name_zh name_en domain status horizon_zh target_year value unit agreement_id meeting_id "
    "certainty note source_id evidence",
    "measure_cities": "measure_id city_id part",
}

PROMISED_VALUES = {
    ("cities", "tier"): {"capital", "observer", "regional_partner"},
    ("meetings", "certainty"): {"stated", "inferred"},
    ("roles", "admin_level"): {"national", "provincial", "municipal"},
    ("participation", "part"): {"attended", "spoke", "presided", "quoted", "interviewed"},
    ("agreements", "scope"): {"c4", "municipal"},
    ("measures", "status"): {"implemented", "in_progress", "planned"},
    ("measure_cities", "part"): {"participant", "provider", "adopter"},
}


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_every_promised_column_is_there(table):
    columns = list(c4data.tables()[table].columns)
    assert [name for name in CONTRACT[table].split() if name not in columns] == []


@pytest.mark.parametrize(("table", "column"), sorted(PROMISED_VALUES))
def test_every_promised_value_is_allowed(table, column):
    allowed = set(c4data.tables()[table][column].cat.categories)
    assert PROMISED_VALUES[(table, column)] <= allowed


def test_keys_are_the_promised_ones():
    tables = c4data.tables()
    assert tables["cities"]["city_id"].str.fullmatch(r"[1-9][0-9]{5}").all()
    assert tables["meetings"]["meeting_id"].dtype == "Int64"
    assert tables["measures"].loc[tables["measures"]["value"].notna(), "unit"].eq("CNY").all()
