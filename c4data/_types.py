"""Map Table Schema field types to Arrow types (for the build) and pandas dtypes (for the loader)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from c4data.descriptor import enum_values

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

# Only the Table Schema types the descriptor uses; a new one must be added here on purpose.
SUPPORTED_TYPES = ("string", "integer", "number")


def _check_supported(field: dict[str, Any]) -> str:
    field_type = field.get("type", "string")
    if field_type not in SUPPORTED_TYPES:
        raise ValueError(
            f"field {field['name']!r} has type {field_type!r}; c4data supports {', '.join(SUPPORTED_TYPES)}"
        )
    return field_type


def parse_text(field_type: str, text: str | None) -> Any:
    """Turn a curated CSV cell into the Python value its field type stores (None when empty)."""
    if text is None:
        return None
    if field_type == "integer":
        return int(text)
    if field_type == "number":
        return float(text)
    return text


def arrow_type(field: dict[str, Any]) -> pa.DataType:
    """The Arrow type a field is stored as in Parquet."""
    import pyarrow as pa

    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
    }[_check_supported(field)]


def pandas_dtype(field: dict[str, Any]) -> pd.api.extensions.ExtensionDtype:
    """The pandas dtype a field is loaded as: nullable, with ``pd.NA`` as the one missing value."""
    import pandas as pd

    field_type = _check_supported(field)
    categories = enum_values(field)
    if categories is not None:
        return pd.CategoricalDtype(categories, ordered=bool(field.get("categoriesOrdered", False)))
    return {
        "string": pd.StringDtype(na_value=pd.NA),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
    }[field_type]


def arrow_to_pandas_types() -> dict[pa.DataType, pd.api.extensions.ExtensionDtype]:
    """The nullable pandas dtype each stored Arrow type is read as, without a detour through floats."""
    import pandas as pd
    import pyarrow as pa

    return {
        pa.string(): pd.StringDtype(na_value=pd.NA),
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
    }
