"""Facts of the measures audit (issue 10, item 5) and of the measures of the later sources (issue 20 included)."""

from __future__ import annotations

import re

import opencc
import pandas as pd
import pytest

import c4data

pytestmark = pytest.mark.data

CAPITALS = {"340100", "360100", "420100", "430100"}


@pytest.fixture(scope="module")
def measures() -> pd.DataFrame:
    return c4data.measures()


@pytest.fixture(scope="module")
def links() -> pd.DataFrame:
    return c4data.measure_cities()


_simplified = opencc.OpenCC("t2s").convert


def _linked(links: pd.DataFrame, measure_id: str) -> pd.DataFrame:
    return links[links["measure_id"] == measure_id]


@pytest.mark.parametrize("measure_id", ["yangtze-waterway-645-project", "beijing-kowloon-passenger-line"])
def test_projects_the_text_names_no_city_for_are_not_stated_links_of_the_capitals(links, measure_id):
    linked = _linked(links, measure_id)
    stated = linked[linked["certainty"] == "stated"]
    assert set(stated["city_id"]) & CAPITALS == set()
    # An inferred link would need its reason; today there is none at all.
    assert linked.empty or linked["note"].notna().all()


def test_every_parent_is_a_measure_of_the_same_domain(measures):
    by_id = measures.set_index("measure_id")
    children = measures[measures["parent_measure_id"].notna()]
    assert len(children) == 37
    assert set(children["parent_measure_id"]) <= set(by_id.index)
    parents_domain = by_id.loc[children["parent_measure_id"], "domain"].astype(str).to_numpy()
    assert (children["domain"].astype(str).to_numpy() == parents_domain).all()


def test_no_measure_is_its_own_ancestor(measures):
    parent = measures.set_index("measure_id")["parent_measure_id"].dropna().to_dict()
    for start in parent:
        seen, current = {start}, parent[start]
        while current in parent:
            assert current not in seen, f"{start} loops through {current}"
            seen.add(current)
            current = parent[current]


def test_counting_by_domain_counts_each_umbrella_once(measures):
    top = measures[measures["parent_measure_id"].isna()]
    # The six actions' two example projects are counted under 强设施, not beside it.
    assert set(measures.loc[measures["parent_measure_id"] == "six-actions-infrastructure", "measure_id"]) == {
        "beijing-kowloon-passenger-line",
        "yangtze-waterway-645-project",
    }
    assert "yangtze-waterway-645-project" not in set(top["measure_id"])
    sixth = top[top["source_id"] == "xinhunan-c4-sixth-meeting"]
    assert (sixth["domain"] == "infrastructure").sum() == 1  # 强设施 alone
    # The four cities' five ecological measures are parts of one series.
    series = measures[measures["parent_measure_id"] == "four-cities-ecological-belt-measures"]
    assert len(series) == 5
    assert len(top) + (measures["parent_measure_id"].notna()).sum() == len(measures)


@pytest.mark.parametrize(
    "measure_id",
    ["city-card-interoperability", "social-insurance-interoperability", "work-injury-insurance-interoperability"],
)
def test_status_agrees_with_the_evidence_of_the_measures_own_links(measures, links, measure_id):
    status = measures.set_index("measure_id").loc[measure_id, "status"]
    evidence = set(_linked(links, measure_id)["evidence"])
    # The official's words are a target (力争在近两年内逐步打通), so the links quote only the four cities.
    assert evidence == {"四个城市之间"}
    assert status == "planned"


def test_no_planned_or_proposed_measure_has_a_link_saying_it_is_under_way(measures, links):
    early = set(measures.loc[measures["status"] <= "planned", "measure_id"])
    under_way = links[links["evidence"].str.contains("正在进行")]
    assert set(under_way["measure_id"]) & early == set()


def test_the_plan_to_admit_every_cluster_city_links_the_cities_of_its_paragraph(links):
    linked = _linked(links, "admit-all-cluster-cities")
    assert set(linked.loc[linked["part"] == "participant", "city_id"]) == CAPITALS
    prospective = linked[linked["part"] == "prospective_participant"]
    assert len(prospective) == 11  # eight observer and three regional cooperation cities
    assert (prospective["certainty"] == "inferred").all() and prospective["note"].notna().all()


def test_quote_zh_is_empty_exactly_for_rows_from_english_sources(measures):
    language = c4data.sources().set_index("source_id")["language"].astype("string")
    # English, and since issue 20 German: a source in another language has no Chinese words to quote.
    foreign = (~measures["source_id"].map(language).str.startswith("zh")).to_numpy()
    assert foreign.sum() == 17 + 2 + 14
    assert set(measures.loc[foreign, "source_id"].map(language)) == {"en", "de"}
    assert measures.loc[foreign, "quote_zh"].isna().all()
    assert measures.loc[~foreign, "quote_zh"].notna().all()
    # No Chinese name is invented for a measure that only an English- or German-language source reports ...
    assert set(measures.loc[measures["name_zh"].isna(), "source_id"].map(language)) == {"en", "de"}
    # ... but the medical-insurance row, whose best source is the English report of the fifth meeting, takes
    # its Chinese name from the Chinese report of the same meeting.
    row = measures.set_index("measure_id").loc["medical-insurance-cross-city-reimbursement"]
    assert row["name_zh"] == "医疗保险异地就医" and pd.isna(row["quote_zh"])


