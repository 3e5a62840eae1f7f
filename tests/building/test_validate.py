"""``c4data validate`` accepts every format ``c4data export`` writes, and places a problem inside it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from support import run_c4data

import c4data
from c4data.building.validate import validate

pytestmark = pytest.mark.cli


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("every-format")
    return {
        "csv": c4data.export(base / "csv", format="csv").parent,
        "zip": c4data.export(base / "c4data.zip", format="zip"),
    }


@pytest.mark.parametrize("form", ["csv", "zip"])
def test_the_command_accepts_the_export_and_checks_evidence(exports, form, sources_dir):
    result = run_c4data("validate", exports[form], "--sources-dir", sources_dir)
    assert result.returncode == 0, result.stderr
    assert "valid (evidence checked" in result.stdout


def test_a_bad_cell_in_a_zipped_csv_is_placed_by_member_line_and_field(exports, tmp_path):
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(exports["zip"]) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "data/meetings.csv":
                data = data.replace(b",video_conference,", b",by_pigeon,", 1)
            target.writestr(name, data)
    problems = validate(damaged)
    assert [p.where for p in problems][:1] == ["damaged.zip: data/meetings.csv"]
    assert any(p.field == "held_as" and p.line is not None for p in problems)


def test_a_zip_without_a_descriptor_is_refused_clearly(tmp_path):
    empty = tmp_path / "other.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("notes.txt", "hello")
    result = run_c4data("validate", empty)
    assert result.returncode == 1
    assert "holds no datapackage.json" in result.stderr and "Traceback" not in result.stderr


def test_validate_prints_problems_as_json_for_ci(project_copy):
    parquet = project_copy / "data" / "cities.parquet"
    parquet.write_bytes(parquet.read_bytes() + b"\0")
    result = run_c4data("validate", project_copy, "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert {tuple(problem) for problem in report["problems"]} == {("where", "line", "field", "message", "code")}
    assert {"where": "data/cities.parquet", "code": "hash-mismatch"}.items() <= report["problems"][0].items()
    valid = run_c4data("validate", "--format", "json")
    assert valid.returncode == 0 and json.loads(valid.stdout)["problems"] == []
