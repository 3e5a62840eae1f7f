"""``source=``: any Parquet package by path, typed from its own descriptor, with the installed one's checks."""

from __future__ import annotations

import inspect
import json

import pandas as pd
import pytest

import c4data
from c4data.building.build import build
from c4data.model.descriptor import Descriptor


def test_every_table_call_and_tables_take_a_source():
    names = Descriptor.read(c4data.package_path()).resource_names
    for name in [*names, "tables"]:
        assert "source" in inspect.signature(getattr(c4data, name)).parameters, name


def test_a_package_of_ones_own_is_read_with_its_own_rows_and_the_same_types(project_copy):
    curated = project_copy / "data" / "curated" / "cities.csv"
    curated.write_text(curated.read_text(encoding="utf-8").replace(",Wuhan,", ",Wuhan City,", 1), encoding="utf-8")
    build(project_copy)
    for backend in ("pandas", "polars", "pyarrow"):
        theirs = c4data.cities(backend=backend, source=project_copy)
        ours = c4data.cities(backend=backend)
        assert theirs.schema == ours.schema if backend != "pandas" else theirs.dtypes.equals(ours.dtypes)
    names = c4data.cities(source=project_copy / "datapackage.json")["name_en"]
    assert "Wuhan City" in set(names) and "Wuhan City" not in set(c4data.cities()["name_en"])
    every = c4data.tables(source=project_copy)
    assert list(every) == Descriptor.read(project_copy / "datapackage.json").resource_names
    pd.testing.assert_frame_equal(every["meetings"], c4data.meetings())


def test_a_damaged_package_is_refused_with_advice_for_someone_elses_package(project_copy):
    path = project_copy / "data" / "cities.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(c4data.DataIntegrityError) as raised:
        c4data.cities(source=project_copy)
    assert "not the installed package" in str(raised.value)
    c4data.meetings(source=project_copy)  # the other tables are intact and still read


def test_a_package_naming_something_to_fetch_is_refused_before_any_read(project_copy):
    descriptor = project_copy / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"][0]["path"] = "https://example.org/sources.parquet"
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(c4data.DataIntegrityError) as raised:
        c4data.tables(source=project_copy)
    assert "https://example.org" in str(raised.value)
