"""``--force`` and ``build`` replace only what c4data itself wrote, and say what they replace."""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import REPO_ROOT, run_c4data

import c4data
from c4data.files.replacing import file_refusal
from c4data.model.errors import ExportRefused

pytestmark = pytest.mark.cli


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """What a user has after `git clone`: the sources, the curated data, and `.git`."""
    target = tmp_path / "c4data-clone"
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    shutil.copy2(REPO_ROOT / "README.md", target / "README.md")
    shutil.copy2(REPO_ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(REPO_ROOT / "data", target / "data")
    return target


def test_force_refuses_a_git_checkout(clone):
    before = _tree(clone)
    result = run_c4data("export", clone, "--force")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "git" in result.stderr
    assert _tree(clone) == before


def test_force_refuses_a_directory_of_a_checkout(clone):
    before = _tree(clone)
    result = run_c4data("export", "data", "--force", cwd=clone)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not written by c4data" in result.stderr
    assert _tree(clone) == before


def test_force_refuses_a_directory_c4data_did_not_write(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_c4data("export", target, "--force")
    assert result.returncode == 1 and "not written by c4data" in result.stderr
    assert _tree(target) == {"notes.txt": b"mine"}


def test_force_replaces_an_earlier_export(tmp_path):
    target = tmp_path / "out"
    c4data.export(target, format="csv")
    result = run_c4data("export", target, "--format", "parquet", "--force")
    assert result.returncode == 0, result.stderr
    assert not (target / "data" / "cities.csv").exists()
    assert (target / "data" / "cities.parquet").is_file()


def test_force_keeps_a_file_added_to_an_earlier_export(tmp_path):
    target = tmp_path / "out"
    c4data.export(target, format="parquet")
    (target / "analysis.R").write_text("library(frictionless)\n", encoding="utf-8")
    result = run_c4data("export", target, "--force")
    assert result.returncode == 1 and "analysis.R" in result.stderr
    assert (target / "analysis.R").read_text(encoding="utf-8") == "library(frictionless)\n"


def test_build_keeps_a_file_it_did_not_write_and_says_what_it_replaces(project_copy):
    mine = project_copy / "data" / "my_extra.parquet"
    mine.write_bytes(b"my own file")
    cities = project_copy / "data" / "curated" / "cities.csv"
    cities.write_text(cities.read_text(encoding="utf-8").replace(",Wuhan,", ",Wuhan City,", 1), encoding="utf-8")
    result = run_c4data("build", "--root", project_copy)
    assert result.returncode == 0, result.stderr
    assert mine.read_bytes() == b"my own file"
    assert "data/cities.parquet" in result.stdout and "replaced" in result.stdout
    assert "data/my_extra.parquet" in result.stdout  # named as left alone, not silently kept


# One-file exports (zip, xlsx): `--force` replaces only a file an earlier export wrote, unchanged since.


@pytest.fixture(scope="module")
def earlier_exports(shipped_export) -> dict[str, bytes]:
    """The bytes of a zip and a workbook that c4data export wrote."""
    return {form: shipped_export(form).read_bytes() for form in ("zip", "xlsx")}


def _zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@functools.cache
def _workbook_saved_again(data: bytes) -> bytes:
    """An earlier export opened and saved by a spreadsheet program (here openpyxl), as a user's edit leaves it."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["about"]["C1"] = "my note"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_with_my_file(data: bytes) -> bytes:
    """An earlier zip export with a file of the user's added (the mark survives `zip -u`)."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("analysis.R", "library(frictionless)\n")
    return buffer.getvalue()


USERS_FILES = {
    "a text file": lambda earlier: b"my thesis, chapter 3\n",
    "a zip of mine": lambda earlier: _zip_of({"thesis.tex": b"\\chapter{C4}\n"}),
    "a workbook of mine": lambda earlier: _workbook_bytes([["my", "numbers"], [1, 2]]),
    "an export I edited and saved": lambda earlier: _workbook_saved_again(earlier["xlsx"]),
    "an export I added a file to": lambda earlier: _zip_with_my_file(earlier["zip"]),
}


def _workbook_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("form", ["zip", "xlsx"])
@pytest.mark.parametrize("whose", USERS_FILES)
def test_force_leaves_a_file_c4data_did_not_write_byte_identical(earlier_exports, tmp_path, form, whose):
    target = tmp_path / f"results.{form}"
    mine = USERS_FILES[whose](earlier_exports)
    target.write_bytes(mine)
    with pytest.raises(ExportRefused, match="--force replaces only a file c4data export wrote") as refused:
        c4data.export(target, format=form, force=True)
    assert "nothing was changed" in str(refused.value)
    assert target.read_bytes() == mine
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]  # no staging left behind


def test_the_command_refuses_a_users_file_with_exit_1_and_says_why(tmp_path):
    target = tmp_path / "results.xlsx"
    target.write_bytes(b"my own results")
    result = run_c4data("export", target, "--format", "xlsx", "--force")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "replaces only a file c4data export wrote" in result.stderr and "was not written by c4data" in result.stderr
    assert target.read_bytes() == b"my own results"


@pytest.mark.parametrize("kind", ["link to my file", "dangling link", "named pipe", "directory"])
def test_force_refuses_what_is_not_a_regular_file(tmp_path, kind):
    mine = tmp_path / "mine.txt"
    mine.write_bytes(b"mine")
    target = tmp_path / "c4data.zip"
    if kind == "link to my file":
        target.symlink_to(mine)
    elif kind == "dangling link":
        target.symlink_to(tmp_path / "elsewhere" / "file.zip")
    elif kind == "named pipe":
        os.mkfifo(target)
    else:
        target.mkdir()
    phrase = "is a directory" if kind == "directory" else "regular file"
    with pytest.raises(ExportRefused, match=phrase):
        c4data.export(target, format="zip", force=True)
    assert mine.read_bytes() == b"mine"
    assert target.is_symlink() == ("link" in kind)
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("form", ["zip", "xlsx"])
def test_force_replaces_a_file_c4data_wrote(earlier_exports, tmp_path, form):
    target = tmp_path / f"c4data.{form}"
    stale = _stale_export(earlier_exports[form])
    stale_comment = zipfile.ZipFile(io.BytesIO(stale)).comment
    target.write_bytes(stale)
    assert c4data.export(target, format=form, force=True) == target
    with zipfile.ZipFile(target) as replaced:
        earlier_comment = zipfile.ZipFile(io.BytesIO(earlier_exports[form])).comment
        assert _mark(replaced.comment) == _mark(earlier_comment) != _mark(stale_comment)
        assert file_refusal(target) is None  # the hash in the mark is of what the file holds
    if form == "zip":
        assert target.read_bytes() == earlier_exports[form]  # the same package gives the same zip
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]


