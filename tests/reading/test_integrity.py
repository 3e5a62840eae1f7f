"""A damaged install is caught on the first read: the loader raises DataIntegrityError and validate says the same."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO_ROOT, record_hash

LOAD_EVERY_TABLE = """
import json, c4data
try:
    c4data.tables()
except c4data.DataIntegrityError as error:
    print(json.dumps({"raised": type(error).__name__, "message": str(error), "path": str(error.path)}))
else:
    print(json.dumps({"raised": None}))
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """c4data laid out as its wheel installs it: the library, with the data package in ``c4data/_package/``."""
    site = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "c4data", site / "c4data", ignore=shutil.ignore_patterns("__pycache__", "_package"))
    package = site / "c4data" / "_package"
    (package / "data").mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "datapackage.json", package / "datapackage.json")
    for parquet in (REPO_ROOT / "data").glob("*.parquet"):
        shutil.copy2(parquet, package / "data" / parquet.name)
    return site


def run_python(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-P", *args], env=env, capture_output=True, text=True, timeout=120)


def flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGE = {
    "one byte changed": (flip_one_byte, "sha256"),
    "truncated": (lambda path: path.write_bytes(path.read_bytes()[:100]), "sha256"),
    "missing": (lambda path: path.unlink(), "missing"),
    "unreadable, hash updated": (lambda path: path.write_bytes(b"PAR1 not Parquet PAR1"), "not readable Parquet"),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_loading_a_damaged_file_raises_data_integrity_error(site, case):
    damage, reason = DAMAGE[case]
    path = site / "c4data" / "_package" / "data" / "measures.parquet"
    damage(path)
    if case.endswith("hash updated"):
        record_hash(site / "c4data" / "_package" / "datapackage.json", "measures")
    result = run_python(site, "-c", LOAD_EVERY_TABLE)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["raised"] == "DataIntegrityError"
    assert report["path"] == str(path)
    assert "measures.parquet" in report["message"] and reason in report["message"]
    assert "reinstall" in report["message"]


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_validate_reports_the_same_damage_without_a_traceback(site, case):
    damage, _ = DAMAGE[case]
    damage(site / "c4data" / "_package" / "data" / "measures.parquet")
    if case.endswith("hash updated"):
        record_hash(site / "c4data" / "_package" / "datapackage.json", "measures")
    result = run_python(site, "-m", "c4data", "validate")
    assert result.returncode == 1
    assert "data/measures.parquet" in result.stderr
    assert "Traceback" not in result.stderr


def test_info_on_a_damaged_install_says_so_without_a_traceback(site):
    flip_one_byte(site / "c4data" / "_package" / "data" / "cities.parquet")
    result = run_python(site, "-m", "c4data", "info")
    assert result.returncode == 1
    assert "cities.parquet" in result.stderr and "reinstall" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_intact_install_loads_and_validates(site):
    assert json.loads(run_python(site, "-c", LOAD_EVERY_TABLE).stdout) == {"raised": None}
    result = run_python(site, "-m", "c4data", "validate")
    assert result.returncode == 0, result.stderr


def test_a_damaged_descriptor_raises_data_integrity_error(site):
    descriptor = site / "c4data" / "_package" / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8")[:200], encoding="utf-8")
    report = json.loads(run_python(site, "-c", LOAD_EVERY_TABLE).stdout)
    assert report["raised"] == "DataIntegrityError"
    assert "datapackage.json" in report["message"] and "not valid JSON" in report["message"]


def test_a_descriptor_without_a_schema_raises_data_integrity_error(site):
    path = site / "c4data" / "_package" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    del descriptor["resources"][1]["schema"]
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    report = json.loads(run_python(site, "-c", LOAD_EVERY_TABLE).stdout)
    assert report["raised"] == "DataIntegrityError"
    assert "inline schema" in report["message"] and "reinstall" in report["message"]


def test_the_error_is_part_of_the_public_api():
    import c4data

    assert "DataIntegrityError" in c4data.__all__
    assert issubclass(c4data.DataIntegrityError, Exception)
