"""The release command (``scripts/release.py``), run once for this module: every asset it writes, checked as a user
would (the wheel a user installs carries the data and loads it, from any directory, offline, without the
checkout; each package holds its papers; the site offers every file); and its refusals, on a small repository of
its own."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import venv
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from support import REPO_ROOT

import c4data
from c4data.formats.papers import PAPERS

pytestmark = pytest.mark.slow

DESCRIPTOR = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
VERSION = DESCRIPTOR["version"]
RELEASE = REPO_ROOT / "scripts" / "release.py"
CHANGELOG = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
PREVIOUS = re.findall(r"^## (\S+) \(", CHANGELOG, flags=re.MULTILINE)[1]
PACKAGES = [f"c4data-{VERSION}-csv.zip", f"c4data-{VERSION}-parquet.zip", f"c4data-{VERSION}-geojson.zip"]


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Release:
    """One run of the release command on this checkout (changes allowed: the refusals have their own tests)."""
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout: the release command needs the history of the previous release")
    root = tmp_path_factory.mktemp("release")
    command = [sys.executable, RELEASE, "--out", root / "assets", "--allow-dirty", "--reuse-dependencies"]
    started = time.monotonic()
    # The evidence is checked against the texts by the build's tests; here the assets, without them (faster).
    env = {name: value for name, value in os.environ.items() if name != "C4DATA_SOURCES_DIR"}
    command += ["--keep-work", root / "work"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, f"the release command failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}"
    return Release(root / "assets", root / "work" / "site", root / "work" / "venv", time.monotonic() - started)


@dataclass(frozen=True)
class Release:
    """The assets the release command wrote, and what it kept of its work."""

    out: Path
    site: Path
    venv: Path
    seconds: float


pytestmark = pytest.mark.slow

USER_SCRIPT = r"""
import json, socket, sys

def no_network(*args, **kwargs):
    raise OSError("c4data tried to reach the network")

socket.socket.connect = socket.socket.connect_ex = no_network
socket.getaddrinfo = socket.create_connection = no_network

import c4data

