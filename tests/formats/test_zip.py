"""The zip: the CSV package in one file, the same bytes for the same package, read back by unpacking it."""

from __future__ import annotations

import io
import zipfile

import pytest

import c4data
from c4data.building.validate import validate


@pytest.fixture(scope="module")
def zipped(tmp_path_factory):
    return c4data.export(tmp_path_factory.mktemp("zip") / "c4data.zip", format="zip")


def test_a_damaged_member_is_a_hash_mismatch_placed_inside_the_zip(zipped, tmp_path):
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(zipped) as source, zipfile.ZipFile(damaged, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "data/cities.csv":
                data = data.replace(b"Wuhan", b"Wuhen", 1)
            target.writestr(member, data)
    found = {(p.where, p.code) for p in validate(damaged)}
    assert ("damaged.zip: data/cities.csv", "hash-mismatch") in found


def test_a_zip_without_a_package_says_so(tmp_path):
    mine = tmp_path / "mine.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("thesis.tex", "\\chapter{C4}\n")
    mine.write_bytes(buffer.getvalue())
    found = [(p.code, p.message) for p in validate(mine)]
    assert found == [("zip-layout", "holds no datapackage.json at its top level")]
