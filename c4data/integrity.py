"""Read a shipped data file only after checking it against the sha256 the descriptor records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from c4data.descriptor import Descriptor
from c4data.errors import REINSTALL_ADVICE, DataIntegrityError
from c4data.hashing import hash_mismatch
from c4data.problems import Problem

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "REINSTALL_ADVICE",
    "DataIntegrityError",
    "checked_bytes",
    "hash_problems",
    "parse_parquet",
    "read_parquet_bytes",
    "read_verified_table",
]

# The codes of the problems a data file can have (see ``c4data.checks``).
FILE_UNREADABLE = "data-file-unreadable"
HASH_MISMATCH = "hash-mismatch"

# Files whose bytes matched their recorded hash in this process, by (path, hash): checked on first read only.
_verified: set[tuple[Path, str]] = set()


def read_parquet_bytes(path: Path) -> bytes:
    """The file's bytes; ``DataIntegrityError`` when it is missing or cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataIntegrityError(path, "the data file is missing") from None
    except OSError as error:
        raise DataIntegrityError(path, f"the data file cannot be read ({error.strerror})") from None


def parse_parquet(path: Path, data: bytes) -> pa.Table:
    """Parse Parquet bytes into an Arrow table; ``DataIntegrityError`` when they are not valid Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(pa.BufferReader(data)).read(use_threads=False)  # small files: threads cost more
        table.validate(full=True)  # damaged pages can parse yet hold text that is not UTF-8
    except (OSError, ValueError, pa.ArrowException) as error:
        raise DataIntegrityError(path, f"the data file is not readable Parquet ({error})") from None
    return table


def checked_bytes(descriptor: Descriptor, name: str) -> tuple[bytes | None, Problem | None]:
    """A table's file bytes and the problem with them, if any: missing or unreadable (no bytes), or not
    matching the recorded hash (bytes given, so that a hand edit can still be described)."""
    table = descriptor.table(name)
    try:
        data = read_parquet_bytes(descriptor.data_file(name))
    except DataIntegrityError as error:
        return None, Problem(table.path, None, None, f"{error.reason}; {REINSTALL_ADVICE}", code=FILE_UNREADABLE)
    reason = hash_mismatch(table.hash, data)
    if reason is not None:
        return data, Problem(table.path, None, None, f"{reason}; {REINSTALL_ADVICE}", code=HASH_MISMATCH)
    return data, None


def hash_problems(descriptor: Descriptor) -> Iterator[Problem]:
    """Each data file exists and matches the ``sha256:`` hash the descriptor records."""
    for name in descriptor.resource_names:
        _, problem = checked_bytes(descriptor, name)
        if problem is not None:
            yield problem


def read_verified_table(descriptor: Descriptor, name: str) -> pa.Table:
    """A table's Arrow data, its file's sha256 checked against the descriptor on the first read in this process."""
    path = descriptor.data_file(name)
    declared = descriptor.table(name).hash
    data = read_parquet_bytes(path)
    if (path, declared) not in _verified:
        reason = hash_mismatch(declared, data)
        if reason is not None:
            raise DataIntegrityError(path, reason)
        _verified.add((path, declared))
    return parse_parquet(path, data)
