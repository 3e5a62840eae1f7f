"""Shared fixtures: the checkout's files, the reference texts, a scratch copy of the project, and one release."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import REPO_ROOT, SOURCES_ENV


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


@dataclass(frozen=True)
class Release:
    """The assets ``scripts/release.py`` built from this checkout, and what it kept of its work."""

    out: Path
    site: Path
    venv: Path
    seconds: float


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Release:
    """One run of the release command for the whole session, shared by the test processes: the first to ask
    builds it (under a lock), the others wait and reuse it. The tree may hold changes (``--allow-dirty``): the
    refusals have their own tests (tests/test_release.py)."""
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout: the release command needs the history of the previous release")
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    root = shared / "release"
    with open(shared / "release.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / "done.json"
        if not done.is_file():
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            started = time.monotonic()
            command = [sys.executable, REPO_ROOT / "scripts" / "release.py", "--out", root / "assets"]
            command += ["--allow-dirty", "--reuse-dependencies", "--keep-work", root / "work"]
            result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
            (root / "log.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
            if result.returncode != 0:
                pytest.fail(f"the release command failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
            done.write_text(json.dumps({"seconds": time.monotonic() - started}), encoding="utf-8")
        seconds = json.loads(done.read_text(encoding="utf-8"))["seconds"]
    return Release(root / "assets", root / "work" / "site", root / "work" / "venv", seconds)
