"""The zip: the CSV package in one file, the same bytes for the same package; read back by unpacking it, within
the limits of ``c4data.files.untrusted``, and checking the package inside as its own format."""

from __future__ import annotations

import dataclasses
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from c4data.files.archive import ZIP_TIMESTAMP
from c4data.files.untrusted import UnsafePackage, ZipPackage, inside, shown
from c4data.formats import csv
from c4data.formats.base import Format
from c4data.formats.papers import write_papers
from c4data.formats.r_reader import READER_NAME
from c4data.model import codes
from c4data.model.descriptor import Descriptor
from c4data.model.paths import DESCRIPTOR_NAME
from c4data.model.problems import Problem


def write_zip(descriptor: Descriptor, written: Path) -> None:
    """The CSV package in one zip file at ``written`` with its README, licence and citation, its members in a fixed
    order with a fixed timestamp."""
    with tempfile.TemporaryDirectory(prefix=".c4data-zip-", dir=written.parent) as scratch:
        contents = Path(scratch)
        csv.write_package(descriptor, contents)
        exported = Descriptor.read(contents / DESCRIPTOR_NAME)
        papers = write_papers(descriptor, contents)  # README, licence and citation travel with the data
        members = [DESCRIPTOR_NAME, *(table.path for table in exported.package.tables), READER_NAME, *papers]
        with zipfile.ZipFile(written, "w") as archive:
            for member in members:
                # A fixed timestamp, so that the same package always gives the same zip, byte for byte.
                info = zipfile.ZipInfo(member, date_time=ZIP_TIMESTAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, (contents / member).read_bytes())


def unpack(path: Path, scratch: Path) -> list[Problem]:
    """Unpack the zip at ``path`` into ``scratch``, a data package at its top level; the problems when it is not one
    or cannot be unpacked within the limits (the registry then checks the package as its own format)."""

    def layout(message: str) -> list[Problem]:
        return [Problem(where=path.name, message=message, code=codes.ZIP_LAYOUT)]

    try:
        with ZipPackage(path) as archive:
            names = archive.archive.namelist()
    except UnsafePackage as error:
        return [Problem(where=path.name, message=str(error), code=codes.DATA_FILE_UNREADABLE)]
    unsafe = [name for name in names if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts]
    if unsafe:
        return layout(f"holds paths outside the archive: {shown(', '.join(unsafe))}")
    if DESCRIPTOR_NAME not in names:
        return layout(f"holds no {DESCRIPTOR_NAME} at its top level")
    return _extract(path, scratch)


def _extract(path: Path, scratch: Path) -> list[Problem]:
    """Unpack a zip into ``scratch`` within the limits of ``c4data.files.untrusted``; the problem when it cannot be."""
    try:
        with ZipPackage(path) as archive:
            for name in archive.archive.namelist():
                if name.endswith("/"):
                    continue
                target = inside(scratch, name)
                data = archive.read(name)
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                except OSError as error:  # a name too long, or a member inside another member's name (a, a/b)
                    raise UnsafePackage(name, f"the member cannot be unpacked ({error.strerror})") from None
    except UnsafePackage as error:
        return [Problem(where=path.name, message=str(error), code=codes.DATA_FILE_UNREADABLE)]
    return []


def written_problems(source: Descriptor, path: Path) -> list[Problem]:
    """A zip export read back for what writing can break: every member against its CRC, then the CSV
    package inside as the CSV export is (hashes, types, row counts)."""
    with zipfile.ZipFile(path) as archive:
        broken = archive.testzip()
    if broken is not None:
        return [Problem(where=f"{path.name}: {broken}", message="fails its CRC check", code=codes.WRITTEN_FILE)]
    with tempfile.TemporaryDirectory(prefix=".c4data-zip-", dir=path.parent) as scratch:
        found = unpack(path, Path(scratch)) or csv.written_problems(source, Path(scratch))
    return [dataclasses.replace(problem, where=f"{path.name}: {problem.where}") for problem in found]


FORMAT = Format(
    name="zip",
    description="the CSV package in one zip file",
    write=write_zip,
    unpack=unpack,
    suffix=".zip",
    recognises=zipfile.is_zipfile,
    written=written_problems,
)
