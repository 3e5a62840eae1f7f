"""A data package from elsewhere is untrusted input: what c4data reads of it, and what it refuses.

Only regular files inside the package's own directory (or members of its zip) are read, each within
stated limits; a descriptor that names anything on the network is refused before any tool sees it;
text taken from a package is escaped before it reaches a terminal.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

# The limits, stated in the README. The shipped package is far below each (its largest file is 51 kB,
# its largest table 278 rows), so they stop only what would exhaust memory or time.
MAX_DESCRIPTOR_BYTES = 8 << 20  # datapackage.json
MAX_FILE_BYTES = 64 << 20  # one data file, or one zip member once inflated
MAX_ZIP_BYTES = 256 << 20  # every member of a zip, inflated
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_DIRECTORY_BYTES = 4 << 20  # a zip's list of members (its central directory): ample for 10,000 members
MAX_ROWS = 500_000  # one table
MAX_COLUMNS = 1_000  # one table
MAX_RESOURCES = 1_000  # the tables of one package (the shipped package has 30)
MAX_FIELDS = 1_000  # the fields a descriptor lists for one table (MAX_COLUMNS bounds the file's columns)
MAX_WORKBOOK_PART_BYTES = 256 << 10  # a workbook's styles, theme or other part that holds no rows
MAX_DECODED_BYTES = 256 << 20  # one Parquet table once decoded (text counted value by value)
MAX_DRAFT_BYTES = 64 << 10  # a report given to `c4data draft` (the longest source text is under 7 kB)

# Profiles frictionless knows without fetching them: the v1 names and the Data Package v2 profiles.
BUILTIN_PROFILES = frozenset(
    {
        "data-package",
        "tabular-data-package",
        "data-resource",
        "tabular-data-resource",
        "https://datapackage.org/profiles/2.0/datapackage.json",
        "https://datapackage.org/profiles/2.0/dataresource.json",
        "https://datapackage.org/profiles/2.0/tableschema.json",
        "https://datapackage.org/profiles/2.0/tabledialect.json",
    }
)
PROFILE_KEYS = ("$schema", "profile")

# Characters that move a terminal's cursor, end a line or reorder text: C0 and C1 controls, DEL,
# the Unicode line and paragraph separators, and the bidirectional embeddings, overrides and isolates.
# The subset that JSON leaves unescaped inside strings (it escapes C0 itself).
JSON_UNESCAPED_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FILE_MISSING = "the file is missing"
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same characters in words, for the data dictionary (a test checks the two agree).
CONTROL_CHARACTERS_TEXT = (
    "a C0 or C1 control character or DEL (U+0000–U+001F, U+007F–U+009F), a line or paragraph separator "
    "(U+2028, U+2029), or a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069)"
)


class UnsafePackage(Exception):
    """A package's file is outside it, not a regular file, past a limit, or unreadable; ``reason`` says which."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{shown(where)}: {reason}")


def shown(text: object) -> str:
    """``text`` safe to print: each control character written as an escape (``\\x1b``, ``\\n``, ``\\u202e``)."""
    return CONTROL_CHARACTERS.sub(lambda match: repr(match.group())[1:-1], str(text))


def json_shown(text: str) -> str:
    """JSON text with the control characters JSON leaves as they are (C1, separators, bidi) escaped as ``\\uXXXX``."""
    return JSON_UNESCAPED_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def control_character(text: str) -> str | None:
    """The first control character in ``text``, as ``U+XXXX``; None when there is none."""
    match = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


# Paths and references


def is_url(text: str) -> bool:
    """Whether ``text`` names something by URL (``http://…``, ``file:…``) rather than by a path."""
    scheme = urlparse(text).scheme
    return len(scheme) > 1 or "://" in text  # one letter is a Windows drive, which the path check refuses


