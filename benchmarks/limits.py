"""The time and memory of the worst input of each kind, at c4data's limits (the README's table of limits).

    python benchmarks/limits.py

Each input is made in a scratch directory and given to the command in a child process; the wall time and
the child's peak resident memory (``ru_maxrss``) are printed, one line per input.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from c4data.files.untrusted import (  # noqa: E402
    MAX_COLUMNS,
    MAX_DECODED_BYTES,
    MAX_DESCRIPTOR_BYTES,
    MAX_DRAFT_BYTES,
    MAX_FILE_BYTES,
    MAX_RESOURCES,
    MAX_ROWS,
    MAX_WORKBOOK_PART_BYTES,
    MAX_ZIP_BYTES,
    MAX_ZIP_DIRECTORY_BYTES,
    MAX_ZIP_MEMBERS,
)


def _run(*args: str | Path) -> tuple[float, float, str]:
    """Wall seconds, peak MiB of the child (measured by GNU time) and its exit status with its last message line."""
    started = time.monotonic()
    command = ["/usr/bin/time", "-f", "C4DATA-PEAK %M", sys.executable, "-P", "-m", "c4data", *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    seconds = time.monotonic() - started
    lines = result.stderr.splitlines()
    peak = next(int(line.split()[1]) for line in reversed(lines) if line.startswith("C4DATA-PEAK"))
    said = [line for line in (result.stdout + "\n" + result.stderr).splitlines() if line and not _from_time(line)]
    return seconds, peak / 1024, f"{result.returncode} ({said[-1][-90:] if said else ''})"


def _package(root: Path, table: bytes, extra: dict[str, object] | None = None) -> Path:
    """The shipped package, ``table`` its cities file (its hash recorded), ``extra`` keys in its descriptor."""
    package = root / "package"
    (package / "data").mkdir(parents=True)
    for parquet in (ROOT / "data").glob("*.parquet"):
        shutil.copy2(parquet, package / "data" / parquet.name)
    (package / "data" / "cities.parquet").write_bytes(table)
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.update(extra or {})
    for resource_ in descriptor["resources"]:
        if resource_["name"] == "cities":
            resource_["hash"] = "sha256:" + hashlib.sha256(table).hexdigest()
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return package


def _parquet(table: pa.Table, **options: object) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def _cities_rows(rows: int, noise: int = 0) -> bytes:
    """The shipped cities table repeated to ``rows`` rows (keys repeated: a problem on every row), its note
    column ``noise`` random bytes (as hex) per row so that the file does not compress."""
    cities = pq.read_table(ROOT / "data" / "cities.parquet")
    indices = pa.array([index % cities.num_rows for index in range(rows)])
    table = cities.take(indices)
    if noise:
        notes = pa.array([os.urandom(noise // 2).hex() for _ in range(rows)])
        table = table.set_column(table.schema.get_field_index("note"), "note", notes)
    return _parquet(table, compression="none" if noise else "zstd")  # noise: the file as large as its text


def _unused_dictionaries(groups: int, value_bytes: int) -> bytes:
    """Row groups each carrying a dictionary page with one large value that no row uses."""
    values = pa.array(["a", "b" * value_bytes], pa.string())
    table = pa.table({"city_id": pa.DictionaryArray.from_arrays(pa.array([0] * groups, pa.int32()), values)})
    return _parquet(table, compression="zstd", store_schema=False, row_group_size=1)


def _wide(columns: int, rows: int) -> bytes:
    """The cities table with integer columns added up to ``columns``, on ``rows`` rows."""
    cities = pq.read_table(ROOT / "data" / "cities.parquet")
    table = cities.take(pa.array([index % cities.num_rows for index in range(rows)]))
    numbers = pa.array(range(rows), pa.int64())
    for number in range(columns - table.num_columns):
        table = table.append_column(f"extra_{number}", numbers)
    return _parquet(table, compression="zstd")


def _many_resources(root: Path, count: int) -> Path:
    """The shipped package with tables added up to ``count`` resources, each a file of one row, hashed."""
    tiny = _parquet(pa.table({"x": pa.array([1], pa.int64())}))
    digest = "sha256:" + hashlib.sha256(tiny).hexdigest()
    package = _package(root, (ROOT / "data" / "cities.parquet").read_bytes())
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for index in range(count - len(descriptor["resources"])):
        (package / "data" / f"t{index}.parquet").write_bytes(tiny)
        schema = {"fields": [{"name": "x", "type": "integer", "description": "A number."}], "primaryKey": ["x"]}
        resource_ = {"name": f"t{index}", "path": f"data/t{index}.parquet", "format": "parquet", "hash": digest}
        descriptor["resources"].append({**resource_, "profile": "tabular-data-resource", "schema": schema})
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return package


def _descriptor_filler(size: int) -> dict[str, object]:
    """A descriptor key holding small objects that take about ``size`` bytes of JSON (every one is walked)."""
    item = {"title": "a"}
    count = size // (len(json.dumps(item)) + 2)
    return {"x-filler": [item] * count}


def _zip(exported: Path, path: Path, members: dict[str, bytes], cities: bytes | None = None) -> Path:
    """The CSV zip export ``exported`` with ``members`` added and, when given, ``cities`` as its cities table."""
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        descriptor = json.loads(source.read("datapackage.json"))
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "data/cities.csv" and cities is not None:
                data = cities
                for resource_ in descriptor["resources"]:
                    if resource_["name"] == "cities":
                        resource_.update(hash="sha256:" + hashlib.sha256(data).hexdigest(), bytes=len(data))
            if info.filename != "datapackage.json":
                target.writestr(info.filename, data)
        target.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False))
        for name, data in members.items():
            target.writestr(name, data)
    return path


def _cities_csv(exported: Path, size: int) -> bytes:
    """The cities CSV of the zip export ``exported`` with its rows repeated up to about ``size`` bytes."""
    with zipfile.ZipFile(exported) as archive:
        text = archive.read("data/cities.csv")
    header, _, rows = text.partition(b"\n")
    return header + b"\n" + rows * (size // len(rows))


def _repeated_text(rows: int, value_bytes: int) -> bytes:
    value = "a" * value_bytes
    table = pa.table({"city_id": pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([value]))})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", store_schema=False)  # read back as text, not a dictionary
    return buffer.getvalue()


def _from_time(line: str) -> bool:
    return line.startswith(("C4DATA-PEAK", "Command exited"))


def _measure(what: str, command: str, *args: str | Path) -> None:
    """Run ``c4data COMMAND ARGS`` and print its line of the table."""
    seconds, peak, status = _run(command, *args)
    print(f"{what} | {command} | {status} | {seconds:.1f} | {peak:.0f}", flush=True)


def main() -> None:
    print("input | command | exit | wall s | peak MiB")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        within = _repeated_text(MAX_DECODED_BYTES // 4096 - 1_000, 4_096)
        package = _package(root / "within", within)
        _measure(f"Parquet decoding to just under {MAX_DECODED_BYTES >> 20} MiB", "validate", package)
        descriptor = _package(
            root / "descriptor",
            (ROOT / "data" / "cities.parquet").read_bytes(),
            _descriptor_filler(MAX_DESCRIPTOR_BYTES - 300_000),
        )
        size = (descriptor / "datapackage.json").stat().st_size
        _measure(f"datapackage.json of {size / 2**20:.1f} MiB (a million small objects)", "validate", descriptor)

        many_tables = _many_resources(root / "resources", MAX_RESOURCES)
        _measure(f"{MAX_RESOURCES:,} resources, each a table of one row", "validate", many_tables)

        rows = _package(root / "rows", _cities_rows(MAX_ROWS))
        _measure(f"a table of {MAX_ROWS:,} rows (every key repeated)", "validate", rows)

        large = _cities_rows(MAX_ROWS // 2, noise=(MAX_FILE_BYTES - (8 << 20)) // (MAX_ROWS // 2))
        big = _package(root / "big", large)
        _measure(f"a data file of {len(large) / 2**20:.1f} MiB ({MAX_ROWS // 2:,} rows)", "validate", big)

        wide_rows = MAX_DECODED_BYTES // (8 * MAX_COLUMNS) - 1_000
        wide = _package(root / "wide", _wide(MAX_COLUMNS, wide_rows))
        _measure(f"a table of {MAX_COLUMNS:,} columns, {wide_rows:,} rows", "validate", wide)

        exported = root / "export.zip"
        subprocess.run([sys.executable, "-P", "-m", "c4data", "export", exported, "--format", "zip"], check=True)
        csv = _cities_csv(exported, MAX_FILE_BYTES - (1 << 20))
        filler = bytes((MAX_ZIP_BYTES - len(csv) - (4 << 20)) // 3)
        inflated = _zip(
            exported, root / "inflated.zip", {f"extra/{index}.bin": filler for index in range(3)}, cities=csv
        )
        _measure(
            f"a zip inflating to just under {MAX_ZIP_BYTES >> 20} MiB, its cities.csv {len(csv) / 2**20:.0f} MiB",
            "validate",
            inflated,
        )
        name_length = MAX_ZIP_DIRECTORY_BYTES // MAX_ZIP_MEMBERS - 60
        many = _zip(
            exported,
            root / "many.zip",
            {f"extra/{index:05d}{'n' * 150}/{'n' * (name_length - 162)}": b"" for index in range(MAX_ZIP_MEMBERS - 40)},
        )
        _measure(
            f"a zip of {MAX_ZIP_MEMBERS - 40:,} members, names of {name_length} bytes (about "
            f"{MAX_ZIP_DIRECTORY_BYTES >> 20} MiB of list)",
            "validate",
            many,
        )

        unused = _unused_dictionaries(64, 32 << 20)
        package = _package(root / "unused", unused)
        _measure(
            f"Parquet of {len(unused):,} bytes whose 64 row groups carry unused dictionaries of 32 MiB (2 GiB)",
            "validate",
            package,
        )

        bomb = _repeated_text(MAX_ROWS, 4_096)
        package = _package(root / "bomb", bomb)
        _measure(f"Parquet of {len(bomb):,} bytes decoding to {MAX_ROWS * 4096 / 2**30:.1f} GiB", "validate", package)

        workbook = root / "c4data.xlsx"
        subprocess.run([sys.executable, "-P", "-m", "c4data", "export", workbook, "--format", "xlsx"], check=True)
        forged = root / "styles.xlsx"
        xf = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == "xl/styles.xml":
                    room = (MAX_WORKBOOK_PART_BYTES - len(data) - 64) // len(xf)
                    data = data.replace(
                        b"<cellXfs", f"<cellStyleXfs count='{room}'>{xf * room}</cellStyleXfs><cellXfs".encode()
                    )
                target.writestr(info, data)
        _measure(f"workbook styles of {MAX_WORKBOOK_PART_BYTES >> 10} KiB ({room:,} formats)", "validate", forged)

        for pattern in ("百分之", "一", "长沙市"):
            report = root / "report.txt"
            text = pattern * (MAX_DRAFT_BYTES // len(pattern.encode()))
            report.write_text(text, encoding="utf-8")
            _measure(f"draft report of {MAX_DRAFT_BYTES >> 10} KiB, {pattern!r} repeated", "draft", report)


if __name__ == "__main__":
    main()
