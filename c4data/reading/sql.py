"""A DuckDB connection with one typed view per table over the package's verified data.

Each file is read once, its sha256 checked and its Parquet parsed by c4data (``read_verified_table``);
the Arrow tables are then registered with the connection, which scans them in place (no copy), and the
types, views and comments are made in one statement batch. DuckDB is never handed a path: it cannot expand
``~`` or glob characters, read an unlisted file, or read a file replaced after the check. Each enumerated
field gets an ``ENUM`` type holding its codebook in order; each view and column carries its description,
and the view's comment states its primary and foreign keys (DuckDB views cannot declare constraints). An
ordered codebook compares by its order only against a value of its own type:
``status >= 'in_progress'::measures_status`` (a bare string compares as text).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from c4data.files.untrusted import shown
from c4data.model import codes
from c4data.model.descriptor import READ_FAILED, SHAPE_ERRORS, Descriptor, shape_problem
from c4data.model.extras import require
from c4data.model.paths import resolve_descriptor
from c4data.model.problems import PackageProblems, Problem
from c4data.reading.integrity import read_verified_table

if TYPE_CHECKING:
    import duckdb

    from c4data.model.schema import Table


def connect(path: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB database whose views are the tables of the installed package, or of the Parquet
    package at ``path``."""
    require("duckdb", "duckdb")  # MissingDependency, naming the extra, when it is not installed
    import duckdb

    descriptor = Descriptor.read(resolve_descriptor(path))
    try:
        statements = create_statements(descriptor)
    except SHAPE_ERRORS as error:  # a codebook, key or comment of a type the views cannot take
        raise PackageProblems([shape_problem(descriptor.data, error)], READ_FAILED) from None
    verified = {name: read_verified_table(descriptor, name) for name in descriptor.resource_names}
    connection = duckdb.connect()
    try:
        for name, table in verified.items():
            connection.register(verified_name(name), table)  # scanned in place: no copy, no path
        connection.execute(";\n".join(["BEGIN TRANSACTION", *statements, "COMMIT"]))
    except duckdb.Error as error:  # a codebook DuckDB refuses as an ENUM (a value twice, say)
        connection.close()
        message = f"DuckDB cannot make its views: {shown(error)}"
        problem = Problem(where=descriptor.path.name, message=message, code=codes.DESCRIPTOR_SHAPE)
        raise PackageProblems([problem], READ_FAILED) from None
    except BaseException:
        connection.close()
        raise
    return connection


def verified_name(table: str) -> str:
    """The name under which a table's verified Arrow data is registered with the connection (a temporary
    view that DuckDB scans in place), and which the table's view reads."""
    return f"c4data_verified_{table}"


def enum_comparison(type_name: str, value: str) -> str:
    """The SQL that compares by codebook order: the value cast to the field's ENUM type."""
    plain = re.fullmatch(r"[a-z_][a-z0-9_]*", type_name) is not None
    return f"{_literal(value)}::{type_name if plain else _identifier(type_name)}"


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
        source = _identifier(verified_name(table.name))
        statements.append(f"CREATE VIEW {name} AS SELECT {', '.join(columns)} FROM {source}")
        statements.append(f"COMMENT ON VIEW {name} IS {_literal(_view_comment(table))}")
        for field in table.fields:
            comment = field.description
            enum_type = types.get((table.name, field.name))
            if enum_type and field.enum and field.categories_ordered:
                example = enum_comparison(enum_type, field.enum[len(field.enum) // 2])
                comment += f" Ordered codebook: compare by its order as {field.name} >= {example}."
            statements.append(f"COMMENT ON COLUMN {name}.{_identifier(field.name)} IS {_literal(comment)}")
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
