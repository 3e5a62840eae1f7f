"""One table in the dataframe library a user works in: pandas, polars or pyarrow, typed alike.

Every backend starts from the same typed Arrow table (:func:`typed_arrow`): the schema's columns in
order, each enumerated field a dictionary array whose dictionary is the codebook, in the codebook's
order. pandas makes that an ordered ``Categorical``, polars an ``Enum``, pyarrow keeps the dictionary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeAlias

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from c4data.model.schema import Table

# What a table call returns: a pandas DataFrame (the default), a polars DataFrame or a pyarrow Table.
Frame: TypeAlias = "pd.DataFrame | pl.DataFrame | pa.Table"

Backend = Literal["pandas", "polars", "pyarrow"]
BACKENDS: tuple[Backend, ...] = ("pandas", "polars", "pyarrow")


def check_backend(backend: str) -> Backend:
    """Return ``backend`` if c4data supports it; raise ``ValueError`` naming the supported ones otherwise."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, not {backend!r}")
    return backend


def typed_arrow(table: pa.Table, schema: Table) -> pa.Table:
    """The stored table with the schema's columns in order and each enumerated field as an Arrow dictionary.

    The dictionary is the field's codebook in its declared order (``ordered`` as ``categoriesOrdered``
    says), whatever values the rows happen to hold; a value outside it raises ``ValueError``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    columns: list[Any] = []
    for field in schema.fields:
        column = table.column(field.name).combine_chunks()
        if field.enum is not None:
            dictionary = pa.array(list(field.enum), pa.string())
            indices = pc.index_in(column, value_set=dictionary)
            if indices.null_count != column.null_count:
                outside = set(column.to_pylist()) - set(field.enum) - {None}
                raise ValueError(f"{schema.name}.{field.name} holds values outside its codebook: {outside}")
            column = pa.DictionaryArray.from_arrays(indices, dictionary, ordered=field.categories_ordered)
        columns.append(column)
    return pa.table(columns, names=schema.field_names)


def to_polars(typed: pa.Table, schema: Table) -> pl.DataFrame:
    """A polars DataFrame: text ``String``, integers ``Int64``, numbers ``Float64``, codebooks ``Enum``."""
    from c4data.model.extras import require

    require("polars", "polars")  # MissingDependency, naming the extra, when it is not installed
    import polars as pl

    enums = {field.name: pl.Enum(list(field.enum)) for field in schema.fields if field.enum is not None}
    # polars reads an Arrow dictionary as Categorical; the cast makes it an Enum of the codebook, in order.
    frame = pl.from_arrow(typed)
    assert isinstance(frame, pl.DataFrame)  # a table, not a column, gives a DataFrame
    return frame.with_columns(pl.col(name).cast(kind) for name, kind in enums.items())
