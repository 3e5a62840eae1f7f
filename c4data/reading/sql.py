"""A DuckDB connection with one typed view per table over the package's Parquet files.

Each enumerated field gets an ``ENUM`` type holding its codebook in order; each view and column
carries its description, and the view's comment states its primary and foreign keys (DuckDB views
cannot declare constraints). Every file's sha256 is checked before a view is made over it.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import TYPE_CHECKING

from c4data.files.hashing import hash_mismatch
from c4data.model.descriptor import Descriptor
from c4data.model.errors import DataIntegrityError
from c4data.model.extras import require
from c4data.model.paths import resolve_descriptor
from c4data.reading.integrity import read_data_file

if TYPE_CHECKING:
    import duckdb

    from c4data.model.schema import Table


def connect(path: str | os.PathLike[str] | None = None, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection whose views are the tables of the installed package, or of the Parquet package at ``path``.

    ``database`` is passed to ``duckdb.connect``: the default is a new in-memory database.
    """
    require("duckdb", "duckdb")  # MissingDependency, naming the extra, when it is not installed
    import duckdb

    descriptor = Descriptor.read(resolve_descriptor(path))
    _check_hashes(descriptor)
    connection = duckdb.connect(database)
    for statement in create_statements(descriptor):
        connection.execute(statement)
    return connection


def _check_hashes(descriptor: Descriptor) -> None:
    for name in descriptor.resource_names:
        path = descriptor.data_file(name)
        reason = hash_mismatch(descriptor.table(name).hash, read_data_file(descriptor, name))
        if reason is not None:
            raise DataIntegrityError(path, reason)


def enum_type_names(descriptor: Descriptor) -> dict[tuple[str, str], str]:
    """The ENUM type of each enumerated (table, field): the field's name when every table agrees on its
    codebook (``certainty``), else ``<table>_<field>`` (``sources_kind``, ``agreements_kind``)."""
    codebooks: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    enumerated = [(table, field) for table in descriptor.package.tables for field in table.fields if field.enum]
    for _, field in enumerated:
        codebooks[field.name].add(tuple(field.enum or ()))
    return {
        (table.name, field.name): field.name if len(codebooks[field.name]) == 1 else f"{table.name}_{field.name}"
        for table, field in enumerated
    }


def create_statements(descriptor: Descriptor) -> list[str]:
    """The SQL that makes the ENUM types, the views and their comments."""
    statements = []
    types = enum_type_names(descriptor)
    made = set()
    for (table_name, field_name), type_name in types.items():
        if type_name not in made:
            field = descriptor.table(table_name).field(field_name)
            values = list(field.enum or ()) if field else []
            statements.append(f"CREATE TYPE {_identifier(type_name)} AS ENUM ({', '.join(map(_literal, values))})")
            made.add(type_name)
    for table in descriptor.package.tables:
        name = _identifier(table.name)
        columns = []
        for field in table.fields:
            column = _identifier(field.name)
            enum_type = types.get((table.name, field.name))
            columns.append(f"CAST({column} AS {_identifier(enum_type)}) AS {column}" if enum_type else column)
        source = _literal(descriptor.data_file(table.name).as_posix())
        statements.append(f"CREATE VIEW {name} AS SELECT {', '.join(columns)} FROM read_parquet({source})")
        statements.append(f"COMMENT ON VIEW {name} IS {_literal(_view_comment(table))}")
        for field in table.fields:
            statements.append(f"COMMENT ON COLUMN {name}.{_identifier(field.name)} IS {_literal(field.description)}")
    return statements


def _view_comment(table: Table) -> str:
    """The table's description, then its keys, which a view cannot enforce but a user needs to join."""
    parts = [table.description.strip(), f"Primary key: {', '.join(table.primary_key)}."]
    for foreign in table.foreign_keys:
        own, referenced = ", ".join(foreign.fields), ", ".join(foreign.reference_fields)
        parts.append(f"Foreign key: {own} references {foreign.resource}({referenced}).")
    return " ".join(part for part in parts if part)


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
