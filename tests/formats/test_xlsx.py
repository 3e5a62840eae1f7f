"""``c4data export --format xlsx``: one workbook an Excel user can open, with codes as text, that validates."""

from __future__ import annotations

import json
import re
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bounded import assert_refused, run_bounded
from openpyxl.utils import get_column_letter
from support import REPO_ROOT, record_hash, replace_cells

import c4data
from c4data.building.validate import validate

pytestmark = pytest.mark.cli

DESCRIPTOR = json.loads(c4data.package_path().read_text(encoding="utf-8"))
TABLES = [resource["name"] for resource in DESCRIPTOR["resources"]]


@pytest.fixture(scope="module")
def workbook_path(shipped_export) -> Path:
    return shipped_export("xlsx")


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


def test_the_readmes_way_reads_every_code_back_as_text(workbook_path, monkeypatch):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```python excel\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    monkeypatch.chdir(workbook_path.parent)
    exec(compile(textwrap.dedent(block), "README.md", "exec"), namespace)
    assert namespace["cities"]["city_id"].tolist() == c4data.cities()["city_id"].tolist()
    for name in TABLES:
        read = namespace["tables"][name]
        for field in next(r for r in DESCRIPTOR["resources"] if r["name"] == name)["schema"]["fields"]:
            if field["type"] == "string":
                assert all(isinstance(value, str) for value in read[field["name"]].dropna()), field["name"]


@pytest.mark.parametrize("name", TABLES)
def test_each_table_sheet_has_a_filter_a_frozen_header_and_columns_as_wide_as_their_values(workbook, name):
    sheet = workbook[name]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    for column in sheet.iter_cols():
        width = sheet.column_dimensions[column[0].column_letter].width
        header = len(str(column[0].value))
        shown = [cell.value.date().isoformat() if cell.is_date else str(cell.value or "") for cell in column]
        widest = max(sum(2 if ord(c) > 0x2E80 else 1 for c in text) for text in shown)
        assert header < width <= 60, column[0].value  # room for the filter's button; a screen's width at most
        assert width >= min(widest, 60) or width == 60, column[0].value


def test_validate_accepts_the_workbook(workbook_path, sources_dir):
    assert validate(workbook_path, sources_dir) == []


def _edited(workbook, tmp_path: Path, sheet: str, cell: str, value) -> Path:
    """The export as a spreadsheet program saves it after one edit (here openpyxl, on the module's loaded copy,
    which gets its value back)."""
    original = workbook[sheet][cell].value
    workbook[sheet][cell].value = value
    target = tmp_path / "edited.xlsx"
    try:
        workbook.save(target)
    finally:
        workbook[sheet][cell].value = original
    return target


def _column(workbook, sheet: str, field: str) -> str:
    header = [cell.value for cell in workbook[sheet][1]]
    return openpyxl.utils.get_column_letter(header.index(field) + 1)


def test_validate_finds_a_code_excel_turned_into_a_number(workbook, tmp_path):
    problems = validate(_edited(workbook, tmp_path, "cities", "A2", 340100))
    assert [(p.where, p.line, p.field) for p in problems] == [("edited.xlsx: cities", 2, "city_id")]
    assert "codes must stay text" in problems[0].message


def test_validate_finds_a_value_outside_the_codebook(workbook, tmp_path):
    problems = validate(_edited(workbook, tmp_path, "cities", f"{_column(workbook, 'cities', 'tier')}3", "town"))
    assert [(p.where, p.line, p.field) for p in problems] == [("edited.xlsx: cities", 3, "tier")]
    assert "constraint-error" in problems[0].message


# No cell is a formula, whatever the text.

FORMULA_TEXTS = ['=HYPERLINK("http://example.org","click")', "+1+1", "-2+3", "@SUM(A1)"]


def _cells(workbook) -> list:
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_no_cell_of_the_export_is_a_formula(workbook):
    assert not [cell.coordinate for cell in _cells(workbook) if cell.data_type == "f"]


def _with_city_names(root: Path, names: list[str]) -> None:
    """The package at ``root`` with its first cities renamed, the descriptor's hash to match (built elsewhere)."""
    replace_cells(root / "data" / "cities.parquet", "name_en", dict(enumerate(names)))
    record_hash(root / "datapackage.json", "cities")


def test_text_that_starts_like_a_formula_is_written_as_text(project_copy, tmp_path):
    """A package that holds such text (one built elsewhere: c4data's build refuses it) gives text cells."""
    from c4data.formats.xlsx import write_workbook
    from c4data.model.descriptor import Descriptor

    _with_city_names(project_copy, FORMULA_TEXTS)
    target = tmp_path / "crafted.xlsx"
    write_workbook(Descriptor.read(project_copy / "datapackage.json"), target)
    written = openpyxl.load_workbook(target)
    assert not [cell.coordinate for cell in _cells(written) if cell.data_type == "f"]
    header = [cell.value for cell in written["cities"][1]]
    column = [row[header.index("name_en")] for row in written["cities"].iter_rows(min_row=2, values_only=True)]
    assert column[: len(FORMULA_TEXTS)] == FORMULA_TEXTS


def test_the_export_refuses_a_control_character_with_a_message(project_copy, tmp_path):
    _with_city_names(project_copy, ["Wu\x1bhan"])
    target = tmp_path / "c4data.xlsx"
    with pytest.raises(c4data.PackageProblems, match=r"cities, row 1, field 'name_en'.*U\+001B"):
        c4data.export(target, format="xlsx", source=project_copy)
    assert [path.name for path in tmp_path.iterdir()] == ["project"]  # nothing written beside it


def test_validate_reports_a_formula_in_a_text_cell(workbook, tmp_path):
    column = _column(workbook, "cities", "name_en")
    edited = _edited(workbook, tmp_path, "cities", f"{column}2", '=HYPERLINK("http://example.org")')
    problems = validate(edited)
    assert [(p.where, p.line, p.field) for p in problems] == [("edited.xlsx: cities", 2, "name_en")]
    assert "formula" in problems[0].message


# A workbook given to `c4data validate` is untrusted input: read within the limits, or refused with a message.

FIRST_TABLE_SHEET = "xl/worksheets/sheet2.xml"  # the sheet after `about`: the first table's


def _rewritten(workbook_path: Path, target: Path, change: dict[str, bytes]) -> Path:
    """The workbook with some members replaced or added (the rest copied as they are)."""
    with zipfile.ZipFile(workbook_path) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in original.namelist():
            if name not in change:
                out.writestr(name, original.read(name))
        for name, data in change.items():
            out.writestr(name, data)
    return target


def _sheet(workbook_path: Path) -> bytes:
    with zipfile.ZipFile(workbook_path) as archive:
        return archive.read(FIRST_TABLE_SHEET)


def _declaring(sheet: bytes, dimension: str) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{dimension}"/>'.encode(), sheet, count=1)


def _with_a_far_row(sheet: bytes) -> bytes:
    """No declared size, and a row numbered a billion: openpyxl would fill in every row before it."""
    sheet = re.sub(rb'<dimension ref="[^"]*" ?/>', b"", sheet, count=1)
    far = b'<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>x</t></is></c></row>'
    return sheet.replace(b"</sheetData>", far + b"</sheetData>", 1)


BOMBS = {
    "a sheet declaring a million rows": (
        lambda path: {FIRST_TABLE_SHEET: _declaring(_sheet(path), "A1:H1048576")},
        "declares 1,048,576 rows, past the limit",
    ),
    "a sheet declaring 16,384 columns": (
        lambda path: {FIRST_TABLE_SHEET: _declaring(_sheet(path), "A1:XFD10")},
        "declares 16,384 columns, past the limit",
    ),
    "a row numbered a billion": (
        lambda path: {FIRST_TABLE_SHEET: _with_a_far_row(_sheet(path))},
        "more than 500,000 rows",
    ),
    "a member inflating past 64 MiB": (
        lambda path: {"xl/media/zeros.bin": bytes(65 << 20)},
        "inflates to 68,157,440 bytes, past the limit",
    ),
    "10,001 members": (
        lambda path: {f"xl/media/{index}.bin": b"" for index in range(10_001)},
        "10,0",
    ),
}


@pytest.mark.parametrize("bomb", BOMBS)
def test_validate_refuses_a_workbook_past_the_limits_quickly_in_bounded_memory(workbook_path, tmp_path, bomb):
    change, phrase = BOMBS[bomb]
    crafted = _rewritten(workbook_path, tmp_path / "crafted.xlsx", change(workbook_path))
    assert crafted.stat().st_size < 2 << 20  # small on disk
    assert_refused(run_bounded("validate", crafted, timeout=30), 1, "crafted.xlsx", phrase)
