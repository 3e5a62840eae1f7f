"""The audit of issue 19: rows that claimed more than their text, each fixed (see CHANGELOG, 0.2.0)."""

from __future__ import annotations

import json
import re

import opencc
import pandas as pd
import pytest

import c4data

pytestmark = pytest.mark.data

CAPITALS = {"340100", "360100", "420100", "430100"}
# The spam mirror of the tenth meeting: its claims are kept only where they disagree with better sources
# (its description in the sources' README), so it attests nothing.
NEVER_ATTESTS = {"pshk12-2024-tenth-meeting"}
_simplified = opencc.OpenCC("t2s").convert
# The words before a name up to the clause's start: a title chain such as 湖南省委常委、长沙市委书记.
_TITLE_CHAIN = re.compile(r"[^，。；：！？（）()“”\"\n,;:]{0,60}$")
# A pinyin gloss inside a word of the machine-converted texts: 長(zhǎng)沙.
_GLOSS = r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\))?"
_CAPITAL_NAMES = {
    "420100": rf"(?:武[汉漢]{_GLOSS}|Wuhan)",
    "430100": rf"(?:[长長]{_GLOSS}沙{_GLOSS}|Changsha)",
    "340100": rf"(?:合{_GLOSS}肥{_GLOSS}|Hefei)",
    "360100": rf"(?:南{_GLOSS}昌{_GLOSS}|Nanchang)",
}
_CAPITAL = r"(?:(?:湖北|湖南|安徽|江西)?(?:" + "|".join(_CAPITAL_NAMES.values()) + r")市?)"
# The four capitals in one list (武汉、长沙、合肥、南昌; Wuhan, Changsha, Hefei and Nanchang; 合肥武汉长沙南昌).
_FOUR_CAPITALS = re.compile(_CAPITAL + r"(?:\s*[、，,]?\s*(?:and|und|et)?\s*" + _CAPITAL + "){3}")
# A list of cities ending in the part it gives them (…、抚州市等八个观察员城市), from the clause's start.
_PART_LISTS = {
    "observer": re.compile(r"([^。；，,：\n和及与與]*)(?:观察员|觀察員)"),
    "regional_partner": re.compile(r"([^。；，,：\n和及与與]*)(?:区域合作城市|區域合作城市)"),
}


def _reference_texts(sources_dir):
    return {
        row.source_id: (sources_dir / row.reference_file).read_text(encoding="utf-8")
        for row in c4data.sources().dropna(subset=["reference_file"]).itertuples()
        if row.source_id not in NEVER_ATTESTS
    }


def test_the_press_conference_words_are_not_tied_to_the_meeting():
    participation = c4data.participation()
    peng = participation[(participation["person_id"] == "peng-huasong") & (participation["meeting_id"] == 10)]
    assert peng.empty
    # His roles of July 2024 and the GDP figures he gave still cite the press conference.
    roles = c4data.roles().set_index("role_id")
    assert set(roles.loc[["peng-huasong-1", "peng-huasong-2"], "source_id"]) == {"eastmoney-2024-tenth-meeting-preview"}
    figures = c4data.figures().set_index("figure_id")
    assert set(figures.loc[["capitals-gdp-2013", "capitals-gdp-2023"], "source_id"]) == {
        "eastmoney-2024-tenth-meeting-preview"
    }


@pytest.mark.parametrize(
    ("measure_id", "status"),
    [
        ("city-card-interoperability", "planned"),  # 将成为先行的主体目标,力争在近两年内逐步打通: a target
        ("social-insurance-interoperability", "planned"),
        ("work-injury-insurance-interoperability", "planned"),
        ("nanchang-wuhan-expressway-corridor", "planned"),  # 加快形成…通道, like its sibling 加密区域公路路网
        ("market-integration-breakthrough", "in_progress"),  # 取得突破: progress, not integration achieved
    ],
)
def test_a_status_claims_no_more_than_its_text(measure_id, status):
    assert c4data.measures().set_index("measure_id").loc[measure_id, "status"] == status


def test_the_hubei_section_of_the_wuhan_nanchang_expressway_does_not_reach_nanchang():
    links = c4data.measure_cities()
    assert set(links.loc[links["measure_id"] == "wuhan-nanchang-expressway-hubei-section", "city_id"]) == {"420100"}
    # The expressway itself, a project, runs from Wuhan to Nanchang.
    route = c4data.project_cities().query("project_id == 'wuhan-nanchang-expressway'")
    assert set(route["city_id"]) == {"420100", "360100"}


