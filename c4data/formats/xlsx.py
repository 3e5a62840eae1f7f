"""The package as one Excel workbook: an ``about`` sheet with the citation, licence and release, one sheet per
table, the data dictionary and the codebook (needs the ``xlsx`` extra, openpyxl).

Text stays text: a code such as ``420100`` is written as a text cell in a column formatted as text,
so Excel neither turns it into a number nor drops a leading zero. Integers and numbers are numbers;
a missing value is an empty cell. Each table sheet keeps its header row in view, has a filter on it, and
columns as wide as their values (up to a limit). No cell is a formula: text starting with ``=`` is stored as text.
The workbook records the package's name and version in its document properties, so that
``c4data validate`` checks it against the matching schema; it reads a workbook within the limits of
``c4data.files.untrusted`` (it is a zip), and a sheet's rows only after checking the size the sheet declares.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from c4data.checks import TableRows
from c4data.checks.text import control_character_cells
from c4data.files.untrusted import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_WORKBOOK_PART_BYTES,
    UnsafePackage,
    ZipPackage,
    shown,
)
from c4data.formats.base import Format, row_count_problems, rows_problems, text_cell_problems
from c4data.formats.papers import licence_lines
from c4data.model import codes
from c4data.model.codebooks import codebook_rows, enumerated_fields
from c4data.model.descriptor import Descriptor
from c4data.model.extras import require
from c4data.model.problems import PackageProblems, Problem
from c4data.model.schema import Table
from c4data.reading.citation import citation_cff, package_citation, source_citation, sources_rows

ABOUT_SHEET, DICTIONARY_SHEET, CODEBOOK_SHEET = "about", "dictionary", "codebook"
DICTIONARY_HEADER = ["table", "field", "type", "required", "primary key", "description"]
CODEBOOK_HEADER = ["table", "field", "value", "label_en", "label_zh", "meaning"]
TEXT_FORMAT = "@"
FORMULA, TEXT = "f", "s"  # openpyxl's cell data types
HEADER_ROWS = 1
MAX_SHEET_NAME = 31  # Excel's limit: a longer sheet name makes it refuse the whole workbook
# Column widths, in characters: room for the header and its filter button, and at most what a screen shows well.
MIN_WIDTH, MAX_WIDTH, FILTER_BUTTON = 8, 60, 3


def _openpyxl() -> Any:
    return require("openpyxl", "xlsx")


def write_workbook(descriptor: Descriptor, target: Path) -> None:
    """Write the package at ``descriptor`` as a workbook at ``target``."""
    from c4data.reading.integrity import read_verified_table

    refused = sheet_name_problems(descriptor.resource_names)
    if refused:
        raise PackageProblems(refused, "export refused: table names a workbook cannot hold as sheet names")
    openpyxl = _openpyxl()
    styles = require("openpyxl.styles", "xlsx", "openpyxl")
    workbook = openpyxl.Workbook()
    bold = styles.Font(bold=True)
    about = workbook.active
    about.title = ABOUT_SHEET
    for row in _about_rows(descriptor):
        about.append(row)
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 110
    for cell in about["B"]:
        cell.alignment = styles.Alignment(wrap_text=True, vertical="top")
    for name in descriptor.resource_names:
        table = descriptor.table(name)
        sheet = workbook.create_sheet(name)
        sheet.append(table.field_names)
        records = read_verified_table(descriptor, name).to_pylist()
        refused = list(_control_characters(name, records))
        if refused:  # a workbook cannot hold most of them (openpyxl refuses them with a bare error)
            raise PackageProblems(refused, "export refused: text a workbook cannot hold")
        for record in records:
            sheet.append([record[field] for field in table.field_names])
        for column, field in zip(sheet.iter_cols(min_row=1, max_row=sheet.max_row), table.fields, strict=True):
            column[0].font = bold
            if field.type == "string":
                for cell in column[HEADER_ROWS:]:
                    cell.number_format = TEXT_FORMAT
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions  # a filter on the header row, over every row of the table
        _set_widths(sheet, table.field_names, records)
    _append_sheet(workbook, DICTIONARY_SHEET, DICTIONARY_HEADER, _dictionary_rows(descriptor), bold)
    _append_sheet(workbook, CODEBOOK_SHEET, CODEBOOK_HEADER, _codebook_rows(descriptor), bold)
    _no_formulas(workbook)
    workbook.properties.identifier = descriptor.data["name"]
    workbook.properties.version = descriptor.version
    workbook.properties.title = descriptor.data["title"]
    workbook.save(target)


def sheet_name_problems(names: list[str]) -> list[Problem]:
    """The table names that cannot be sheet names: longer than Excel allows, or the same as the workbook's own
    sheets (``about``, ``dictionary``, ``codebook``) or as another table's once case is ignored, as Excel does
    (openpyxl would rename the second, so a reader would take a table for the codebook)."""
    taken = {ABOUT_SHEET, DICTIONARY_SHEET, CODEBOOK_SHEET}
    found = []
    for name in names:
        if len(name) > MAX_SHEET_NAME:
            message = f"is {len(name)} characters long; a workbook's sheet names have at most {MAX_SHEET_NAME}"
        elif name.casefold() in taken:
            message = "is the name of another sheet of the workbook (about, dictionary, codebook or a table)"
        else:
            taken.add(name.casefold())
            continue
        found.append(Problem(where=name, message=message, code=codes.WORKBOOK_LAYOUT))
    return found


def column_width(texts: Iterable[str]) -> float:
    """The width of a column showing ``texts``: the widest, counting a CJK (wide) character twice, plus room for
    the filter's button; between ``MIN_WIDTH`` and ``MAX_WIDTH`` (a longer text is shown cut, in full when chosen)."""
    widest = max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text) for text in texts), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, widest + FILTER_BUTTON)))