def _mark(comment: bytes) -> bytes:
    """A one-file export's mark without the sha256 of its members (a workbook's differ from run to run: timestamps)."""
    return re.sub(rb"; members sha256:[0-9a-f]{64}", b"", comment)


def _stale_export(data: bytes) -> bytes:
    """An earlier export as c4data wrote it, but an older one: another comment after the mark (a version)."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = archive.comment + b" (an older version)"
    return buffer.getvalue()


# One guard (c4data.files.replacing) for every --force: content hashes, not names; issue 18 item 5, issue 23.


def test_force_refuses_an_export_whose_file_the_user_edited(tmp_path):
    """Same names, other content: the export's manifest holds each file's sha256, so the edit is seen."""
    target = tmp_path / "out"
    c4data.export(target, format="csv")
    edited = target / "data" / "cities.csv"
    edited.write_bytes(edited.read_bytes().replace(b"Wuhan", b"Wuhan (my note)", 1))
    mine = edited.read_bytes()
    with pytest.raises(ExportRefused, match=re.escape("changed since c4data wrote them: data/cities.csv")) as refused:
        c4data.export(target, format="csv", force=True)
    assert "nothing was changed" in str(refused.value)
    assert edited.read_bytes() == mine


def test_force_refuses_an_export_holding_a_git_checkout(tmp_path):
    target = tmp_path / "out"
    c4data.export(target, format="parquet")
    (target / ".git").mkdir()
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    with pytest.raises(ExportRefused, match="git checkout"):
        c4data.export(target, format="parquet", force=True)
    assert (target / ".git" / "HEAD").is_file()


def test_site_force_keeps_a_users_file_and_refuses_with_the_reason(tmp_path):
    """Tried as a new user would: a note put in the site directory was deleted by `c4data site DIR --force`."""
    target = tmp_path / "site"
    first = run_c4data("site", target, "--notebooks", tmp_path / "no-notebooks")
    assert first.returncode == 0, first.stderr
    (target / "my-notes.txt").write_text("mine", encoding="utf-8")
    before = _tree(target)
    result = run_c4data("site", target, "--notebooks", tmp_path / "no-notebooks", "--force")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "my-notes.txt" in result.stderr and "nothing was changed" in result.stderr
    assert _tree(target) == before
    (target / "my-notes.txt").unlink()
    again = run_c4data("site", target, "--notebooks", tmp_path / "no-notebooks", "--force")
    assert again.returncode == 0, again.stderr  # a site c4data wrote, unchanged, is replaced


def test_site_refused_is_a_c4data_error():
    from c4data.publishing.site import SiteRefused

    assert issubclass(SiteRefused, c4data.C4DataError)


# The guard's rule, on any tree: refused exactly when something there is not what c4data wrote, as written.

NAMES = st.sampled_from(["a.csv", "b.parquet", "data/c.csv", "data/d.json", "deep/er/e.txt", "notes.txt"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    written=st.dictionaries(NAMES, st.binary(max_size=20), min_size=1, max_size=6),
    change=st.sampled_from(["none", "edit", "add", "git", "link", "remove"]),
    which=st.integers(min_value=0, max_value=10),
)
def test_a_directory_is_replaceable_exactly_when_nothing_in_it_was_added_or_changed(tmp_path, written, change, which):
    from c4data.files.replacing import directory_refusal, write_manifest

    target = Path(tempfile.mkdtemp(dir=tmp_path))
    for name, data in written.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    write_manifest(target, "manifest.json", {"written_by": "a test"})
    name = sorted(written)[which % len(written)]
    if change == "edit":
        (target / name).write_bytes((target / name).read_bytes() + b"!")
    elif change == "add":
        (target / "data" / "mine.txt").parent.mkdir(exist_ok=True)
        (target / "data" / "mine.txt").write_bytes(b"mine")
    elif change == "git":
        (target / ".git").mkdir()
    elif change == "link":
        (target / "link").symlink_to(target / name)
    elif change == "remove":
        (target / name).unlink()  # what c4data wrote, gone: nothing of the user's is at stake
    refusal = directory_refusal(target, "manifest.json")
    assert (refusal is None) == (change in ("none", "remove")), refusal


def test_a_manifest_without_hashes_is_not_trusted(tmp_path):
    from c4data.files.replacing import directory_refusal

    (tmp_path / "a.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / ".c4data-export.json").write_text('{"files": ["a.csv"]}', encoding="utf-8")  # names only
    assert "cannot be proved unchanged" in directory_refusal(tmp_path, ".c4data-export.json")


# Staging left behind by an export killed midway (issue 23): removed by the next run, when c4data can prove it.


def _staging_leftover(parent: Path, name: str, stamp: dict | None) -> Path:
    from c4data.files.replacing import STAGING_STAMP

    leftover = parent / name
    (leftover / "package" / "data").mkdir(parents=True)
    (leftover / "package" / "data" / "cities.csv").write_text("half written", encoding="utf-8")
    if stamp is not None:
        (leftover / STAGING_STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    return leftover


def test_the_next_export_removes_what_a_killed_one_left_and_only_that(tmp_path):
    from c4data.formats.exporter import STAGING_PREFIX

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(ended.stdout)
    host = socket.gethostname()
    killed = _staging_leftover(tmp_path, f"{STAGING_PREFIX}killed", {"pid": dead_pid, "host": host})
    running = _staging_leftover(tmp_path, f"{STAGING_PREFIX}running", {"pid": os.getpid(), "host": host})
    unstamped = _staging_leftover(tmp_path, f"{STAGING_PREFIX}mine", None)
    elsewhere = _staging_leftover(tmp_path, f"{STAGING_PREFIX}other-host", {"pid": dead_pid, "host": host + "-x"})
    c4data.export(tmp_path / "out", format="csv")
    assert not killed.exists()
    assert running.is_dir() and unstamped.is_dir() and elsewhere.is_dir()


def test_a_killed_export_leaves_a_stamped_staging_directory(tmp_path):
    """Kill an export midway (SIGKILL, as an out-of-memory killer does): what it leaves is stamped as c4data's."""
    from c4data.files.replacing import STAGING_STAMP
    from c4data.formats.exporter import STAGING_PREFIX

    program = (
        "import os, signal, c4data, c4data.formats.csv as f\n"
        "def die(*args, **kwargs): os.kill(os.getpid(), signal.SIGKILL)\n"
        "f.write_csv = die\n"
        f"c4data.export({str(tmp_path / 'out')!r}, format='csv')\n"
    )
    subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=300)
    leftovers = [path for path in tmp_path.iterdir() if path.name.startswith(STAGING_PREFIX)]
    assert len(leftovers) == 1 and (leftovers[0] / STAGING_STAMP).is_file()
    c4data.export(tmp_path / "out", format="csv")
    assert not any(path.name.startswith(STAGING_PREFIX) for path in tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero", "directory"])
def test_a_stamp_that_is_not_a_regular_file_is_kept_without_hanging(tmp_path, kind):
    """The stamp is read as untrusted input: a named pipe, a device or a directory in its place proves nothing
    and blocks no one (a plain read waits for a writer for ever, or reads /dev/zero until memory runs out)."""
    from c4data.files.replacing import STAGING_STAMP, remove_leftovers
    from c4data.formats.exporter import STAGING_PREFIX

    leftover = _staging_leftover(tmp_path, f"{STAGING_PREFIX}planted", None)
    stamp = leftover / STAGING_STAMP
    if kind == "named pipe":
        os.mkfifo(stamp)
    elif kind == "link to /dev/zero":
        stamp.symlink_to("/dev/zero")
    else:
        stamp.mkdir()
    removed: list[object] = []
    worker = threading.Thread(target=lambda: removed.append(remove_leftovers(tmp_path, STAGING_PREFIX)), daemon=True)
    worker.start()
    worker.join(timeout=10)
    hung = worker.is_alive()
    if hung and kind == "named pipe":
        os.close(os.open(stamp, os.O_WRONLY | os.O_NONBLOCK))  # let the blocked reader go
    assert not hung, f"reading a stamp that is a {kind} did not end"
    assert removed == [[]] and leftover.is_dir()
