"""Helpers the tests share: where the checkout is, running the installed command, file snapshots."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCES_ENV = "C4DATA_SOURCES_DIR"


def run_c4data(
    *args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``c4data ARGS`` as a user would run it: its exit status and what it printed.

    It runs the command line's ``main`` in this process, in ``cwd``, with what it writes captured: the same code
    as the installed command, without starting an interpreter for each of the suite's many commands. Given
    ``env``, it runs ``python -m c4data`` in a process of its own (an environment cannot be swapped in a
    process safely); tests of the entry point itself, of missing extras and of input that could exhaust a
    process use :func:`run_c4data_process` or ``bounded.run_bounded``.
    """
    if env is not None:
        return run_c4data_process(*args, cwd=cwd, env=env)
    from c4data.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main([str(arg) for arg in args])
            except SystemExit as exit:  # argparse's own errors and --help
                status = exit.code if isinstance(exit.code, int) else 1
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["c4data", *map(str, args)], status, out.getvalue(), err.getvalue())


def run_c4data_process(
    *args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``c4data`` command in a process of its own, through ``python -m c4data``."""
    return subprocess.run(
        # -P: do not put the current directory first on sys.path, so the checkout never shadows the install.
        [sys.executable, "-P", "-m", "c4data", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file a build may write: the descriptor and the Parquet tables."""
    files = [root / "datapackage.json", *sorted((root / "data").glob("*.parquet"))]
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def record_hash(descriptor_path: Path, table: str) -> None:
    """Make the descriptor's hash of ``table`` agree with whatever its Parquet file now holds (a careless edit)."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            data = (descriptor_path.parent / resource["path"]).read_bytes()
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


# Tiny inline packages, for the unit tests of each check (tests/checks/).


def field(name: str, type: str = "string", **extra: object) -> dict:
    """A Table Schema field with a description, as the codebook check asks."""
    return {"name": name, "type": type, "description": f"The {name}.", **extra}


def enum_field(name: str, values: list[str], **extra: object) -> dict:
    """An enumerated field whose every value has an English and a Chinese label."""
    categories = [{"value": value, "label": f"{value.title()}: a value.", "label_zh": "值"} for value in values]
    return field(name, categories=categories, constraints={"enum": values}, **extra)


def resource(name: str, fields: list[dict], key: list[str], **schema: object) -> dict:
    """A table resource laid out as c4data ships it."""
    return {
        "name": name,
        "path": f"data/{name}.parquet",
        "format": "parquet",
        "schema": {"fields": fields, "primaryKey": key, "missingValues": [""], **schema},
    }


# A table of events with a partial date and its typed bounds, as the date checks read them.
EVENTS = resource(
    "events",
    [
        field("event_id"),
        field("date", **{"c4data:partialDate": True}),
        field("date_min", "date"),
        field("date_max", "date"),
    ],
    ["event_id"],
)


def inline_descriptor(*resources: dict, version: str = "1.0.0", root: Path | None = None):
    """A ``Descriptor`` of the given resources (no files: the checks read rows given to them)."""
    from c4data.model.descriptor import Descriptor

    data = {"name": "tiny", "title": "Tiny", "version": version, "resources": list(resources)}
    return Descriptor(path=(root or Path("/nonexistent")) / "datapackage.json", data=data)


def rows_of(name: str, rows: list[dict], typed: bool = True):
    """A table's rows as a check reads them: typed values (Parquet) or text cells (curated CSV, lines from 2)."""
    from c4data.checks import TableRows

    if typed:
        return TableRows(name, name, rows, list(range(1, len(rows) + 1)))
    return TableRows(name, f"data/curated/{name}.csv", rows, list(range(2, len(rows) + 2)), "line", typed=False)


def write_curated(root: Path, tables: list[tuple[dict, list[tuple[str, ...]]]]) -> None:
    """Each (resource, rows) as ``root/data/curated/NAME.csv``: a header of its field names, then the rows."""
    import csv

    for schema, rows in tables:
        path = root / "data" / "curated" / f"{schema['name']}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([f["name"] for f in schema["schema"]["fields"]])
            writer.writerows(rows)


def curated_table_rows(root: Path, descriptor):
    """Every table of ``descriptor`` read from its curated CSV under ``root`` as the build reads it (text cells,
    the records kept for the column checks); each file must read without a problem."""
    from c4data.checks import TableRows
    from c4data.reading.curated import read_curated

    tables = []
    for schema in descriptor.package.tables:
        table, problems = read_curated(root, schema)
        assert problems == [] and table is not None
        rows = TableRows(table.name, table.display_path, table.rows, table.lines, "line", typed=False)
        rows.records = table.records
        tables.append(rows)
    return tables


def replace_cells(path: Path, column: str, values: dict[int, object]) -> None:
    """Rewrite the Parquet file at ``path`` with some cells of ``column`` replaced (row index to value), the
    column's type kept: a package changed after it was built (record its hash with ``record_hash`` to forge it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    index = table.schema.get_field_index(column)
    cells = table.column(column).to_pylist()
    for row, value in values.items():
        cells[row] = value
    pq.write_table(table.set_column(index, column, pa.array(cells, table.schema.field(index).type)), path)
