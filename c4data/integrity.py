"""Read a shipped data file only after checking it against the sha256 the descriptor records."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from c4data.descriptor import HASH_PREFIX, Descriptor

if TYPE_CHECKING:
    import pyarrow as pa

REINSTALL_ADVICE = "reinstall c4data (pip install --force-reinstall c4data), or run `c4data build` in a checkout"

# Files whose bytes matched their recorded hash in this process, by (path, hash): checked on first read only.
_verified: set[tuple[Path, str]] = set()


class DataIntegrityError(Exception):
    """A data file of the installed package is missing, changed or unreadable."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}; the data cannot be trusted: {REINSTALL_ADVICE}")


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
        table = pq.ParquetFile(pa.BufferReader(data)).read()
        table.validate(full=True)  # damaged pages can parse yet hold text that is not UTF-8
    except (OSError, ValueError, pa.ArrowException) as error:
        raise DataIntegrityError(path, f"the data file is not readable Parquet ({error})") from None
    return table


def hash_mismatch(declared: str, data: bytes) -> str | None:
    """Why ``data`` does not match the descriptor's ``sha256:<hex>`` hash; None when it does."""
    if not declared.startswith(HASH_PREFIX):
        return f"datapackage.json records no sha256 for it (hash {declared!r})"
    actual = HASH_PREFIX + hashlib.sha256(data).hexdigest()
    if actual != declared:
        return f"its sha256 is {actual}, but datapackage.json records {declared!r}: the file changed"
    return None


def read_verified_table(descriptor: Descriptor, name: str) -> pa.Table:
    """A table's Arrow data, its file's sha256 checked against the descriptor on the first read in this process."""
    path = descriptor.data_file(name)
    declared = str(descriptor.resource(name).get("hash", ""))
    data = read_parquet_bytes(path)
    if (path, declared) not in _verified:
        reason = hash_mismatch(declared, data)
        if reason is not None:
            raise DataIntegrityError(path, reason)
        _verified.add((path, declared))
    return parse_parquet(path, data)
