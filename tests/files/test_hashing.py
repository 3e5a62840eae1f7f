"""sha256 as the descriptor records it (``c4data.files.hashing``), the one place hashes are made."""

from __future__ import annotations

import hashlib

from c4data.files.hashing import HASH_PREFIX, file_hash, hash_mismatch
from c4data.reading.load import shipped_descriptor


def test_every_shipped_file_matches_the_hash_its_descriptor_records():
    descriptor = shipped_descriptor()
    for name in descriptor.resource_names:
        path = descriptor.data_file(name)
        assert (
            file_hash(path)
            == descriptor.table(name).hash
            == HASH_PREFIX + hashlib.sha256(path.read_bytes()).hexdigest()
        )
        assert hash_mismatch(descriptor.table(name).hash, path.read_bytes()) is None


def test_a_changed_byte_or_a_missing_hash_is_a_mismatch_saying_which():
    recorded = HASH_PREFIX + hashlib.sha256(b"rows").hexdigest()
    assert "the file changed" in (hash_mismatch(recorded, b"rowz") or "")
    assert "records no sha256" in (hash_mismatch("md5:abc", b"rows") or "")
