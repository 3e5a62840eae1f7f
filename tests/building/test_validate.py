"""``c4data validate`` accepts every format ``c4data export`` writes, and places a problem inside it."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from support import run_c4data

import c4data
from c4data.building.validate import validate

pytestmark = pytest.mark.cli


@pytest.fixture(scope="module")
def exports(shipped_export) -> dict[str, Path]:
    return {"csv": shipped_export("csv").parent, "zip": shipped_export("zip")}


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


def _replace_in_csv(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8-sig", newline="")


def test_an_edited_csv_export_is_reported_once_per_cause_and_its_rows_still_checked(exports, tmp_path):
    """An edit of two files: each changed file is one problem, and the foreign key the edit broke is found too."""
    edited = tmp_path / "edited"
    shutil.copytree(exports["csv"], edited)
    _replace_in_csv(edited / "data" / "cities.csv", "Wuhan", "Wuhan (edited)")
    city = str(c4data.measure_cities()["city_id"][0])
    _replace_in_csv(edited / "data" / "measure_cities.csv", f",{city},", ",999999,")
    problems = validate(edited)
    per_file = [(problem.where, problem.code) for problem in problems if problem.field is None]
    assert per_file == [("data/cities.csv", "hash-mismatch"), ("data/measure_cities.csv", "hash-mismatch")]
    assert all("export the package again" in problem.message for problem in problems if problem.field is None)
    broken = [problem for problem in problems if problem.code == "foreign-key"]
    assert [(problem.where, problem.field) for problem in broken] == [("data/measure_cities.csv", "city_id")]


@pytest.mark.parametrize("name", ["c4data.ods", "c4data.csv", "notes.txt"])
def test_a_file_of_a_format_c4data_does_not_read_is_named_as_such(exports, tmp_path, name):
    other = tmp_path / name
    other.write_bytes(exports["zip"].read_bytes())  # an .ods file is a zip too
    result = run_c4data("validate", other)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"is a {other.suffix} file, a format c4data does not read" in result.stderr
    assert ".xlsx" in result.stderr and ".zip" in result.stderr
    report = json.loads(run_c4data("validate", other, "--format", "json").stdout)
    assert [problem["code"] for problem in report["problems"]] == ["unsupported-format"]


def test_without_the_source_texts_validate_says_what_a_user_of_the_wheel_can_do():
    env = {name: value for name, value in os.environ.items() if name != "C4DATA_SOURCES_DIR"}
    result = run_c4data("validate", env=env)
    assert result.returncode == 0, result.stderr
    assert "the source texts do not ship with c4data" in result.stdout and "--sources-dir DIR" in result.stdout


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
