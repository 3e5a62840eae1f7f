"""Checks of text cells: safe to print and to open in a spreadsheet.

No cell holds a control character (it would move a terminal's cursor or break lines), and no text cell
starts with ``=``, ``+``, ``-`` or ``@``, which Excel, LibreOffice and Google Sheets run as a formula (CSV
injection). c4data refuses such text in curation rather than altering it on export, so that the CSV
export holds the values exactly; the exports check again (``formula_cells``, ``control_character_cells``) for
packages built elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from c4data.checks.base import CheckInput, TableRows
from c4data.checks.columns import CONTROL_CLASS, all_false, columns, joined_text, worth_columns
from c4data.files.untrusted import CONTROL_CHARACTERS_TEXT, control_character
from c4data.model import codes
from c4data.model.problems import Problem
from c4data.model.schema import Table

FORMULA_STARTS = ("=", "+", "-", "@")


def text_cell_rule() -> list[str]:
    """The rule for text cells and how the exports apply it, as Markdown lines (for the data dictionary)."""
    starts = ", ".join(f"`{start}`" for start in FORMULA_STARTS[:-1]) + f" or `{FORMULA_STARTS[-1]}`"
    return [
        "Every text cell is safe to print in a terminal and to open in a spreadsheet:",
        "",
        f"- **No control characters**: no cell holds {CONTROL_CHARACTERS_TEXT}. Such a character moves a "
        "terminal's cursor, breaks a line, or reorders the text around it.",
        f"- **Nothing that starts like a formula**: no text cell starts with {starts}, which Excel, LibreOffice "
        "and Google Sheets run as a formula. None of the data needs it: a negative number is a number, not text.",
        "",
        "`c4data build` refuses either in the curated files (checks `control-character` and `formula-start`), "
        "so the values are exact, never escaped or altered, and `c4data validate` reports either in any "
        "package. The exports check again, for a package built elsewhere: the CSV export (and the zip, which "
        "holds it), the Excel and the GeoJSON exports refuse a package that holds either, and the "
        "workbook stores every text as a text cell, never as a formula. The Parquet export copies the files "
        "as they are.",
    ]


def control_character_problems(given: CheckInput) -> Iterator[Problem]:
    """No cell holds a control character: C0 or C1, DEL, a line or paragraph separator, a bidi control."""
    for table in given.tables:
        if worth_columns(table) and _no_control_characters(table, given.package.table(table.name)):
            continue
        for index, name, found in control_character_cells(table.rows):
            yield table.problem(
                index, name, f"holds the control character {found}; remove it", code=codes.CONTROL_CHARACTER
            )


def _no_control_characters(table: TableRows, schema: Table) -> bool:
    """Whether no text cell holds a control character, searched over whole columns (each in one search)."""
    import pyarrow.compute as pc

    found = columns(table, schema)
    return found is not None and all(
        all_false(pc.match_substring_regex(joined_text(found.text(name)), CONTROL_CLASS)) for name in schema.field_names
    )


def control_character_cells(rows: Sequence[dict[str, Any]]) -> Iterator[tuple[int, str, str]]:
    """Each cell of ``rows`` holding a control character: its row index, field and the character, named."""
    for index, row in enumerate(rows):
        for name, value in row.items():
            found = control_character(value) if isinstance(value, str) else None
            if found is not None:
                yield index, name, found


def formula_problems(given: CheckInput) -> Iterator[Problem]:
    """No text cell starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``)."""
    for table in given.tables:
        schema = given.package.table(table.name)
        if worth_columns(table) and _no_formula_starts(table, schema):
            continue
        for index, name, value in formula_cells(schema, table.rows):
            yield table.problem(
                index,
                name,
                f"starts with {value[0]!r}, which a spreadsheet runs as a formula; "
                "reword it to start with a letter or a digit",
                code=codes.FORMULA_START,
            )


def _no_formula_starts(table: TableRows, schema: Table) -> bool:
    """Whether no text cell starts like a formula, looked for over whole columns."""
    import pyarrow.compute as pc

    found = columns(table, schema)
    return found is not None and all(
        all_false(pc.starts_with(found.text(field.name), start))
        for field in schema.fields
        if field.type == "string"
        for start in FORMULA_STARTS
    )


def formula_cells(table: Table, rows: Sequence[dict[str, Any]]) -> Iterator[tuple[int, str, str]]:
    """Each text cell of ``rows`` that a spreadsheet would run as a formula: its row index, field and value."""
    text_fields = [field.name for field in table.fields if field.type == "string"]
    for index, row in enumerate(rows):
        for name in text_fields:
            value = row.get(name)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                yield index, name, value
