"""Build every asset of this version of c4data into one directory, check each, and write SHA256SUMS.

    python scripts/release.py [--out release]

From a clean checkout with the ``test`` and ``site`` extras installed (``pip install -e ".[test,site]"``) and the
git history of the previous release. It refuses a dirty tree, a version whose CHANGELOG section is not dated with
the descriptor's ``created``, a version already released (its tag ``vX.Y.Z`` on another commit, or a version not
above the previous release's), and stale generated docs. Then, staged beside ``--out`` and moved there only when
every check has passed:

- the sdist, and the wheel built from it;
- the static site (``c4data site``, with the notebooks), whose downloads are the data assets: the CSV package
  as a zip, the Parquet and GeoJSON packages as zips, the Excel workbook (each with README, licence, citation);
- the site itself as a zip;
- ``RELEASE-NOTES.md``: the version's CHANGELOG section and ``c4data diff`` against the previous release's
  Parquet package (rows added, removed and changed per table; every row in ``c4data-X.Y.Z-changes-since-W.txt``),
  taken from the git tag ``vW`` of that release or, for a release never tagged, the commit its CHANGELOG
  section names;
- ``SHA256SUMS`` (``sha256sum -c SHA256SUMS`` verifies it).

Checks: ``c4data validate`` on each data asset and on every descriptor of the site; each download link of the
site resolves to a file of the listed sha256; the wheel installs in a fresh virtual environment, where every
table loads and ``c4data validate`` passes on the installed package. ``--reuse-dependencies`` takes that
environment's dependencies from the running one instead of the package index (the tests use it, offline).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import venv
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SECTION = re.compile(r"^## (\S+) \(([^)]*)\)\s*$", re.MULTILINE)
NOTES = "RELEASE-NOTES.md"
SUMS = "SHA256SUMS"
LOAD_EVERY_TABLE = """
import json, c4data
tables = c4data.tables()
print(json.dumps({"version": c4data.__version__, "file": c4data.__file__,
                  "rows": {name: len(frame) for name, frame in tables.items()}}))
"""


class ReleaseRefused(Exception):
    """The release cannot be made as things stand; nothing was written."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "release", help="directory for the assets (new or empty)")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to release (default: this one)")
    parser.add_argument("--allow-dirty", action="store_true", help="build from a tree with changes (never to publish)")
    parser.add_argument(
        "--reuse-dependencies", action="store_true", help="the fresh venv takes its dependencies from this one"
    )
    parser.add_argument("--keep-work", type=Path, help="keep the site, the venv and the previous package here")
    args = parser.parse_args(argv)
    try:
        assets = release(
            args.repo.resolve(), args.out.resolve(), args.allow_dirty, args.reuse_dependencies, args.keep_work
        )
    except ReleaseRefused as error:
        print(f"release refused: {error}", file=sys.stderr)
        return 1
    for path in assets:
        print(f"{path.stat().st_size:>12,}  {path.name}")
    print(f"released into {args.out}; check with: cd {args.out} && sha256sum -c {SUMS}")
    return 0