def test_verbatim_quotes_are_checked_against_the_reference_texts(measures, sources_dir):
    texts = {
        row.source_id: (sources_dir / row.reference_file).read_text(encoding="utf-8")
        for row in c4data.sources().dropna(subset=["reference_file"]).itertuples()
    }
    quoted = measures.dropna(subset=["quote_zh"])
    assert len(quoted) > 100
    assert [r.measure_id for r in quoted.itertuples() if r.quote_zh not in texts[r.source_id]] == []


def test_only_status_has_an_order(measures, links):
    assert measures["status"].cat.ordered
    assert list(measures["status"].cat.categories) == ["proposed", "planned", "in_progress", "implemented"]
    assert not measures["domain"].cat.ordered
    assert not links["part"].cat.ordered


def test_route_links_name_their_city_unless_inferred(links):
    cities = c4data.cities().set_index("city_id")
    route = links[(links["part"] == "on_route") & (links["certainty"] == "stated")].copy()
    assert len(route) >= 10
    for row in route.itertuples():
        city = cities.loc[row.city_id]
        # A machine-converted text writes the name in traditional characters, with pinyin glosses (長(zhǎng)沙).
        evidence = _simplified(re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", row.evidence))
        assert city["name_zh"].removesuffix("市") in evidence or city["name_en"] in evidence, row


MEASURES_PER_SOURCE = {
    "xinhunan-c4-sixth-meeting": 40,
    "nc530-2013-wuhan-consensus": 22,
    "chinadaily-2015-hefei-essentials": 11,
    "baogaosu-2016-nanchang-action": 3,
    "qqzyw-2017-fifth-meeting": 6,
    "rednet-en-2017-fifth-meeting": 6,
    "bhjs-2019-seventh-meeting": 10,
    "shifen-2023-ninth-meeting": 21,
    "huaxia-2024-tenth-meeting": 17,
    "eastmoney-2024-tenth-meeting-preview": 5,
    "jiaobener-2023-ninth-coordination-meeting": 6,
    "wuwenjie-2024-tenth-meeting": 2,
    # Issue 20 (the river crossing of the 2024 items moved from the blog to the copy of the Hunan Daily article).
    "shengtairou-2015-third-meeting": 6,
    "whchina-en-2017-fifth-meeting": 2,
    "german-whgov-2019-seventh-meeting": 14,
    "770365-2023-ninth-meeting": 7,
    "shenyang-2023-ninth-meeting": 4,
    "ahtoxa-2024-tenth-meeting-hunan-daily": 2,
    "acorahome-2024-tenth-meeting": 3,
}


def test_measures_per_source(measures):
    counts = measures["source_id"].value_counts().to_dict()
    assert counts == MEASURES_PER_SOURCE
    # The list page repeats the opening of the seventh meeting's article (no measure), and the tenth meeting's spam
    # mirror is kept only where it disagrees with better sources (it does not, on measures).
    assert "bhjs-list-2019-seventh-meeting" not in counts and "pshk12-2024-tenth-meeting" not in counts


def test_measures_of_each_meeting_and_their_documents(measures):
    per_meeting = measures.groupby("meeting_id").size().to_dict()
    assert per_meeting == {1: 15, 3: 15, 4: 3, 5: 9, 6: 7, 7: 24, 9: 32, 10: 22}
    assert set(measures.loc[measures["meeting_id"] == 5, "agreement_id"].dropna()) == {"c4-action-plan-2017-2020"}
    police = measures.set_index("measure_id").loc["police-cooperation"]
    assert police["status"] == "planned" and police["agreement_id"] == "c4-police-cooperation-framework"


def test_further_sources_of_measures_are_attestations():
    attestations = c4data.attestations()
    about = attestations[attestations["resource"] == "measures"]
    assert len(about) == 67
    six = about[about["row_key"].str.startswith("six-actions-")]
    assert set(six["field"]) == {"agreement_id", "meeting_id"}
    assert set(six["source_id"]) == {
        "qqzyw-2017-fifth-meeting",
        "axyjyo-2017-fifth-meeting",
        "whchina-en-2017-fifth-meeting",
    }
    # The 2017 report of a card being worked on is a status report of its own (status_reports), not an attestation.
    assert about[about["row_key"] == "city-card-interoperability"].empty
    reports = c4data.status_reports().query("undertaking_id == 'city-card-interoperability'")
    assert reports[["source_id", "status"]].values.tolist()[0] == ["rednet-en-2017-fifth-meeting", "in_progress"]
    housing = about[about["row_key"] == "housing-fund-interoperability"]
    assert set(housing["source_id"]) == {"qqzyw-2017-fifth-meeting", "rednet-en-2017-fifth-meeting"}
    # The spam mirror agrees with the better sources on every measure, so it attests none.
    assert "pshk12-2024-tenth-meeting" not in set(about["source_id"])


def test_the_city_card_disagreement_adopts_the_status_the_table_holds(measures):
    disagreements = c4data.disagreements().set_index("disagreement_id")
    row = disagreements.loc["city-card-interoperability-status"]
    assert row["adopted_value"] == "planned" and row["other_value"] == "implemented"