@pytest.mark.parametrize(
    "measure_id",
    [
        "international-sci-tech-cooperation-forum",
        "sci-tech-sme-financing",
        "sci-tech-innovator-exchange",
        "sci-tech-expert-sharing",
        "plan-2023-infrastructure",
        "plan-2023-sci-tech-innovation",
        "plan-2023-resource-allocation",
        "plan-2023-public-services",
    ],
)
def test_a_tie_to_a_document_the_text_does_not_state_is_inferred_with_the_reason(measure_id):
    row = c4data.measures().set_index("measure_id").loc[measure_id]
    assert row["certainty"] == "inferred"
    assert "is inferred" in row["note"]


def test_the_2023_2025_plan_has_one_reading_of_its_signatories():
    plan = c4data.agreements().set_index("agreement_id").loc["c4-action-plan-2023-2025"]
    assert plan["scope"] == "c4" and "协同" in plan["note"]
    links = c4data.measure_cities()
    plan_links = links[links["measure_id"].str.startswith("plan-2023-")]
    assert len(plan_links) == 44 and set(plan_links["city_id"]) == CAPITALS
    assert plan_links["note"].str.contains("协同").all()


def test_meeting_5s_signatories_cite_the_original_report():
    cities = c4data.meeting_cities()
    signed = cities[(cities["meeting_id"] == 5) & (cities["part"] == "signatory")]
    assert set(signed["source_id"]) == {"rednet-en-2017-fifth-meeting"}  # original; qqzyw is a credited copy
    attested = c4data.attestations().query("resource == 'meeting_cities' and row_key.str.startswith('5|')")
    # The copies and Wuhan's English report of issue 20 attest them too.
    assert set(attested.loc[attested["row_key"].str.endswith("signatory"), "source_id"]) == {
        "qqzyw-2017-fifth-meeting",
        "axyjyo-2017-fifth-meeting",
        "whchina-en-2017-fifth-meeting",
    }


def test_no_row_is_attested_by_its_own_source():
    tables = c4data.tables()
    descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    keys = {r["name"]: r["schema"]["primaryKey"] for r in descriptor["resources"]}
    own = set()
    for name, frame in tables.items():
        if "source_id" in frame.columns and name not in ("attestations", "disagreements", "sources"):
            key = frame[keys[name]].astype(str).agg("|".join, axis=1)
            own |= set(zip([name] * len(frame), key, frame["source_id"], strict=True))
    attestations = tables["attestations"]
    found = set(
        zip(attestations["resource"].astype(str), attestations["row_key"], attestations["source_id"], strict=True)
    )
    assert found & own == set()


SPOKE = ("发言", "讲话", "致辞")


def test_an_attestation_that_someone_spoke_quotes_the_words_that_say_so():
    attestations = c4data.attestations()
    spoke = attestations[(attestations["resource"] == "participation") & attestations["row_key"].str.endswith("|spoke")]
    assert len(spoke) >= 3
    assert [row.row_key for row in spoke.itertuples() if not any(word in row.evidence for word in SPOKE)] == []


def test_the_spam_mirrors_silence_is_not_read_as_a_claim():
    disagreements = c4data.disagreements()
    assert "key-items-2024-signatories-spam" not in set(disagreements["disagreement_id"])


def test_every_further_text_that_names_a_person_attests_the_person(sources_dir):
    texts = {
        row.source_id: (sources_dir / row.reference_file).read_text(encoding="utf-8")
        for row in c4data.sources().dropna(subset=["reference_file"]).itertuples()
    }
    attested = c4data.attestations().query("resource == 'persons'")
    have = set(zip(attested["row_key"], attested["source_id"], strict=True))
    missing = [
        (person.person_id, source_id)
        for person in c4data.persons().itertuples()
        for source_id, text in texts.items()
        if source_id not in NEVER_ATTESTS
        and person.name_zh in _simplified(text)  # a converted text writes 郭元強 for 郭元强
        and source_id != person.source_id
        and (person.person_id, source_id) not in have
    ]
    assert missing == []
    assert ("hu-henghua", "baogaosu-2016-nanchang-action") in have


