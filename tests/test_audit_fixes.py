"""The audit of issue 19: rows that claimed more than their text, each fixed (see CHANGELOG, 0.2.0)."""

from __future__ import annotations

import json

import pytest

import c4data

pytestmark = pytest.mark.data

CAPITALS = {"340100", "360100", "420100", "430100"}


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
        if person.name_zh in text and source_id != person.source_id and (person.person_id, source_id) not in have
    ]
    assert missing == []
    assert ("hu-henghua", "baogaosu-2016-nanchang-action") in have


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
