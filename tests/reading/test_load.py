"""The loader: one call per table, typed from the descriptor, a new DataFrame every time."""

from __future__ import annotations

import doctest
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from support import REPO_ROOT

import c4data

# The tables are named once, in the descriptor: each has a public function of the same name.
TABLE_NAMES = [r["name"] for r in json.loads(c4data.package_path().read_text(encoding="utf-8"))["resources"]]
TABLE_FUNCTIONS = {name: getattr(c4data, name) for name in TABLE_NAMES}
# Everything else the package exports.
OTHER_API = {
    "C4DataError",
    "DataIntegrityError",
    "ExportRefused",
    "MissingDependency",
    "PackageProblems",
    "UnknownTable",
    "cite",
    "codebook",
    "connect",
    "draft",
    "export",
    "latest_status",
    "package_path",
    "tables",
    "trace",
}


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads(c4data.package_path().read_text(encoding="utf-8"))


def _resource(descriptor: dict, name: str) -> dict:
    return next(resource for resource in descriptor["resources"] if resource["name"] == name)


def test_there_is_one_function_per_table(descriptor):
    assert list(c4data.tables()) == [resource["name"] for resource in descriptor["resources"]]
    assert sorted(c4data.__all__) == sorted(OTHER_API | set(TABLE_FUNCTIONS)), "__all__ names each table once"
    for name, function in TABLE_FUNCTIONS.items():
        assert callable(function) and function.__doc__, f"c4data.{name}() needs a docstring"


@pytest.mark.parametrize("name", sorted(TABLE_FUNCTIONS))
def test_columns_and_dtypes_follow_the_descriptor(descriptor, name):
    frame = TABLE_FUNCTIONS[name]()
    fields = _resource(descriptor, name)["schema"]["fields"]
    assert list(frame.columns) == [field["name"] for field in fields]
    assert not any(pd.api.types.is_object_dtype(dtype) for dtype in frame.dtypes)
    for field in fields:
        dtype = frame[field["name"]].dtype
        enum = field.get("constraints", {}).get("enum")
        if enum:
            assert isinstance(dtype, pd.CategoricalDtype)
            assert list(dtype.categories) == enum
            assert dtype.ordered == field["categoriesOrdered"], "only a codebook with a real order is ordered"
        elif field["type"] == "string":
            assert dtype == pd.StringDtype() and dtype.na_value is pd.NA
        elif field["type"] == "integer":
            assert dtype == pd.Int64Dtype()
        elif field["type"] == "date":
            assert dtype == "datetime64[ns]"
        else:
            assert dtype == pd.Float64Dtype()


# The dtype each Table Schema type is loaded as, when the field has no codebook.
PANDAS_DTYPES = {"string": pd.StringDtype(), "integer": "Int64", "number": "Float64", "date": "datetime64[ns]"}


@pytest.mark.parametrize("name", sorted(TABLE_FUNCTIONS))
def test_frames_equal_pyarrows_frames_given_the_declared_dtypes(descriptor, name):
    """The loader converts once, in Arrow; the frame is the one pandas gives from pyarrow's, cast column by column."""
    fields = _resource(descriptor, name)["schema"]["fields"]
    dtypes = {
        field["name"]: pd.CategoricalDtype(enum, ordered=field.get("categoriesOrdered", False))
        if (enum := field.get("constraints", {}).get("enum"))
        else PANDAS_DTYPES[field["type"]]
        for field in fields
    }
    path = c4data.package_path().parent / _resource(descriptor, name)["path"]
    expected = pq.read_table(path).to_pandas().astype(dtypes)[list(dtypes)]
    pd.testing.assert_frame_equal(TABLE_FUNCTIONS[name](), expected, check_exact=True)


