"""c4data.trace(): a row's sources, evidence, attestations and disagreements (``c4data.publishing.provenance``)."""

from __future__ import annotations

import json

import pytest

import c4data


def test_trace_gives_the_source_citation_and_every_evidence_quote():
    meeting = c4data.meetings().set_index("meeting_id").loc[6]
    traced = c4data.trace("meetings", 6)
    assert traced.key == "6"
    assert traced.row["name_zh"] == meeting["name_zh"]
    assert traced.evidence == {
        "evidence": meeting["evidence"],
        "date_evidence": meeting["date_evidence"],
        "theme_evidence": meeting["theme_evidence"],
    }
    (source,) = traced.sources
    assert source["source_id"] == meeting["source_id"]
    assert source["citation"] == str(c4data.cite(meeting["source_id"]))
    assert meeting["evidence"] in str(traced)


def test_trace_names_every_source_a_row_points_to():
    traced = c4data.trace("cities", "420100")
    city = c4data.cities().set_index("city_id").loc["420100"]
    assert [(s["field"], s["source_id"]) for s in traced.sources] == [
        ("source_id", city["source_id"]),
        ("code_source_id", city["code_source_id"]),
        ("location_source_id", city["location_source_id"]),
    ]


def test_trace_shows_the_disagreements_about_a_row():
    disagreements = c4data.disagreements()
    first = disagreements.iloc[0]
    traced = c4data.trace(first["resource"], first["row_key"])
    assert [d["disagreement_id"] for d in traced.disagreements] == disagreements.loc[
        (disagreements["resource"] == first["resource"]) & (disagreements["row_key"] == first["row_key"]),
        "disagreement_id",
    ].tolist()
    assert f"also gives {first['other_value']!r}" in str(traced)
    assert c4data.trace("meetings", 6).disagreements == []


def test_trace_takes_a_tuple_for_a_composite_key():
    row = c4data.measure_cities().iloc[0]
    traced = c4data.trace("measure_cities", (row["measure_id"], row["city_id"]))
    assert traced.row["part"] == row["part"]
    assert traced.key == f"{row['measure_id']}|{row['city_id']}"


def test_trace_of_a_missing_key_says_which_table_and_key():
    with pytest.raises(KeyError, match="meetings has no row whose meeting_id is '99'"):
        c4data.trace("meetings", 99)


def test_the_tour_notebook_traces_rows_with_the_library_not_its_own_function(repo_root):
    notebook = json.loads((repo_root / "notebooks" / "01_tour.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    assert "def trace" not in code
    assert 'c4data.trace("meetings", 6)' in code
