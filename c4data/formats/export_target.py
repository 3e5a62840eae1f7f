"""Where an export may be written, and what ``--force`` may replace there: only what c4data export wrote.

A directory export lists its files in ``.c4data-export.json``; a one-file export (zip, workbook) carries
a zip comment that says c4data wrote it. Anything else at the target is refused with the reason, and
nothing is touched.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

from c4data.files.hashing import hash_mismatch
from c4data.files.untrusted import MAX_DESCRIPTOR_BYTES, UnsafePackage, ZipPackage, shown
from c4data.model.errors import ExportRefused
from c4data.model.paths import DESCRIPTOR_NAME

# Written into every directory export, listing its files: `--force` replaces a directory only holding it and them.
EXPORT_MARKER = ".c4data-export.json"
# The comment of every one-file export. Saving the file in Excel, LibreOffice or openpyxl, or zipping it
# anew, drops the comment: such a file is the user's and is not replaced.
FILE_MARK = b"written by c4data export"


def file_mark(name: str, version: str, format: str) -> bytes:
    """The zip comment of a one-file export: the mark, then what it holds (the same package gives the same bytes)."""
    return FILE_MARK + f": {name} {version} ({format})".encode()


def mark_file(path: Path, mark: bytes) -> None:
    """Set the zip comment of the zip file (or workbook) at ``path``; the rest of the file stays as it is."""
    import zipfile

    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = mark


def check_file_target(path: Path, suffix: str, force: bool) -> Path:
    """The absolute path to write a one-file export to; ``ExportRefused`` when what is there may not be replaced.

    Not replaced: a directory, a link, a device or a pipe; an existing file without ``force``; with it, a file
    that c4data export did not write or that has been changed since.
    """
    target = Path(path).absolute()
    target = target.parent.resolve() / target.name  # the final name stays as given: a link there is not followed
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return target
    if stat.S_ISDIR(mode):
        raise ExportRefused(f"{target} is a directory; give the file to write, such as c4data{suffix}")
    if not stat.S_ISREG(mode):
        kind = "a link" if stat.S_ISLNK(mode) else "not a regular file (a device or a pipe)"
        raise ExportRefused(f"{target} is {kind}; c4data replaces only a regular file it wrote. Choose another name.")
    if not force:
        raise ExportRefused(f"{target} exists; choose another name, or use --force to replace an earlier export")
    reason = _not_an_earlier_file_export(target)
    if reason is not None:
        raise ExportRefused(
            f"--force replaces only a file c4data export wrote, and {target} {reason}; nothing was changed. "
            "Choose another name."
        )
    return target


def _not_an_earlier_file_export(path: Path) -> str | None:
    """Why the regular file ``path`` is not a one-file export c4data wrote, unchanged since; None when it is one."""
    try:
        with ZipPackage(path) as archive:
            if not archive.archive.comment.startswith(FILE_MARK):
                return "was not written by c4data export (it does not carry its mark)"
            names = set(archive.archive.namelist())
            if DESCRIPTOR_NAME not in names:
                return None  # a workbook: any program that saves it anew drops the mark
            return _changed_zip_members(archive, names)
    except UnsafePackage:
        return "was not written by c4data export (it is not a zip file or workbook c4data can read)"


def _changed_zip_members(archive: ZipPackage, names: set[str]) -> str | None:
    """Why a marked zip export is no longer what c4data wrote: a member added, removed or changed."""
    try:
        resources = json.loads(archive.read(DESCRIPTOR_NAME, MAX_DESCRIPTOR_BYTES))["resources"]
        listed = {str(resource["path"]): str(resource["hash"]) for resource in resources}
    except (UnsafePackage, ValueError, KeyError, TypeError):
        return f"holds a {DESCRIPTOR_NAME} that c4data did not write"
    others = sorted(names - set(listed) - {DESCRIPTOR_NAME})
    if others:
        return f"holds files c4data did not write: {shown(', '.join(others[:5]))}"
    try:
        changed = [member for member, digest in listed.items() if hash_mismatch(digest, archive.read(member))]
    except UnsafePackage as error:
        return f"has a member c4data cannot read ({error})"
    if changed:
        return f"has been changed since c4data wrote it ({shown(', '.join(changed[:5]))})"
    return None


def check_directory_target(target: Path, force: bool, source_dir: Path) -> None:
    """``ExportRefused`` unless ``target`` is missing, empty, or (with ``force``) an earlier export left as written."""
    if target.exists() and not target.is_dir():
        raise ExportRefused(f"{target} exists and is not a directory; give a directory to export into")
    for protected in (source_dir, Path.cwd().resolve()):
        if protected == target or target in protected.parents:
            raise ExportRefused(f"{target} holds {protected}; export into a directory of its own")
    if not target.is_dir() or not any(target.iterdir()):
        return
    if not force:
        raise ExportRefused(
            f"{target} is not empty; choose an empty directory, or use --force to replace an earlier export"
        )
    reason = _not_an_earlier_export(target)
    if reason is not None:
        raise ExportRefused(
            f"--force replaces only an earlier export by c4data, and {target} {reason}; nothing was changed. "
            "Choose another directory."
        )


def _not_an_earlier_export(target: Path) -> str | None:
    """Why ``target`` is not a directory an earlier export wrote, untouched since but for its own files."""
    if (target / ".git").exists():
        return "is a git checkout (it holds .git)"
    try:
        marker = json.loads((target / EXPORT_MARKER).read_text(encoding="utf-8"))
        written = {str(name) for name in marker["files"]}
    except FileNotFoundError:
        return f"was not written by c4data export (it has no {EXPORT_MARKER})"
    except (OSError, ValueError, KeyError, TypeError):
        return f"has a damaged {EXPORT_MARKER}, so what c4data wrote there is not known"
    kept = written | {EXPORT_MARKER} | {parent.as_posix() for name in written for parent in Path(name).parents}
    others = sorted(
        path.relative_to(target).as_posix()
        for path in target.rglob("*")
        if path.relative_to(target).as_posix() not in kept or path.is_symlink()
    )
    if others:
        listed = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        return f"holds files c4data did not write: {listed}"
    return None


def write_marker(package: Path, version: str, format: str) -> None:
    """Record that c4data wrote this directory, and which files: ``--force`` replaces nothing else."""
    files = sorted(path.relative_to(package).as_posix() for path in package.rglob("*") if path.is_file())
    marker = {"written_by": "c4data export", "version": version, "format": format, "files": files}
    (package / EXPORT_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


__all__ = ["EXPORT_MARKER", "check_directory_target", "check_file_target", "file_mark", "mark_file", "write_marker"]
