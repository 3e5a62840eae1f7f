"""What the loader and ``c4data validate`` would refuse, the build refuses first; validate checks every table it can."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from support import record_hash, replace_cells, snapshot

import c4data.files.untrusted
from c4data.building.build import build
from c4data.formats.parquet import package_problems
from c4data.model.descriptor import Descriptor
from c4data.model.problems import PackageProblems
from c4data.reading.load import load_table


def _rows(project, name: str) -> int:
    return pq.ParquetFile(project / "data" / f"{name}.parquet").metadata.num_rows


@pytest.mark.parametrize(("limit", "value_of"), [("MAX_ROWS", "rows"), ("MAX_COLUMNS", "columns")])
def test_a_table_past_a_read_limit_is_refused_by_the_build(project_copy, monkeypatch, limit, value_of):
    """With the limit lowered below the largest table, the build refuses that table, names its curated file and
    says what to do, and leaves the package as it was; the loader would have refused the file it wrote."""
    descriptor = Descriptor.read(project_copy / "datapackage.json")
    sizes = {
        table.name: _rows(project_copy, table.name) if value_of == "rows" else len(table.fields)
        for table in descriptor.package.tables
    }
    largest = max(sizes, key=sizes.__getitem__)
    monkeypatch.setattr(c4data.files.untrusted, limit, sizes[largest] - 1)
    before = snapshot(project_copy)
    with pytest.raises(PackageProblems) as raised:
        build(project_copy)
    over = {table.name for table in descriptor.package.tables if sizes[table.name] > sizes[largest] - 1}
    refused = [problem for problem in raised.value.problems if problem.code == "table-limit"]
    assert {problem.where for problem in refused} == {descriptor.table(name).curated_path for name in over}
    assert all("split" in problem.message and value_of in problem.message for problem in refused)
    assert snapshot(project_copy) == before
    with pytest.raises(c4data.DataIntegrityError):
        load_table(largest, descriptor)


def test_validate_still_checks_the_other_tables_when_one_is_past_a_limit(project_copy, monkeypatch):
    """One table too large to read does not hide a wrong value in another."""
    descriptor = Descriptor.read(project_copy / "datapackage.json")
    monkeypatch.setattr(c4data.files.untrusted, "MAX_ROWS", _rows(project_copy, "boundaries") - 1)
    replace_cells(project_copy / "data" / "cities.parquet", "tier", {0: "not-a-tier"})
    record_hash(project_copy / "datapackage.json", "cities")
    problems = package_problems(Descriptor.read(project_copy / "datapackage.json"), None)
    where = {(problem.where, problem.field) for problem in problems}
    assert any(problem.where == descriptor.table("boundaries").path for problem in problems)
    assert any(field == "tier" and "cities" in where_ for where_, field in where), problems
