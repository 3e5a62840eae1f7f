"""The one guard for replacing: c4data replaces only what it wrote, unchanged since, proved by content hashes.

A directory c4data writes (an export, a site) holds a manifest listing every file in it with its sha256;
a one-file export (a zip, a workbook, both zip files) carries in its zip comment the mark and the sha256
of its members. ``--force`` replaces a target only when everything there is listed and unchanged: never a
directory holding anything else (a ``.git``, a user's ``my-notes.txt``, a link), nor a file edited since.
Each function here says why not (a reason, for the caller's error), or None when the target may go.

Work is staged in a directory beside the target, stamped as c4data's; a run killed midway leaves it, and
the next run removes each such leftover whose process has ended.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import stat
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from c4data.files.hashing import file_hash
from c4data.files.untrusted import UnsafePackage, ZipPackage, read_regular_file, shown

# The comment of every one-file export starts with this. Saving the file in Excel, LibreOffice or openpyxl,
# or zipping it anew, drops the comment: such a file is the user's and is not replaced.
FILE_MARK = b"written by c4data export"
MEMBERS_HASH = re.compile(rb"members sha256:([0-9a-f]{64})")
# Written into each staging directory at once: a leftover holding it, of a process that has ended, is c4data's.
STAGING_STAMP = ".c4data-staging.json"
SHOWN_NAMES = 5


def _listed(names: list[str]) -> str:
    more = f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else ""
    return shown(", ".join(names[:SHOWN_NAMES])) + more


# Directories


def write_manifest(directory: Path, manifest: str, about: dict[str, str]) -> None:
    """Record in ``directory/manifest`` every file under ``directory`` with its sha256, and ``about`` it."""
    files = {
        path.relative_to(directory).as_posix(): file_hash(path)
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.relative_to(directory).as_posix() != manifest
    }
    record = {**about, "files": files}
    (directory / manifest).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def directory_refusal(target: Path, manifest: str) -> str | None:
    """Why the directory ``target`` may not be replaced; None when all it holds is what c4data wrote, unchanged."""
    if (target / ".git").exists() or (target / ".git").is_symlink():
        return "is a git checkout (it holds .git)"
    try:
        record = json.loads((target / manifest).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"was not written by c4data (it has no {manifest})"
    except (OSError, ValueError):
        return f"has a damaged {manifest}, so what c4data wrote there is not known"
    files = record.get("files") if isinstance(record, dict) else None
    if not isinstance(files, dict) or not all(isinstance(value, str) for value in files.values()):
        return f"has a {manifest} without each file's hash (an older c4data wrote it): it cannot be proved unchanged"
    folders = {parent.as_posix() for name in files for parent in Path(name).parents}
    others, changed = [], []
    for path in _entries(target):
        name = path.relative_to(target).as_posix()
        if name == manifest and not path.is_symlink():
            continue
        if path.is_symlink() or not (name in files or (name in folders and path.is_dir())):
            others.append(name)
        elif name in files and (not path.is_file() or file_hash(path) != files[name]):
            changed.append(name)
    if others:
        return f"holds files c4data did not write: {_listed(others)}"
    if changed:
        return f"has files changed since c4data wrote them: {_listed(changed)}"
    return None


def _entries(directory: Path) -> Iterator[Path]:
    """Everything under ``directory``, links included but never followed."""
    for root, folders, files in os.walk(directory):
        for name in sorted(folders + files):
            yield Path(root) / name


def replace_directory(staged: Path, target: Path, scratch: Path) -> None:
    """Move ``staged`` to ``target``; an existing ``target`` (checked by the caller) is first moved into
    ``scratch``, which the caller removes, and put back if the move fails."""
    if target.is_dir() and not target.is_symlink() and not any(target.iterdir()):
        target.rmdir()
    if not target.exists():
        os.replace(staged, target)
        return
    previous = scratch / "previous"
    os.replace(target, previous)
    try:
        os.replace(staged, target)
    except BaseException:
        os.replace(previous, target)
        raise


# One file (a zip, or a workbook, which is a zip)


def members_hash(path: Path) -> str:
    """The sha256 of a zip's members, names and contents, in order (the zip comment aside); ``UnsafePackage``
    when it cannot be read within the limits."""
    digest = hashlib.sha256()
    with ZipPackage(path) as archive:
        for member in archive.archive.infolist():
            digest.update(member.filename.encode() + b"\0")
            if not member.is_dir():
                digest.update(hashlib.sha256(archive.read(member.filename)).digest())
    return digest.hexdigest()


def mark_file(path: Path, about: str) -> None:
    """Set the zip comment of the file at ``path``: the mark, ``about`` it, and the sha256 of its members."""
    comment = FILE_MARK + f": {about}; members sha256:{members_hash(path)}".encode()
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = comment


def file_mark(path: Path) -> bytes:
    """The zip comment of the file at ``path`` (b"" when it has none or is not a zip)."""
    try:
        with ZipPackage(path) as archive:
            return bytes(archive.archive.comment)
    except UnsafePackage:
        return b""


def file_refusal(target: Path) -> str | None:
    """Why the regular file ``target`` may not be replaced; None when it is a one-file export c4data wrote,
    its members unchanged since."""
    try:
        with ZipPackage(target) as archive:
            comment = bytes(archive.archive.comment)
    except UnsafePackage:
        return "was not written by c4data export (it is not a zip file or workbook c4data can read)"
    recorded = MEMBERS_HASH.search(comment)
    if not comment.startswith(FILE_MARK):
        return "was not written by c4data export (it does not carry its mark)"
    if recorded is None:
        return "carries no hash of its contents (an older c4data wrote it), so it cannot be proved unchanged"
    try:
        unchanged = members_hash(target) == recorded.group(1).decode()
    except UnsafePackage as error:
        return f"has a member c4data cannot read ({error})"
    return None if unchanged else "has been changed since c4data wrote it"


def target_kind_refusal(target: Path) -> str | None:
    """Why what is at ``target`` is not even a candidate for replacing: a link, a device or a pipe."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return "is a link"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is not a regular file (a device or a pipe)"
    return None


