"""Each command needs one extra, and installing that extra is enough: the README's list of extras is
complete, and each command runs with only the core dependencies and its extra importable.

Rather than a fresh venv per extra (minutes of installs), each command runs here with every installed
distribution outside the extra's requirements made unimportable, as if it were not installed: the
requirements are followed from the installed metadata (core, then the extra, then what each requires).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from support import REPO_ROOT

pytestmark = pytest.mark.cli

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS = PYPROJECT["project"]["optional-dependencies"]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
# Extras for developers, not for a command a user runs.
NOT_FOR_USERS = {"test"}


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def requirement_closure(extras: set[str]) -> set[str]:
    """The distributions c4data with ``extras`` needs: its core dependencies and the extras', followed down."""
    needed: set[str] = set()
    todo = [("c4data", frozenset(extras))]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, wanted = todo.pop()
        if (name, wanted) in seen:
            continue
        seen.add((name, wanted))
        needed.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # not installed here (CI installs only the test extra): not followed
            requires = []
        for text in requires:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": extra}) for extra in wanted | {""}):
                todo.append((_name(requirement.name), frozenset(requirement.extras)))
    return needed


def blocked_modules(allowed: set[str]) -> list[str]:
    """Top-level modules that only distributions outside ``allowed`` provide."""
    providers = metadata.packages_distributions()
    return sorted(
        module
        for module, distributions in providers.items()
        if not {_name(distribution) for distribution in distributions} & allowed
    )


RUN_BLOCKED = """
import importlib.abc, json, os, sys
BLOCKED = set(json.loads(os.environ["C4DATA_BLOCKED_MODULES"]))

class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NotInstalled())
"""
# Runs each command given (a JSON list of argument lists) in turn, in one process; stops at the first failure.
RUN_COMMANDS = (
    RUN_BLOCKED
    + """
from c4data.cli import main
for arguments in json.loads(sys.argv[1]):
    status = main(arguments)
    if status != 0:
        sys.exit(f"c4data {' '.join(arguments)} exited with {status}")
"""
)


def _run(extra: str, program: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    allowed = requirement_closure({extra}) if extra else requirement_closure(set())
    env = {"C4DATA_BLOCKED_MODULES": json.dumps(blocked_modules(allowed)), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-P", "-c", program, *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=cwd, env=env)


# What a user runs, by the extra the README says it needs ("" for the core install); each list runs in order.
COMMANDS = {
    "": [["info"], ["trace", "meetings", "6"], ["codebook", "measures", "status"]],
    "frictionless": [
        ["validate"],
        ["export", "c4data-package"],
        ["export", "c4data-csv", "--format", "csv"],
        ["export", "c4data.zip", "--format", "zip"],
        ["export", "c4data-geojson", "--format", "geojson"],
    ],
    "xlsx": [["export", "c4data.xlsx", "--format", "xlsx"], ["validate", "c4data.xlsx"]],
}
# Not run here, for the time they take: `draft` (jieba's dictionary) and `site` (every export); their extras
# hold what tests/test_draft.py and tests/publishing/test_site.py import.


@pytest.mark.parametrize("extra", list(COMMANDS), ids=[extra or "core" for extra in COMMANDS])
def test_each_command_runs_with_only_its_extra_installed(extra, tmp_path):
    result = _run(extra, RUN_COMMANDS, json.dumps(COMMANDS[extra]), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize(
    ("extra", "call"), [("polars", 'c4data.cities(backend="polars")'), ("duckdb", "c4data.connect()")]
)
def test_each_backend_runs_with_only_its_extra_installed(extra, call, tmp_path):
    result = _run(extra, RUN_BLOCKED + f"import c4data\n{call}\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_command_without_its_extra_fails_here(tmp_path):
    """The blocking works: the Excel export cannot run on the core install alone."""
    result = _run("", RUN_COMMANDS, json.dumps([["export", "x.xlsx", "--format", "xlsx"]]), cwd=tmp_path)
    assert result.returncode != 0


def test_the_all_extra_holds_every_extra_for_users():
    everything = requirement_closure({"all"})
    for extra in set(EXTRAS) - NOT_FOR_USERS - {"all"}:
        assert requirement_closure({extra}) <= everything, extra


def test_the_readme_lists_every_extra_with_what_it_is_for():
    listed = set(re.findall(r"^\| `\.\[(\w+)\]` \|", README, flags=re.MULTILINE))
    assert listed == set(EXTRAS)
