"""The national frame: the 2015 plan's scope beside the meetings, and the national documents in date order.

The README's two queries are run as written; their answers are held to expectations read here from the
texts themselves (the plan's list of cities parsed from its preface, the targets' values converted from
the implementation plan's own words), not from the curated tables.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from support import REPO_ROOT

import c4data

pytestmark = pytest.mark.data

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
PLAN_PREFACE = "bovorplan-2015-plan-preface-scope.txt"
TARGETS_TEXT = "rednet-2022-14th-fyp-plan.txt"


def _readme_query(name: str) -> pd.DataFrame:
    """Run the README's Python block that defines ``name`` and return it."""
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL) if f"\n{name} = " in f"\n{b}"]
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), {"c4data": c4data}, namespace)
    return namespace[name]


def _plan_list(text: str) -> dict[str, str]:
    """The cities of the plan's list (规划范围包括: … ,国土面积), each 'whole' or 'part', read from the preface."""
    listing = text.split("规划范围包括:", 1)[1].split(",国土面积", 1)[0]
    whole, _, partial = listing.partition("及")
    partial = partial.removesuffix("的部分县(区)")
    names = {}
    for chunk, extent in ((whole, "whole"), (partial, "part")):
        for name in re.split(r"[、,]", chunk):
            name = re.sub(r"^.+?省", "", name)
            if name:
                names[name] = extent
    return names


@pytest.fixture(scope="module")
def plan_list(sources_dir) -> dict[str, str]:
    return _plan_list((sources_dir / PLAN_PREFACE).read_text(encoding="utf-8"))


def test_the_plan_list_is_read_from_the_text(plan_list):
    # 13 cities of Hubei, 8 of Hunan, 10 of Jiangxi (two of them in part), as the preface lists them.
    assert len(plan_list) == 31
    assert [name for name, extent in plan_list.items() if extent == "part"] == ["抚州市", "吉安市"]
    assert {"仙桃市", "潜江市", "天门市"} <= set(plan_list)


def test_scope_cities_are_the_plan_list(plan_list):
    scope = c4data.scope_cities().merge(c4data.cities()[["city_id", "name_zh", "tier"]], on="city_id")
    assert dict(zip(scope["name_zh"], scope["extent"].astype(str), strict=True)) == plan_list
    assert set(scope["document_id"]) == {"plan-2015"}
    # Cities only the national documents name have a tier of their own; none of them is a signatory.
    plan_only = set(scope.loc[scope["tier"] == "plan_city", "city_id"])
    assert len(plan_only) == 17
    assert not plan_only & set(c4data.meeting_cities()["city_id"])


def test_signatories_inside_the_plan_scope(plan_list):
    in_scope = _readme_query("in_scope")
    signatories = c4data.meeting_cities().query("part == 'signatory'")
    assert len(in_scope) == len(signatories)
    names = c4data.cities().set_index("name_en")["name_zh"]
    for row in in_scope.itertuples():
        assert row.in_2015_plan == (names[row.name_en] in plan_list), (row.meeting_id, row.name_en)
    outside = set(in_scope.loc[~in_scope["in_2015_plan"], "name_en"])
    assert {"Hefei"} <= outside <= {"Hefei", "Anqing", "Tongling", "Lu'an"}
    # The ninth meeting: the four capitals and twelve observer cities signed; four of them are in Anhui.
    ninth = in_scope[in_scope["meeting_id"] == 9]
    assert set(ninth.loc[~ninth["in_2015_plan"], "name_en"]) == {"Hefei", "Anqing", "Tongling", "Lu'an"}
    assert ninth["in_2015_plan"].sum() == 12
    assert ninth.set_index("name_en").loc["Fuzhou (Jiangxi)", "extent"] == "part"


def _first_dates() -> pd.Series:
    """Each document's earliest possible date over every event the sources date, from the dates table."""
    return c4data.document_dates().groupby("document_id")["date_min"].min()