def _states_post(text: str, role) -> bool:
    """Whether the text gives the person the role's post: in the title chain before the name, or after it."""
    body = "" if pd.isna(role.organization_zh) else role.organization_zh
    for match in re.finditer(re.escape(role.person_zh), text):
        chain = _TITLE_CHAIN.search(text[: match.start()]).group()
        if role.position_zh in chain and body in chain:
            return True
        if not body and text.startswith(role.position_zh, match.end()):  # 习近平总书记, 李克强总理
            return True
    return False


def test_every_further_text_that_states_a_post_attests_the_role(sources_dir):
    """A text that states a person's post attests the role of that date: its own row, or an attestation.

    A post is the same where position and body are; a text shows it as of the meeting it reports, so of the
    rows of the same post (one per date), the text is the source or an attestation of the one of its date.
    """
    texts = {source_id: _simplified(text) for source_id, text in _reference_texts(sources_dir).items()}
    roles = c4data.roles()
    attested = c4data.attestations().query("resource == 'roles'")
    cited = set(zip(roles["role_id"], roles["source_id"], strict=True))
    cited |= set(zip(attested["row_key"], attested["source_id"], strict=True))
    post = roles[["person_id", "position_zh", "organization_zh"]].fillna("").apply(tuple, axis=1)
    missing = [
        (role.role_id, source_id)
        for role in roles.dropna(subset=["position_zh"]).itertuples()
        for source_id, text in texts.items()
        if _states_post(text, role)
        and not any((other, source_id) in cited for other in roles["role_id"][post == post[role.Index]])
    ]
    assert missing == []
    assert ("xi-jinping-2", "bhjs-list-2019-seventh-meeting") in cited  # 习近平总书记, the same report's lead


def _cities_in_their_part(texts: dict[str, str]) -> set[tuple[str, str]]:
    """(city_id, source_id) for each text that names a city in the part its tier records."""
    cities = c4data.cities()
    found = set()
    for source_id, text in texts.items():
        for match in _FOUR_CAPITALS.finditer(text):
            if all(re.search(name, match.group()) for name in _CAPITAL_NAMES.values()):
                found |= {(city_id, source_id) for city_id in _CAPITAL_NAMES}
        for tier, pattern in _PART_LISTS.items():
            for match in pattern.finditer(text):
                listed = _simplified(match.group(1))
                found |= {
                    (city.city_id, source_id)
                    for city in cities[cities["tier"] == tier].itertuples()
                    if city.name_zh.removesuffix("市") in listed
                }
    # A plan city in the 2015 plan's list, a project place on a route: the texts of those rows.
    attestations = c4data.attestations()
    for tier, table, key in [
        ("plan_city", "scope_cities", "document_id"),
        ("project_place", "project_cities", "project_id"),
    ]:
        rows = getattr(c4data, table)()
        rows = rows[rows["city_id"].isin(cities.loc[cities["tier"] == tier, "city_id"])]
        found |= set(zip(rows["city_id"], rows["source_id"], strict=True))
        other = "city_id" if table == "scope_cities" else "place"
        row_city = dict(zip(rows[key] + "|" + rows[other], rows["city_id"], strict=True))
        further = attestations[(attestations["resource"] == table) & attestations["row_key"].isin(row_city)]
        found |= {(row_city[row.row_key], row.source_id) for row in further.itertuples()}
    return {(city_id, source_id) for city_id, source_id in found if source_id in texts}


def test_every_further_text_that_names_a_city_in_its_part_attests_the_city(sources_dir):
    """A cities row's tier is attested by every further text that names the city in that part (see cities).

    A capital in a list of the four capitals, an observer or regional partner in a list ending in 观察员城市
    or 区域合作城市, a plan city in the 2015 plan's list (a text of its scope_cities row), a project place on a
    project's route (a text of its project_cities row). A text that names the city otherwise attests nothing.
    """
    texts = _reference_texts(sources_dir)
    cities = c4data.cities().set_index("city_id")
    attested = c4data.attestations().query("resource == 'cities' and field == 'tier'")
    have = set(zip(attested["row_key"], attested["source_id"], strict=True))
    expected = {
        (city_id, source_id)
        for city_id, source_id in _cities_in_their_part(texts)
        if source_id != cities.loc[city_id, "source_id"]
    }
    assert sorted(expected - have) == []
    assert sorted(have - expected) == []  # and nothing else: the rule is the whole of what attests a tier
    assert ("430100", "shengtairou-2015-third-meeting") in have  # 武漢、長(zhǎng)沙、南昌、合肥四省會城市
    assert ("420200", "qqzyw-2017-fifth-meeting") in have  # 特邀岳阳、黄石、九江、安庆等观察员城市


