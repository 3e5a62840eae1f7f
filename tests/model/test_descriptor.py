"""The descriptor is complete: every field described, every enum value defined, every key real."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata

import frictionless
import pytest

import c4data

pytestmark = pytest.mark.data


def _fields(descriptor):
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            yield resource, field


def test_checkout_package_validates_with_frictionless(repo_root):
    report = frictionless.validate(str(repo_root / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])


def test_installed_package_is_the_checkout_package_byte_for_byte(repo_root):
    """So frictionless's verdict on the checkout (above) is its verdict on what pip installed: the same
    descriptor and, file by file, the same bytes (an editable install is the checkout itself)."""
    installed = c4data.package_path()
    assert installed.read_bytes() == (repo_root / "datapackage.json").read_bytes()
    descriptor = json.loads(installed.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        ours, theirs = installed.parent / resource["path"], repo_root / resource["path"]
        assert hashlib.sha256(ours.read_bytes()).hexdigest() == hashlib.sha256(theirs.read_bytes()).hexdigest()


def test_installed_descriptor_is_the_checkout_descriptor(checkout_descriptor):
    installed = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    assert installed == checkout_descriptor


def test_the_tables_of_the_contract(checkout_descriptor):
    names = [resource["name"] for resource in checkout_descriptor["resources"]]
    contract = ["sources", "cities", "meetings", "roles", "participation", "agreements", "measures", "measure_cities"]
    # The contract's tables come first, in this order; tables added later follow (named once, in the descriptor).
    assert names[: len(contract)] == contract
    assert {"disagreements", "boundaries"} <= set(names[len(contract) :])
    assert len(names) == len(set(names))
    for resource in checkout_descriptor["resources"]:
        assert resource["path"] == f"data/{resource['name']}.parquet"
        assert resource["format"] == "parquet"
        assert resource["hash"].startswith("sha256:")


def test_every_field_has_a_description(checkout_descriptor):
    undescribed = [(r["name"], f["name"]) for r, f in _fields(checkout_descriptor) if not f.get("description")]
    assert undescribed == []


def test_every_enum_value_has_a_meaning(checkout_descriptor):
    enums = [(r, f) for r, f in _fields(checkout_descriptor) if "enum" in f.get("constraints", {})]
    assert enums, "the codebook has enumerations"
    for resource, field in enums:
        values = field["constraints"]["enum"]
        labelled = [category["value"] for category in field["categories"]]
        assert labelled == values, (resource["name"], field["name"])
        assert all(len(category["label"]) > len(category["value"]) for category in field["categories"])


# Boundaries are geometry taken from a reference dataset: there is no text to quote, only a source to name.
SOURCED_WITHOUT_EVIDENCE = {"boundaries"}


def test_every_fact_row_names_its_source_and_evidence(checkout_descriptor):
    for resource in checkout_descriptor["resources"]:
        if resource["name"] == "sources":
            continue
        names = [field["name"] for field in resource["schema"]["fields"]]
        assert "source_id" in names, resource["name"]
        assert resource["name"] in SOURCED_WITHOUT_EVIDENCE or "evidence" in names, resource["name"]
        references = [fk["reference"]["resource"] for fk in resource["schema"].get("foreignKeys", [])]
        assert "sources" in references, resource["name"]


def test_every_foreign_key_points_at_a_key(checkout_descriptor):
    resources = {resource["name"]: resource for resource in checkout_descriptor["resources"]}
    for resource in resources.values():
        for foreign_key in resource["schema"].get("foreignKeys", []):
            target = resources[foreign_key["reference"]["resource"]]
            fields = foreign_key["reference"]["fields"]
            unique = [f["name"] for f in target["schema"]["fields"] if f.get("constraints", {}).get("unique")]
            assert fields == target["schema"]["primaryKey"] or (len(fields) == 1 and fields[0] in unique)


def test_missing_values_never_swallow_text(checkout_descriptor):
    """Only an empty cell is missing text (a code like 'NA' stays a value); 'nan' is missing only in numbers."""
    for resource, field in _fields(checkout_descriptor):
        assert resource["schema"]["missingValues"] == [""]
        if "missingValues" in field:
            assert field["type"] in ("integer", "number"), (resource["name"], field["name"])


def test_one_version_for_package_and_descriptor(checkout_descriptor):
    assert c4data.__version__ == checkout_descriptor["version"] == metadata.version("c4data")


@pytest.mark.parametrize("key", ["name", "title", "description", "version", "licenses", "sources", "contributors"])
def test_package_metadata_is_present(checkout_descriptor, key):
    assert checkout_descriptor[key]
