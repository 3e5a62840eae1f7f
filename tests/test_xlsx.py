"""``c4data export --format xlsx``: one workbook an Excel user can open, with codes as text, that validates."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from support import run_c4data

import c4data
from c4data.validate import validate

pytestmark = pytest.mark.cli

DESCRIPTOR = json.loads(c4data.package_path().read_text(encoding="utf-8"))
TABLES = [resource["name"] for resource in DESCRIPTOR["resources"]]


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "c4data.xlsx"
    result = run_c4data("export", target, "--format", "xlsx")
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def workbook(workbook_path):
    return openpyxl.load_workbook(workbook_path)


def test_one_sheet_per_table_then_the_dictionary_and_the_codebook(workbook):
    assert workbook.sheetnames == ["about", *TABLES, "dictionary", "codebook"]


@pytest.mark.parametrize("name", TABLES)
def test_each_sheet_holds_the_table_with_codes_as_text(workbook, name):
    frame = c4data.tables()[name]
    sheet = workbook[name]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(frame.columns)
    assert len(rows) - 1 == len(frame)
    fields = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)["schema"]["fields"]
    for index, field in enumerate(fields):
        column = [row[index] for row in rows[1:]]
        expected = [None if pd.isna(value) else value for value in frame[field["name"]].astype(object)]
        assert column == expected, field["name"]
        if field["type"] == "string":
            cells = [row[index] for row in sheet.iter_rows(min_row=2)]
            assert all(cell.data_type == "s" and cell.number_format == "@" for cell in cells if cell.value is not None)


def test_a_code_is_text_and_chinese_is_intact(workbook):
    sheet = workbook["cities"]
    header = [cell.value for cell in sheet[1]]
    rows = sheet.iter_rows(min_row=2, values_only=True)
    wuhan = next(row for row in rows if row[header.index("city_id")] == "420100")
    assert wuhan[header.index("name_zh")] == "武汉市"


def test_about_sheet_cites_the_package_and_its_sources(workbook):
    about = dict(workbook["about"].iter_rows(max_row=5, values_only=True))
    assert about["cite as"] == str(c4data.cite())
    assert about["BibTeX"] == c4data.cite().bibtex
    sources = [value for key, value in workbook["about"].iter_rows(values_only=True) if key == "source"]
    assert sources == [str(c4data.cite(source_id)) for source_id in c4data.sources()["source_id"]]


def test_codebook_sheet_is_every_codebook(workbook):
    rows = list(workbook["codebook"].iter_rows(min_row=2, values_only=True))
    tier = [row[2:] for row in rows if row[:2] == ("cities", "tier")]
    assert tier == [tuple(r) for r in c4data.codebook("cities", "tier").itertuples(index=False)]


def test_dictionary_sheet_describes_every_field(workbook):
    rows = list(workbook["dictionary"].iter_rows(min_row=2, values_only=True))
    described = {(row[0], row[1]) for row in rows if row[1]}
    expected = {(r["name"], f["name"]) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]}
    assert described == expected


def test_pandas_reads_the_codes_back_as_text(workbook_path):
    cities = pd.read_excel(workbook_path, sheet_name="cities", dtype={"city_id": str})
    assert cities["city_id"].tolist() == c4data.cities()["city_id"].tolist()


def test_validate_accepts_the_workbook(workbook_path, sources_dir):
    assert validate(workbook_path, sources_dir) == []


def _edited(workbook_path: Path, tmp_path: Path, sheet: str, cell: str, value) -> Path:
    edited = openpyxl.load_workbook(workbook_path)
    edited[sheet][cell].value = value
    target = tmp_path / "edited.xlsx"
    edited.save(target)
    return target


def test_validate_finds_a_code_excel_turned_into_a_number(workbook_path, tmp_path):
    problems = validate(_edited(workbook_path, tmp_path, "cities", "A2", 340100))
    assert [(p.where, p.line, p.field) for p in problems] == [("edited.xlsx: cities", 2, "city_id")]
    assert "codes must stay text" in problems[0].message


def test_validate_finds_a_value_outside_the_codebook(workbook_path, tmp_path):
    header = [cell.value for cell in openpyxl.load_workbook(workbook_path, read_only=True)["cities"][1]]
    column = openpyxl.utils.get_column_letter(header.index("tier") + 1)
    problems = validate(_edited(workbook_path, tmp_path, "cities", f"{column}3", "town"))
    assert [(p.where, p.line, p.field) for p in problems] == [("edited.xlsx: cities", 3, "tier")]
    assert "constraint-error" in problems[0].message
