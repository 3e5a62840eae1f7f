"""Turn a table typed in Arrow (``backends.typed_arrow``) into a pandas DataFrame, each column converted once.

Each column goes straight to the dtype its field declares (``model.types.pandas_dtype``): text, integers
and numbers through the dtype's own conversion from Arrow, enumerations as categoricals from their
dictionary indices. The frame is the one ``to_pandas()`` followed by ``astype`` gives, in one pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from c4data.model.types import pandas_dtype

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from c4data.model.schema import Field, Table


def to_frame(table: pa.Table, schema: Table) -> pd.DataFrame:
    """A DataFrame of ``table``'s columns, in the schema's order, each with its declared dtype."""
    import pandas as pd

    columns = {field.name: _to_array(table.column(field.name), field) for field in schema.fields}
    return pd.DataFrame(columns, copy=False)


def _to_array(column: pa.ChunkedArray[Any], field: Field) -> Any:
    import pandas as pd
    import pyarrow.compute as pc

    dtype = pandas_dtype(field)
    if isinstance(dtype, pd.CategoricalDtype):  # the column is a dictionary array in the codebook's order
        dictionary: Any = column.combine_chunks()
        codes = pc.fill_null(dictionary.indices, -1).to_numpy()
        return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    if hasattr(dtype, "__from_arrow__"):
        return dtype.__from_arrow__(column)
    return column.to_pandas(date_as_object=False).astype(pd.api.types.pandas_dtype(dtype)).array
