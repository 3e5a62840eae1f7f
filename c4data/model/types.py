"""The Table Schema field types c4data uses, and what each becomes: a Python value, an Arrow type, a pandas dtype."""

from __future__ import annotations

import datetime
import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from c4data.model.schema import Field

# Only the Table Schema types the descriptor uses; a new one must be added here on purpose.
SUPPORTED_TYPES = ("string", "integer", "number", "date")

# What a curated CSV cell of a numeric type may look like: plain decimal numerals, no spaces or underscores.
NUMERAL_PATTERNS = {
    "integer": re.compile(r"-?[0-9]+"),
    "number": re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?"),
}
INT64_RANGE = (-(2**63), 2**63 - 1)
# A curated ``date`` cell is the Table Schema default format, ISO 8601 YYYY-MM-DD, and nothing else.
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# How a ``date`` column is loaded: numpy datetimes (NaT when missing), which pandas plots and compares directly.
PANDAS_DATE_DTYPE = "datetime64[ns]"


def field_type(field: Field) -> str:
    """A field's type, checked to be one that c4data supports."""
    if field.type not in SUPPORTED_TYPES:
        supported = ", ".join(SUPPORTED_TYPES)
        raise ValueError(f"field {field.name!r} has type {field.type!r}; c4data supports {supported}")
    return field.type


def parse_text(type_name: str, text: str | None) -> Any:
    """Turn a curated CSV cell into the Python value its field type stores (None when empty)."""
    if text is None:
        return None
    if type_name == "date":
        if not DATE_PATTERN.fullmatch(text):
            raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
        return datetime.date.fromisoformat(text)
    return {"integer": int, "number": float}.get(type_name, str)(text)


def _arrow_types() -> dict[str, pa.DataType]:
    import pyarrow as pa

    return {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}


def arrow_type(field: Field) -> pa.DataType:
    """The Arrow type a field is stored as in Parquet."""
    return _arrow_types()[field_type(field)]


@cache
def _nullable_dtypes() -> dict[str, pd.api.extensions.ExtensionDtype]:
    import pandas as pd

    return {"string": pd.StringDtype(), "integer": pd.Int64Dtype(), "number": pd.Float64Dtype()}


def pandas_dtype(field: Field) -> pd.api.extensions.ExtensionDtype | str:
    """The pandas dtype a field is loaded as: nullable, with ``pd.NA`` as the one missing value
    (``NaT`` for dates, which load as ``datetime64[ns]``)."""
    if field.enum is not None:
        return _categorical_dtype(field.enum, field.categories_ordered)
    if field_type(field) == "date":
        return PANDAS_DATE_DTYPE
    return _nullable_dtypes()[field_type(field)]


@cache
def _categorical_dtype(values: tuple[str, ...], ordered: bool) -> pd.CategoricalDtype:
    """A codebook's categorical dtype, made once (pandas checks the categories each time one is made)."""
    import pandas as pd

    return pd.CategoricalDtype(list(values), ordered=ordered)
