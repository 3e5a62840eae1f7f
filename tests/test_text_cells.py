"""Text cells are safe to print and to open in a spreadsheet: no control characters, no formulas."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import c4data.exporter
from c4data.build import build
from c4data.problems import PackageProblems

FORMULA_STARTS = ("=", "+", "-", "@")


def _set_cell(root: Path, table: str, line: int, field: str, value: str) -> None:
    path = root / "data" / "curated" / f"{table}.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[line - 1][rows[0].index(field)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize("value", ["Wuhan\x1b[31m", "Wu\x07han", "Wuhan\u202e", "Wu\x85han"])
def test_build_refuses_a_control_character_in_text(project_copy, value):
    _set_cell(project_copy, "cities", 9, "name_en", value)
    with pytest.raises(PackageProblems) as error:
        build(project_copy)
    message = str(error.value)
    assert "data/curated/cities.csv, line 9, field 'name_en'" in message and "control character" in message
    assert "\x1b" not in message and "\u202e" not in message


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_build_refuses_text_a_spreadsheet_would_run_as_a_formula(project_copy, start):
    _set_cell(project_copy, "cities", 9, "note", f'{start}HYPERLINK("http://example.org","Wuhan")')
    with pytest.raises(PackageProblems) as error:
        build(project_copy)
    assert "data/curated/cities.csv, line 9, field 'note'" in str(error.value)
    assert "formula" in str(error.value)


def test_a_csv_export_carries_no_formula(tmp_path):
    written = c4data.exporter.export(tmp_path / "csv", format="csv")
    descriptor = json.loads(written.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        with open(written.parent / resource["path"], encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                assert not any(cell.startswith(FORMULA_STARTS) for cell in row), (resource["name"], row)


def test_a_csv_export_refuses_a_package_holding_a_formula(project_copy, tmp_path):
    """A package built elsewhere, or by an older c4data, is checked again before a CSV is written."""
    path = project_copy / "data" / "cities.parquet"
    table = pq.read_table(path)
    notes = table.column("note").to_pylist()
    notes[0] = "=1+1"
    table = table.set_column(table.schema.get_field_index("note"), "note", pa.array(notes, pa.string()))
    pq.write_table(table, path, compression="snappy")
    descriptor = json.loads((project_copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "cities":
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (project_copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PackageProblems, match="formula"):
        c4data.exporter.export(tmp_path / "out", format="csv", source=project_copy)
    assert not (tmp_path / "out").exists()