def path_problem(path: Any) -> str | None:
    """Why ``path`` is not a relative path inside a package; None when it is one."""
    if not isinstance(path, str) or not path:
        return f"the path {path!r} is not a file name"
    if is_url(path):
        return f"the path {shown(path)!r} is a URL; c4data reads nothing from the network"
    if "\\" in path or "\x00" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return f"the path {shown(path)!r} is outside the package; give a path relative to its datapackage.json"
    if ".." in PurePosixPath(path).parts:
        return f"the path {shown(path)!r} leads outside the package; give a path inside it"
    return None


def reference_problems(descriptor: dict[str, Any]) -> list[str]:
    """Every place where the descriptor names something to fetch: a profile, dialect, schema or path elsewhere.

    frictionless would fetch a remote profile or dialect itself; refusing the descriptor first means it
    never gets the chance. A descriptor past the limits on resources or fields is refused first, alone, since
    every later check costs time per resource and field.
    """
    counted = count_problem(descriptor)
    if counted is not None:
        return [counted]
    found = []
    pending: list[tuple[str, Any]] = [("datapackage.json", descriptor)]
    while pending:  # every object of the descriptor, however deep, without recursion
        where, value = pending.pop()
        if isinstance(value, list):
            pending += [(f"{where}[{index}]", item) for index, item in enumerate(value)]
        if not isinstance(value, dict):
            continue
        for key in PROFILE_KEYS:
            if key in value and not (isinstance(value[key], str) and value[key] in BUILTIN_PROFILES):
                found.append(
                    f"{where}: {key} {shown(value[key])!r} is not a profile c4data knows; "
                    "c4data reads nothing from the network and follows no reference out of the package"
                )
        for key in ("dialect", "schema"):
            if isinstance(value.get(key), str):
                found.append(
                    f"{where}: {key} {shown(value[key])!r} must be given inline; c4data reads nothing from the network"
                )
        pending += [(f"{where}.{key}", item) for key, item in value.items()]
    resources = descriptor.get("resources")
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        if isinstance(resource, dict) and "path" in resource:
            reason = path_problem(resource["path"])
            if reason is not None:
                found.append(f"datapackage.json.resources[{index}]: {reason}")
    return found + name_problems(descriptor) + descriptor_text_problems(descriptor)


def count_problem(descriptor: dict[str, Any]) -> str | None:
    """Why the descriptor lists too many resources, or a schema too many fields; None when it does not."""
    resources = descriptor.get("resources")
    if isinstance(resources, list) and len(resources) > MAX_RESOURCES:
        return (
            f"datapackage.json.resources: it lists {len(resources):,} resources, past the limit of "
            f"{MAX_RESOURCES:,} per package"
        )
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        schema = resource.get("schema") if isinstance(resource, dict) else None
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if isinstance(fields, list) and len(fields) > MAX_FIELDS:
            return (
                f"datapackage.json.resources[{index}].schema.fields: it lists {len(fields):,} fields, past the "
                f"limit of {MAX_FIELDS:,} per table"
            )
    return None


# Names and text of the descriptor, which exports write as file names, sheet names, headers and cells

# A resource or field name: frictionless's name pattern (lower-case letters, digits, ``-``, ``.``, ``_``),
# without ``/`` (a name is never a path), starting with a letter or digit (never a formula, never ``.``).
NAME_PATTERN = re.compile(r"[a-z0-9][-a-z0-9._]{0,62}")
NAME_RULE = (
    "a name is 1 to 63 lower-case letters, digits, '-', '.' or '_', starting with a letter or digit "
    "(frictionless's name pattern, without '/')"
)
FORMULA_STARTS = ("=", "+", "-", "@")
# What a control character or a text starting like a formula looks like in ``json.dumps(ensure_ascii=False)``:
# C0 escaped (``\n``, ``\u001b``), the others as they are, a text's (or key's) first character after its quote.
_SUSPECT_JSON = re.compile(
    r'\\(?:[bfnrt]|u00[01][0-9a-fA-F])|[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|"[=+\-@]'
)
# Strings that no export writes as text a reader sees: constraint values, missing values, paths and hashes.
UNWRITTEN_KEYS = frozenset({"constraints", "missingValues", "trueValues", "falseValues", "path", "hash"})


