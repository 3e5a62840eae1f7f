"""Limits are checked on what is decoded, not on what a file claims: a Parquet footer that understates its rows,
a dictionary page that expands a few kilobytes into gigabytes, a workbook part (styles) past its size.

Each command runs in a child process with 1 GiB of memory and a time limit (``bounded.run_bounded``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bounded import assert_refused, edit_descriptor, received_copy, resource_of, run_bounded, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import REPO_ROOT

from c4data.files.untrusted import MAX_DECODED_BYTES, MAX_ROWS, MAX_WORKBOOK_PART_BYTES, UnsafePackage, read_parquet

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


def _unreferenced_dictionaries(groups: int = 12) -> bytes:
    """Parquet of a few kilobytes whose row groups each carry a dictionary page of 32 MiB that no row uses: the
    values decoded are tiny, the dictionaries pyarrow must decode whole are not."""
    values = pa.array(["a", "b" * (32 << 20)], pa.string())
    table = pa.table({"city_id": pa.DictionaryArray.from_arrays(pa.array([0] * groups, pa.int32()), values)})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", store_schema=False, row_group_size=1)
    assert groups * (32 << 20) > MAX_DECODED_BYTES and len(buffer.getvalue()) < 64 << 10
    return buffer.getvalue()


def test_dictionary_pages_past_the_budget_are_refused_before_pyarrow_decodes_them(package):
    _replace_table(package, "cities", _unreferenced_dictionaries())
    result = run_bounded("validate", package, timeout=60)
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr[-2000:]
    said = result.stdout + result.stderr
    assert "cities" in said and "pages decompress to" in said, said[-2000:]


def _with_first_page_header(start: bytes) -> bytes:
    """A small Parquet file whose first page header begins with ``start`` (its first field forged)."""
    buffer = io.BytesIO()
    pq.write_table(pa.table({"city_id": [f"c{index}" for index in range(100)]}), buffer, compression="NONE")
    data = bytearray(buffer.getvalue())
    offset = pq.ParquetFile(io.BytesIO(bytes(data))).metadata.row_group(0).column(0).data_page_offset
    data[offset : offset + len(start)] = start
    return bytes(data)


# Field 1 of the header as a container of 2**35 - 1 items: a map, a list and a set, of booleans (a byte each,
# where a boolean field takes none) and of integers.
HUGE_CONTAINERS = {
    "map of booleans": bytes([0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x11]),
    "map of integers": bytes([0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x55]),
    "list of booleans": bytes([0x19, 0xF1, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]),
    "set of integers": bytes([0x1A, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]),
}


@pytest.mark.parametrize("start", HUGE_CONTAINERS.values(), ids=list(HUGE_CONTAINERS))
def test_a_page_header_declaring_more_items_than_it_holds_is_refused_at_once(package, start):
    """Found in review: a map of booleans, each read as no byte, looped 2**35 times (validate hung for hours)."""
    _replace_table(package, "cities", _with_first_page_header(start))
    result = run_bounded("validate", package, timeout=60)
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr[-2000:]
    assert "more items than it holds" in result.stdout + result.stderr


def test_column_chunks_that_overlap_are_refused():
    """Row groups pointing at one byte range would have each page header read once per reference: a footer
    listing the real file's one column chunk in 1,000 row groups is refused before any header is read twice."""
    from c4data.files.parquet_pages import PageError, claimed_page_bytes

    buffer = io.BytesIO()
    pq.write_table(pa.table({"city_id": [f"c{index}" for index in range(100)]}), buffer, compression="NONE")
    data = buffer.getvalue()
    metadata = pq.ParquetFile(io.BytesIO(data)).metadata
    group = metadata.row_group(0)

    class RepeatedGroups:  # the footer as pyarrow shows it, its one row group listed 1,000 times
        num_row_groups = 1_000

        def row_group(self, index: int):
            return group

    assert claimed_page_bytes(data, metadata, max_pages=10) > 0
    with pytest.raises(PageError, match="overlap"):
        claimed_page_bytes(data, RepeatedGroups(), max_pages=10_000)


def test_dictionary_indices_out_of_range_are_refused_before_they_are_counted(package):
    """Found in review: indices of 2**31 - 1 into a two-value dictionary made the exact count of the decoded
    text ask numpy for 16 GiB (a MemoryError, which no caller reports) before pyarrow's validation saw them."""
    from c4data.files.parquet_pages import _Reader

    buffer = io.BytesIO()
    table = pa.table({"x": ["a" * 10_000, "b"] * 20_000})  # a large dictionary value: the exact count runs
    pq.write_table(table, buffer, compression="NONE", write_statistics=False, data_page_version="1.0")
    data = bytearray(buffer.getvalue())
    chunk = pq.ParquetFile(io.BytesIO(bytes(data))).metadata.row_group(0).column(0)
    reader = _Reader(bytes(data), chunk.data_page_offset, chunk.data_page_offset + chunk.total_compressed_size)
    reader.struct(0)
    levels = struct.unpack("<I", data[reader.position : reader.position + 4])[0]
    indices = reader.position + 4 + levels  # the bit width, then the runs of the indices
    run = bytes([31, 0x80, 0xF1, 0x04, 0xFF, 0xFF, 0xFF, 0x7F])  # width 31: 40,000 times 2**31 - 1
    data[indices : indices + len(run)] = run
    with pytest.raises(pa.ArrowException, match="out of bounds"):
        read_parquet(bytes(data))
    _replace_table(package, "cities", bytes(data))  # and a command, within the suite's memory cap, says so
    result = run_bounded("validate", package, timeout=60)
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr[-2000:]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=6))
def test_any_damage_to_page_headers_is_a_located_problem(changes):
    """Bytes changed anywhere in the column chunks (page headers included): read_parquet refuses with
    ``UnsafePackage`` or one of pyarrow's own errors, which every caller reports; never anything else."""
    table = pa.table({"city_id": [f"c{index % 7}" for index in range(300)], "n": list(range(300))})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=100, data_page_size=64)
    data = bytearray(buffer.getvalue())
    footer = len(data) - 8 - struct.unpack("<I", data[-8:-4])[0]
    for position, value in changes:
        data[4 + position % (footer - 4)] = value
    with contextlib.suppress(UnsafePackage, OSError, ValueError, pa.ArrowException):
        read_parquet(bytes(data))


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
