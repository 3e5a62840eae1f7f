"""The time and memory of the worst input of each kind, at c4data's limits (the README's table of limits).

    python benchmarks/limits.py

Each input is made in a scratch directory and given to the command in a child process; the wall time and
the child's peak resident memory (``ru_maxrss``) are printed, one line per input.
"""

from __future__ import annotations

import hashlib
import io
import json
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
    MAX_DECODED_BYTES,
    MAX_DRAFT_BYTES,
    MAX_ROWS,
    MAX_WORKBOOK_PART_BYTES,
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


def _package(root: Path, table: bytes) -> Path:
    package = root / "package"
    (package / "data").mkdir(parents=True)
    for parquet in (ROOT / "data").glob("*.parquet"):
        shutil.copy2(parquet, package / "data" / parquet.name)
    (package / "data" / "cities.parquet").write_bytes(table)
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for resource_ in descriptor["resources"]:
        if resource_["name"] == "cities":
            resource_["hash"] = "sha256:" + hashlib.sha256(table).hexdigest()
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return package


def _repeated_text(rows: int, value_bytes: int) -> bytes:
    value = "a" * value_bytes
    table = pa.table({"city_id": pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([value]))})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", store_schema=False)  # read back as text, not a dictionary
    return buffer.getvalue()


def _from_time(line: str) -> bool:
    return line.startswith(("C4DATA-PEAK", "Command exited"))


def _show(what: str, command: str, seconds: float, peak: float, status: str) -> None:
    print(f"{what} | {command} | {status} | {seconds:.1f} | {peak:.0f}", flush=True)


def main() -> None:
    print("input | command | exit | wall s | peak MiB")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        within = _repeated_text(MAX_DECODED_BYTES // 4096 - 1_000, 4_096)
        package = _package(root / "within", within)
        seconds, peak, status = _run("validate", package)
        _show(f"Parquet decoding to just under {MAX_DECODED_BYTES >> 20} MiB", "validate", seconds, peak, status)
        bomb = _repeated_text(MAX_ROWS, 4_096)
        package = _package(root / "bomb", bomb)
        seconds, peak, status = _run("validate", package)
        _show(
            f"Parquet of {len(bomb):,} bytes decoding to {MAX_ROWS * 4096 / 2**30:.1f} GiB",
            "validate",
            seconds,
            peak,
            status,
        )

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
        seconds, peak, status = _run("validate", forged)
        _show(
            f"workbook styles of {MAX_WORKBOOK_PART_BYTES >> 10} KiB ({room:,} formats)",
            "validate",
            seconds,
            peak,
            status,
        )

        for pattern in ("百分之", "一", "长沙市"):
            report = root / "report.txt"
            text = pattern * (MAX_DRAFT_BYTES // len(pattern.encode()))
            report.write_text(text, encoding="utf-8")
            seconds, peak, status = _run("draft", report)
            _show(f"draft report of {MAX_DRAFT_BYTES >> 10} KiB, {pattern!r} repeated", "draft", seconds, peak, status)


if __name__ == "__main__":
    main()
