"""The README's examples run, and its set-up commands are the ones CI runs."""

from __future__ import annotations

import re
import subprocess

import pandas as pd
from support import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_python_examples_run():
    namespace: dict = {}
    blocks = _blocks("python")
    assert len(blocks) >= 2
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert isinstance(namespace["cities"], pd.DataFrame)
    assert isinstance(namespace["links"], pd.DataFrame) and len(namespace["links"]) > 0


def test_readme_opens_with_exactly_two_setup_commands():
    setup = _blocks("bash")[0].strip().splitlines()
    assert setup == ["pip install . && c4data info", 'pip install ".[test]" && pytest']


def test_ci_runs_the_readme_commands():
    """.ci/run extracts its commands from the README; run its extraction and compare."""
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export C4DATA_SOURCES_DIR=../shared/sources" in ci
    (extraction,) = re.findall(r"mapfile -t commands < <\((awk .*? README\.md)\)", ci)
    result = subprocess.run(["bash", "-c", extraction], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == _blocks("bash")[0].strip().splitlines()


def test_the_readme_says_which_tests_need_chromium_or_r_and_how_long_the_suite_takes():
    section = README.split("pytest says why otherwise.", 1)[1].split("## Use", 1)[0]
    for marker, program in (("needs_chromium", "**Chromium**"), ("needs_r", "**R with readr**")):
        files = sorted(
            path.relative_to(REPO_ROOT / "tests").as_posix()
            for path in (REPO_ROOT / "tests").rglob("test_*.py")
            if f"@{marker}\n" in path.read_text()
        )
        assert files, marker
        line = next(item for item in section.split("\n- ") if item.startswith(program))
        assert all(f"tests/{name}" in line for name in files), (program, files)
    assert re.search(r"The whole suite takes about \d+ (s|seconds|minutes?) on a quiet two-core machine", section)
