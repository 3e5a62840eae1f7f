"""Text cells are safe to print and to open in a spreadsheet: no control characters, no formulas."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from support import REPO_ROOT, record_hash, replace_cells

import c4data.formats.exporter
from c4data.building.build import build
from c4data.model.problems import PackageProblems

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
    written = c4data.formats.exporter.export(tmp_path / "csv", format="csv")
    descriptor = json.loads(written.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        with open(written.parent / resource["path"], encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                assert not any(cell.startswith(FORMULA_STARTS) for cell in row), (resource["name"], row)


def test_a_csv_export_refuses_a_package_holding_a_formula(project_copy, tmp_path):
    """A package built elsewhere, or by an older c4data, is checked again before a CSV is written."""
    replace_cells(project_copy / "data" / "cities.parquet", "note", {0: "=1+1"})
    record_hash(project_copy / "datapackage.json", "cities")
    with pytest.raises(PackageProblems, match="formula"):
        c4data.formats.exporter.export(tmp_path / "out", format="csv", source=project_copy)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("form", ["csv", "zip", "xlsx", "geojson"])
@pytest.mark.parametrize(("text", "phrase"), [("=1+1", "formula"), ("Wu\x1bhan", "U+001B")])
def test_every_spreadsheet_facing_export_refuses_either_kind_of_text(project_copy, tmp_path, form, text, phrase):
    """As the data dictionary says: a package built elsewhere that holds either is refused, nothing written."""
    replace_cells(project_copy / "data" / "cities.parquet", "name_en", {1: text})
    record_hash(project_copy / "datapackage.json", "cities")
    target = tmp_path / "out" / f"c4data.{form}"
    with pytest.raises(PackageProblems) as refused:
        c4data.formats.exporter.export(target, format=form, source=project_copy)
    assert "name_en" in str(refused.value) and phrase in str(refused.value)
    assert not [path for path in (tmp_path / "out").iterdir()]


def _code_points(text: str) -> set[int]:
    """The code points a text names as ``U+XXXX`` or ``U+XXXX–U+YYYY``."""
    found = set()
    for first, last in re.findall(r"U\+([0-9A-F]{4})(?:–U\+([0-9A-F]{4}))?", text):
        found |= set(range(int(first, 16), int(last or first, 16) + 1))
    return found


def test_the_dictionary_states_the_rule_the_checks_apply():
    from c4data.checks import CHECKS
    from c4data.checks.text import FORMULA_STARTS as CHECKED_STARTS
    from c4data.files.untrusted import CONTROL_CHARACTERS

    dictionary = (REPO_ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    section = dictionary.split("## Text cells", 1)[1].split("\n## ", 1)[0]
    refused = {code for code in range(0x3000) if CONTROL_CHARACTERS.match(chr(code))}
    assert _code_points(section) == refused
    assert all(f"`{start}`" in section for start in CHECKED_STARTS)
    named = set(re.findall(r"checks `([a-z-]+)` and `([a-z-]+)`", section)[0])
    assert named == {"control-character", "formula-start"} <= {check.code for check in CHECKS}