def name_problems(descriptor: dict[str, Any]) -> list[str]:
    """Every resource and field name that does not match ``NAME_PATTERN``."""
    found = []
    resources = descriptor.get("resources")
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        if not isinstance(resource, dict):
            continue
        where = f"datapackage.json.resources[{index}]"
        found += _name_problem(where, resource.get("name"))
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for number, field in enumerate(fields if isinstance(fields, list) else []):
            if isinstance(field, dict):
                found += _name_problem(f"{where}.schema.fields[{number}]", field.get("name"))
    return found


def _name_problem(where: str, name: Any) -> list[str]:
    if isinstance(name, str) and NAME_PATTERN.fullmatch(name):
        return []
    return [f"{where}: the name {shown(name)[:80]!r} is not one c4data writes; {NAME_RULE}"]


def descriptor_text_problems(descriptor: dict[str, Any]) -> list[str]:
    """Every key or text of the descriptor holding a control character, and every text an export writes as a
    cell (titles, descriptions, labels, citations...) that starts like a formula (``=``, ``+``, ``-``, ``@``)."""
    try:
        if not _SUSPECT_JSON.search(json.dumps(descriptor, ensure_ascii=False)):
            return []  # no key or text holds a control character or starts like a formula: nothing to locate
    except (TypeError, ValueError, RecursionError):
        pass  # not JSON as json.dumps writes it: every value is looked at below
    found = []
    pending: list[tuple[str, Any, bool]] = [("datapackage.json", descriptor, True)]
    while pending:
        where, value, written = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and control_character(key):
                    found.append(
                        f"{where}: the key {shown(key)[:80]!r} holds the control character {control_character(key)}"
                    )
                pending.append((f"{where}.{shown(key)[:80]}", item, written and key not in UNWRITTEN_KEYS))
        elif isinstance(value, list):
            pending += [(f"{where}[{index}]", item, written) for index, item in enumerate(value)]
        elif isinstance(value, str):
            character = control_character(value)
            if character:
                found.append(f"{where}: {shown(value)[:40]!r} holds the control character {character}")
            elif written and value.startswith(FORMULA_STARTS):
                found.append(f"{where}: {shown(value)[:40]!r} starts like a formula, which a spreadsheet would run")
    return sorted(found)


def inside(base: Path, relative: str) -> Path:
    """``base / relative``, checked to stay inside ``base`` (no ``..``, no absolute path, no link out);
    ``UnsafePackage`` otherwise. Every file an export writes goes through it."""
    reason = path_problem(relative)
    if reason is not None:
        raise UnsafePackage(str(relative), reason)
    root = os.path.realpath(base)
    target = os.path.realpath(os.path.join(root, relative))
    if os.path.commonpath([root, target]) != root or target == root:
        raise UnsafePackage(relative, "it leads outside the directory being written")
    return Path(target)


# Reading files


