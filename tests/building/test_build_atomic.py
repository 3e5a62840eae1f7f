"""A build killed at any moment leaves the old package or the new one; a second build at once is refused."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from support import run_c4data, snapshot

import c4data
import c4data.building.build
from c4data.model.descriptor import Descriptor
from c4data.reading.load import load_table


def _edit_curated(root: Path) -> None:
    """A change that alters two tables' Parquet files: a city's and a meeting's English name."""
    for name, old, new in (
        ("cities", ",Wuhan,", ",Wuhan City,"),
        ("meetings", ",1st Consultation", ",First Consultation"),
    ):
        path = root / "data" / "curated" / f"{name}.csv"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_build_killed_after_any_rename_leaves_the_old_or_the_new_package(project_copy, tmp_path, monkeypatch):
    """After each rename the build makes, the files on disk are what `kill -9` at that moment would leave."""
    old = snapshot(project_copy)
    _edit_curated(project_copy)
    unfinished = project_copy / c4data.building.build.UNFINISHED_NAME
    states: list[tuple[dict[str, str], bool]] = []
    real = os.replace

    def replace_and_record(*args, **kwargs):
        real(*args, **kwargs)
        states.append((snapshot(project_copy), unfinished.exists()))
        if len(states) == 3:  # keep one half-replaced package, to see what readers make of it
            shutil.copytree(project_copy, tmp_path / "killed", ignore=shutil.ignore_patterns(".c4data-build-*"))

    monkeypatch.setattr(c4data.building.build.os, "replace", replace_and_record)
    c4data.building.build.build(project_copy)
    monkeypatch.undo()
    new = snapshot(project_copy)
    assert new != old and len(states) >= 3
    for moment, (state, marked) in enumerate(states, start=1):
        # Either one whole package, or a mix that is marked so that every reader refuses it.
        assert state in (old, new) or marked, f"killed after rename {moment}: a silent mix of old and new files"
    assert not unfinished.exists()

    killed = tmp_path / "killed"
    assert snapshot(killed) not in (old, new) and (killed / c4data.building.build.UNFINISHED_NAME).exists()
    checked = run_c4data("validate", killed)
    assert checked.returncode == 1 and "interrupted" in checked.stderr, checked.stderr
    with pytest.raises(c4data.DataIntegrityError, match="interrupted"):
        load_table("cities", Descriptor.read(killed / "datapackage.json"))
    finished = run_c4data("build", "--root", killed)
    assert finished.returncode == 0, finished.stderr
    assert snapshot(killed) == new and not (killed / c4data.building.build.UNFINISHED_NAME).exists()


def test_a_second_build_while_one_runs_is_refused(project_copy):
    before = snapshot(project_copy)
    lock = project_copy / c4data.building.build.LOCK_NAME
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_c4data("build", "--root", project_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "another" in result.stderr and "build" in result.stderr
    assert snapshot(project_copy) == before
