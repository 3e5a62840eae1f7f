"""A build killed at any moment leaves the old package or the new one; a second build at once is refused."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_c4data, snapshot

import c4data
import c4data.build
from c4data.descriptor import Descriptor
from c4data.load import load_table

# Runs a build that dies (as under `kill -9`: no cleanup) just after its Nth rename.
KILLED_BUILD = """
import os, sys
import c4data.build
real, count = os.replace, [0]
def replace(*args, **kwargs):
    real(*args, **kwargs)
    count[0] += 1
    if count[0] == int(sys.argv[2]):
        os._exit(137)
c4data.build.os.replace = replace
c4data.build.build(sys.argv[1])
"""


def _edit_curated(root: Path) -> None:
    """A change that alters two tables' Parquet files: a city's and a meeting's English name."""
    for name, old, new in (("cities", ",Wuhan,", ",Wuhan City,"), ("meetings", ",1st Consultation", ",First Consultation")):
        path = root / "data" / "curated" / f"{name}.csv"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_build_killed_after_any_rename_leaves_the_old_or_the_new_package(project_copy, tmp_path):
    old = snapshot(project_copy)
    _edit_curated(project_copy)
    done = tmp_path / "done"
    shutil.copytree(project_copy, done)
    c4data.build.build(done)
    new = snapshot(done)
    assert new != old
    for kill_after in range(1, len(new) + 3):
        root = tmp_path / f"killed-{kill_after}"
        shutil.copytree(project_copy, root)
        killed = subprocess.run(
            [sys.executable, "-P", "-c", KILLED_BUILD, str(root), str(kill_after)], capture_output=True, timeout=120
        )
        assert killed.returncode in (0, 137), killed.stderr
        state = snapshot(root)
        if state not in (old, new):
            # Files of both builds are on disk: every reader must refuse them, and the next build finish the job.
            assert (root / c4data.build.UNFINISHED_NAME).exists(), f"killed after rename {kill_after}: a silent mix"
            checked = run_c4data("validate", root)
            assert checked.returncode == 1 and "interrupted" in checked.stderr, checked.stderr
            with pytest.raises(c4data.DataIntegrityError, match="interrupted"):
                load_table("cities", Descriptor.read(root / "datapackage.json"))
            assert run_c4data("build", "--root", root).returncode == 0
            assert snapshot(root) == new


def test_a_second_build_while_one_runs_is_refused(project_copy):
    before = snapshot(project_copy)
    lock = project_copy / c4data.build.LOCK_NAME
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_c4data("build", "--root", project_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "another" in result.stderr and "build" in result.stderr
    assert snapshot(project_copy) == before
