"""Read a data file only after checking it, on every read, against the sha256 the descriptor records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from c4data.files.hashing import hash_mismatch
from c4data.files.untrusted import UnsafePackage, read_file, read_parquet, reference_problems
from c4data.model import codes
from c4data.model.descriptor import Descriptor
from c4data.model.errors import DataIntegrityError
from c4data.model.paths import DESCRIPTOR_NAME, repair_advice
from c4data.model.problems import Problem

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "UNFINISHED_NAME",
    "UNFINISHED_REASON",
    "DataIntegrityError",
    "checked_bytes",
    "hash_problems",
    "parse_parquet",
    "read_data_file",
    "read_verified_table",
    "untrusted_problems",
]

# Present while `c4data build` moves a new package into place; a package holding it is not read.
UNFINISHED_NAME = ".c4data-build.unfinished"
UNFINISHED_REASON = (
    "an interrupted `c4data build` left this package half-replaced; run `c4data build` again to finish it"
)


def read_data_file(descriptor: Descriptor, name: str) -> bytes:
    """The bytes of a table's file, read as untrusted input (``c4data.files.untrusted``); ``DataIntegrityError``
    when they cannot be, or while an interrupted build has left the package half-replaced."""
    relative = descriptor.table(name).path
    shown_path = descriptor.basepath / str(relative)
    if (descriptor.basepath / UNFINISHED_NAME).exists():
        raise DataIntegrityError(shown_path, UNFINISHED_REASON, "")
    try:
        return read_file(descriptor.basepath, relative)
    except UnsafePackage as error:
        raise DataIntegrityError(shown_path, error.reason, repair_advice(descriptor.basepath)) from None


def parse_parquet(
    path: Path, data: bytes, advice: Callable[[], str] | None = None, text_as_dictionary: bool = False
) -> pa.Table:
    """Parse Parquet bytes into an Arrow table; ``DataIntegrityError`` when they are not valid Parquet, or hold
    more rows, columns or decoded bytes than the limits (``untrusted.read_parquet``: checked on what is decoded,
    for the installed package's files as for any other's). Text columns stay Arrow dictionaries when
    ``text_as_dictionary``. ``advice`` gives the error's repair advice, worked out only when there is an error
    (None: the installed package's)."""
    import pyarrow as pa

    try:
        table: pa.Table = read_parquet(data, text_as_dictionary)
        return table
    except UnsafePackage as error:
        reason = error.reason
    except (OSError, ValueError, pa.ArrowException) as error:
        reason = f"the data file is not readable Parquet ({error})"
    raise DataIntegrityError(path, str(reason), advice() if advice is not None else None)


def _problem_text(error: DataIntegrityError) -> str:
    return "; ".join(part for part in (error.reason, error.advice) if part)


def checked_bytes(descriptor: Descriptor, name: str) -> tuple[bytes | None, Problem | None]:
    """A table's file bytes and the problem with them, if any: missing or unreadable (no bytes), or not
    matching the recorded hash (bytes given, so that a hand edit can still be described)."""
    table = descriptor.table(name)
    try:
        data = read_data_file(descriptor, name)
    except DataIntegrityError as error:
        return None, Problem(where=table.path, message=_problem_text(error), code=codes.DATA_FILE_UNREADABLE)
    reason = hash_mismatch(table.hash, data)
    if reason is not None:
        advice = repair_advice(descriptor.basepath)
        return data, Problem(where=table.path, message=f"{reason}; {advice}", code=codes.HASH_MISMATCH)
    return data, None


def hash_problems(descriptor: Descriptor) -> Iterator[Problem]:
    """Each data file exists and matches the ``sha256:`` hash the descriptor records."""
    for name in descriptor.resource_names:
        _, problem = checked_bytes(descriptor, name)
        if problem is not None:
            yield problem


def read_verified_table(descriptor: Descriptor, name: str, text_as_dictionary: bool = False) -> pa.Table:
    """A table's Arrow data, its file's sha256 checked against the descriptor on every read.

    Hashing costs far less than parsing (``python benchmarks/bench.py --hash-only``), so a file
    replaced while a process runs (by a rebuild, say) is caught on the next read, never returned as data.
    """
    path = descriptor.data_file(name)
    data = read_data_file(descriptor, name)
    reason = hash_mismatch(descriptor.table(name).hash, data)
    if reason is not None:
        raise DataIntegrityError(path, reason, repair_advice(descriptor.basepath))
    return parse_parquet(path, data, lambda: repair_advice(descriptor.basepath), text_as_dictionary)


def untrusted_problems(descriptor: Descriptor) -> list[Problem]:
    """What stops c4data from reading a package at all: a reference to the network or out of the package
    (refused before frictionless, which would fetch it, sees the descriptor), or a build interrupted while
    it replaced the files. Not a check of the registry: it must run before anything reads the descriptor."""
    problems = [
        Problem(where=DESCRIPTOR_NAME, message=found, code=codes.REFERENCE_REFUSED)
        for found in reference_problems(descriptor.data)
    ]
    if (descriptor.basepath / UNFINISHED_NAME).exists():
        problems.append(Problem(where=DESCRIPTOR_NAME, message=UNFINISHED_REASON, code=codes.BUILD_UNFINISHED))
    return problems
