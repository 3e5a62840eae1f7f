"""The README's DuckDB query, on ``c4data.connect()`` and on an export, gives the same counts as its pandas join."""

from __future__ import annotations

import operator
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import REPO_ROOT

import c4data
from c4data.model.descriptor import Descriptor
from c4data.reading.sql import enum_type_names

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["installed", "export"])
def test_readme_sql_join_matches_the_pandas_join(where, shipped_export):
    query = re.findall(r"```sql\n(.*?)```", README, flags=re.DOTALL)[0]
    if where == "export":
        from_sql = c4data.connect(shipped_export("parquet").parent).sql(query).fetchall()
    else:
        from_sql = c4data.connect().sql(query).fetchall()

    namespace: dict = {}
    (join,) = [block for block in re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL) if "links" in block]
    exec(compile(join, "README.md", "exec"), {"c4data": c4data}, namespace)
    counts = namespace["links"].groupby(["name_en", "status"], observed=True).size()
    from_pandas = [(str(city), str(status), int(n)) for (city, status), n in counts.items()]

    assert len(from_sql) > 0
    assert from_sql == from_pandas  # ordered as the codebook orders status, in both


# The views hold exactly the verified data: DuckDB is never handed a path it could expand or read again.


def _copy_package(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "datapackage.json", root / "datapackage.json")
    shutil.copytree(REPO_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("curated"))
    return root


def _view_rows(connection, name: str) -> int:
    return connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]


def _verified_rows() -> dict[str, int]:
    return {name: len(frame) for name, frame in c4data.tables().items()}


def test_the_views_do_not_read_the_files_again_after_connect(tmp_path):
    package = _copy_package(tmp_path / "package")
    connection = c4data.connect(package)
    for parquet in (package / "data").glob("*.parquet"):  # every file replaced after the check, by twice its rows
        table = pq.read_table(parquet)
        pq.write_table(pa.concat_tables([table, table]), parquet)
    assert {name: _view_rows(connection, name) for name in _verified_rows()} == _verified_rows()


@pytest.mark.parametrize("directory", ["pack*", "pack?", "pack[ab]", "~pack"])
def test_glob_characters_in_the_package_path_read_only_the_package(tmp_path, monkeypatch, directory):
    package = _copy_package(tmp_path / directory)
    for decoy in ("pack-a", "packa", "packb", "pack"):  # what each pattern would match, holding other rows
        other = _copy_package(tmp_path / decoy)
        for parquet in (other / "data").glob("*.parquet"):
            table = pq.read_table(parquet)
            pq.write_table(pa.concat_tables([table, table]), parquet)
    monkeypatch.chdir(tmp_path)
    for where in (package, Path(directory)):  # absolute, and relative as a user types it
        connection = c4data.connect(where)
        assert {name: _view_rows(connection, name) for name in _verified_rows()} == _verified_rows()


def test_the_view_columns_are_typed_as_their_fields():
    connection = c4data.connect()
    descriptor = Descriptor.read(REPO_ROOT / "datapackage.json")
    types = enum_type_names(descriptor)
    expected_type = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE"}
    for table in descriptor.package.tables:
        described = dict(
            connection.execute(f'SELECT column_name, column_type FROM (DESCRIBE "{table.name}")').fetchall()
        )
        for field in table.fields:
            enum_type = types.get((table.name, field.name))
            if enum_type:
                values = connection.execute(f'SELECT enum_range(NULL::"{enum_type}")').fetchone()[0]
                assert described[field.name].startswith("ENUM") and list(values) == list(field.enum)
            else:
                assert described[field.name] == expected_type[field.type], (table.name, field.name)


COMPARISONS = {">=": operator.ge, ">": operator.gt, "<": operator.lt, "<=": operator.le}


# Ordered codebooks: SQL compares them as pandas does when the value is cast to the field's ENUM type.


def _ordered_fields():
    descriptor = Descriptor.read(REPO_ROOT / "datapackage.json")
    types = enum_type_names(descriptor)
    return [
        (table.name, field.name, types[(table.name, field.name)], list(field.enum))
        for table in descriptor.package.tables
        for field in table.fields
        if field.enum and field.categories_ordered
    ]


def test_sql_compares_every_ordered_codebook_as_pandas_does():
    connection, frames = c4data.connect(), c4data.tables()
    for table, field, enum_type, values in _ordered_fields():
        comment = connection.execute(
            "SELECT comment FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? AND column_name = ?",
            [table, field],
        ).fetchone()[0]
        assert f"::{enum_type}" in comment  # the column says how to compare
        for value in values:
            for comparison, compare in COMPARISONS.items():
                query = f'SELECT count(*) FROM "{table}" WHERE "{field}" {comparison} \'{value}\'::"{enum_type}"'
                in_pandas = int(compare(frames[table][field], value).sum())
                assert connection.execute(query).fetchone()[0] == in_pandas, (table, field, comparison, value)


def test_the_readme_teaches_the_ordered_comparison_and_it_matches_pandas():
    blocks = re.findall(r"```sql\n(.*?)```", README, flags=re.DOTALL)
    (ordered,) = [block for block in blocks if ">=" in block]
    assert "::" in ordered  # the value cast to the field's ENUM type, not compared as text
    measures = c4data.measures()
    expected = int((measures["status"] >= "in_progress").sum())
    assert c4data.connect().execute(ordered).fetchone()[0] == expected