heavy = sorted(m for m in ("pandas", "pyarrow", "frictionless", "numpy", "matplotlib") if m in sys.modules)
tables = c4data.tables()
descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
print(json.dumps({
    "heavy_at_import": heavy,
    "module_file": c4data.__file__,
    "descriptor": str(c4data.package_path()),
    "version": c4data.__version__,
    "tables": {name: {"rows": len(frame), "dtypes": {c: str(t) for c, t in frame.dtypes.items()}}
               for name, frame in tables.items()},
    "resources": [r["name"] for r in descriptor["resources"]],
}))
"""


@pytest.fixture(scope="module")
def wheel(release) -> Path:
    """The wheel as released: ``scripts/release.py`` builds the sdist, then the wheel from the unpacked sdist."""
    (built,) = release.out.glob("c4data-*.whl")
    return built


def _venv_with(tmp_path_factory, *pip_args: str | Path) -> Path:
    """A fresh virtual environment with c4data installed by ``pip install *pip_args``.

    Its dependencies come from this environment: a ``.pth`` file puts this environment's
    site-packages after the new one's own, so the new copy of c4data is the one imported
    and nothing is downloaded.
    """
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    new_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(new_site, "dependencies-from-test-env.pth").write_text("\n".join(sorted(ours)) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--ignore-installed", "-q"]
    subprocess.run([*pip, *pip_args], check=True, capture_output=True, timeout=300)
    return env_dir


@pytest.fixture(scope="module")
def installed(release) -> Path:
    """The fresh virtual environment the release command installed its wheel in (and checked)."""
    return release.venv


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "C4DATA_SOURCES_DIR")}


def test_wheel_carries_descriptor_and_every_parquet_file_and_nothing_else_of_data(wheel, checkout_descriptor):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "c4data/_package/datapackage.json" in names
    for resource in checkout_descriptor["resources"]:
        assert f"c4data/_package/{resource['path']}" in names
    assert "c4data/py.typed" in names
    shipped_data = {name for name in names if name.startswith("c4data/_package/data/")}
    declared = {f"c4data/_package/{resource['path']}" for resource in checkout_descriptor["resources"]}
    assert shipped_data == declared, "the wheel carries only the data files installed code reads (no curated CSV)"
    assert {"c4data/plotting.py", "c4data/fonts/C4dataSansCJK-Regular.otf", "c4data/fonts/OFL.txt"} <= names


def _run_in(env_dir: Path, program: str, *args: str, cwd: Path) -> str:
    """Run one of the environment's programs from ``cwd``, as a user would; return what it prints."""
    result = subprocess.run(
        [env_dir / "bin" / program, *args], cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _run_user_script(env_dir: Path, cwd: Path) -> dict:
    return json.loads(_run_in(env_dir, "python", "-c", USER_SCRIPT, cwd=cwd))


def test_editable_install_finds_the_checkout_data(tmp_path_factory, tmp_path):
    env_dir = _venv_with(tmp_path_factory, "--no-build-isolation", "--editable", REPO_ROOT)
    report = _run_user_script(env_dir, tmp_path)
    assert report["heavy_at_import"] == []
    assert report["descriptor"] == str(REPO_ROOT / "datapackage.json")
    assert all(table["rows"] > 0 for table in report["tables"].values())


def test_installed_wheel_loads_every_table_typed_without_heavy_imports(installed, tmp_path):
    report = _run_user_script(installed, tmp_path)
    assert report["heavy_at_import"] == []
    assert report["module_file"].startswith(str(installed))
    assert report["descriptor"].startswith(str(installed))
    assert list(report["tables"]) == report["resources"]
    for name, table in report["tables"].items():
        assert table["rows"] > 0, name
        assert "object" not in table["dtypes"].values(), name
        assert set(table["dtypes"].values()) <= {"string", "category", "Int64", "Float64", "datetime64[ns]"}, name
    assert report["tables"]["meetings"]["dtypes"]["date_min"] == "datetime64[ns]"


def test_installed_commands_work_from_another_directory(installed, tmp_path):
    """``c4data validate`` there is the release command's own check (it stops when it fails); ``info`` here."""
    assert str(installed) in _run_in(installed, "c4data", "info", cwd=tmp_path)


def test_the_release_holds_every_asset_and_its_checksums_verify(release):
    names = sorted(path.name for path in release.out.iterdir())
    assert names == sorted(
        [
            f"c4data-{VERSION}-py3-none-any.whl",
            f"c4data-{VERSION}.tar.gz",
            *PACKAGES,
            f"c4data-{VERSION}.xlsx",
            f"c4data-{VERSION}-site.zip",
            f"c4data-{VERSION}-changes-since-{PREVIOUS}.txt",
            "RELEASE-NOTES.md",
            "SHA256SUMS",
        ]
    )
    listed = dict(reversed(line.split("  ")) for line in (release.out / "SHA256SUMS").read_text().splitlines())
    assert sorted(listed) == [name for name in names if name != "SHA256SUMS"]
    for name, digest in listed.items():
        assert hashlib.sha256((release.out / name).read_bytes()).hexdigest() == digest, name
    if shutil.which("sha256sum"):
        checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=release.out, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    print(f"the release command took {release.seconds:.0f} s")


def test_the_release_validated_each_package_and_each_descriptor_of_the_site(release):
    """The command ran ``c4data validate`` on each (it stops otherwise); its record says on which, with what result."""
    checked = json.loads((release.site.parent / "checked.json").read_text(encoding="utf-8"))
    packages = [*PACKAGES, f"c4data-{VERSION}.xlsx"]
    descriptors = sorted(str(path) for path in release.site.rglob("datapackage.json"))
    assert len(descriptors) == 2
    assert sorted(checked["validated"]) == sorted([*packages, *descriptors])
    assert all(": valid" in result.splitlines()[0] for result in checked["validated"].values()), checked


@pytest.mark.parametrize("name", PACKAGES)
def test_each_zip_holds_its_readme_licence_and_citation(release, name):
    with zipfile.ZipFile(release.out / name) as archive:
        assert set(PAPERS) <= set(archive.namelist())
        readme = archive.read("README.md").decode()
        licence = archive.read("LICENSE.md").decode()
        citation = archive.read("CITATION.cff").decode()
    assert f"Version {VERSION}, released {DESCRIPTOR['created'][:10]}" in readme
    assert str(c4data.cite()) in readme and str(c4data.cite()) in licence
    for entry in DESCRIPTOR["licenses"]:
        assert f"{entry['name']}: {entry['title']} <{entry['path']}>" in licence
    assert citation == (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_the_workbook_about_sheet_gives_the_release_licence_and_citation(release):
    workbook = openpyxl.load_workbook(release.out / f"c4data-{VERSION}.xlsx", read_only=True)
    about = list(workbook["about"].iter_rows(values_only=True))
    workbook.close()
    values = {key: value for key, value in about}
    assert values["version"] == VERSION and values["released"] == DESCRIPTOR["created"][:10]
    assert values["CITATION.cff"] == (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert next(value for key, value in about if key == "licence").startswith("CC-BY-4.0: ")


def test_the_release_notes_give_the_changelog_section_and_the_rows_changed_per_table(release):
    notes = (release.out / "RELEASE-NOTES.md").read_text(encoding="utf-8")
    section = CHANGELOG.split(f"## {VERSION} (")[1].split("\n", 1)[1].split("\n## ")[0].strip()
    assert section in notes
    rows = {m[0]: m[1:] for m in re.findall(r"^\| `(\w+)` \| (\w+) \| (\d+) \| (\d+) \| (\d+) \|", notes, re.M)}
    assert set(rows) == set(c4data.tables())
    every_row = (release.out / f"c4data-{VERSION}-changes-since-{PREVIOUS}.txt").read_text(encoding="utf-8")
    assert f"(version {PREVIOUS})" in every_row and f"(version {VERSION})" in every_row
    old_section = CHANGELOG.split(f"## {PREVIOUS} (")[1]
    old_counts = {m[0]: int(m[1]) for m in re.findall(r"^\| `(\w+)` \| (\d+)", old_section, re.MULTILINE)}
    for name, frame in c4data.tables().items():
        status, added, removed, _changed = rows[name]
        if name not in old_counts:
            assert (status, int(added), int(removed)) == ("added", len(frame), 0), name
        else:  # rows added less rows removed is the change in the table's row count, as each CHANGELOG gives it
            assert int(added) - int(removed) == len(frame) - old_counts[name], name


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(str(dict(attrs)["href"]))


def test_the_site_offers_every_asset_near_the_top_with_its_size_and_sha256(release):
    index = (release.site / "index.html").read_text(encoding="utf-8")
    assert index.index('id="downloads"') < index.index("<h2>Tables</h2>")
    page = _Page()
    page.feed(index)
    offered = {link.removeprefix("downloads/") for link in page.links if link.count("/") == 1 and "downloads/" in link}
    published = {path.name for path in release.out.iterdir() if path.name.startswith("c4data-")}
    assert offered == published - {f"c4data-{VERSION}-site.zip", f"c4data-{VERSION}-changes-since-{PREVIOUS}.txt"}
    for name in offered:
        path = release.site / "downloads" / name
        assert path.read_bytes() == (release.out / name).read_bytes(), name
        assert hashlib.sha256(path.read_bytes()).hexdigest() in index, name
    for link in page.links:
        if link.startswith("downloads/"):
            assert (release.site / link).is_file(), link
    assert str(c4data.cite()) in index and "CC-BY-4.0" in index


def test_twine_accepts_the_distributions_metadata(release):
    pytest.importorskip("twine", reason="twine checks the metadata: pip install twine (it is in the test extra)")
    dists = [release.out / f"c4data-{VERSION}-py3-none-any.whl", release.out / f"c4data-{VERSION}.tar.gz"]
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *dists], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _repository(tmp_path: Path, changelog_date: str = DESCRIPTOR["created"][:10]) -> Path:
    """A repository holding this descriptor and CHANGELOG (dated ``changelog_date``), committed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copyfile(REPO_ROOT / "datapackage.json", repo / "datapackage.json")
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    (repo / "CHANGELOG.md").write_text(
        changelog.replace(f"## {VERSION} ({DESCRIPTOR['created'][:10]})", f"## {VERSION} ({changelog_date})"),
        encoding="utf-8",
    )
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "release"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *command], cwd=repo, check=True)
    return repo


def _release(repo: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, RELEASE, "--repo", repo, "--out", out, *args], capture_output=True, text=True, timeout=120
    )


def test_the_release_refuses_a_dirty_tree(tmp_path):
    repo = _repository(tmp_path)
    (repo / "notes.txt").write_text("not committed", encoding="utf-8")
    refused = _release(repo, tmp_path / "out")
    assert refused.returncode == 1
    assert "the tree has changes" in refused.stderr and "notes.txt" in refused.stderr
    assert not (tmp_path / "out").exists()


def test_the_release_refuses_a_version_tagged_on_another_commit(tmp_path):
    repo = _repository(tmp_path)
    subprocess.run(["git", "tag", f"v{VERSION}"], cwd=repo, check=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "later"], cwd=repo, check=True)
    refused = _release(repo, tmp_path / "out")
    assert refused.returncode == 1
    assert f"{VERSION} is already released: its tag v{VERSION}" in refused.stderr


def test_the_release_refuses_a_changelog_section_not_dated_as_the_descriptor(tmp_path):
    repo = _repository(tmp_path, changelog_date="not yet released")
    refused = _release(repo, tmp_path / "out")
    assert refused.returncode == 1
    assert f"CHANGELOG.md dates {VERSION} 'not yet released'" in refused.stderr


def test_the_readme_lists_every_asset_the_release_ships(release):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    get_it = readme.split("## Get it", 1)[1].split("\n## ", 1)[0]
    assert [path.name for path in sorted(release.out.iterdir()) if f"`{path.name}`" not in get_it] == []
