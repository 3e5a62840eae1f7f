"""The same tables in polars, pyarrow and DuckDB: the descriptor's columns, types and codebooks in each."""

from __future__ import annotations

import json
import math

import polars as pl
import pyarrow as pa
import pytest

import c4data
from c4data.model.schema import Table
from c4data.reading.backends import to_polars, typed_arrow

DESCRIPTOR = json.loads(c4data.package_path().read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}
POLARS_TYPES = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "date": pl.Date}
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}
SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE"}


def _codebook(field: dict) -> list[str] | None:
    return field.get("constraints", {}).get("enum")


def _same_cells(left: list, right: list) -> bool:
    """Cell lists equal, a missing value (None, pd.NA, NaN) matching only a missing value."""

    import pandas as pd

    def norm(value):
        if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, pd.Timestamp):  # pandas loads a date as datetime64; the others as a date
            return value.date()
        return value

    return [norm(v) for v in left] == [norm(v) for v in right]


@pytest.fixture(scope="module")
def pandas_tables() -> dict:
    return c4data.tables()


@pytest.mark.parametrize("name", list(RESOURCES))
def test_polars_has_the_declared_columns_types_and_codebooks(name, pandas_tables):
    frame = getattr(c4data, name)(backend="polars")
    assert isinstance(frame, pl.DataFrame)
    declared = RESOURCES[name]["schema"]["fields"]
    assert frame.columns == [field["name"] for field in declared]
    for field in declared:
        dtype = frame.schema[field["name"]]
        codebook = _codebook(field)
        if codebook is not None:
            assert dtype == pl.Enum(codebook), field["name"]
        else:
            assert dtype == POLARS_TYPES[field["type"]], field["name"]
        assert _same_cells(frame[field["name"]].to_list(), pandas_tables[name][field["name"]].astype(object).tolist())


@pytest.mark.parametrize("name", list(RESOURCES))
def test_pyarrow_keeps_codebooks_as_ordered_dictionaries(name, pandas_tables):
    table = c4data.tables(backend="pyarrow")[name]
    assert isinstance(table, pa.Table)
    for field in RESOURCES[name]["schema"]["fields"]:
        column = table.column(field["name"])
        codebook = _codebook(field)
        if codebook is not None:
            assert pa.types.is_dictionary(column.type) and column.type.ordered == field["categoriesOrdered"]
            assert column.chunk(0).dictionary.to_pylist() == codebook
        else:
            assert column.type == ARROW_TYPES[field["type"]]
        assert _same_cells(column.to_pylist(), pandas_tables[name][field["name"]].astype(object).tolist())


def test_a_polars_enum_sorts_in_codebook_order_not_alphabetically():
    measures = c4data.measures(backend="polars").sort("status")
    # Codebook order, least to most advanced; alphabetical order would put "implemented" first.
    assert measures["status"].unique(maintain_order=True).to_list() == [
        "proposed",
        "planned",
        "in_progress",
        "implemented",
    ]


def test_an_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="'pandas', 'polars', 'pyarrow'"):
        c4data.cities(backend="spark")


def test_a_value_outside_the_codebook_is_refused():
    resource = {
        "name": "t",
        "path": "t.parquet",
        "schema": {"fields": [{"name": "tier", "constraints": {"enum": ["capital"]}}]},
    }
    small = pa.table({"tier": ["capital", "town", None]})
    large = pa.table({"tier": pa.array(["capital", "town", None] * 4_000).dictionary_encode()})  # as the loader reads
    for stored in (small, large):
        for convert in (typed_arrow, to_polars):
            with pytest.raises(ValueError, match=r"t\.tier holds values outside its codebook: \{'town'\}"):
                convert(stored, Table.from_descriptor(resource))


def test_duckdb_views_are_typed_with_enums_and_hold_every_row(pandas_tables):
    connection = c4data.connect()
    for name, resource in RESOURCES.items():
        columns = connection.sql(f'DESCRIBE "{name}"').fetchall()
        assert [column[0] for column in columns] == [field["name"] for field in resource["schema"]["fields"]]
        for (column, sql_type, *_), field in zip(columns, resource["schema"]["fields"], strict=True):
            codebook = _codebook(field)
            if codebook is not None:
                assert sql_type == "ENUM(" + ", ".join(f"'{value}'" for value in codebook) + ")", column
            else:
                assert sql_type == SQL_TYPES[field["type"]]
        ((count,),) = connection.sql(f'SELECT count(*) FROM "{name}"').fetchall()
        assert count == len(pandas_tables[name])


def test_duckdb_view_comments_state_the_keys():
    comments = dict(c4data.connect().sql("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert "Primary key: measure_id, city_id." in comments["measure_cities"]
    assert "Foreign key: city_id references cities(city_id)." in comments["measure_cities"]


def test_connect_refuses_a_changed_file(project_copy):
    path = project_copy / "data" / "cities.parquet"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(c4data.DataIntegrityError, match=r"cities\.parquet"):
        c4data.connect(project_copy)
