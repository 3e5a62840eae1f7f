"""Limits are checked on what is decoded, not on what a file claims: a Parquet footer that understates its rows,
a dictionary page that expands a few kilobytes into gigabytes, a workbook part (styles) past its size.

Each command runs in a child process with 1 GiB of memory and a time limit (``bounded.run_bounded``).
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bounded import assert_refused, edit_descriptor, received_copy, resource_of, run_bounded, run_cli
from support import REPO_ROOT

from c4data.files.untrusted import MAX_DECODED_BYTES, MAX_ROWS, MAX_WORKBOOK_PART_BYTES

pytestmark = pytest.mark.cli


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return received_copy(tmp_path / "received")


def _replace_table(root: Path, name: str, data: bytes) -> None:
    """Put ``data`` in place of the table's file and record its hash, as a careful forger would."""
    (root / "data" / f"{name}.parquet").write_bytes(data)

    def change(descriptor):
        resource_of(descriptor, name)["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()

    edit_descriptor(root, change)


def _dictionary_bomb() -> bytes:
    """A few kilobytes of Parquet that decode to about 1.6 GB: one 4 KiB text repeated on every row."""
    rows = min(MAX_ROWS, 400_000)
    value = "界" * 1365  # 4,095 bytes
    table = pa.table({"city_id": pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([value]))})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", use_dictionary=True, store_schema=False)  # read as text
    assert rows * len(value.encode()) > 4 * MAX_DECODED_BYTES
    return buffer.getvalue()


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _understated_rows() -> bytes:
    """Parquet of 600 rows in two row groups whose footer says 100 (thrift compact: field 3, i64, zigzag)."""
    table = pa.table({"city_id": pa.array([f"c{i}" for i in range(600)])})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=300)
    data = buffer.getvalue()
    length = struct.unpack("<I", data[-8:-4])[0]
    start = len(data) - 8 - length
    footer = data[start:-8]
    claimed, understated = b"\x16" + _varint(600 << 1), b"\x16" + _varint(100 << 1)
    assert footer.count(claimed) == 1 and len(claimed) == len(understated)
    patched = data[:start] + footer.replace(claimed, understated) + data[-8:]
    assert pq.ParquetFile(pa.BufferReader(patched)).metadata.num_rows == 100
    return patched


@pytest.mark.parametrize("command", ["validate", "diff"])
def test_a_dictionary_page_that_expands_past_the_budget_is_refused(package, command):
    _replace_table(package, "cities", _dictionary_bomb())
    if command == "validate":
        result = run_bounded("validate", package, timeout=60)
        assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr[-2000:]
        assert "decodes to more than" in result.stdout + result.stderr
    else:
        assert_refused(run_bounded("diff", REPO_ROOT, package, timeout=60), 2, "decodes to more than")


def test_a_footer_that_understates_its_rows_is_refused(package):
    _replace_table(package, "cities", _understated_rows())  # small: the command runs in this process
    result = run_cli("validate", package)
    assert result.returncode == 1 and "do not add up" in result.stdout + result.stderr, result.stdout[-2000:]
    assert_refused(run_cli("diff", REPO_ROOT, package), 2, "do not add up")


def test_a_workbook_part_past_its_limit_is_refused_before_openpyxl_reads_it(tmp_path, shipped_export):
    workbook = shipped_export("xlsx")
    forged = tmp_path / "forged.xlsx"
    formats = "".join('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' for _ in range(6_000))
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/styles.xml":
                data = data.replace(
                    b"<cellXfs", f"<cellStyleXfs count='6000'>{formats}</cellStyleXfs><cellXfs".encode()
                )
                assert len(data) > MAX_WORKBOOK_PART_BYTES
            target.writestr(info, data)
    result = run_cli("validate", forged)
    assert result.returncode == 1 and "xl/styles.xml" in result.stdout + result.stderr, result.stdout[-2000:]
    assert "past the limit" in result.stdout + result.stderr