def _set_widths(sheet: Any, names: list[str], records: list[dict[str, Any]]) -> None:
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(names, start=1):
        texts = [name, *(_shown_text(record[name]) for record in records)]
        sheet.column_dimensions[get_column_letter(index)].width = column_width(texts)


def _shown_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _control_characters(table: str, records: list[dict[str, Any]]) -> Iterator[Problem]:
    for index, field, found in control_character_cells(records):
        message = f"holds the control character {found}, which a workbook cannot hold"
        yield Problem(
            where=table, line=index + 1, field=field, message=message, line_label="row", code=codes.CONTROL_CHARACTER
        )


def _no_formulas(workbook: Any) -> None:
    """Store every cell openpyxl took for a formula (text starting with ``=``) as the text it is."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == FORMULA:
                    cell.data_type = TEXT


def _append_sheet(workbook: Any, title: str, header: list[str], rows: list[list[Any]], bold: Any) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"


def _about_rows(descriptor: Descriptor) -> list[list[str]]:
    data = descriptor.data
    citation = package_citation(descriptor)
    rows = [
        ["title", data["title"]],
        ["version", descriptor.version],
        ["description", data.get("description", "")],
        ["cite as", citation.text],
        ["BibTeX", citation.bibtex],
        ["released", descriptor.package.created[:10]],
        ["CITATION.cff", citation_cff(descriptor)],
        *(["licence", line.removeprefix("- ")] for line in licence_lines(descriptor)),
        ["sheets", "One sheet per table; 'dictionary' describes every field, 'codebook' every coded value."],
    ]
    rows += [["source", source_citation(descriptor, row["source_id"]).text] for row in sources_rows(descriptor)]
    return rows


def _dictionary_rows(descriptor: Descriptor) -> list[list[str]]:
    rows = []
    for table in descriptor.package.tables:
        rows.append([table.name, "", "", "", ", ".join(table.primary_key), table.description])
        for field in table.fields:
            in_key = "yes" if field.name in table.primary_key else ""
            required = "yes" if field.required else ""
            rows.append([table.name, field.name, field.type, required, in_key, field.description])
    return rows


def _codebook_rows(descriptor: Descriptor) -> list[list[str]]:
    return [
        [table, field, row["value"], row["label_en"], row["label_zh"], row["meaning"]]
        for table, field in enumerated_fields(descriptor)
        for row in codebook_rows(descriptor, table, field)
    ]


def read_workbook(path: Path, descriptor: Descriptor) -> tuple[list[TableRows], list[Problem]]:
    """Each table sheet's rows as Python values, and a problem for each sheet or cell not as the schema says.

    A text field's cell must be text (a code that Excel turned into a number is reported); an integer
    field's a whole number; a number field's a number.
    """
    openpyxl = _openpyxl()
    where = path.name
    too_big = _size_problem(path)
    if too_big is not None:
        return [], [Problem(where=where, message=too_big, code=codes.LIMIT_EXCEEDED)]
    try:
        # data_only=False: a formula reads as its text ("=..."), which the checks report, not as a cached value.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises zipfile, KeyError and its own errors for a damaged file
        return [], [
            Problem(where=where, message=f"is not a readable Excel workbook ({error})", code=codes.WORKBOOK_LAYOUT)
        ]
    tables, problems = [], []
    try:
        properties = workbook.properties
        stamped = (properties.identifier, properties.version)
        if stamped != (descriptor.data["name"], descriptor.version):
            message = f"was written by {stamped[0]} {stamped[1]}, not {descriptor.data['name']} {descriptor.version}"
            return [], [
                Problem(
                    where=where,
                    message=f"{message}; validate it with the c4data of that version",
                    code=codes.EXPORT_VERSION,
                )
            ]
        for name in descriptor.resource_names:
            if name not in workbook.sheetnames:
                problems.append(Problem(where=where, message=f"has no sheet {name!r}", code=codes.WORKBOOK_LAYOUT))
                continue
            table, found = _read_sheet(where, workbook[name], descriptor.table(name))
            problems += found
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    return tables, problems


# The parts of a workbook that hold its rows, each up to MAX_FILE_BYTES; every other part (styles, theme, workbook,
# relationships) up to MAX_WORKBOOK_PART_BYTES, so that openpyxl never parses millions of formats.
WORKBOOK_DATA_PARTS = re.compile(r"xl/(worksheets/sheet[0-9]+|sharedStrings)\.xml")


def _size_problem(path: Path) -> str | None:
    """Why a workbook is past the limits of ``c4data.files.untrusted`` (it is a zip), from its size and zip directory
    alone; None when it is within them."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return f"it holds {size:,} bytes, past the limit of {MAX_FILE_BYTES:,} bytes"
        with ZipPackage(path) as archive:
            for member in archive.archive.infolist():  # zipfile reads no more of a member than its declared size
                limit = MAX_FILE_BYTES if WORKBOOK_DATA_PARTS.match(member.filename) else MAX_WORKBOOK_PART_BYTES
                if member.file_size > limit:
                    return (
                        f"its member {shown(member.filename)!r} inflates to {member.file_size:,} bytes, "
                        f"past the limit of {limit:,} bytes for that part"
                    )
    except UnsafePackage as error:
        return f"is not a workbook c4data reads: {error.reason}"
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    return None


