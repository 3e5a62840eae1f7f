"""Every code a ``Problem`` carries, in one table: stable across releases, so that CI and tests assert codes, not prose.

A check of the registry (``c4data.checks.CHECKS``) is named by its code. Frictionless's validator, which
``validate`` and ``export`` run, reports its own error types (``frictionless.errors``: ``type-error``,
``foreign-key``...); they pass through as codes, and c4data's reading of the same Table Schema rules uses
the six of them listed under "the Table Schema's rules". ``tests/model/test_codes.py`` holds every code
here to being used.
"""

from __future__ import annotations

# Reading the descriptor and the files
DESCRIPTOR_UNREADABLE = "descriptor-unreadable"
REFERENCE_REFUSED = "reference-refused"
BUILD_UNFINISHED = "build-unfinished"
BUILD_LOCKED = "build-locked"
CURATED_FILE = "curated-file"
DATA_FILE_UNREADABLE = "data-file-unreadable"
HASH_MISMATCH = "hash-mismatch"
STORAGE_TYPE = "storage-type"
WRITTEN_FILE = "written-file"
FRICTIONLESS_ERROR = "frictionless-error"
LIMIT_EXCEEDED = "limit-exceeded"

# The checks of the registry (``c4data.checks.CHECKS``)
DESCRIPTOR_INVALID = "descriptor-invalid"
PACKAGE_VERSION = "package-version"
RESOURCE_SHAPE = "resource-shape"
SCHEMA_RULES = "schema-rules"
CODEBOOK = "codebook"
SHARED_CODEBOOK = "shared-codebook"
FRICTIONLESS = "frictionless"
TABLE_SCHEMA = "table-schema"
REQUIRED_EMPTY = "required-empty"
NUMBER_ERROR = "number-error"
CALENDAR_DATE = "calendar-date"
DATE_FORMAT = "date-format"
DATE_BOUNDS = "date-bounds"
DISAGREEMENT = "disagreement"
CHANGE_OVER_TIME = "change-over-time"
REPORT_DATES = "report-dates"
REPORT_ORDER = "report-order"
REPORT_MEASURE = "report-measure"
ROUTE = "route"
ATTESTATION = "attestation"
EVIDENCE = "evidence"
PARENT = "parent"
ROW_ORDER = "row-order"
CONTROL_CHARACTER = "control-character"
FORMULA_START = "formula-start"

# The Table Schema's rules, as frictionless names them (c4data's own reading of them, and the workbook's cells)
TYPE_ERROR = "type-error"
CONSTRAINT_ERROR = "constraint-error"
BLANK_ROW = "blank-row"
UNIQUE_ERROR = "unique-error"
PRIMARY_KEY = "primary-key"
FOREIGN_KEY = "foreign-key"

# Reading back an export (``c4data validate`` of a CSV package, a zip, a workbook, GeoJSON)
EXPORT_VERSION = "export-version"
ZIP_LAYOUT = "zip-layout"
WORKBOOK_LAYOUT = "workbook-layout"
GEOJSON = "geojson"
EXPORT_TABLES = "export-tables"

CODES: dict[str, str] = {
    DESCRIPTOR_UNREADABLE: "datapackage.json is missing, not UTF-8, not JSON, or not a JSON object",
    REFERENCE_REFUSED: "the descriptor names something c4data does not read (the network, a file outside the package)",
    BUILD_UNFINISHED: "an interrupted `c4data build` left the package half-replaced",
    BUILD_LOCKED: "another `c4data build` is running in the same directory",
    CURATED_FILE: "a curated CSV file cannot be read (encoding, line endings, header, malformed CSV)",
    DATA_FILE_UNREADABLE: "a file of the package is missing, not a regular file, past a limit, or not readable",
    HASH_MISMATCH: "a file does not match the sha256 its descriptor records",
    STORAGE_TYPE: "a Parquet column is not stored as its field declares",
    WRITTEN_FILE: "a file the build staged does not hold what was written",
    FRICTIONLESS_ERROR: "frictionless cannot validate the package at all",
    LIMIT_EXCEEDED: "a file holds more rows, columns or bytes than c4data reads",
    DESCRIPTOR_INVALID: "frictionless's check of the descriptor's metadata",
    PACKAGE_VERSION: "the package's version is not a version number",
    RESOURCE_SHAPE: "a resource is not laid out as c4data ships it",
    SCHEMA_RULES: "a Table Schema rule c4data does not check, or not well formed",
    CODEBOOK: "a field without a description, or a codebook that does not match its enum",
    SHARED_CODEBOOK: "a field sharing another's codebook (c4data:codebookOf) with other values or labels",
    FRICTIONLESS: "frictionless's validator on the rows (its own error types pass through)",
    TABLE_SCHEMA: "c4data's reading of the Table Schema rules on the curated CSV",
    REQUIRED_EMPTY: "a required cell is empty",
    NUMBER_ERROR: "a number that is not plain decimal, not finite, or past 64 bits",
    CALENDAR_DATE: "a date that is not on the calendar",
    DATE_FORMAT: "a date not written YYYY-MM-DD",
    DATE_BOUNDS: "a date's bounds that are missing or in the wrong order",
    DISAGREEMENT: "a disagreement that names no row or field, or no real disagreement",
    CHANGE_OVER_TIME: "a disagreement on a status reported at another time: history, a status report",
    REPORT_DATES: "a status report dated outside its meeting's dates or after its source",
    REPORT_ORDER: "an undertaking's status reports not numbered 1, 2, 3... in date order",
    REPORT_MEASURE: "a status report that differs from the row of measures recording it",
    ROUTE: "a place of a project's route without its row in project_cities, or a terminus not at an end",
    ATTESTATION: "an attestation that names no row or field",
    EVIDENCE: "an evidence span not verbatim in its source's reference text",
    PARENT: "a parent that is missing or leads back to its row",
    ROW_ORDER: "curated rows not in primary-key order",
    CONTROL_CHARACTER: "text holding a control character",
    FORMULA_START: "text a spreadsheet would run as a formula",
    TYPE_ERROR: "a cell that is not of its field's type",
    CONSTRAINT_ERROR: "a cell that breaks a constraint of its field",
    BLANK_ROW: "a row with every cell empty",
    UNIQUE_ERROR: "a value repeated in a unique field",
    PRIMARY_KEY: "a primary key repeated or empty",
    FOREIGN_KEY: "a foreign key with no row to refer to",
    EXPORT_VERSION: "an export written by another package or version than the installed one",
    ZIP_LAYOUT: "a zip that is not a data package c4data reads (paths outside it, no datapackage.json)",
    WORKBOOK_LAYOUT: "a workbook not as c4data writes it (unreadable, a sheet missing, other columns)",
    GEOJSON: "a GeoJSON file that is not RFC 7946, or not the geometry its table needs",
    EXPORT_TABLES: "an export that lists other tables than the package's",
}
