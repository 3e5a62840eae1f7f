"""The sizes a Parquet file's pages claim in their headers, read before pyarrow decodes anything.

pyarrow allocates each page at the uncompressed size its header states and decodes a dictionary page whole,
before any value is counted; it does not show these headers. This module reads them (Thrift's compact
protocol, the few types a page header uses) so that ``read_parquet`` can refuse a file whose pages would
decompress past the budget. A page that claims less than it holds fails in pyarrow's decompressor, so the
claimed sizes bound what is decompressed.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

# Thrift compact types: the field types of a page header and of the structs inside it.
_BOOLEANS = (1, 2)
_INTEGERS = (3, 4, 5, 6)  # i8 is one byte; i16, i32, i64 are varints
_DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = 7, 8, 9, 10, 11, 12
_MAX_DEPTH = 16  # a page header nests three deep; deeper is not a page header
_MAX_HEADER_BYTES = 16 << 20  # as Arrow's own reader: a page header is at most 16 MiB


class PageError(ValueError):
    """A page header that cannot be read, or pages that do not fit their column chunk."""


class _Reader:
    def __init__(self, data: bytes, position: int, end: int) -> None:
        self.data, self.position, self.end = data, position, end

    def byte(self) -> int:
        if self.position >= self.end:
            raise PageError("a page header runs past its column chunk")
        value = self.data[self.position]
        self.position += 1
        return value

    def varint(self) -> int:
        value = shift = 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
            if shift > 63:
                raise PageError("a page header holds an integer longer than 64 bits")

    def integer(self) -> int:
        value = self.varint()
        return (value >> 1) ^ -(value & 1)  # zigzag

    def skip(self, kind: int, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise PageError("a page header nests too deep")
        if kind in _BOOLEANS:
            return
        if kind == 3:
            self.byte()
        elif kind in _INTEGERS:
            self.varint()
        elif kind == _DOUBLE:
            self.take(8)
        elif kind == _BINARY:
            self.take(self.varint())
        elif kind in (_LIST, _SET):
            header = self.byte()
            size = self.items(header >> 4 if header >> 4 != 15 else self.varint())
            for _ in range(size):
                self.element(header & 0x0F, depth + 1)
        elif kind == _MAP:
            size = self.items(self.varint())
            types = self.byte() if size else 0
            for _ in range(size):
                self.element(types >> 4, depth + 1)
                self.element(types & 0x0F, depth + 1)
        elif kind == _STRUCT:
            self.struct(depth + 1)
        else:
            raise PageError(f"a page header holds an unknown Thrift type {kind}")

    def items(self, size: int) -> int:
        """A container's size, refused when its items could not fit in what is left (each takes a byte or more)."""
        if size > self.end - self.position:
            raise PageError("a page header declares more items than it holds")
        return size

    def element(self, kind: int, depth: int) -> None:
        """An item of a list, set or map: there a boolean is a byte of its own, not part of a field's type."""
        if kind in _BOOLEANS:
            self.byte()
        else:
            self.skip(kind, depth)

    def take(self, size: int) -> None:
        if size < 0 or self.position + size > self.end:
            raise PageError("a page header runs past its column chunk")
        self.position += size

    def struct(self, depth: int, wanted: tuple[int, ...] = ()) -> dict[int, int]:
        """Skip a struct, returning the integer fields numbered in ``wanted``."""
        found: dict[int, int] = {}
        field = 0
        while True:
            header = self.byte()
            if header == 0:
                return found
            kind, delta = header & 0x0F, header >> 4
            field = field + delta if delta else self.integer()
            if field in wanted and kind in (4, 5, 6):
                found[field] = self.integer()
            else:
                self.skip(kind, depth)  # a boolean field's value is in its type


def claimed_page_bytes(data: bytes, metadata: Any, max_pages: int) -> int:
    """The bytes every page of the Parquet file ``data`` decompresses to, as the page headers state (the
    larger of a page's uncompressed and stored sizes). ``PageError`` when a header cannot be read, a page
    runs past its column chunk, a header is longer than 16 MiB, column chunks overlap (each would be read
    again), or the file has more than ``max_pages`` pages."""
    total = pages = 0
    ranges: list[tuple[int, int]] = []
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for column in range(row_group.num_columns):
            chunk = row_group.column(column)
            starts = [chunk.data_page_offset]
            if chunk.has_dictionary_page and chunk.dictionary_page_offset:
                starts.append(chunk.dictionary_page_offset)
            start = min(starts)
            end = start + chunk.total_compressed_size
            if start < 4 or end > len(data) - 8:
                raise PageError("a column chunk lies outside the file")
            ranges.append((start, end))
    ranges.sort()
    if any(later[0] < earlier[1] for earlier, later in pairwise(ranges)):
        raise PageError("column chunks overlap")
    for start, end in ranges:
        reader = _Reader(data, start, end)
        while reader.position < end:
            reader.end = min(end, reader.position + _MAX_HEADER_BYTES)
            sizes = reader.struct(0, wanted=(2, 3))
            reader.end = end
            if 2 not in sizes or 3 not in sizes or min(sizes.values()) < 0:
                raise PageError("a page header does not state its sizes")
            reader.take(sizes[3])
            total += max(sizes[2], sizes[3])
            pages += 1
            if pages > max_pages:
                raise PageError(f"it has more than {max_pages:,} pages")
    return total