def _dimension_problem(sheet: Any) -> str | None:
    """Why a sheet is past the row or column limit, from the size it declares, before any row is read."""
    if sheet.max_row is not None and sheet.max_row > MAX_ROWS + HEADER_ROWS:
        return f"declares {sheet.max_row:,} rows, past the limit of {MAX_ROWS:,} rows per table"
    if sheet.max_column is not None and sheet.max_column > MAX_COLUMNS:
        return f"declares {sheet.max_column:,} columns, past the limit of {MAX_COLUMNS:,} per table"
    return None


def _read_sheet(where: str, sheet: Any, schema: Table) -> tuple[TableRows | None, list[Problem]]:
    place = f"{where}: {schema.name}"
    declared = schema.fields
    names = schema.field_names
    too_big = _dimension_problem(sheet)
    if too_big is not None:
        return None, [Problem(where=place, message=too_big, code=codes.LIMIT_EXCEEDED)]
    # One column past the schema's shows an extra column; openpyxl stops at the rows the sheet declares.
    rows_iter = sheet.iter_rows(max_col=len(names) + 1, values_only=True)
    header = [cell for cell in next(rows_iter, ()) if cell is not None]
    if header != names:
        return None, [
            Problem(
                where=place,
                line=1,
                message=f"has columns {header}, the schema declares {names}",
                code=codes.WORKBOOK_LAYOUT,
            )
        ]
    rows, positions, problems = [], [], []
    for number, cells in enumerate(rows_iter, start=HEADER_ROWS + 1):
        if number > MAX_ROWS + HEADER_ROWS:  # a sheet that declares no size is read up to the limit only
            return None, [
                Problem(
                    where=place,
                    line=number,
                    message=f"holds more than {MAX_ROWS:,} rows, past the limit per table",
                    code=codes.LIMIT_EXCEEDED,
                )
            ]
        values = list(cells[: len(names)]) + [None] * (len(names) - len(cells))
        if all(value is None for value in values):
            continue
        row = {}
        for field, cell in zip(declared, values, strict=True):
            # Excel has no date without a time: openpyxl reads a date cell back as a datetime at midnight.
            value = cell.date() if field.type == "date" and isinstance(cell, datetime.datetime) else cell
            message = _cell_problem(field.type, value)
            if message:
                problems.append(
                    Problem(where=place, line=number, field=field.name, message=message, code=codes.TYPE_ERROR)
                )
            row[field.name] = value
        rows.append(row)
        positions.append(number)
    return TableRows(schema.name, place, rows, positions), problems


def _cell_problem(kind: str, value: Any) -> str | None:
    if value is None:
        return None
    if kind == "string" and not isinstance(value, str):
        return f"{value!r} is stored as a number or date; this field is text (codes must stay text)"
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"{value!r} is not a whole number"
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return f"{value!r} is not a number"
    if kind == "date" and not isinstance(value, datetime.date):
        return f"{value!r} is not a date"
    return None


def problems(path: Path, sources_dir: Path | None) -> list[Problem]:
    """A workbook read back against the installed descriptor (the version that wrote it), each sheet's cells
    typed as the schema says, then given the row checks of the Parquet package."""
    from c4data.reading.load import shipped_descriptor

    descriptor = shipped_descriptor()
    tables, found = read_workbook(path, descriptor)
    if found:
        return found
    return rows_problems(descriptor, tables, sources_dir)


def written_problems(source: Descriptor, path: Path) -> list[Problem]:
    """A workbook read back for what writing can break, at about the cost of writing it: each sheet's cells
    typed as the schema of the package written from says, as many rows as its table."""
    refused = text_cell_problems(source, source.resource_names)
    if refused:
        return refused
    tables, found = read_workbook(path, source)
    for table in tables:
        found += row_count_problems(source, table.where, table.name, len(table.rows))
    return found


FORMAT = Format(
    name="xlsx",
    description="one Excel workbook: a sheet per table, the data dictionary and the codebook (the xlsx extra)",
    write=write_workbook,
    problems=problems,
    suffix=".xlsx",
    written=written_problems,
)
