"""c4data.codebook(): a value's meaning without reading JSON (``c4data.model.codebooks``)."""

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
