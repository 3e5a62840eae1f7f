"""c4data.codebook() and c4data.trace(): a value's meaning and a row's sources without reading JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import c4data

DESCRIPTOR = json.loads(c4data.package_path().read_text(encoding="utf-8"))


def _field(table: str, name: str) -> dict:
    resource = next(resource for resource in DESCRIPTOR["resources"] if resource["name"] == table)
    return next(field for field in resource["schema"]["fields"] if field["name"] == name)


def _enumerated() -> list[tuple[str, str]]:
    return [
        (resource["name"], field["name"])
        for resource in DESCRIPTOR["resources"]
        for field in resource["schema"]["fields"]
        if "enum" in field.get("constraints", {})
    ]


@pytest.mark.parametrize(("table", "field"), _enumerated())
def test_codebook_lists_every_value_in_order_with_both_labels(table, field):
    book = c4data.codebook(table, field)
    declared = _field(table, field)
    assert list(book.columns) == ["value", "label_en", "label_zh", "meaning"]
    assert all(dtype == pd.StringDtype() for dtype in book.dtypes)
    assert book["value"].tolist() == declared["constraints"]["enum"]
    assert book["label_zh"].tolist() == [category["label_zh"] for category in declared["categories"]]
    for row, category in zip(book.itertuples(), declared["categories"], strict=True):
        assert category["label"].startswith(row.label_en)
        assert row.meaning in category["label"]
    # the loader's categories are the codebook's values, so the two join
    assert list(getattr(c4data, table)()[field].cat.categories) == book["value"].tolist()


def test_codebook_splits_the_label_into_name_and_meaning():
    capital = c4data.codebook("cities", "tier").set_index("value").loc["capital"]
    assert capital["label_en"] == "Capital"
    assert capital["label_zh"] == "省会城市"
    assert capital["meaning"].startswith("one of the four provincial capitals")


def test_codebook_of_a_field_without_one_names_those_that_have_one():
    with pytest.raises(ValueError, match=r"cities\.name_en is not an enumerated field.*cities\.tier"):
        c4data.codebook("cities", "name_en")
    with pytest.raises(KeyError, match="has no field 'colour'"):
        c4data.codebook("cities", "colour")


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