# Staging


@contextmanager
def staging_directory(parent: Path, prefix: str) -> Iterator[Path]:
    """A new directory in ``parent``, stamped as c4data's, removed on the way out; leftovers of earlier runs
    killed midway (stamped, with this prefix, their process ended) are removed first."""
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(parent, prefix)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        stamp = {"written_by": "c4data", "pid": os.getpid(), "host": socket.gethostname()}
        (staging / STAGING_STAMP).write_text(json.dumps(stamp), encoding="utf-8")
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_leftovers(parent: Path, prefix: str) -> list[Path]:
    """Remove the staging directories in ``parent`` that c4data can prove are leftovers of a run that ended;
    return them. A directory without the stamp, of another machine, or of a process still running is kept."""
    removed = []
    for candidate in sorted(parent.glob(f"{prefix}*")):
        if candidate.is_symlink() or not candidate.is_dir() or not _is_leftover(candidate / STAGING_STAMP):
            continue
        shutil.rmtree(candidate, ignore_errors=True)
        removed.append(candidate)
    return removed


def _is_leftover(stamp: Path) -> bool:
    try:  # a regular file only: a named pipe planted as the stamp would block a plain read for ever
        record = json.loads(read_regular_file(stamp, 64 << 10, flags=getattr(os, "O_NOFOLLOW", 0)))
        pid, host = record["pid"], record["host"]
    except (UnsafePackage, ValueError, KeyError, TypeError):
        return False
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0 or host != socket.gethostname():
        return False
    return not _running(pid)


def _running(pid: int) -> bool:
    """Whether the process ``pid`` runs (on Windows, where signal 0 would end it, always assumed so)."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, as another user
    return True
