"""The release command: every asset from one run (the session's ``release`` fixture), each checked as a user
would; and its refusals, on a small repository of its own."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from support import REPO_ROOT

import c4data
from c4data.formats import problems
from c4data.formats.papers import PAPERS

pytestmark = pytest.mark.slow

DESCRIPTOR = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
VERSION = DESCRIPTOR["version"]
RELEASE = REPO_ROOT / "scripts" / "release.py"
CHANGELOG = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
PREVIOUS = re.findall(r"^## (\S+) \(", CHANGELOG, flags=re.MULTILINE)[1]
PACKAGES = [f"c4data-{VERSION}-csv.zip", f"c4data-{VERSION}-parquet.zip", f"c4data-{VERSION}-geojson.zip"]


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


@pytest.mark.parametrize("name", [*PACKAGES, f"c4data-{VERSION}.xlsx"])
def test_each_package_validates(release, name):
    assert problems(release.out / name, None) == []


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


def test_every_descriptor_the_site_offers_validates_as_it_stands(release):
    descriptors = sorted(release.site.rglob("datapackage.json"))
    assert len(descriptors) >= 2
    for descriptor in descriptors:
        assert problems(descriptor.parent, None) == [], descriptor


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
