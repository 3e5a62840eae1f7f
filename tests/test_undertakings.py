"""Undertakings traced across the meetings (issue 19): the README's four queries against expectations derived
independently (from the curated CSV by plain Python, or read off the texts), and the facts of the kinds."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from support import REPO_ROOT

import c4data

pytestmark = pytest.mark.data

CURATED = REPO_ROOT / "data" / "curated"
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _csv(table: str) -> list[dict[str, str]]:
    with open(CURATED / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def readme() -> dict:
    """The namespace of the README's block of undertaking queries, run as a user runs it."""
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL) if "latest_status" in b]
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    return namespace


def _latest_by_hand() -> dict[str, tuple[str, str]]:
    """Each undertaking's (date_max, status) of its latest report, read from the curated CSV without the library."""
    latest: dict[str, tuple[tuple[str, str, int], str]] = {}
    for row in _csv("status_reports"):
        order = (row["date_min"], row["date_max"], int(row["report"]))
        if row["undertaking_id"] not in latest or order > latest[row["undertaking_id"]][0]:
            latest[row["undertaking_id"]] = (order, row["status"])
    return {undertaking: (order[1], status) for undertaking, (order, status) in latest.items()}


def test_every_undertaking_has_its_reports_in_date_order_and_its_latest_status(readme):
    reports, latest = readme["reports"], readme["latest"]
    assert set(latest["undertaking_id"]) == {row["undertaking_id"] for row in _csv("undertakings")}
    by_hand = _latest_by_hand()
    derived = latest.set_index("undertaking_id")
    assert {u: (str(r.date_max.date()), r.status) for u, r in derived.iterrows()} == by_hand
    for _, group in reports.groupby("undertaking_id", observed=True):
        assert group["report"].tolist() == list(range(1, len(group) + 1))
        assert group["date_min"].is_monotonic_increasing


# Read off the texts: what each says of the undertaking, and when.
CHAINS = {
    # nc530 (2013): 建立医疗服务共享; qqzyw (2017): 成功实现了…医疗卫生合作; whchina-en (2017): achieved integration of
    # health services; xinhunan (2018): 医疗…合作在逐步推进
    "medical-care-cooperation": [
        ("2013-02-23", "planned"),
        ("2017-04-10", "implemented"),
        ("2017-04-10", "implemented"),
        ("2018-09-27", "in_progress"),
    ],
    # shengtairou (2015): 家啟動(dòng)…“滬昆…”高速鐵路…建設 (planned); rednet-en (2017): the line in operation
    "shanghai-kunming-high-speed-railway": [("2015-02-07", "planned"), ("2017-04-10", "implemented")],
    # rednet-en (2017): a common card is being worked on; xinhunan (2018): 力争在近两年内逐步打通, a target
    "city-card-interoperability": [("2017-04-10", "in_progress"), ("2018-09-27", "planned")],
    # nc530 (2013): 新型农村合作医疗实现跨市结算 agreed; rednet-en and qqzyw (2017): reimbursement achieved
    "medical-insurance-cross-city": [
        ("2013-02-23", "planned"),
        ("2017-04-10", "implemented"),
        ("2017-04-10", "implemented"),
    ],
}


@pytest.mark.parametrize("undertaking", sorted(CHAINS))
def test_a_status_that_changes_is_a_sequence_of_dated_reports(readme, undertaking):
    reports = readme["reports"]
    chain = reports[reports["undertaking_id"] == undertaking]
    assert list(zip(chain["date"], chain["status"].astype(str), strict=True)) == CHAINS[undertaking]


def test_the_undertakings_reported_done_leave_out_external_projects_and_statements(readme):
    kinds = {row["undertaking_id"]: row["kind"] for row in _csv("undertakings")}
    by_hand = {u for u, (_, status) in _latest_by_hand().items() if status == "implemented"}
    own = {u for u in by_hand if kinds[u] not in ("external_project", "aim")}
    done = set(readme["done"]["undertaking_id"])
    assert done == own and len(done) == 22
    assert {"housing-fund-interoperability", "medical-insurance-cross-city", "library-citizen-treatment"} <= done
    # The national railways in operation by 2017 and "raised to a national strategy" are not the cooperation's work.
    assert {
        "beijing-guangzhou-high-speed-railway",
        "hefei-wuhan-high-speed-railway",
        "raised-to-national-strategy",
    } <= (by_hand - done)


