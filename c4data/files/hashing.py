"""sha256 of the package's files, as the descriptor records them (``sha256:<hex>``): the one place hashes are made."""

from __future__ import annotations

import hashlib
from pathlib import Path

HASH_PREFIX = "sha256:"


def file_sha256(path: Path) -> str:
    """The lower-case hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    """A file's hash as the descriptor records it: ``sha256:<hex>``."""
    return HASH_PREFIX + file_sha256(path)


def hash_mismatch(declared: str, data: bytes) -> str | None:
    """Why ``data`` does not match the descriptor's ``sha256:<hex>`` hash; None when it does."""
    if not declared.startswith(HASH_PREFIX):
        return f"datapackage.json records no sha256 for it (hash {declared!r})"
    actual = HASH_PREFIX + hashlib.sha256(data).hexdigest()
    if actual != declared:
        return f"its sha256 is {actual}, but datapackage.json records {declared!r}: the file changed"
    return None
