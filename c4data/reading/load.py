"""Load the shipped tables as pandas DataFrames typed from the descriptor."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from c4data.model.descriptor import Descriptor
from c4data.model.paths import package_path
from c4data.reading.backends import Backend, Frame, check_backend, to_polars, typed_arrow
from c4data.reading.frames import to_frame
from c4data.reading.packages import OpenedPackage, open_package, table_descriptor

# The installed descriptor as last read, with its path and the stamp of its file then: (size, mtime_ns, inode, device).
_read: tuple[Path, tuple[int, ...], Descriptor] | None = None
_reading = threading.Lock()


def shipped_descriptor() -> Descriptor:
    """The installed descriptor; ``DataIntegrityError`` when it is missing or damaged.

    It is read again whenever its file has changed (size, modification time or inode), so that a process
    that outlives a `c4data build` (a notebook's kernel, say) reads the new tables with their new hashes.
    """
    global _read
    path = package_path()
    with _reading:
        stamp = _stamp(path)  # before reading: a file replaced meanwhile is read again next time
        if _read is not None and _read[:2] == (path, stamp):
            return _read[2]
        descriptor = table_descriptor(path, lambda: Descriptor.read(path))
        _read = (path, stamp, descriptor) if stamp else None
        return descriptor


def _stamp(path: Path) -> tuple[int, ...]:
    try:
        status = os.stat(path)
    except OSError:
        return ()  # missing or unreadable: never the stamp of a descriptor read
    return (status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev)


def load_table(
    name: str,
    descriptor: Descriptor | None = None,
    backend: str = "pandas",
    source: str | os.PathLike[str] | None = None,
) -> Frame:
    """Read one table's data file and give each column the type its field declares, in ``backend``.

    ``backend`` is ``"pandas"`` (a DataFrame), ``"polars"`` (a polars DataFrame) or ``"pyarrow"`` (a
    ``pyarrow.Table``). The file's sha256 is checked on every read; ``DataIntegrityError`` says
    when it is missing, changed or unreadable. A name the descriptor does not list raises
    ``UnknownTable``, naming the tables. ``source`` names another package to read: a Parquet or CSV
    package's directory or descriptor, or a zip holding one (``reading.packages``).
    """
    backend = check_backend(backend)
    if source is None or descriptor is not None:
        return _typed(OpenedPackage(descriptor or shipped_descriptor()), name, backend)
    with open_package(source) as package:
        return _typed(package, name, backend)


def _typed(package: OpenedPackage, name: str, backend: Backend) -> Frame:
    schema = package.descriptor.table(name)
    table = package.verified_table(name)
    if backend == "polars":
        return to_polars(table, schema)  # each codebook cast once, straight from the stored text
    typed = typed_arrow(table, schema)
    if backend == "pandas":
        return to_frame(typed, schema)  # each column converted once, from the typed Arrow table
    return typed


def load_tables(
    descriptor: Descriptor | None = None, backend: str = "pandas", source: str | os.PathLike[str] | None = None
) -> dict[str, Frame]:
    """Every table of the package (the installed one, or the one at ``source``), in its order, in ``backend``."""
    backend = check_backend(backend)
    if source is None or descriptor is not None:
        package = OpenedPackage(descriptor or shipped_descriptor())
        return {name: _typed(package, name, backend) for name in package.descriptor.resource_names}
    with open_package(source) as opened:
        return {name: _typed(opened, name, backend) for name in opened.descriptor.resource_names}
