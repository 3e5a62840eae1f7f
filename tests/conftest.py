"""Shared fixtures: the checkout's files, the reference texts, and a scratch copy of the project."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings
from support import REPO_ROOT, SOURCES_ENV

import c4data

# Property tests assert what holds, not how fast one example runs: hypothesis's 200 ms deadline per example failed
# tests on a loaded machine (a 362 ms example passed in 11 ms on retry). Time is measured in benchmarks/.
settings.register_profile("c4data", deadline=None)
settings.load_profile("c4data")

# Where ``c4data.export`` writes each format of the shipped package, by the name a user would give it.
EXPORT_NAMES = {"csv": "csv", "parquet": "parquet", "geojson": "geojson", "zip": "c4data.zip", "xlsx": "c4data.xlsx"}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def checkout_descriptor() -> dict:
    return json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The reference texts; skipped, saying why, where none are available (CI always has them)."""
    value = os.environ.get(SOURCES_ENV)
    if not value:
        pytest.skip(f"no reference texts: set {SOURCES_ENV} (for example to ../shared/sources) to check evidence")
    path = Path(value).resolve()
    if not path.is_dir():
        pytest.fail(f"{SOURCES_ENV}={value} is not a directory")
    return path


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A scratch copy of the project's data: descriptor, curated CSV and built Parquet."""
    target = tmp_path / "project"
    target.mkdir()
    shutil.copy2(REPO_ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(REPO_ROOT / "data", target / "data")
    return target


@pytest.fixture(scope="session")
def shipped_export(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``shipped_export(form)``: the shipped package exported in that format, written once for the whole run.

    The test workers share one copy per format: the first to ask writes it under a file lock, and the others wait
    for it (pytest-xdist's recipe for a session fixture run once). Tests share it, so a test that changes an
    export changes a copy. Returns the path ``c4data.export`` returned.
    """
    # Under xdist each worker's base directory is one of the run's; without it (``-n 0``, ``-p no:xdist``), the run's.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    run_root = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    root = run_root / "shipped-exports"
    root.mkdir(exist_ok=True)

    def exported(form: str) -> Path:
        target = root / form / EXPORT_NAMES[form]
        done = root / f"{form}.done"
        with FileLock(str(root / f"{form}.lock")):
            if not done.exists():
                shutil.rmtree(root / form, ignore_errors=True)  # what a worker killed midway left
                (root / form).mkdir()
                written = c4data.export(target, format=form)
                done.write_text(str(written), encoding="utf-8")
        return Path(done.read_text(encoding="utf-8"))

    return exported
