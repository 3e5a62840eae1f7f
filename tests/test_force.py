"""``--force`` and ``build`` replace only what c4data itself wrote, and say what they replace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import REPO_ROOT, run_c4data

import c4data

pytestmark = pytest.mark.cli


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """What a user has after `git clone`: the sources, the curated data, and `.git`."""
    target = tmp_path / "c4data-clone"
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    shutil.copy2(REPO_ROOT / "README.md", target / "README.md")
    shutil.copy2(REPO_ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(REPO_ROOT / "data", target / "data")
    return target


def test_force_refuses_a_git_checkout(clone):
    before = _tree(clone)
    result = run_c4data("export", clone, "--force")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "git" in result.stderr
    assert _tree(clone) == before


def test_force_refuses_a_directory_of_a_checkout(clone):
    before = _tree(clone)
    result = run_c4data("export", "data", "--force", cwd=clone)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not written by c4data" in result.stderr
    assert _tree(clone) == before


def test_force_refuses_a_directory_c4data_did_not_write(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_c4data("export", target, "--force")
    assert result.returncode == 1 and "not written by c4data" in result.stderr
    assert _tree(target) == {"notes.txt": b"mine"}


def test_force_replaces_an_earlier_export(tmp_path):
    target = tmp_path / "out"
    c4data.export(target, format="csv")
    result = run_c4data("export", target, "--format", "parquet", "--force")
    assert result.returncode == 0, result.stderr
    assert not (target / "data" / "cities.csv").exists()
    assert (target / "data" / "cities.parquet").is_file()


def test_force_keeps_a_file_added_to_an_earlier_export(tmp_path):
    target = tmp_path / "out"
    c4data.export(target, format="parquet")
    (target / "analysis.R").write_text("library(frictionless)\n", encoding="utf-8")
    result = run_c4data("export", target, "--force")
    assert result.returncode == 1 and "analysis.R" in result.stderr
    assert (target / "analysis.R").read_text(encoding="utf-8") == "library(frictionless)\n"


def test_build_keeps_a_file_it_did_not_write_and_says_what_it_replaces(project_copy):
    mine = project_copy / "data" / "my_extra.parquet"
    mine.write_bytes(b"my own file")
    cities = project_copy / "data" / "curated" / "cities.csv"
    cities.write_text(cities.read_text(encoding="utf-8").replace("Wuhan", "Wuhan City", 1), encoding="utf-8")
    result = run_c4data("build", "--root", project_copy)
    assert result.returncode == 0, result.stderr
    assert mine.read_bytes() == b"my own file"
    assert "data/cities.parquet" in result.stdout and "replaced" in result.stdout
    assert "data/my_extra.parquet" in result.stdout  # named as left alone, not silently kept
