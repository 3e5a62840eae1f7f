"""The README's examples run, and its set-up commands are the ones CI runs."""

from __future__ import annotations

import re

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
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "C4DATA_SOURCES_DIR=../shared/sources" in ci
