"""Write a synthetic project whose curated tables each hold N copies of the real rows, keys renamed per copy.

Copy 0 is the real data. Every table is copied, ``sources`` and ``boundaries`` too, so that N copies
are N times the rows, except that a table is copied no more often than keeps it within the loader's
limit of rows per table (``files.untrusted.MAX_ROWS``: at 100x, ``boundaries`` is copied 61 times), so
that the package still builds. In copy k, each key is renamed the same way wherever it appears (primary keys,
foreign keys, disagreement row keys), and other unique values get a suffix, so the package stays
valid. Which fields are keys is read from the descriptor: primary keys, foreign keys and ``unique``
constraints; a composite primary key none of whose fields is renamed gets its first field renamed.

    python benchmarks/synthetic.py COPIES TARGET [--build]

writes the project of ``COPIES`` copies into the new directory ``TARGET`` (descriptor and curated CSV),
and with ``--build`` builds it there (``c4data build --root TARGET``), as the benchmark's scaling runs do.
"""

from __future__ import annotations

import argparse
import csv
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from c4data.files.untrusted import MAX_ROWS
from c4data.model.descriptor import Descriptor
from c4data.model.schema import Field, Table
from c4data.reading.curated import CURATED_DIR

CODE_BASE = 100_000  # numeric codes (GB/T 2260, six digits) of copy k are CODE_BASE + k * count + index
ROW_KEY_SEPARATOR = "|"
ROW_KEY_TABLE = ("disagreements", "resource", "row_key")  # the table, and its fields naming another row
IDENTIFIER, UNIQUE = "identifier", "unique"


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def renamed_fields(table: Table) -> dict[str, str]:
    """The fields of a table that differ between copies, and how: as an identifier or as a unique value."""
    key = table.primary_key
    kinds = {name: IDENTIFIER for foreign in table.foreign_keys for name in foreign.fields}
    if len(key) == 1:
        kinds[key[0]] = IDENTIFIER
    for field in table.fields:
        if field.constraints.get("unique") and field.name not in kinds:
            kinds[field.name] = UNIQUE
    if key and not any(name in kinds for name in key):
        kinds[key[0]] = IDENTIFIER
    return kinds


class Renamer:
    """How each identifier and unique value is written in copy ``k``: the same value always the same way."""

    def __init__(self, codes: set[str]) -> None:
        self.code_index = {code: index for index, code in enumerate(sorted(codes))}

    def cell(self, kind: str, field: Field, value: str, copy: int) -> str:
        if not value or copy == 0:
            return value
        integer = field.type == "integer"
        if kind == UNIQUE:
            return str(int(value) + 10**9 * copy) if integer else f"{value} {copy}"
        if integer:
            return str(int(value) + 1000 * copy)
        if value in self.code_index:
            return str(CODE_BASE + copy * len(self.code_index) + self.code_index[value])
        return f"s{copy}-{value}"


def _sort_key(table: Table) -> Callable[[dict[str, str]], tuple[Any, ...]]:
    key = table.key_fields
    return lambda row: tuple(int(row[f.name]) if f.type == "integer" else row[f.name] for f in key)


def write_synthetic_project(source_root: Path, target: Path, copies: int) -> int:
    """Lay out ``target`` as a project with ``copies`` copies of every table; return its row count."""
    descriptor = Descriptor.read(source_root / "datapackage.json")
    (target / CURATED_DIR).mkdir(parents=True, exist_ok=True)
    shutil.copy2(descriptor.path, target / "datapackage.json")
    curated = {name: _read(source_root / CURATED_DIR / f"{name}.csv") for name in descriptor.resource_names}
    kinds = {table.name: renamed_fields(table) for table in descriptor.package.tables}
    codes = {
        row[column]
        for name, (_, rows) in curated.items()
        for row in rows
        for column, kind in kinds[name].items()
        if kind == IDENTIFIER and row[column].isdigit()
    }
    renamer = Renamer(codes)
    total = 0
    for table in descriptor.package.tables:
        name = table.name
        header, rows = curated[name]
        by_name = {field.name: field for field in table.fields}
        out: list[dict[str, str]] = []
        for copy in range(min(copies, MAX_ROWS // max(len(rows), 1))):
            for row in rows:
                new = dict(row)
                for column, kind in kinds[name].items():
                    new[column] = renamer.cell(kind, by_name[column], row[column], copy)
                if name == ROW_KEY_TABLE[0]:
                    new[ROW_KEY_TABLE[2]] = _rename_row_key(descriptor, kinds, row, renamer, copy)
                out.append(new)
        out.sort(key=_sort_key(table))
        with open(target / CURATED_DIR / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)
        total += len(out)
    return total


def _rename_row_key(
    descriptor: Descriptor, kinds: dict[str, dict[str, str]], row: dict[str, str], renamer: Renamer, copy: int
) -> str:
    """A disagreement's key of the row it is about, each part renamed as that key field is."""
    _, table_field, key_field = ROW_KEY_TABLE
    target = descriptor.table(row[table_field])
    by_name = {field.name: field for field in target.fields}
    parts = row[key_field].split(ROW_KEY_SEPARATOR)
    renamed = kinds[target.name]
    return ROW_KEY_SEPARATOR.join(
        renamer.cell(renamed[name], by_name[name], part, copy) if name in renamed else part
        for name, part in zip(target.primary_key, parts, strict=True)
    )


def main(argv: list[str] | None = None) -> int:
    """Write (and with ``--build``, build) a synthetic project from the checkout this script lies in."""
    parser = argparse.ArgumentParser(description="Write a synthetic c4data project of N copies of every table.")
    parser.add_argument("copies", type=int, help="how many copies of every table (1 is the real data)")
    parser.add_argument("target", type=Path, help="a directory that does not exist yet")
    parser.add_argument("--build", action="store_true", help="then build its Parquet files with c4data build")
    arguments = parser.parse_args(argv)
    if arguments.copies < 1:
        parser.error("copies must be 1 or more")
    if arguments.target.exists():
        parser.error(f"{arguments.target} exists; give a new directory")
    rows = write_synthetic_project(Path(__file__).resolve().parent.parent, arguments.target, arguments.copies)
    print(f"wrote {arguments.target}: {arguments.copies} copies, {rows:,} rows")
    if arguments.build:
        from c4data.building.build import build

        build(arguments.target)
        print(f"built {arguments.target / 'datapackage.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
