"""A package given by path (``source=``): a directory of Parquet or CSV files, or a zip holding one (the zip
export, a release's asset), each read as untrusted input with the installed package's checks.

Every file is read within the limits of ``c4data.files.untrusted`` (a zip's members too), checked against the
sha256 its descriptor records, and parsed by c4data: Parquet within the decoding budget, CSV by Arrow with the
types its fields declare, within the same limits of rows, columns and decoded bytes.
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from c4data.files.hashing import hash_mismatch
from c4data.files.untrusted import (
    MAX_COLUMNS,
    MAX_DECODED_BYTES,
    MAX_DESCRIPTOR_BYTES,
    MAX_ROWS,
    UnsafePackage,
    ZipPackage,
    reference_problems,
)
from c4data.model.descriptor import CSV_LOCATION, Descriptor, has_tables
from c4data.model.errors import DataIntegrityError
from c4data.model.paths import DESCRIPTOR_NAME, repair_advice, resolve_descriptor
from c4data.model.problems import PackageProblems
from c4data.model.types import arrow_type
from c4data.reading.integrity import parse_parquet, read_data_file

if TYPE_CHECKING:
    import pyarrow as pa

    from c4data.model.schema import Table

# From this many bytes a CSV file is parsed on every core.
THREADED_CSV_BYTES = 1 << 20


@dataclass
class OpenedPackage:
    """A package's descriptor and, for a zip, the open archive its files are members of."""

    descriptor: Descriptor
    archive: ZipPackage | None = None

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def verified_table(self, name: str) -> pa.Table:
        """The table's Arrow data (text as dictionaries from Parquet), its file's sha256 checked first."""
        table = self.descriptor.table(name)
        path = self.descriptor.data_file(name)
        data = self._bytes(table, path)
        reason = hash_mismatch(table.hash, data)
        if reason is not None:
            raise DataIntegrityError(path, reason, repair_advice(self.descriptor.basepath))
        if _is_csv(self.descriptor, name):
            return parse_csv(path, data, table, lambda: repair_advice(self.descriptor.basepath))
        return parse_parquet(path, data, lambda: repair_advice(self.descriptor.basepath), text_as_dictionary=True)

    def _bytes(self, table: Table, path: Path) -> bytes:
        if self.archive is None:
            return read_data_file(self.descriptor, table.name)
        try:
            return self.archive.read(table.path)
        except UnsafePackage as error:
            raise DataIntegrityError(path, error.reason, repair_advice(self.descriptor.basepath)) from None


def open_package(source: str | os.PathLike[str]) -> OpenedPackage:
    """The package at ``source``: a directory or its ``datapackage.json``, or a zip file holding the package at
    its top level. ``DataIntegrityError`` when its descriptor cannot be read or names anything to fetch."""
    candidate = Path(source)
    if candidate.is_file() and candidate.name != DESCRIPTOR_NAME and zipfile.is_zipfile(candidate):
        return _open_zip(candidate)
    path = resolve_descriptor(candidate)
    return OpenedPackage(_checked(path, lambda: Descriptor.read(path)))


def _open_zip(path: Path) -> OpenedPackage:
    try:
        archive = ZipPackage(path)
    except UnsafePackage as error:
        raise DataIntegrityError(path, error.reason, repair_advice(path)) from None
    try:
        raw = archive.read(DESCRIPTOR_NAME, MAX_DESCRIPTOR_BYTES)
        descriptor = _checked(path, lambda: Descriptor.parse(path / DESCRIPTOR_NAME, raw))
    except UnsafePackage as error:
        archive.close()
        raise DataIntegrityError(path, error.reason, repair_advice(path)) from None
    except BaseException:
        archive.close()
        raise
    return OpenedPackage(descriptor, archive)


def table_descriptor(path: Path, read: Callable[[], Descriptor]) -> Descriptor:
    """The descriptor ``read`` gives, refused (``DataIntegrityError``) when it is not one c4data reads as a list of
    tables."""
    try:
        descriptor = read()
    except PackageProblems as error:
        raise DataIntegrityError(path, "; ".join(problem.message for problem in error.problems)) from None
    if not has_tables(descriptor.data):
        raise DataIntegrityError(path, "it does not list its tables, each with a path and an inline schema")
    return descriptor


def _checked(path: Path, read: Callable[[], Descriptor]) -> Descriptor:
    """``table_descriptor``, also refused when it names anything on the network or outside the package."""
    descriptor = table_descriptor(path, read)
    refused = reference_problems(descriptor.data)
    if refused:
        raise DataIntegrityError(path, "; ".join(refused), repair_advice(path.parent))
    return descriptor


def _is_csv(descriptor: Descriptor, name: str) -> bool:
    resource = next(item for item in descriptor.data["resources"] if item.get("name") == name)
    declared = str(resource.get("format", "")).lower()
    return declared == CSV_LOCATION["format"] or str(resource.get("path", "")).lower().endswith(".csv")


# A header is at most MAX_COLUMNS names of at most 64 characters, each quoted, with their commas.
MAX_HEADER_BYTES = MAX_COLUMNS * 67


def _header(data: bytes) -> list[str] | None:
    """The names in a CSV file's first line (a byte-order mark left out), or None when it has no readable first
    line within ``MAX_HEADER_BYTES``."""
    end = data.find(b"\n", 0, MAX_HEADER_BYTES)
    line = data[: end if end >= 0 else min(len(data), MAX_HEADER_BYTES)].removeprefix(b"\xef\xbb\xbf")
    try:
        return next(csv.reader([line.decode("utf-8").rstrip("\r")]), [])
    except (UnicodeDecodeError, csv.Error):
        return None


def parse_csv(path: Path, data: bytes, table: Table, advice: Callable[[], str]) -> pa.Table:
    """A CSV file's rows as Arrow columns of their fields' types (its missing values null); ``DataIntegrityError``
    when a cell does not parse as its type, the header is not the fields in order, or the table passes the limits
    of rows, columns or decoded bytes."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    def refuse(reason: str) -> DataIntegrityError:
        return DataIntegrityError(path, reason, advice())

    if len(table.fields) > MAX_COLUMNS:
        raise refuse(f"it holds {len(table.fields):,} columns, past the limit of {MAX_COLUMNS:,} per table")
    convert = pa_csv.ConvertOptions(
        column_types={field.name: arrow_type(field) for field in table.fields},
        null_values=list(table.missing_values),
        strings_can_be_null=True,
    )
    header = _header(data)
    if header != table.field_names:  # before the rows are parsed: a header of 100,000 names costs nothing
        shown = header if header is None or len(header) <= 40 else [*header[:40], f"… {len(header) - 40:,} more"]
        raise refuse(f"its header names the columns {shown}, not the fields {table.field_names}")
    # The fields as the column names, the header skipped: a row of more cells than fields fails as it is parsed.
    read = pa_csv.ReadOptions(use_threads=len(data) >= THREADED_CSV_BYTES, column_names=table.field_names, skip_rows=1)
    stream: Any = pa.BufferReader(data)
    try:
        parsed = pa_csv.read_csv(stream, read_options=read, convert_options=convert)
    except (pa.ArrowException, ValueError) as error:
        raise refuse(f"the data file is not readable CSV of its fields' types ({error})") from None
    if parsed.num_rows > MAX_ROWS:
        raise refuse(f"it holds {parsed.num_rows:,} rows, past the limit of {MAX_ROWS:,} rows per table")
    if parsed.nbytes > MAX_DECODED_BYTES:
        raise refuse(f"it decodes to more than {MAX_DECODED_BYTES:,} bytes, past the limit per table")
    return parsed