def read_file(base: Path, relative: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``relative`` inside the directory ``base``, at most ``limit`` of them.

    ``UnsafePackage`` when the path leads outside ``base`` (also through a link), names a device, a pipe
    or a directory, is missing or unreadable, or holds more than ``limit`` bytes.
    """
    reason = path_problem(relative)
    if reason is not None:
        raise UnsafePackage(str(relative), reason)
    root = os.path.realpath(base)
    real = os.path.realpath(os.path.join(root, relative))
    if os.path.commonpath([root, real]) != root:
        raise UnsafePackage(relative, "it leads outside the package (through a link); c4data follows no link out")
    return read_regular_file(real, limit, relative, getattr(os, "O_NOFOLLOW", 0))  # no link swapped in since


def read_regular_file(path: str | os.PathLike[str], limit: int, where: str | None = None, flags: int = 0) -> bytes:
    """The bytes of the regular file at ``path`` (a link to one is followed unless ``flags`` has O_NOFOLLOW), at
    most ``limit`` of them; ``UnsafePackage`` (about ``where``, default the path) for a device (``/dev/zero``), a
    pipe, a directory, a missing or unreadable file, or one past the limit."""
    where = os.fspath(path) if where is None else where
    try:
        handle, status = _open_regular(path, where, flags)
    except FileNotFoundError:
        raise UnsafePackage(where, FILE_MISSING) from None
    except OSError as error:
        raise UnsafePackage(where, f"the file cannot be read ({error.strerror})") from None
    try:
        _check_size(where, status.st_size, limit)
        chunks, size = [], 0
        while chunk := os.read(handle, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            _check_size(where, size, limit)
        return b"".join(chunks)
    except OSError as error:
        raise UnsafePackage(where, f"the file cannot be read ({error.strerror})") from None
    finally:
        os.close(handle)


def _open_regular(path: str | os.PathLike[str], where: str, flags: int = 0) -> tuple[int, os.stat_result]:
    """An open descriptor of the file at ``path`` and its status; ``UnsafePackage`` (the file closed) unless it
    is a regular file. Opening a named pipe does not wait for a writer (O_NONBLOCK); ``OSError`` passes."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0) | flags)
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise UnsafePackage(where, "it is not a regular file (a device, a pipe or a directory)")
    except BaseException:
        os.close(handle)
        raise
    return handle, status


def _check_size(where: str, size: int, limit: int) -> None:
    if size > limit:
        raise UnsafePackage(where, f"it holds {size:,} bytes or more, past the limit of {limit:,} bytes")


def _check_directory_size(path: Path) -> None:
    """``UnsafePackage`` when the zip's central directory is past ``MAX_ZIP_DIRECTORY_BYTES``, read from its end
    record alone (zipfile reads that many bytes and makes an object per member, however many it declares)."""
    handle, _ = _open_regular(path, path.name)
    with os.fdopen(handle, "rb") as file:
        end = zipfile._EndRecData(file)  # type: ignore[attr-defined]  # zipfile's own reader of the end record
    if end is not None and end[zipfile._ECD_SIZE] > MAX_ZIP_DIRECTORY_BYTES:  # type: ignore[attr-defined]
        raise UnsafePackage(
            path.name,
            f"its list of members takes {end[zipfile._ECD_SIZE]:,} bytes, "  # type: ignore[attr-defined]
            f"past the limit of {MAX_ZIP_DIRECTORY_BYTES:,} bytes",
        )


def member_identity(name: str) -> str:
    """What a zip member's name becomes on a file system that folds case, Unicode forms and separators:
    NFKC, case folded, ``\\`` as ``/``, with empty and ``.`` segments dropped."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    parts = folded.replace("\\", "/").split("/")
    return "/".join(part for part in parts if part not in ("", "."))


def _check_unique_members(where: str, names: list[str]) -> None:
    """``UnsafePackage`` when two members would be the same file once extracted (or read by another tool)."""
    seen: dict[str, str] = {}
    for name in names:
        identity = member_identity(name)
        if identity in seen:
            raise UnsafePackage(
                where,
                f"its members {shown(seen[identity])!r} and {shown(name)!r} name the same file once case, "
                "Unicode form and separators are normalised; a tool may read either",
            )
        seen[identity] = name


class ZipPackage:
    """The members of a package's zip file, each read within the limits; ``UnsafePackage`` otherwise."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            _check_directory_size(path)  # before zipfile lists every member of the directory in memory
            self.archive = zipfile.ZipFile(path)
            members = self.archive.infolist()
        except (OSError, zipfile.BadZipFile, ValueError, EOFError) as error:
            raise UnsafePackage(path.name, f"not a readable zip file ({shown(error)})") from None
        if len(members) > MAX_ZIP_MEMBERS:
            raise UnsafePackage(path.name, f"it has {len(members):,} members, past the limit of {MAX_ZIP_MEMBERS:,}")
        _check_unique_members(path.name, [member.filename for member in members])
        total = sum(member.file_size for member in members)
        if total > MAX_ZIP_BYTES:
            raise UnsafePackage(
                path.name, f"its members inflate to {total:,} bytes, past the limit of {MAX_ZIP_BYTES:,} bytes"
            )

    def __enter__(self) -> ZipPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.archive.close()

    def read(self, member: str, limit: int = MAX_FILE_BYTES) -> bytes:
        """One member's bytes, checked against its CRC."""
        reason = path_problem(member)
        if reason is not None:
            raise UnsafePackage(str(member), reason)
        try:
            info = self.archive.getinfo(member)
        except KeyError:
            raise UnsafePackage(member, f"no such member in {shown(self.path.name)}") from None
        _check_size(member, info.file_size, limit)
        try:
            with self.archive.open(info) as handle:
                data = handle.read(limit + 1)
        except (
            OSError,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            RuntimeError,
            ValueError,
        ) as error:
            raise UnsafePackage(member, f"the zip member cannot be read ({shown(error)})") from None
        _check_size(member, len(data), limit)
        return data


def parquet_size_problem(metadata: Any) -> str | None:
    """Why a Parquet file is too big to read, from its footer alone (rows and columns); None when it is not."""
    if metadata.num_rows > MAX_ROWS:
        return f"it holds {metadata.num_rows:,} rows, past the limit of {MAX_ROWS:,} rows per table"
    if metadata.num_columns > MAX_COLUMNS:
        return f"it holds {metadata.num_columns:,} columns, past the limit of {MAX_COLUMNS:,} per table"
    return None


def page_size_problem(data: bytes, metadata: Any) -> str | None:
    """Why the pages of a Parquet file would decompress past the budget, or cannot be measured, from their
    headers alone (pyarrow allocates each page at the size its header states and decodes a dictionary page
    whole before any value can be counted); None when they fit."""
    from c4data.files.parquet_pages import PageError, claimed_page_bytes

    try:
        claimed = claimed_page_bytes(data, metadata, max_pages=MAX_ROWS + 2 * MAX_COLUMNS)
    except PageError as error:
        return f"its pages cannot be measured: {error}"
    if claimed > MAX_DECODED_BYTES:
        return (
            f"its pages decompress to {claimed:,} bytes as their headers state, past the limit of "
            f"{MAX_DECODED_BYTES:,} bytes per table"
        )
    return None


# From this many rows a table is decoded on every core, as pyarrow reads by default; below, threads cost more.
THREADED_ROWS = 10_000


def read_parquet(data: bytes, text_as_dictionary: bool = False) -> Any:
    """Parquet bytes as an Arrow table, within the limits checked on what is decoded, not on what the file claims.

    The footer's counts are checked first (rows, columns, and the row groups' rows adding up to the file's),
    then the sizes every page header states (adding up to at most ``MAX_DECODED_BYTES``: pyarrow allocates a
    page at the size its header states and decodes a dictionary page whole). Text columns are decoded as
    dictionaries (each value once, and its indices), so that a dictionary page that would expand into
    gigabytes is measured before it is expanded; the other columns of fixed width are
    measured from the rows before anything is decoded (any other type is decoded batch by batch, measured as
    it goes). ``UnsafePackage`` when the rows or the decoded bytes pass ``MAX_ROWS`` or ``MAX_DECODED_BYTES``.
    The table is fully validated (text is UTF-8, indices in range) before it is returned, its text columns
    as text again, or as the dictionaries read (``text_as_dictionary``). pyarrow's own errors (``OSError``,
    ``ValueError``, ``ArrowException``) pass.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    stored = pq.read_schema(pa.BufferReader(data))
    # Text as dictionaries (the other columns are read as they are).
    parquet = pq.ParquetFile(pa.BufferReader(data), read_dictionary=stored.names)
    metadata = parquet.metadata
    reason = parquet_size_problem(metadata)
    groups = [metadata.row_group(index) for index in range(metadata.num_row_groups)]
    if reason is None and sum(group.num_rows for group in groups) != metadata.num_rows:
        reason = "its row groups do not add up to the rows its footer declares"
    if reason is None:
        reason = page_size_problem(data, metadata)
    if reason is not None:
        raise UnsafePackage("Parquet", reason)
    schema = parquet.schema_arrow
    text = [field.name for field in schema if pa.types.is_dictionary(field.type)]
    widths = [field.type.bit_width for field in schema if field.name not in text and _fixed_width(field.type)]
    if len(widths) + len(text) == len(schema):  # every column measured before its values are expanded
        fixed = metadata.num_rows * (sum(widths) // 8 + len(widths))  # values and validity, generously
        _check_decoded(fixed)
        table = parquet.read(use_threads=metadata.num_rows >= THREADED_ROWS)
        if table.num_rows > MAX_ROWS:
            raise UnsafePackage("Parquet", f"it holds more than {MAX_ROWS:,} rows, past the limit per table")
        _check_decoded(fixed + _text_bytes([table.column(name) for name in text], MAX_DECODED_BYTES - fixed))
    else:
        table = _read_in_batches(parquet)
    table.validate(full=True)  # damaged pages can parse yet hold text that is not UTF-8
    return table if text_as_dictionary else table.cast(stored)


def _fixed_width(arrow_type: Any) -> bool:
    import pyarrow as pa

    try:
        return bool(arrow_type.bit_width) and not pa.types.is_dictionary(arrow_type)
    except ValueError:  # a type of variable width
        return False


def _text_bytes(columns: list[Any], budget: int) -> int:
    """The bytes dictionary-encoded text columns expand to, value by value, with their offsets, or more: each
    chunk bounded by its rows times its dictionary's bytes, and counted exactly (each value's length times its
    uses), the largest bounds first, only while the total passes ``budget``."""
    chunks = sorted(
        ((len(chunk) * (chunk.dictionary.nbytes + 4), chunk) for column in columns for chunk in column.chunks),
        key=lambda pair: -pair[0],
    )
    total = sum(bound for bound, _ in chunks)
    for bound, chunk in chunks:
        if total <= budget:
            break
        total += _exact_text_bytes(chunk) - bound
    return int(total)


def _exact_text_bytes(chunk: Any) -> int:
    import numpy as np
    import pyarrow.compute as pc

    chunk.validate(full=True)  # indices in range before they are counted (pyarrow's ArrowInvalid otherwise)
    total = 4 * len(chunk)
    lengths = pc.fill_null(pc.binary_length(chunk.dictionary), 0).to_numpy().astype(np.int64)
    if len(lengths):
        indices = pc.fill_null(chunk.indices, 0).to_numpy()
        counts = np.bincount(indices, minlength=len(lengths))[: len(lengths)]
        counts[0] -= chunk.null_count
        total += int(counts @ lengths)
    return total


def _check_decoded(decoded: int) -> None:
    if decoded > MAX_DECODED_BYTES:
        raise UnsafePackage("Parquet", f"it decodes to more than {MAX_DECODED_BYTES:,} bytes, past the limit per table")


def _read_in_batches(parquet: Any) -> Any:
    """A table with columns of other types, decoded batch by batch and measured as it goes."""
    import pyarrow as pa

    batches, rows, decoded = [], 0, 0
    for batch in parquet.iter_batches(batch_size=1 << 16, use_threads=False):
        rows += batch.num_rows
        for column in batch.columns:
            if isinstance(column, pa.DictionaryArray):  # the bytes it expands to, value by value
                decoded += _exact_text_bytes(column)
            else:
                decoded += column.nbytes
        if rows > MAX_ROWS:
            raise UnsafePackage("Parquet", f"it holds more than {MAX_ROWS:,} rows, past the limit per table")
        _check_decoded(decoded)
        batches.append(batch)
    return pa.Table.from_batches(batches, schema=parquet.schema_arrow)


def no_network() -> Any:
    """A context in which frictionless's HTTP session refuses every request (a second guard, after the check)."""
    import frictionless
    import requests

    class Refusing(requests.Session):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            raise requests.ConnectionError(f"c4data reads nothing from the network (asked for {shown(url)})")

    return frictionless.system.use_context(http_session=Refusing())