@pytest.mark.parametrize("name", sorted(TABLE_FUNCTIONS))
def test_missing_values_are_as_the_readme_says_and_keys_unique(descriptor, name):
    """Every column of every table: a missing value is ``pd.NA``, ``NaT`` in a date column and ``NaN`` in a
    categorical, taken alone, listed, iterated and shown; the README says exactly that."""
    readme = " ".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`NaT` in a date column and `NaN` in a categorical" in readme
    frame = TABLE_FUNCTIONS[name]()
    assert len(frame) > 0
    key = _resource(descriptor, name)["schema"]["primaryKey"]
    assert not frame.duplicated(subset=key).any()
    for column in frame.columns:
        series = frame[column]
        missing = series.isna()
        if series.dtype == "datetime64[ns]":
            expected, shown = (lambda value: value is pd.NaT), "NaT"
        elif isinstance(series.dtype, pd.CategoricalDtype):
            expected, shown = (lambda value: isinstance(value, float) and value != value), "NaN"
        else:
            expected, shown = (lambda value: value is pd.NA), "<NA>"
        assert all(expected(value) for value in series[missing]), column
        assert all(expected(value) for value in series[missing].tolist()), column
        if missing.any():
            assert expected(series[missing.idxmax()]), column
            assert shown in frame.loc[missing, [column]].to_string(), column


def test_each_call_returns_a_new_frame():
    first = c4data.cities()
    first.loc[:, "name_en"] = "changed"
    assert (c4data.cities()["name_en"] != "changed").all()


def test_tables_join_as_documented():
    measures, links, cities = c4data.measures(), c4data.measure_cities(), c4data.cities()
    joined = links.merge(measures, on="measure_id", validate="many_to_one").merge(
        cities, on="city_id", validate="many_to_one", suffixes=("", "_city")
    )
    assert len(joined) == len(links)
    participation, roles, persons = c4data.participation(), c4data.roles(), c4data.persons()
    assert set(participation["person_id"]) <= set(roles["person_id"])
    assert len(participation.merge(persons, on="person_id", validate="many_to_one")) == len(participation)
    meeting_cities, meetings = c4data.meeting_cities(), c4data.meetings()
    assert len(meeting_cities.merge(meetings, on="meeting_id", validate="many_to_one")) == len(meeting_cities)


def test_unordered_codebooks_refuse_order_comparisons():
    roles = c4data.roles()
    with pytest.raises(TypeError):
        roles["admin_level"].min()
    assert c4data.sources()["reliability"].min() == "original"
    assert "level" not in roles.columns  # renamed admin_level: GroupBy.level would shadow a column "level"


def test_dates_need_no_string_handling():
    meetings = c4data.meetings()
    assert pd.api.types.is_datetime64_dtype(meetings["date_min"])
    span = (meetings["date_max"] - meetings["date_min"]).dt.days
    assert span.loc[meetings["meeting_id"] == 10].item() == 1
    assert meetings.loc[meetings["date"].notna(), "date_min"].is_monotonic_increasing


def test_the_four_capitals_each_centre_a_metropolitan_area():
    cities = c4data.cities()
    capitals = cities[cities["tier"] == "capital"]
    assert len(capitals) == 4
    assert capitals["metro_area_zh"].notna().all() and capitals["metro_area_en"].notna().all()
    assert cities.loc[cities["tier"] != "capital", "metro_area_zh"].isna().all()


def test_meetings_run_first_to_tenth_with_hosts_where_known():
    meetings = c4data.meetings()
    assert meetings["meeting_id"].tolist() == list(range(1, 11))
    known = meetings.dropna(subset=["year"])
    assert known["year"].is_monotonic_increasing
    assert set(meetings["host_city_id"].dropna()) <= set(c4data.cities()["city_id"])


def test_figures_carry_units_and_target_years_carry_horizons():
    measures = c4data.measures()
    assert (measures["value"].isna() == measures["unit"].isna()).all()
    # A target year carries its horizon as written: in Chinese, or in English where the source is in another language.
    languages = c4data.sources()[["source_id", "language"]]
    targeted = measures[measures["target_year"].notna()].merge(languages, on="source_id")
    chinese = targeted["language"].str.startswith("zh")
    assert targeted.loc[chinese, "horizon_zh"].notna().all()
    assert targeted.loc[~chinese, "horizon_en"].notna().all() and targeted.loc[~chinese, "horizon_zh"].isna().all()


def test_docstring_examples_run():
    results = doctest.testmod(c4data)
    assert results.attempted >= 3
    assert results.failed == 0
