"""Shared fixtures: the checkout's files, the reference texts, and a scratch copy of the project."""

from __future__ import annotations

import json
import os
import shutil
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
