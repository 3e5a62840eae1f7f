"""The CSV package: written from the shipped tables, read back typed by the schema, checked as the Parquet is."""

from __future__ import annotations

import pytest

import c4data
from c4data.building.diff import diff_packages
from c4data.building.validate import validate
from c4data.formats.csv import table_rows
from c4data.model.paths import package_dir
from c4data.model.schema import Table


@pytest.fixture(scope="module")
def csv_export(tmp_path_factory):
    return c4data.export(tmp_path_factory.mktemp("csv") / "package", format="csv").parent


def test_the_csv_package_reads_back_as_the_shipped_tables(csv_export):
    result = diff_packages(package_dir(), csv_export)
    assert not result.differs
    assert [table.name for table in result.tables] == list(c4data.tables())


def test_a_damaged_file_is_a_hash_mismatch_as_in_a_parquet_package(csv_export, project_copy):
    """The same fault gets the same code whatever the format (it was "" for a CSV package)."""
    cities = csv_export / "data" / "cities.csv"
    original = cities.read_bytes()
    try:
        cities.write_bytes(original.replace(b"Wuhan", b"Wuhen", 1))
        in_csv = {(p.where, p.code) for p in validate(csv_export)}
    finally:
        cities.write_bytes(original)
    parquet = project_copy / "data" / "cities.parquet"
    parquet.write_bytes(parquet.read_bytes() + b"\0")
    in_parquet = {(p.where, p.code) for p in validate(project_copy)}
    assert ("data/cities.csv", "hash-mismatch") in in_csv
    assert ("data/cities.parquet", "hash-mismatch") in in_parquet


def test_cells_are_typed_by_the_schema_and_missing_values_are_none():
    table = Table.from_descriptor(
        {
            "name": "tiny",
            "path": "data/tiny.csv",
            "schema": {
                "fields": [{"name": "id", "type": "integer"}, {"name": "share", "type": "number"}],
                "missingValues": [""],
            },
        }
    )
    assert table_rows(table, "\ufeffid,share\r\n1,0.5\r\n2,\r\n".encode()) == [
        {"id": 1, "share": 0.5},
        {"id": 2, "share": None},
    ]