# Read off the ninth meeting's report:
# 武汉至南昌、武汉至贵阳、武汉至安庆至池州、长沙至安庆至南京、安庆至景德镇等铁路项目
RAILWAYS_2023 = {
    "武汉至南昌": {"Wuhan", "Nanchang"},
    "武汉至贵阳": {"Wuhan", "Guiyang"},
    "武汉至安庆至池州": {"Wuhan", "Anqing", "Chizhou"},
    "长沙至安庆至南京": {"Changsha", "Anqing", "Nanjing"},
    "安庆至景德镇": {"Anqing", "Jingdezhen"},
}


def test_the_cities_on_the_route_of_each_railway_of_the_2023_items(readme):
    routes = readme["routes"]
    assert {name: set(group["city"]) for name, group in routes.groupby("name_zh")} == RAILWAYS_2023
    tiers = c4data.cities().set_index("name_en")["tier"]
    assert set(tiers.loc[["Guiyang", "Chizhou", "Nanjing"]]) == {"project_place"}
    # Jingdezhen is also in the 2015 plan's list: one row, of tier plan_city, its route in project_cities all the same.
    assert tiers.loc["Jingdezhen"] == "plan_city"
    assert "360200" in set(c4data.scope_cities()["city_id"])


def test_the_incomplete_lists_of_cities_are_those_ending_in_deng_without_a_count(readme):
    # 等 closes a list when a count follows it (等八个观察员城市); without one, more cities took the part.
    open_list = re.compile(r"[^、,,等]+等(?![一二三四五六七八九十两0-9])")
    expected = {
        (int(row["meeting_id"]), row["part"])
        for row in _csv("meeting_cities")
        if row["part"] in ("observer", "signatory", "regional_partner") and open_list.search(row["evidence"])
    }
    incomplete = readme["incomplete"]
    assert set(incomplete.index) == expected == {(5, "observer"), (7, "observer"), (7, "signatory")}
    assert incomplete.loc[(7, "observer")] == ["420200", "430600"]  # the dip to two observer cities


def test_every_measure_names_its_undertaking_and_a_kind():
    measures = c4data.measures()
    assert measures["undertaking_id"].notna().all() and measures["kind"].notna().all()
    counts = measures["kind"].value_counts().to_dict()
    assert counts == {"aim": 76, "commitment": 46, "achievement": 30, "external_project": 28, "event": 7}
    kinds = measures.set_index("measure_id")["kind"]
    assert kinds["beijing-guangzhou-high-speed-railway"] == "external_project"
    assert kinds["raised-to-national-strategy"] == "aim"
    assert kinds["observer-and-partner-cities-invited"] == "event"


def test_rows_linked_by_judgement_are_inferred_with_the_reason():
    measures = c4data.measures()
    shared = measures.groupby("undertaking_id")["source_id"].transform("nunique") > 1
    inferred = measures["undertaking_certainty"] == "inferred"
    assert (measures.loc[inferred, "note"].str.contains("Undertaking: ")).all()
    # Two texts' rows on one undertaking are linked by judgement unless the row names the undertaking itself.
    assert set(measures.loc[shared & ~inferred, "undertaking_id"]) <= {
        "housing-fund-interoperability",
        "key-items-2023",
    }


def test_trace_of_a_measure_shows_the_undertakings_other_reports():
    text = str(c4data.trace("measures", "medical-care-cooperation"))
    assert "reports of undertaking medical-care-cooperation, in date order:" in text
    assert "2. 2017-04-10 implemented: qqzyw-2017-fifth-meeting" in text
    assert "3. 2017-04-10 implemented: whchina-en-2017-fifth-meeting" in text
    assert "4. 2018-09-27 in_progress: xinhunan-c4-sixth-meeting (this row)" in text


def test_latest_status_is_derived_not_curated():
    assert "latest_status" not in c4data.undertakings().columns
    latest = c4data.latest_status().set_index("undertaking_id")
    assert latest.loc["medical-care-cooperation", "status"] == "in_progress"
    assert latest.loc["medical-care-cooperation", "reports"] == 4
    assert isinstance(latest, pd.DataFrame)
