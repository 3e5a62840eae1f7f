"""Read the curated CSV files strictly: UTF-8, one record per line, every row as wide as the header."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Table

CURATED_DIR = Path("data") / "curated"


@dataclass
class CuratedTable:
    """A curated CSV file as text cells; ``lines[i]`` is the file line of ``rows[i]``."""

    name: str
    path: Path
    display_path: str
    header: list[str]
    rows: list[dict[str, str | None]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


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
    shown = table.display_path
    problems: list[Problem] = []
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
                table.rows.append({n: (None if v in missing else v) for n, v in zip(field_names, record, strict=True)})
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
