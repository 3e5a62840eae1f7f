"""A command whose reader stops early (``c4data info | head -1``) ends quietly with exit 0."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.cli


def test_info_into_a_closed_pipe_exits_0_without_an_error():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (head -1) has gone before c4data writes
    try:
        result = subprocess.run(
            [sys.executable, "-P", "-m", "c4data", "info"], stdout=write_end, stderr=subprocess.PIPE, timeout=120
        )
    finally:
        os.close(write_end)
    assert result.stderr == b""
    assert result.returncode == 0


def test_info_piped_to_head_prints_its_first_line():
    result = subprocess.run(
        f"{sys.executable} -P -m c4data info | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.startswith("c4data ") and result.stdout.count("\n") == 1
    assert result.returncode == 0 and result.stderr == ""
