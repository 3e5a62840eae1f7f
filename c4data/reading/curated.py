"""Read the curated CSV files strictly: UTF-8, one record per line, every row as wide as the header."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Table
from c4data.reading.arrays import text_array

CURATED_DIR = Path("data") / "curated"
# From this many characters a file without quotes is read by Arrow (below it, the csv module is quicker).
PLAIN_FROM = 1 << 20


@dataclass
class CuratedTable:
    """A curated CSV file as text cells; ``lines[i]`` is the file line of ``rows[i]``."""

    name: str
    path: Path
    display_path: str
    header: list[str]
    rows: Sequence[dict[str, str | None]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # The records as read, when read in one pass: every cell as its text (a missing value not yet None).
    records: list[list[str]] | None = None
    # The cells as one Arrow string array per field (a missing value null), when Arrow read the file.
    arrays: dict[str, Any] | None = None


def read_curated(root: Path, schema: Table) -> tuple[CuratedTable | None, list[Problem]]:
    """Read the table's curated CSV file; return the table, or ``None`` with the problems that stop it."""
    return _read(root, schema)


def _problem(where: str, line: int | None, message: str) -> Problem:
    """A problem that stops a curated file from being read."""
    return Problem(where=where, line=line, message=message, code=codes.CURATED_FILE)


def _read(root: Path, schema: Table) -> tuple[CuratedTable | None, list[Problem]]:
    shown = schema.curated_path
    path = root / shown
    if not path.is_file():
        return None, [_problem(shown, None, "file is missing; every table in datapackage.json needs one")]
    text, problem = _decode(path.read_bytes(), shown)
    if problem is not None:
        return None, [problem]
    table = CuratedTable(name=schema.name, path=path, display_path=shown, header=[])
    problems = _parse(text, table, schema.field_names, schema.missing_values)
    return (None if problems else table), problems


def _decode(raw: bytes, shown: str) -> tuple[str, Problem | None]:
    """The file's text, or the problem that stops it being read: not UTF-8, a byte-order mark, a CR."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return "", _problem(shown, line, f"not UTF-8 (byte {raw[error.start]:#04x}); save the file as UTF-8")
    if text.startswith("\ufeff"):
        return "", _problem(shown, 1, "starts with a byte-order mark; save as UTF-8 without BOM")
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        return "", _problem(shown, line, "has a carriage return; use LF line endings only")
    return text, None


def _parse(text: str, table: CuratedTable, field_names: list[str], missing: tuple[str, ...]) -> list[Problem]:
    """Fill ``table`` with the records of ``text``; return the problems of its layout."""
    if _parse_plain(text, table, field_names, missing) or _parse_regular(text, table, field_names, missing):
        return []
    return _parse_record_by_record(text, table, field_names, missing)


def _parse_plain(text: str, table: CuratedTable, field_names: list[str], missing: tuple[str, ...]) -> bool:
    """Fill ``table`` from Arrow's reading of a large file that has no quote, NUL or empty line, where the
    csv module and Arrow read the same records (each line split at its commas); its rows are made from
    the lines on first use. False (``table`` untouched) otherwise."""
    if len(text) < PLAIN_FROM or '"' in text or "\x00" in text or "\n\n" in text or text.startswith("\n"):
        return False
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    header = text[: text.find("\n")] if "\n" in text else text
    if header.split(",") != field_names or len(set(field_names)) != len(field_names):
        return False
    try:
        read = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            parse_options=pa_csv.ParseOptions(quote_char=False, newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(field_names, pa.string()), strings_can_be_null=False, null_values=[]
            ),
        )
    except pa.ArrowException:
        return False  # a row of another width: read record by record, which says where
    if read.column_names != field_names:
        return False
    count = read.num_rows
    empty = text_array(list(missing)) if missing else None
    arrays = {}
    for name in field_names:
        column = read.column(name).combine_chunks()
        if empty is not None:
            column = pc.if_else(pc.is_in(column, value_set=empty), pa.nulls(count, pa.string()), column)
        arrays[name] = column
    table.header = list(field_names)
    table.arrays = arrays
    table.rows = RecordRows(
        lambda: [line.split(",") for line in text.split("\n")[1 : count + 1]], count, field_names, missing
    )
    table.lines = list(range(2, count + 2))
    return True


def _parse_regular(text: str, table: CuratedTable, field_names: list[str], missing: tuple[str, ...]) -> bool:
    """Fill ``table`` in one pass when the file is regular: it parses, its header is the declared fields,
    each record is one line and as wide as the header. False (``table`` untouched) otherwise, for the
    record-by-record reading to say what is wrong."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error:
        return False
    width = len(field_names)
    if not records or records[0] != field_names or reader.line_num != len(records):
        return False
    if set(map(len, records)) != {width}:
        return False
    body = records[1:]
    table.header = records[0]
    table.records = body
    table.rows = RecordRows(lambda: body, len(body), field_names, missing)
    table.lines = list(range(2, len(records) + 1))
    return True


