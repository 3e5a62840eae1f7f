"""Export the installed data package for other tools, in any format of the registry (``c4data.formats.FORMATS``).

The package is written into a staging directory beside the target, read back there as ``c4data validate``
reads it (frictionless among its checks), and only then moved into place, so that a failed or interrupted
export leaves nothing half-written behind (and the next export removes what a killed one left). What is
already at the target is replaced only under ``force``, and only when c4data wrote it, unchanged since
(``c4data.files.replacing``).
"""

from __future__ import annotations

import os
from pathlib import Path

from c4data.checks import CheckInput, descriptor_problems
from c4data.files.replacing import (
    directory_refusal,
    file_refusal,
    mark_file,
    replace_directory,
    staging_directory,
    target_kind_refusal,
    write_manifest,
)
from c4data.formats import FORMATS, Format, format_named, problems_as
from c4data.formats.papers import write_papers
from c4data.model.descriptor import Descriptor
from c4data.model.errors import ExportRefused
from c4data.model.paths import DESCRIPTOR_NAME, package_dir
from c4data.model.problems import PackageProblems
from c4data.reading.frictionless import import_frictionless
from c4data.reading.integrity import hash_problems, untrusted_problems

__all__ = ["EXPORT_MARKER", "FORMATS", "STAGING_PREFIX", "export"]

STAGING_PREFIX = ".c4data-export-"
# Written into every directory export: each file in it with its sha256. `--force` replaces only such a directory,
# holding nothing else and nothing changed.
EXPORT_MARKER = ".c4data-export.json"
NOTHING_CHANGED = "nothing was changed"


def export(
    path: str | os.PathLike[str],
    format: str = "parquet",
    force: bool = False,
    source: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the data package (``source``, default the installed one) to ``path``.

    ``format`` is a name in ``c4data.formats.FORMATS``: ``"parquet"`` (the tables as shipped), ``"csv"``
    (UTF-8 CSV with a byte-order mark), ``"geojson"`` (the spatial tables as RFC 7946 GeoJSON, with a
    descriptor): each a directory holding ``datapackage.json``. ``"zip"`` (the CSV package in one file) and
    ``"xlsx"`` (one workbook) write one file at ``path`` itself. An existing non-empty directory is refused,
    unless ``force`` is true and an earlier export wrote it (its ``.c4data-export.json`` lists every file in
    it with its sha256) and nothing in it has changed: then it is replaced whole. An existing file is refused
    unless ``force`` is true and an earlier one-file export wrote it, unchanged since (its zip comment says so);
    a link, a device or a pipe is always refused. Returns the path of the exported descriptor, or of the file.
    """
    fmt = format_named(format)
    if fmt.written is None:
        import_frictionless()  # the export is validated in full before it is moved into place: fail before writing
    descriptor = Descriptor.read(Path(source or package_dir()) / DESCRIPTOR_NAME)
    refused = untrusted_problems(descriptor)
    if refused:
        raise PackageProblems(refused, "export refused: the package names something c4data does not read")
    # Its shape and codebooks, as c4data reads them (the checks the build runs: frictionless, which the export
    # does not need, checks the Data Package profile in ``c4data validate``).
    invalid = descriptor_problems(CheckInput(descriptor), "csv")
    if invalid:
        raise PackageProblems(invalid, "export refused: the package's descriptor does not validate")
    damaged = list(hash_problems(descriptor))
    if damaged:
        raise PackageProblems(damaged, "export refused: the package's files do not match their hashes")
    if fmt.suffix is not None:
        return _export_file(descriptor, Path(path), fmt, force)
    return _export_directory(descriptor, Path(path), fmt, force)


def _export_directory(descriptor: Descriptor, path: Path, fmt: Format, force: bool) -> Path:
    target = path.resolve()
    check_directory_target(target, force, descriptor.basepath.resolve())
    with staging_directory(target.parent, STAGING_PREFIX) as staging:
        package = staging / "package"
        package.mkdir()
        fmt.write(descriptor, package)
        _check_valid_export(fmt, package, descriptor)
        write_papers(descriptor, package)  # README, licence, citation
        write_manifest(
            package, EXPORT_MARKER, {"written_by": "c4data export", "version": descriptor.version, "format": fmt.name}
        )
        replace_directory(package, target, staging)
    return target / DESCRIPTOR_NAME


def _export_file(descriptor: Descriptor, path: Path, fmt: Format, force: bool) -> Path:
    """Write a one-file export beside ``path``, check and mark it, and only then move it into place at once."""
    assert fmt.suffix is not None
    target = check_file_target(path, fmt.suffix, force)
    with staging_directory(target.parent, STAGING_PREFIX) as staging:
        written = staging / f"{descriptor.data['name']}-{descriptor.version}{fmt.suffix}"
        fmt.write(descriptor, written)
        _check_valid_export(fmt, written, descriptor)
        mark_file(written, f"{descriptor.data['name']} {descriptor.version} ({fmt.name})")
        os.replace(written, target)
    return target


def _check_valid_export(fmt: Format, path: Path, source: Descriptor) -> None:
    """Read an export back for what writing can break (``Format.written``: hashes, row counts, the types of
    what was written), the package written from having been checked when it was built; a format without
    that reading is read back as ``c4data validate`` reads it. Raise with every problem."""
    problems = fmt.written(source, path) if fmt.written is not None else problems_as(fmt, path, None)
    if problems:
        raise PackageProblems(problems, "export failed: the exported package does not validate")


def check_file_target(path: Path, suffix: str, force: bool) -> Path:
    """The absolute path to write a one-file export to; ``ExportRefused`` when what is there may not be replaced.

    Not replaced: a directory, a link, a device or a pipe; an existing file without ``force``; with it, a file
    that c4data export did not write or that has been changed since.
    """
    target = Path(path).absolute()
    target = target.parent.resolve() / target.name  # the final name stays as given: a link there is not followed
    kind = target_kind_refusal(target)
    if kind is not None:
        raise ExportRefused(f"{target} {kind}; c4data replaces only a regular file it wrote. Choose another name.")
    if not target.exists():
        return target
    if target.is_dir():
        raise ExportRefused(f"{target} is a directory; give the file to write, such as c4data{suffix}")
    if not force:
        raise ExportRefused(f"{target} exists; choose another name, or use --force to replace an earlier export")
    reason = file_refusal(target)
    if reason is not None:
        raise ExportRefused(
            f"--force replaces only a file c4data export wrote, and {target} {reason}; {NOTHING_CHANGED}. "
            "Choose another name."
        )
    return target


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
    reason = directory_refusal(target, EXPORT_MARKER)
    if reason is not None:
        raise ExportRefused(
            f"--force replaces only an earlier export by c4data, and {target} {reason}; {NOTHING_CHANGED}. "
            "Choose another directory."
        )
