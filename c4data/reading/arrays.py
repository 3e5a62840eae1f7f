"""Arrow arrays and scalars made from their buffers, not from Python values one by one.

pyarrow's conversion of Python values (``pa.array``, ``pa.scalar``, a Python number given to a compute
function) imports pandas, which the build does not otherwise load: it would cost as much as the checks.
"""

from __future__ import annotations

import datetime
import operator
from itertools import repeat
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

EPOCH = datetime.date(1970, 1, 1)


def buffer(values: Any) -> pa.Buffer:
    """An Arrow buffer over a numpy array's or bytes' memory (no copy)."""
    import pyarrow as pa

    found: pa.Buffer = pa.py_buffer(values)
    return found


def text_array(cells: list[str | None]) -> pa.Array[Any] | None:
    """A string array holding ``cells`` (None: null); None when a cell is not text."""
    import numpy as np
    import pyarrow as pa

    count = len(cells)
    blank: dict[str | None, str] = {None: ""}
    try:
        filled: list[str] = [text for text in map(blank.get, cells, cells) if text is not None]
        joined = "".join(filled)
        data = joined.encode("utf-8")
    except (TypeError, UnicodeEncodeError):
        return None  # a cell that is not text, or a lone surrogate
    if len(data) >= 2**31:
        return None
    lengths = np.fromiter(map(len, filled), dtype=np.int64, count=count)
    ends = np.cumsum(lengths)
    if not joined.isascii():  # character offsets to byte offsets: each character's UTF-8 width, summed
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        widths = 1 + (points >= 0x80).astype(np.int64) + (points >= 0x800) + (points >= 0x10000)
        ends = np.concatenate(([0], np.cumsum(widths)))[ends]
    offsets = np.concatenate(([0], ends)).astype(np.int32)
    missing = np.fromiter(map(operator.is_, cells, repeat(None)), dtype=bool, count=count)
    nulls = int(missing.sum())
    validity = buffer(np.packbits(~missing, bitorder="little")) if nulls else None
    buffers = [validity, buffer(offsets), buffer(data)]
    return pa.Array.from_buffers(pa.string(), count, buffers, null_count=nulls)


def number_array(values: list[Any], kind: str) -> pa.Array[Any]:
    """An int64, float64 or date32 array of ``values`` (dates as Python dates)."""
    import numpy as np
    import pyarrow as pa

    if kind == "date":
        days = [(value - EPOCH).days for value in values]
        return pa.Array.from_buffers(pa.date32(), len(days), [None, buffer(np.array(days, dtype=np.int32))])
    dtype, arrow = (np.int64, pa.int64()) if kind == "integer" else (np.float64, pa.float64())
    return pa.Array.from_buffers(arrow, len(values), [None, buffer(np.array(values, dtype=dtype))])


def scalar(value: Any, kind: str) -> pa.Scalar[Any]:
    """One integer, number or date as an Arrow scalar."""
    found: pa.Scalar[Any] = number_array([value], kind)[0]
    return found
