"""The code is ruff clean, as the house rules ask."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from support import REPO_ROOT


def test_ruff_finds_nothing():
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (it comes with the test extra)")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(REPO_ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