class RecordRows(Sequence[dict[str, str | None]]):
    """Records as rows, each a dict by field name with every missing value None, made on first use (a check
    that reads whole columns never needs them)."""

    def __init__(
        self, records: Callable[[], list[list[str]]], count: int, names: list[str], missing: tuple[str, ...]
    ) -> None:
        self._records, self._count, self._names, self._missing = records, count, names, missing
        self._rows: list[dict[str, str | None]] | None = None

    def _made(self) -> list[dict[str, str | None]]:
        if self._rows is None:
            empty = dict.fromkeys(self._missing)  # each missing-value text read as None, every other cell as itself
            names = self._names
            self._rows = [dict(zip(names, map(empty.get, record, record), strict=True)) for record in self._records()]
        return self._rows

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> dict[str, str | None]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, str | None]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, str | None] | list[dict[str, str | None]]:
        return self._made()[index]

    def __iter__(self) -> Iterator[dict[str, str | None]]:
        return iter(self._made())

    def __eq__(self, other: object) -> bool:
        return list(self) == other or (isinstance(other, RecordRows) and list(self) == list(other))

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like a list


def _parse_record_by_record(
    text: str, table: CuratedTable, field_names: list[str], missing: tuple[str, ...]
) -> list[Problem]:
    shown = table.display_path
    problems: list[Problem] = []
    rows: list[dict[str, str | None]] = []
    table.rows = rows
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start_line = 1
    try:
        for record in reader:
            if reader.line_num != start_line:
                problems.append(_problem(shown, start_line, "a cell spans several lines; keep each record on one line"))
            if not table.header:
                table.header = record
                if record != field_names:
                    problems.append(_problem(shown, 1, _header_difference(record, field_names)))
                    return problems
            elif len(record) != len(field_names):
                message = f"row has {len(record)} fields; the header has {len(field_names)}"
                problems.append(_problem(shown, start_line, message))
            else:
                rows.append({n: (None if v in missing else v) for n, v in zip(field_names, record, strict=True)})
                table.lines.append(start_line)
            start_line = reader.line_num + 1
    except csv.Error as error:
        problems.append(_problem(shown, start_line, f"malformed CSV ({error}); check for an unclosed quote"))
    if not table.header:
        problems.append(_problem(shown, 1, "file is empty; it needs at least the header row"))
    return problems


def _header_difference(header: list[str], declared: list[str]) -> str:
    """Say how a header differs from the declared fields: what is missing, unexpected or out of order."""
    missing = [name for name in declared if name not in header]
    unexpected = [name for name in header if name not in declared]
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if unexpected:
        parts.append(f"unexpected column(s) {', '.join(unexpected)}")
    if not parts:
        parts.append(f"columns out of order; datapackage.json declares {','.join(declared)}")
    return "header does not match datapackage.json: " + "; ".join(parts)