def test_national_documents_in_date_order_with_targets():
    timeline = _readme_query("timeline")
    order = list(dict.fromkeys(timeline["document_id"]))
    # Read from the texts: 2010 (encyclopedia), 2012 and 2014 (years of the numbers), the 2015 reply (its number's
    # year, signed by 5 April), the plan (April 2015), the notice (13 April 2015), the 2021 request (number), the
    # 2021 opinions (23 April), the 2022 reply (by 15 February), the notice (15 February), the plan (15 March),
    # the 2024 measures (August), the 2025 opinions (28 August); the work report prints no year and comes last.
    assert order == [
        "main-functional-areas-plan-2010",
        "central-rise-opinion-2012",
        "ndrc-request-2014",
        "state-council-approval-2015",
        "plan-2015",
        "ndrc-notice-2015",
        "ndrc-request-2021",
        "central-region-opinion-2021",
        "state-council-approval-2022",
        "ndrc-notice-2022",
        "implementation-plan-2022",
        "market-integration-measures-2024",
        "urban-hq-opinion-2025",
        "government-work-report",
    ]
    assert order == [*_first_dates().sort_values(kind="stable").index, "government-work-report"]
    assert set(order) == set(c4data.national_documents()["document_id"])
    assert timeline.loc[timeline["document_id"] == "government-work-report", "date_min"].isna().all()


def _number(written: str) -> float:
    """A value as the text writes it (1.4万, 67%, 7%以上) in base units."""
    number = float(re.search(r"[0-9.]+", written.replace(" ", "")).group())
    return number * 10_000 if "万" in written else number


def test_targets_are_the_implementation_plans_2025_figures(sources_dir):
    text = (sources_dir / TARGETS_TEXT).read_text(encoding="utf-8")
    printed = {
        "percent": re.search(r"城镇化率达到 ?([0-9.]+%)", text).group(1),
        "km": re.search(r"铁路总里程达到([0-9.]+ ?万)公里", text).group(1),
        "hour": re.search(r"主要城市间([0-9]+)小时通达", text).group(1),
        "percent_per_year": re.search(r"年均增长 ?([0-9.]+%以上)", text).group(1),
    }
    assert "到2025年" in text
    timeline = _readme_query("timeline")
    targets = timeline[timeline["document_id"] == "implementation-plan-2022"].dropna(subset=["indicator_en"])
    assert len(targets) == 4 and set(targets["year"]) == {2025}
    assert {row.unit: row.value for row in targets.itertuples()} == {
        unit: _number(written) for unit, written in printed.items()
    }
    # Only the 2022 plan sets targets in the stored texts; the 2015 plan's figures are baselines.
    assert set(timeline.dropna(subset=["indicator_en"])["document_id"]) == {"implementation-plan-2022"}


def test_numbers_name_the_years_their_documents_are_dated():
    documents = c4data.national_documents().dropna(subset=["number"]).set_index("document_id")
    first = _first_dates()
    for document_id, number in documents["number"].items():
        year = int(re.search(r"[\u3014\[]([0-9]{4})[\u3015\]]", number).group(1))  # tortoise-shell or square brackets
        assert first[document_id].year == year, document_id


def test_date_disagreements_and_adopted_values():
    dates = c4data.document_dates().set_index(["document_id", "event"])
    reply = dates.loc[("state-council-approval-2015", "issued")]
    assert (reply["date"], reply["source_id"]) == ("2015-04-05", "englishgov-2015-plan-approval-en")
    assert dates.loc[("state-council-approval-2015", "signed"), "date_max"] == pd.Timestamp("2015-04-05")
    disagreements = c4data.disagreements().set_index("disagreement_id")
    stamp = disagreements.loc["reply-2015-date-gov-cn-stamp"]
    assert (stamp["other_value"], stamp["source_id"]) == ("2015-04-09", "sgf2-2015-state-council-approval-text")
    deng = disagreements.loc["urban-hq-2025-growth-pole-deng"]
    assert deng["other_value"].replace("等", "", 1) == deng["adopted_value"]


def test_encyclopedia_only_facts_carry_its_reliability():
    sources = c4data.sources().set_index("source_id")
    assert sources.loc["baike-cluster-overview-milestones", ["kind", "reliability"]].tolist() == [
        "encyclopedia_entry",
        "encyclopedia",
    ]
    documents = c4data.national_documents().set_index("document_id")
    for document_id in ("main-functional-areas-plan-2010", "market-integration-measures-2024"):
        assert documents.loc[document_id, "source_id"] == "baike-cluster-overview-milestones"
        assert "encyclopedia" in documents.loc[document_id, "note"]


def test_what_the_short_texts_do_not_state_is_not_recorded():
    statements = c4data.document_statements()
    assert not (statements["document_id"] == "central-region-opinion-2021").any()
    assert not (c4data.document_dates()["document_id"] == "government-work-report").any()
    whcdrm = c4data.sources().set_index("source_id").loc["whcdrm-gov-work-report-first-mention"]
    assert pd.isna(whcdrm["published"]) and pd.isna(whcdrm["published_min"])