def release(repo: Path, out: Path, allow_dirty: bool, reuse: bool, keep: Path | None) -> list[Path]:
    """Check, build, check again, and move the assets into ``out``; return them."""
    version, created = _descriptor_version(repo)
    notes_section, previous, previous_ref = _checks(repo, version, created, allow_dirty)
    if out.exists() and any(out.iterdir()):
        raise ReleaseRefused(f"{out} is not empty; choose a new directory")
    if keep is not None and keep.exists() and any(keep.iterdir()):
        # The work directory's venv and builds are replaced; only a new or empty directory is ours to fill.
        raise ReleaseRefused(f"{keep} is not empty; give --keep-work a new directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".c4data-release-{version}-", dir=out.parent) as scratch:
        work = Path(keep).resolve() if keep else Path(scratch) / "work"
        work.mkdir(parents=True, exist_ok=True)
        assets = Path(scratch) / "assets"
        assets.mkdir()
        wheel, sdist = _distributions(repo, work / "dist")
        site = work / "site"
        _c4data(repo, "site", site, "--notebooks", repo / "notebooks", "--with", wheel, "--with", sdist)
        downloads = site / "downloads"
        data_assets = _data_assets(downloads, version)
        for path in [wheel, sdist, *data_assets]:
            shutil.copyfile(path, assets / path.name)
        _zip_site(repo, site, assets / f"c4data-{version}-site.zip")
        _previous_package(repo, previous_ref, work / f"c4data-{previous}")
        compared = [sys.executable, "-m", "c4data", "diff", f"c4data-{previous}", "site/downloads/parquet"]
        diff = json.loads(_diff([*compared, "--format", "json"], work))
        every_row = f"c4data-{version}-changes-since-{previous}.txt"
        (assets / every_row).write_text(_diff(compared, work), encoding="utf-8")
        notes = _notes(version, notes_section, previous, previous_ref, diff, every_row)
        (assets / NOTES).write_text(notes, encoding="utf-8")
        validated = {path.name: _c4data(repo, "validate", assets / path.name).strip() for path in data_assets}
        validated |= _check_site(repo, site)
        (work / "checked.json").write_text(json.dumps({"validated": validated}, indent=2), encoding="utf-8")
        _check_wheel(assets / wheel.name, work / "venv", version, reuse)
        _write_sums(assets)
        out.mkdir(exist_ok=True)
        for path in sorted(assets.iterdir()):
            os.replace(path, out / path.name)
    return sorted(out.iterdir())


def _descriptor_version(repo: Path) -> tuple[str, str]:
    data = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    return str(data["version"]), str(data.get("created", ""))[:10]


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReleaseRefused(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def _checks(repo: Path, version: str, created: str, allow_dirty: bool) -> tuple[str, str, str]:
    """Refuse what may not be released; return this version's CHANGELOG section, the previous version and the git
    reference of its package."""
    if not allow_dirty:
        dirty = _git(repo, "status", "--porcelain", "--untracked-files=normal")
        if dirty:
            raise ReleaseRefused(f"the tree has changes; commit or remove them first:\n{dirty}")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = list(SECTION.finditer(changelog))
    if not sections or sections[0].group(1) != version:
        raise ReleaseRefused(f"CHANGELOG.md's first section is not version {version} (the descriptor's)")
    if sections[0].group(2) != created:
        raise ReleaseRefused(
            f"CHANGELOG.md dates {version} '{sections[0].group(2)}', the descriptor's created '{created}': "
            "date the section with the release day and set created to it"
        )
    end = sections[1].start() if len(sections) > 1 else len(changelog)
    section = changelog[sections[0].end() : end].strip() + "\n"
    tag = f"v{version}"
    if _git(repo, "tag", "--list", tag):
        tagged, head = _git(repo, "rev-list", "-n", "1", tag), _git(repo, "rev-parse", "HEAD")
        if tagged != head:
            raise ReleaseRefused(f"{version} is already released: its tag {tag} is commit {tagged[:12]}")
    if len(sections) < 2:
        raise ReleaseRefused("CHANGELOG.md names no previous release to compare with")
    previous = sections[1].group(1)
    if _version_key(previous) >= _version_key(version):
        raise ReleaseRefused(f"{version} is not above the previous release, {previous}: it is released already")
    stale = _run([sys.executable, "-m", "c4data", "docs", "--check"], repo, check=False)
    if stale.returncode != 0:
        raise ReleaseRefused(f"the generated docs are stale; run c4data docs:\n{stale.stdout}{stale.stderr}")
    return section, previous, _previous_ref(repo, previous, changelog[sections[1].end() :])


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _previous_ref(repo: Path, previous: str, section: str) -> str:
    """The tag of the previous release, or the commit its CHANGELOG section names when it was never tagged."""
    if _git(repo, "tag", "--list", f"v{previous}"):
        return f"v{previous}"
    named = re.search(r"\bcommit ([0-9a-f]{7,40})\b", section.split("\n## ")[0])
    if named is None:
        raise ReleaseRefused(f"the previous release {previous} has no tag v{previous} and its section names no commit")
    try:
        return _git(repo, "rev-parse", "--verify", f"{named.group(1)}^{{commit}}")
    except ReleaseRefused as error:
        raise ReleaseRefused(
            f"commit {named.group(1)} of {previous} is not in this clone (fetch the full history): {error}"
        ) from None


def _run(command: list[str | Path], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        shown = " ".join(str(part) for part in command)
        raise ReleaseRefused(f"{shown} failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result


def _c4data(repo: Path, *args: str | Path) -> str:
    """Run the checkout's c4data command (``python -m c4data`` from the checkout)."""
    return _run([sys.executable, "-m", "c4data", *args], repo).stdout


def _distributions(repo: Path, dist: Path) -> tuple[Path, Path]:
    """The sdist, then the wheel built from the unpacked sdist (so the sdist is known to be complete)."""
    dist.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", dist], repo)
    (sdist,) = dist.glob("c4data-*.tar.gz")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, sdist], dist)
    (wheel,) = dist.glob("c4data-*.whl")
    return wheel, sdist


def _data_assets(downloads: Path, version: str) -> list[Path]:
    names = [f"c4data-{version}-csv.zip", f"c4data-{version}-parquet.zip", f"c4data-{version}.xlsx"]
    names.append(f"c4data-{version}-geojson.zip")
    missing = [name for name in names if not (downloads / name).is_file()]
    if missing:
        raise ReleaseRefused(f"the site's downloads lack {', '.join(missing)}")
    return [downloads / name for name in names]


def _zip_site(repo: Path, site: Path, target: Path) -> None:
    sys.path.insert(0, str(repo))
    from c4data.files.archive import zip_directory

    zip_directory(site, target)


def _previous_package(repo: Path, ref: str, target: Path) -> Path:
    """The previous release's Parquet package (descriptor and data/*.parquet) as committed at ``ref``."""
    archive = subprocess.run(["git", "archive", ref, "datapackage.json", "data"], cwd=repo, capture_output=True)
    if archive.returncode != 0:
        raise ReleaseRefused(f"git archive {ref}: {archive.stderr.decode(errors='replace').strip()}")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and not m.name.startswith("data/curated/")]
        tar.extractall(target, members=members, filter="data")
    return target


def _diff(command: list[str | Path], work: Path) -> str:
    """What ``c4data diff`` prints: exit 0 (the same) or 1 (they differ); anything else is a failure."""
    result = _run(command, work, check=False)
    if result.returncode not in (0, 1):
        raise ReleaseRefused(f"c4data diff failed:\n{result.stderr[-3000:]}")
    return result.stdout


def _notes(version: str, section: str, previous: str, ref: str, diff: dict[str, Any], every_row: str) -> str:
    """The CHANGELOG section, then ``c4data diff`` against the previous release: a count per table (the rows
    themselves are in the file ``every_row``, past the length of a release's notes on GitHub)."""
    rows = []
    for name, table in diff["tables"].items():
        counts = [len(table.get(key) or []) for key in ("added", "removed", "changed")]
        fields = [
            *(f"+{f}" for f in table.get("fields_added") or []),
            *(f"-{f}" for f in table.get("fields_removed") or []),
        ]
        rows.append(f"| `{name}` | {table['status']} | {counts[0]} | {counts[1]} | {counts[2]} | {', '.join(fields)} |")
    how = f"tag {ref}" if ref.startswith("v") else f"commit {ref[:12]}, never tagged"
    return "\n".join(
        [
            f"# c4data {version}",
            "",
            section,
            f"## Rows changed since {previous}",
            "",
            f"`c4data diff` of the Parquet packages of {previous} (from git {how}) and {version}, by primary key;",
            f"every row is listed in `{every_row}`.",
            "",
            "| table | status | rows added | removed | changed | fields added (+) or removed (-) |",
            "|---|---|---:|---:|---:|---|",
            *rows,
            "",
        ]
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.codes: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)
        self._in_code = tag == "code"

    def handle_endtag(self, tag: str) -> None:
        self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code and re.fullmatch(r"[0-9a-f]{64}", data):
            self.codes.append(data)


def _check_site(repo: Path, site: Path) -> dict[str, str]:
    """Every descriptor the site offers validates; every download link resolves, to a file of the listed sha256.
    Return what ``c4data validate`` said of each descriptor."""
    validated = {str(path): _c4data(repo, "validate", path).strip() for path in sorted(site.rglob("datapackage.json"))}
    page = _Links()
    page.feed((site / "index.html").read_text(encoding="utf-8"))
    downloads = [link for link in page.links if link.startswith("downloads/")]
    broken = [link for link in downloads if not (site / link).is_file()]
    if broken or not downloads:
        raise ReleaseRefused(f"the site's download links do not resolve: {broken or 'none found'}")
    from c4data.files.hashing import file_sha256

    listed = set(page.codes)
    unlisted = [link for link in downloads if link.count("/") == 1 and file_sha256(site / link) not in listed]
    if unlisted:
        raise ReleaseRefused(f"the site lists another sha256 for {unlisted}")
    return validated


def _check_wheel(wheel: Path, env_dir: Path, version: str, reuse: bool) -> None:
    """Install the wheel in a fresh virtual environment; every table loads there, and the package validates."""
    shutil.rmtree(env_dir, ignore_errors=True)
    venv.EnvBuilder(with_pip=not reuse).create(env_dir)
    python = env_dir / "bin" / "python"
    if reuse:
        import sysconfig

        site_packages = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], env_dir)
        ours = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
        Path(site_packages.stdout.strip(), "dependencies-from-release-env.pth").write_text("\n".join(ours) + "\n")
        pip = [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--ignore-installed", "-q"]
        _run([*pip, wheel], env_dir)
    else:
        _run([python, "-m", "pip", "install", "-q", f"{wheel}[frictionless]"], env_dir)
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "C4DATA_SOURCES_DIR")}
    with tempfile.TemporaryDirectory() as elsewhere:
        result = subprocess.run(
            [python, "-c", LOAD_EVERY_TABLE], cwd=elsewhere, env=clean, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise ReleaseRefused(f"the installed wheel does not load its tables:\n{result.stderr[-3000:]}")
        loaded = json.loads(result.stdout)
        validated = subprocess.run(
            [env_dir / "bin" / "c4data", "validate"], cwd=elsewhere, env=clean, capture_output=True, text=True
        )
    empty = [name for name, rows in loaded["rows"].items() if rows == 0]
    if loaded["version"] != version or not loaded["file"].startswith(str(env_dir)) or empty:
        raise ReleaseRefused(f"the installed wheel is not this release's, or has empty tables: {loaded}")
    if validated.returncode != 0:
        raise ReleaseRefused(f"c4data validate fails in the fresh venv:\n{validated.stdout}{validated.stderr}")


def _write_sums(assets: Path) -> None:
    from c4data.files.hashing import file_sha256

    lines = [f"{file_sha256(path)}  {path.name}" for path in sorted(assets.iterdir()) if path.name != SUMS]
    (assets / SUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
