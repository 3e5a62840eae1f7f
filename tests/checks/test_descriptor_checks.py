"""Unit tests of the descriptor checks (c4data.checks.descriptor): metadata, shape and codebook, stage by stage."""

from __future__ import annotations

import copy

import pytest
from support import enum_field, field, inline_descriptor, resource

from c4data.checks import CheckInput, descriptor_problems

pytestmark = pytest.mark.unit

GOOD = inline_descriptor(resource("things", [field("id"), enum_field("kind", ["big", "small"])], ["id"]))


def _codes_and_fields(data):
    descriptor = type(GOOD)(path=GOOD.path, data=data)
    return [(p.code, p.field) for p in descriptor_problems(CheckInput(descriptor))]


def _changed(change):
    data = copy.deepcopy(GOOD.data)
    change(data)
    return data


def test_a_good_descriptor_has_no_problems():
    assert descriptor_problems(CheckInput(GOOD)) == []


def test_frictionless_metadata_errors_come_alone():
    def break_it(data):
        data["resources"][0]["name"] = "Not A Name!"
        data["version"] = "one"  # a shape problem too, not reported while the metadata is wrong

    found = _codes_and_fields(_changed(break_it))
    assert found and {code for code, _ in found} == {"descriptor-invalid"}


@pytest.mark.parametrize("version", ["1", "1.0", "v1.0.0", ""])
def test_the_version_is_a_version_number(version):
    assert _codes_and_fields(_changed(lambda d: d.update(version=version))) == [("package-version", "version")]


def test_a_package_lists_tables():
    assert _codes_and_fields(_changed(lambda d: d.update(resources=[]))) == [("resource-shape", "resources")]


@pytest.mark.parametrize(
    ("change", "field_name"),
    [
        (lambda r: r.update(path="data/other.parquet"), "path"),
        (lambda r: r["schema"]["fields"][0].update(type="datetime"), "id"),
    ],
)
def test_resource_shape(change, field_name):
    assert _codes_and_fields(_changed(lambda d: change(d["resources"][0]))) == [("resource-shape", field_name)]


def test_shape_problems_hide_the_codebook_ones():
    def break_it(data):
        data["resources"][0]["schema"]["fields"][0].update(type="datetime", description="")

    assert _codes_and_fields(_changed(break_it)) == [("resource-shape", "id")]


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.update(description=" "),
        lambda f: f["constraints"].update(enum=["big", "small", "huge"]),
        lambda f: f["categories"][0].update(label=""),
        lambda f: f["categories"][1].update(label_zh="small"),
    ],
)
def test_codebook_every_field_described_and_every_value_labelled(change):
    assert _codes_and_fields(_changed(lambda d: change(d["resources"][0]["schema"]["fields"][1]))) == [
        ("codebook", "kind")
    ]


def test_a_value_listed_twice_in_an_enum_is_refused_even_with_a_label_each():
    """Two labels for one value (as a merge of two branches can leave) would give the codebook two meanings."""

    def repeat(data):
        kind = data["resources"][0]["schema"]["fields"][1]
        kind["constraints"]["enum"] = ["big", "small", "big"]
        kind["categories"].append({"value": "big", "label": "Big: another meaning.", "label_zh": "大"})

    data = _changed(repeat)
    problems = descriptor_problems(CheckInput(type(GOOD)(path=GOOD.path, data=data)))
    assert [(p.code, p.field) for p in problems if p.code == "codebook"] == [("codebook", "kind")]
    assert "['big']" in problems[-1].message or any("['big']" in p.message for p in problems)


def test_a_primary_key_naming_no_field_is_refused():
    """frictionless refuses it already; the codebook check says the same if a frictionless release does not."""
    found = _codes_and_fields(_changed(lambda d: d["resources"][0]["schema"].update(primaryKey=["nope"])))
    assert found and {code for code, _ in found} <= {"descriptor-invalid", "codebook"}
