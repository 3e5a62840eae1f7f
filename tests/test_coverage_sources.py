"""The texts added for the whole story, 2013-2024, the nine more reports on the meetings of issue 20 and the
national frame: what each contributes, counted and checked.

Counts per source are read from the curated CSV with the csv module, independently of the loader, and
must equal both the numbers written here (what was curated from each text) and what the package loads.
Each source is also held to the facts a user would quote from it.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import c4data

pytestmark = pytest.mark.data

REPO_ROOT = Path(__file__).resolve().parents[1]
CURATED = REPO_ROOT / "data" / "curated"

# Rows each new source is the own source of, per table (attestations and disagreements: rows naming it).
ROWS_PER_SOURCE = {
    "nc530-2013-wuhan-consensus": {
        "attestations": 10,
        "disagreements": 1,
        "figure_cities": 4,
        "figures": 3,
        "measure_cities": 88,
        "measures": 22,
        "meeting_cities": 8,
        "participation": 1,
        "persons": 1,
        "roles": 1,
        "status_reports": 22,
        "undertakings": 11,
    },
    "chinadaily-2015-hefei-essentials": {
        "attestations": 6,
        "cities": 2,
        "measure_cities": 33,
        "measures": 11,
        "meeting_cities": 9,
        "meetings": 1,
        "project_cities": 6,
        "projects": 3,
        "status_reports": 11,
        "undertakings": 7,
    },
    "baogaosu-2016-nanchang-action": {
        "attestations": 10,
        "figures": 1,
        "measure_cities": 12,
        "measures": 3,
        "meeting_cities": 9,
        "meetings": 1,
        "participation": 5,
        "persons": 4,
        "roles": 5,
        "status_reports": 3,
    },
    "qqzyw-2017-fifth-meeting": {
        "agreements": 1,
        "attestations": 36,
        "figures": 2,
        "measure_cities": 24,
        "measures": 6,
        "meeting_cities": 4,
        "meeting_organisations": 2,
        "organisations": 2,
        "status_reports": 15,
        "undertakings": 6,
    },
    "rednet-en-2017-fifth-meeting": {
        "attestations": 8,
        "cities": 4,
        "disagreements": 1,
        "figure_cities": 11,
        "figures": 4,
        "measure_cities": 13,
        "measures": 6,
        "meeting_cities": 9,
        "meetings": 1,
        "project_cities": 6,
        "projects": 3,
        "status_reports": 8,
        "undertakings": 6,
    },
    "bhjs-2019-seventh-meeting": {
        "agreements": 2,
        "attestations": 23,
        "disagreements": 1,
        "measure_cities": 37,
        "measures": 10,
        "meeting_cities": 4,
        "meeting_organisations": 6,
        "organisations": 3,
        "participation": 10,
        "persons": 4,
        "roles": 15,
        "status_reports": 10,
        "undertakings": 6,
    },
    # Wuhan's German report (original) is now the source of the seventh meeting, its host, capitals and signatories.
    "bhjs-list-2019-seventh-meeting": {"attestations": 32},
    "shifen-2023-ninth-meeting": {
        "agreements": 2,
        "attestations": 12,
        "cities": 7,
        "figure_cities": 12,
        "figures": 4,
        "measure_cities": 72,
        "measures": 21,
        "meeting_cities": 32,
        "meetings": 1,
        "project_cities": 20,
        "projects": 8,
        "status_reports": 21,
        "undertakings": 13,
    },
    "huaxia-2024-tenth-meeting": {
        "agreements": 1,
        "attestations": 6,
        "figures": 5,
        "measure_cities": 44,
        "measures": 17,
        "meeting_cities": 9,
        "meetings": 1,
        "participation": 2,
        "persons": 2,
        "project_cities": 2,
        "projects": 1,
        "roles": 3,
        "status_reports": 17,
        "undertakings": 12,
    },
    "eastmoney-2024-tenth-meeting-preview": {
        "agreements": 1,
        "attestations": 18,
        "figure_cities": 12,
        "figures": 5,
        "measure_cities": 20,
        "measures": 5,
        "persons": 1,
        "roles": 2,
        "status_reports": 9,
        "undertakings": 3,
    },
    "wuwenjie-2024-tenth-meeting": {
        "attestations": 28,
        "disagreements": 1,
        "measures": 2,
        "project_cities": 2,
        "projects": 1,
        "status_reports": 2,
        "undertakings": 3,
    },
    "pshk12-2024-tenth-meeting": {"disagreements": 1},
    "jiaobener-2023-ninth-coordination-meeting": {
        "agreements": 1,
        "attestations": 8,
        "bodies": 3,
        "body_meeting_cities": 5,
        "body_meetings": 1,
        "body_participation": 4,
        "measures": 6,
        "persons": 2,
        "roles": 7,
        "status_reports": 6,
        "undertakings": 2,
    },
    # Issue 20: nine more reports on the meetings.
    "shengtairou-2015-third-meeting": {
        "agreements": 1,
        "attestations": 19,
        "measure_cities": 13,
        "measures": 6,
        "project_cities": 6,
        "projects": 3,
        "status_reports": 6,
        "undertakings": 4,
    },
    "axyjyo-2017-fifth-meeting": {
        "attestations": 24,
        "figure_cities": 16,
        "figures": 4,
        "participation": 8,
        "persons": 4,
        "roles": 12,
    },
    "whchina-en-2017-fifth-meeting": {
        "attestations": 28,
        "measure_cities": 8,
        "measures": 2,
        "status_reports": 3,
        "undertakings": 1,
    },
    "german-whgov-2019-seventh-meeting": {
        "attestations": 6,
        "figures": 1,
        "measure_cities": 56,
        "measures": 14,
        "meeting_cities": 9,
        "meetings": 1,
        "status_reports": 14,
        "undertakings": 13,
    },
    "770365-2023-ninth-meeting": {
        "attestations": 26,
        "measure_cities": 13,
        "measures": 7,
        "participation": 5,
        "persons": 4,
        "roles": 9,
        "status_reports": 7,
        "undertakings": 6,
    },
    "shenyang-2023-ninth-meeting": {
        "attestations": 14,
        "measure_cities": 4,
        "measures": 4,
        "meetings": 1,
        "participation": 9,
        "persons": 2,
        "roles": 8,
        "status_reports": 4,
        "undertakings": 2,
    },
    "ahtoxa-2024-tenth-meeting-hunan-daily": {
        "attestations": 8,
        "measure_cities": 6,
        "measures": 2,
        "meeting_organisations": 1,
        "participation": 4,
        "persons": 7,
        "roles": 9,
        "status_reports": 2,
        "undertakings": 1,
    },
    "acorahome-2024-tenth-meeting": {
        "attestations": 45,
        "measure_cities": 4,
        "measures": 3,
        "project_cities": 5,
        "projects": 2,
        "status_reports": 3,
        "undertakings": 2,
    },
    "informationbz-fr-2024-tenth-meeting": {
        "attestations": 34,
        "figure_cities": 4,
        "figures": 2,
        "participation": 3,
        "roles": 5,
    },
    # The national frame: the State Council's and the NDRC's documents on the cluster.
    "zhld-2015-plan-approval": {
        "attestations": 4,
        "document_dates": 1,
        "document_statements": 4,
        "national_documents": 1,
        "persons": 1,
        "roles": 1,
    },
    "dfux-2015-ndrc-notice-738": {
        "attestations": 3,
        "document_dates": 2,
        "document_statements": 2,
        "national_documents": 1,
    },
    "sgf2-2015-state-council-approval-text": {
        "attestations": 1,
        "disagreements": 1,
        "document_dates": 1,
        "document_statements": 3,
        "national_documents": 2,
    },
    "englishgov-2015-plan-approval-en": {"attestations": 5, "disagreements": 1, "document_dates": 1},
    "bovorplan-2015-plan-preface-scope": {
        "attestations": 1,
        "cities": 17,
        "document_dates": 1,
        "document_figures": 6,
        "document_statements": 3,
        "national_documents": 1,
        "scope_cities": 31,
    },
    "rednet-2022-14th-fyp-plan": {
        "attestations": 2,
        "document_dates": 2,
        "document_figures": 4,
        "document_statements": 2,
        "national_documents": 2,
    },
    "tzxm-2022-state-council-approval-14th-fyp": {
        "attestations": 2,
        "document_dates": 2,
        "document_statements": 4,
        "national_documents": 2,
    },
    "hngtcwzp-2022-14th-fyp-targets-metro-areas": {"attestations": 6, "document_statements": 4},
    "baike-cluster-overview-milestones": {
        "attestations": 58,
        "disagreements": 1,
        "document_dates": 3,
        "document_statements": 2,
        "national_documents": 2,
    },
    "wlchinahnzz-2025-urban-hq-opinion": {"document_dates": 1, "document_statements": 1, "national_documents": 1},
    "whcdrm-gov-work-report-first-mention": {"document_statements": 2, "national_documents": 1},
    "wikisource-2021-central-region-opinion": {"attestations": 1, "document_dates": 1, "national_documents": 1},
}


def _curated_counts() -> dict[str, Counter]:
    """Rows per source_id of every curated table, read with the csv module (the sources table left out)."""
    counts: dict[str, Counter] = {}
    for path in sorted(CURATED.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if path.stem != "sources" and rows and "source_id" in rows[0]:
            counts[path.stem] = Counter(row["source_id"] for row in rows)
    return counts


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return c4data.tables()


@pytest.mark.parametrize("source_id", sorted(ROWS_PER_SOURCE))
def test_rows_per_source_as_curated_and_as_loaded(source_id, tables):
    curated = {name: counts[source_id] for name, counts in _curated_counts().items() if counts[source_id]}
    loaded = {
        name: int((frame["source_id"] == source_id).sum())
        for name, frame in tables.items()
        if name != "sources" and "source_id" in frame and (frame["source_id"] == source_id).any()
    }
    assert curated == ROWS_PER_SOURCE[source_id]
    assert loaded == curated
    assert (tables["sources"]["source_id"] == source_id).sum() == 1


def test_every_new_source_is_counted_here(tables):
    texts = tables["sources"].dropna(subset=["reference_file"])
    assert set(texts["source_id"]) - {"xinhunan-c4-sixth-meeting"} == set(ROWS_PER_SOURCE)


def _meeting(tables, meeting_id: int) -> pd.Series:
    return tables["meetings"].set_index("meeting_id").loc[meeting_id]


def _source(tables, source_id: str) -> pd.Series:
    return tables["sources"].set_index("source_id").loc[source_id]


def _cities(tables, meeting_id: int, part: str) -> set[str]:
    mc = tables["meeting_cities"]
    names = tables["cities"].set_index("city_id")["name_en"]
    return {names[c] for c in mc.loc[(mc["meeting_id"] == meeting_id) & (mc["part"] == part), "city_id"]}


FOUR = {"Wuhan", "Changsha", "Hefei", "Nanchang"}


def test_nc530_first_meeting_on_the_23rd_in_wuhan(tables):
    first = _meeting(tables, 1)
    assert (first["date"], first["date_certainty"], first["host_city_id"]) == ("2013-02-23", "inferred", "420100")
    dated = tables["attestations"].query("resource == 'meetings' and row_key == '1' and field == 'date'")
    assert dated["source_id"].tolist() == ["nc530-2013-wuhan-consensus"]
    assert _cities(tables, 1, "capital") == FOUR
    source = _source(tables, "nc530-2013-wuhan-consensus")
    assert (source["published"], source["reliability"], source["kind"]) == (
        "2013-02-24",
        "uncredited_copy",
        "forum_repost",
    )
    assert tables["figures"].set_index("figure_id").loc["national-gdp-growth-2012", "value"] == 7.8


def test_chinadaily_third_meeting_in_hefei_in_english_only(tables):
    third = _meeting(tables, 3)
    assert (third["date"], third["host_city_id"], third["source_id"]) == (
        "2015-02-07",
        "340100",
        "chinadaily-2015-hefei-essentials",
    )
    assert _cities(tables, 3, "signatory") == FOUR
    hefei = tables["agreements"].set_index("agreement_id").loc["c4-hefei-outline"]
    # The Chinese copy of issue 20 prints what China Daily left to inference: the mayors signed 合肥綱要 at the third.
    assert (hefei["title_en"], hefei["meeting_id"], hefei["certainty"], hefei["source_id"]) == (
        "Hefei Essentials",
        3,
        "stated",
        "shengtairou-2015-third-meeting",
    )
    source = _source(tables, "chinadaily-2015-hefei-essentials")
    assert pd.isna(source["title_zh"]) and source["language"] == "en" and source["reliability"] == "official_reprint"


def test_baogaosu_fourth_meeting_keeps_both_readings_of_its_stamp(tables):
    fourth = _meeting(tables, 4)
    assert (fourth["date"], fourth["host_city_id"]) == ("2016", "360100")
    assert (fourth["date_min"], fourth["date_max"]) == (pd.Timestamp("2016-02-01"), pd.Timestamp("2016-03-01"))
    source = _source(tables, "baogaosu-2016-nanchang-action")
    assert (source["published_min"], source["published_max"]) == (
        pd.Timestamp("2016-02-03"),
        pd.Timestamp("2016-03-02"),
    )
    spoke = tables["participation"].query("meeting_id == 4 and part == 'spoke'")
    assert sorted(spoke["person_id"]) == ["guo-an", "hu-henghua", "ruan-chengfa", "wu-cunrong"]


def test_qqzyw_and_rednet_fifth_meeting_in_wuhan_on_10_april_2017(tables):
    fifth = _meeting(tables, 5)
    assert (fifth["date"], fifth["date_certainty"], fifth["host_city_id"], fifth["source_id"]) == (
        "2017-04-10",
        "stated",
        "420100",
        "rednet-en-2017-fifth-meeting",
    )
    plan = tables["agreements"].set_index("agreement_id").loc["c4-action-plan-2017-2020"]
    assert (plan["meeting_id"], plan["source_id"], plan["status"]) == (5, "qqzyw-2017-fifth-meeting", "signed")
    assert _cities(tables, 5, "observer") == {"Yueyang", "Huangshi", "Jiujiang", "Anqing"}
    figures = tables["figures"].set_index("figure_id")
    assert figures.loc["tourist-card-price", ["value", "unit"]].tolist() == [200, "CNY"]
    assert figures.loc["tourist-card-scenic-spots", "value"] == 43
    assert _source(tables, "qqzyw-2017-fifth-meeting")["reproduces_zh"] == "中安在线"


def test_bhjs_seventh_meeting_on_4_december_not_124(tables):
    seventh = _meeting(tables, 7)
    assert (seventh["date"], seventh["host_city_id"], seventh["source_id"]) == (
        "2019-12-04",
        "340100",
        "german-whgov-2019-seventh-meeting",
    )
    listed = tables["attestations"].query("resource == 'meetings' and row_key == '7'")
    assert set(listed["source_id"]) == {"bhjs-list-2019-seventh-meeting", "bhjs-2019-seventh-meeting"}
    fault = tables["disagreements"].set_index("disagreement_id").loc["meeting-7-date-rendering"]
    assert (fault["other_value"], fault["source_id"]) == ("124日", "bhjs-2019-seventh-meeting")
    signed = tables["participation"].query("meeting_id == 7 and part == 'signed'")
    assert sorted(signed["person_id"]) == ["hu-zhongxiong", "ling-yun", "liu-jianyang", "zhou-xianwang"]
    assert _cities(tables, 7, "observer") == {"Huangshi", "Yueyang"}


def test_shifen_ninth_meeting_by_video_with_twelve_observers(tables):
    ninth = _meeting(tables, 9)
    assert (ninth["date"], ninth["held_as"]) == ("2023-02-21", "video_conference")
    assert pd.isna(ninth["host_city_id"])
    assert len(_cities(tables, 9, "observer")) == len(_cities(tables, 9, "signatory") - FOUR) == 12
    figures = tables["figures"].set_index("figure_id")["value"]
    assert (
        figures["key-items-2023-count"]
        == figures["key-items-2023-cross-provincial"] + figures["key-items-2023-metropolitan"]
        == 40
    )
    assert _source(tables, "shifen-2023-ninth-meeting")["published"] == "2023-02"


def test_huaxia_and_preview_tenth_meeting_in_changsha_over_two_days(tables):
    tenth = _meeting(tables, 10)
    assert (tenth["date"], tenth["host_city_id"]) == ("2024-07-28/2024-07-29", "430100")
    assert (tenth["date_min"], tenth["date_max"]) == (pd.Timestamp("2024-07-28"), pd.Timestamp("2024-07-29"))
    assert tables["figures"].set_index("figure_id").loc["key-items-2024-count", "value"] == 63
    agreements = tables["agreements"].set_index("agreement_id")
    assert agreements.loc["cluster-key-items-2024", "status"] == "signed"
    assert agreements.loc["c4-police-cooperation-framework", "status"] == "planned"


def test_eastmoney_gdp_of_the_four_capitals(tables):
    figures = tables["figures"].set_index("figure_id")
    assert figures.loc["capitals-gdp-2013", ["value", "unit", "period"]].tolist() == [2421334000000, "CNY", "2013"]
    assert figures.loc["capitals-gdp-2023", "value"] == 5423028000000
    ratio = figures.loc["capitals-gdp-2023", "value"] / figures.loc["capitals-gdp-2013", "value"]
    assert round(ratio, 2) == figures.loc["capitals-gdp-ratio-2013-2023", "value"]


def test_weak_sources_only_attest_or_disagree(tables):
    disagreements = tables["disagreements"]
    blog = disagreements[disagreements["source_id"] == "wuwenjie-2024-tenth-meeting"]
    assert blog[["row_key", "field", "other_value"]].values.tolist() == [["10", "date", "2024-07-29"]]
    spam = disagreements[disagreements["source_id"] == "pshk12-2024-tenth-meeting"]
    assert sorted(spam["other_value"]) == ["4"]  # its silence on observer cities is no claim (issue 19)
    assert not (tables["attestations"]["source_id"] == "pshk12-2024-tenth-meeting").any()
    assert _source(tables, "pshk12-2024-tenth-meeting")["reliability"] == "spam_mirror"


def test_observer_circle_widens_from_meeting_to_meeting(tables):
    observers = tables["meeting_cities"].query("part == 'observer'").groupby("meeting_id")["city_id"].nunique()
    assert observers.to_dict() == {5: 4, 6: 8, 7: 2, 9: 12}
    counted = tables["figures"].set_index("figure_id")["value"]
    assert [counted["observer-cities-meeting-6"], counted["observer-cities-meeting-9"]] == [8, 12]
    assert counted["observer-cities-meeting-10"] == 12


def test_one_person_in_different_posts_over_the_years(tables):
    hu = tables["roles"].query("person_id == 'hu-henghua' and admin_level == 'municipal'").sort_values("as_of_min")
    assert hu[["as_of", "position_zh"]].values.tolist() == [
        ["2016", "市长"],
        ["2018-09-27", "书记"],
        ["2019-12-04", "书记"],
    ]
    assert tables["persons"]["person_id"].is_unique
    joined = tables["participation"].merge(tables["persons"], on="person_id", validate="many_to_one")
    assert len(joined) == len(tables["participation"])


# Issue 20: what a referee checks first in each of the nine new reports, written from the texts.


def test_shengtairou_prints_the_third_meetings_name_and_the_outlines_railways(tables):
    named = tables["attestations"].query("resource == 'meetings' and row_key == '3' and field == 'name_zh'")
    assert named["source_id"].tolist() == ["shengtairou-2015-third-meeting"]
    # 推進新建合武(合肥-武漢)高速客專,規劃建設南昌-武漢高速客專: planned under the outline, on the routes it names.
    measures = tables["measures"].set_index("measure_id")
    for measure_id in ("hefei-essentials-hefei-wuhan-passenger-line", "hefei-essentials-nanchang-wuhan-passenger-line"):
        assert measures.loc[measure_id, ["agreement_id", "status"]].tolist() == ["c4-hefei-outline", "planned"]
    route = tables["measure_cities"].query("measure_id == 'hefei-essentials-nanchang-wuhan-passenger-line'")
    assert set(route["city_id"]) == {"360100", "420100"} and set(route["part"]) == {"on_route"}
    source = _source(tables, "shengtairou-2015-third-meeting")
    assert (source["language"], source["reliability"], source["published_min"]) == (
        "zh-Hant",
        "uncredited_copy",
        pd.Timestamp("2015-02-10"),
    )


def test_axyjyo_and_whchina_fifth_meeting_distances_and_sources(tables):
    figures = tables["figures"].set_index("figure_id")
    # 四個城市之間的空間距離,都只有350到400公里,,高鐵時代就是一個小時到一個半小時路程
    distance = ["capitals-distance-lower", "capitals-distance-upper"]
    assert figures.loc[distance, "value"].tolist() == [350, 400] and set(figures.loc[distance, "unit"]) == {"km"}
    by_rail = ["capitals-high-speed-rail-time-lower", "capitals-high-speed-rail-time-upper"]
    assert figures.loc[by_rail, "value"].tolist() == [60, 90] and set(figures.loc[by_rail, "unit"]) == {"minute"}
    copy = _source(tables, "axyjyo-2017-fifth-meeting")
    assert copy[["reproduces_zh", "published"]].tolist() == ["長安街知事", "2017-04-11"]
    english = _source(tables, "whchina-en-2017-fifth-meeting")
    assert (english["published"], english["certainty"], english["reliability"]) == ("2017-04", "inferred", "original")
    # Health services integrated by 2017 is that year's report, not a disagreement with the 2018 report.
    assert tables["disagreements"].query("row_key == 'medical-care-cooperation'").empty
    health = tables["status_reports"].query("undertaking_id == 'medical-care-cooperation' and date == '2017-04-10'")
    assert set(health["source_id"]) == {"qqzyw-2017-fifth-meeting", "whchina-en-2017-fifth-meeting"}
    assert set(health["status"].astype(str)) == {"implemented"}


def test_german_seventh_meeting_fourteen_fields_for_2020(tables):
    fields = tables["measures"].query("source_id == 'german-whgov-2019-seventh-meeting'")
    assert len(fields) == 14 == tables["figures"].set_index("figure_id").loc["key-items-2020-areas", "value"]
    assert set(fields["agreement_id"]) == {"cluster-key-items-2020"} and set(fields["target_year"]) == {2020}
    assert fields["name_zh"].isna().all(), "German only: no Chinese name is invented"
    german = _source(tables, "german-whgov-2019-seventh-meeting")
    assert german[["language", "published"]].tolist() == ["de", "2019-12-05"]


def test_ninth_meeting_reports_the_spam_hides_wuhan(tables):
    ninth = _meeting(tables, 9)
    assert (ninth["date"], ninth["held_as"]) == ("2023-02-21", "video_conference")
    dated = tables["attestations"].query("resource == 'meetings' and row_key == '9'")
    assert set(dated["source_id"]) >= {"770365-2023-ninth-meeting", "shenyang-2023-ninth-meeting"}
    # 市委副书记、市长程用文: the city is hidden by the spam, so Wuhan is inferred, never stated.
    roles = tables["roles"].set_index("role_id")
    assert roles.loc["cheng-yongwen-2", ["city_id", "certainty"]].tolist() == ["420100", "inferred"]
    assert _source(tables, "770365-2023-ninth-meeting")["reliability"] == "spam_mirror"
    # 會議聽取了第八屆會商會以來工作進展情況介紹: the eighth meeting is named, before the ninth.
    eighth = _meeting(tables, 8)
    assert eighth["source_id"] == "shenyang-2023-ninth-meeting" and eighth["date_max"] < ninth["date_min"]


def test_tenth_meeting_in_person_guests_and_the_french_report(tables):
    tenth = _meeting(tables, 10)
    assert (tenth["date"], tenth["held_as"]) == ("2024-07-28/2024-07-29", "in_person")
    figures = tables["figures"].set_index("figure_id")["value"]
    assert figures["signatory-cities-meeting-10"] == 4 + figures["observer-cities-meeting-10"] == 16
    french = tables["roles"].query("source_id == 'informationbz-fr-2024-tenth-meeting'")
    assert french["position_zh"].isna().all() and french["position_en"].notna().all()
    source = _source(tables, "informationbz-fr-2024-tenth-meeting")
    assert (source["language"], source["authors_en"]) == ("fr", "Gao Yuyang")
    # 续建咸宁(通山)至九江(武宁)高速公路: beyond huaxia's stored opening, only in the traditional-character copy.
    road = tables["measures"].set_index("measure_id").loc["xianning-jiujiang-expressway"]
    assert (road["source_id"], road["status"]) == ("acorahome-2024-tenth-meeting", "in_progress")