@pytest.mark.parametrize("figure_id", ["commuting-circle-minutes", "tourist-card-price", "tourist-card-scenic-spots"])
def test_a_figure_of_an_achievement_carries_no_meeting(figure_id):
    assert c4data.figures().set_index("figure_id")["meeting_id"].isna()[figure_id]


def test_the_capitals_inviting_observer_cities_quote_the_capitals_cooperation():
    links = c4data.measure_cities().query("measure_id == 'observer-and-partner-cities-invited'")
    capitals = links[links["city_id"].isin(CAPITALS)]
    assert len(capitals) == 4 and capitals["evidence"].str.contains("省会城市的合作").all()


def test_the_descriptors_url_of_each_source_is_the_sources_table_url():
    descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    urls = set(c4data.sources()["url"].dropna())
    listed = {entry["path"] for entry in descriptor["sources"] if "path" in entry}
    assert listed <= urls | {"https://www.geonames.org/"}  # geonames' row gives the same page


def test_the_cities_description_says_what_the_table_holds():
    descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    (cities,) = [r for r in descriptor["resources"] if r["name"] == "cities"]
    assert "every city the sources name" not in cities["description"].lower()
    named_elsewhere = {"成渝", "长三角"}  # cities' clusters named at meeting 5 are not rows
    assert not any(name in "".join(c4data.cities()["name_zh"]) for name in named_elsewhere)


def test_changes_over_time_are_reports_not_disagreements():
    disagreements = set(c4data.disagreements()["disagreement_id"])
    assert not {"medical-care-cooperation-status-qqzyw", "key-items-2024-status-preview"} & disagreements
    reports = c4data.status_reports().query("undertaking_id == 'medical-care-cooperation'")
    assert ("qqzyw-2017-fifth-meeting", "implemented") in set(zip(reports["source_id"], reports["status"], strict=True))
    preview = c4data.attestations().query(
        "row_key == 'cluster-key-items-2024' and source_id.str.startswith('eastmoney')"
    )
    assert len(preview) == 1 and "计划签署" in preview["evidence"].iloc[0]


def test_figures_say_why_no_figure_has_a_city():
    """figures.city_id is empty only because no figure is about one city, and the descriptor says so."""
    figures = c4data.figures()
    assert (figures["scope"] == "city").sum() == figures["city_id"].notna().sum()
    assert figures.loc[figures["scope"] == "city", "city_id"].notna().all()
    descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    (table,) = [r for r in descriptor["resources"] if r["name"] == "figures"]
    (city_id,) = [f for f in table["schema"]["fields"] if f["name"] == "city_id"]
    if figures["city_id"].isna().all():
        assert "no figure the texts report is about one city" in city_id["description"]
        assert "figure_cities" in city_id["description"]


def test_figures_are_linked_to_the_cities_their_texts_name():
    """figure_cities: the cities a figure counts or is about, each quoted from the figure's own text."""
    figures = c4data.figures().set_index("figure_id")
    links = c4data.figure_cities()
    assert (links["source_id"] == figures.loc[links["figure_id"], "source_id"].to_numpy()).all()
    tiers = c4data.cities().set_index("city_id")["tier"]
    per_figure = links.groupby("figure_id")["city_id"].apply(set)
    # A count of cities whose text names every one of them has a row per city counted.
    for figure_id in ["observer-cities-meeting-6", "observer-cities-meeting-9", "regional-partner-cities-meeting-6"]:
        assert len(per_figure[figure_id]) == figures.loc[figure_id, "value"]
    assert {tiers[c] for c in per_figure["observer-cities-meeting-9"]} == {"observer"}
    assert per_figure["commuting-circle-minutes"] == {"420100", "430100", "360100"}  # three capitals, not four
    on_capitals = figures.index[figures["scope"] == "capitals"]
    assert all(per_figure[figure_id] <= CAPITALS for figure_id in on_capitals)
    assert "observer-cities-meeting-10" not in per_figure  # its text counts 12 without naming them
