"""One table in the dataframe library a user works in: pandas, polars or pyarrow, typed alike.

Every backend starts from the same typed Arrow table (:func:`typed_arrow`): the schema's columns in
order, each enumerated field a dictionary array whose dictionary is the codebook, in the codebook's
order. pandas makes that an ordered ``Categorical``, polars an ``Enum``, pyarrow keeps the dictionary.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    says), whatever values the rows happen to hold; a value outside it raises ``ValueError``. The stored text may
    come as text or as Arrow dictionaries (``read_verified_table(text_as_dictionary=True)``): a codebook is then
    looked up once per distinct value, and other text is expanded to plain text.
    """
    import pyarrow as pa

    columns: list[Any] = []
    for field in schema.fields:
        column = table.column(field.name)
        if field.enum is not None:
            dictionary = pa.array(list(field.enum), pa.string())
            chunks = [_codebook_chunk(chunk, dictionary, field.categories_ordered) for chunk in column.chunks]
            typed: Any = pa.dictionary(pa.int32(), pa.string(), field.categories_ordered)
            column = pa.chunked_array(chunks, typed)
            if column.null_count != table.column(field.name).null_count:
                raise outside_codebook(schema, field.name, table.column(field.name).to_pylist(), field.enum)
        elif pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        columns.append(column)
    return pa.table(columns, names=schema.field_names)


def outside_codebook(schema: Table, name: str, values: Iterable[Any], codebook: Iterable[str]) -> ValueError:
    """The error for a column holding values outside its field's codebook, naming them."""
    outside = set(values) - set(codebook) - {None}
    return ValueError(f"{schema.name}.{name} holds values outside its codebook: {outside}")


def _codebook_chunk(chunk: Any, codebook: pa.Array[Any], ordered: bool) -> Any:
    """One chunk of stored text as indices into ``codebook`` (null where the value is not in it)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(chunk, pa.DictionaryArray):  # each distinct value looked up once
        indices = pc.take(pc.index_in(chunk.dictionary, value_set=codebook), chunk.indices)
    else:
        indices = pc.index_in(chunk, value_set=codebook)
    return pa.DictionaryArray.from_arrays(indices, codebook, ordered=ordered)


# From this many rows a table goes to polars column by column, its text expanded by polars from the distinct
# values; below, converting the whole table at once costs less.
GATHERED_ROWS = 10_000


def to_polars(stored: pa.Table, schema: Table) -> pl.DataFrame:
    """A polars DataFrame: text ``String``, integers ``Int64``, numbers ``Float64``, codebooks ``Enum``.

    Made from the stored table itself. From ``GATHERED_ROWS`` rows, text stored as Arrow dictionaries is expanded
    by polars from its distinct values (each enumerated field's cast to the ``Enum`` of its codebook, in order, done
    on those values alone); a smaller table is converted whole, then each codebook cast once. A value outside the
    codebook raises ``ValueError``, as :func:`typed_arrow` does.
    """
    from c4data.model.extras import require

    require("polars", "polars")  # MissingDependency, naming the extra, when it is not installed
    import polars as pl

    if stored.num_rows < GATHERED_ROWS:
        return _whole_table_to_polars(stored, schema)
    columns = []
    for field in schema.fields:
        column = stored.column(field.name)
        target = pl.Enum(list(field.enum)) if field.enum is not None else None
        series = _polars_series(field.name, column, target)
        if target is not None and series.null_count() != column.null_count:
            raise outside_codebook(schema, field.name, column.to_pylist(), field.enum or ())
        columns.append(series)
    return pl.DataFrame(columns)


def _polars_series(name: str, column: pa.ChunkedArray[Any], target: Any) -> pl.Series:
    """One column in polars, cast to ``target`` (an ``Enum``, None: as stored) with nulls for values outside it."""
    import polars as pl
    import pyarrow as pa

    if not pa.types.is_dictionary(column.type):
        series = pl.Series(name, column)
        return series.cast(target, strict=False) if target is not None else series
    parts = []
    chunks: list[Any] = column.chunks
    for chunk in chunks:
        values = pl.Series(name, chunk.dictionary)
        if target is not None:
            values = values.cast(target, strict=False)
        parts.append(values.gather(pl.Series(chunk.indices)))
    if not parts:
        return pl.Series(name, [], dtype=target if target is not None else pl.String)
    return pl.concat(parts) if len(parts) > 1 else parts[0]


def _whole_table_to_polars(stored: pa.Table, schema: Table) -> pl.DataFrame:
    import polars as pl

    frame = pl.from_arrow(_plain_text(stored.select(schema.field_names)))
    assert isinstance(frame, pl.DataFrame)  # a table, not a column, gives a DataFrame
    enums = {field.name: list(field.enum) for field in schema.fields if field.enum is not None}
    try:
        return frame.with_columns(pl.col(name).cast(pl.Enum(values)) for name, values in enums.items())
    except pl.exceptions.InvalidOperationError:
        for name, values in enums.items():
            if set(frame.get_column(name).drop_nulls().to_list()) - set(values):
                raise outside_codebook(schema, name, frame.get_column(name).to_list(), values) from None
        raise


def _plain_text(table: pa.Table) -> pa.Table:
    """``table`` with any dictionary-encoded column as plain values."""
    import pyarrow as pa

    plain = [
        field.with_type(field.type.value_type) if pa.types.is_dictionary(field.type) else field
        for field in table.schema
    ]
    return table.cast(pa.schema(plain)) if plain != list(table.schema) else table
