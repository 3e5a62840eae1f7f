"""The registry of checks (c4data.checks.CHECKS): each declared once, with a stable code, for CSV, Parquet or both."""

from __future__ import annotations

import re

import pytest
from support import field, inline_descriptor, resource, rows_of

from c4data.checks import CHECKS, CheckInput, run_checks
from c4data.checks.base import STAGES

pytestmark = pytest.mark.unit

# The codes are part of the public contract (each Problem carries one): renaming a code fails here.
CODES = {
    "descriptor-invalid": ("metadata", {"parquet"}),
    "package-version": ("shape", {"csv", "parquet"}),
    "resource-shape": ("shape", {"csv", "parquet"}),
    "schema-rules": ("shape", {"csv", "parquet"}),
    "codebook": ("codebook", {"csv", "parquet"}),
    "shared-codebook": ("codebook", {"csv", "parquet"}),
    "frictionless": ("rows", {"parquet"}),
    "table-schema": ("rows", {"csv"}),
    "foreign-key": ("rows", {"csv"}),
    "required-empty": ("rows", {"parquet"}),
    "number-error": ("rows", {"csv", "parquet"}),
    "calendar-date": ("rows", {"csv", "parquet"}),
    "date-format": ("rows", {"csv"}),
    "date-bounds": ("rows", {"csv", "parquet"}),
    "disagreement": ("rows", {"csv", "parquet"}),
    "change-over-time": ("rows", {"csv", "parquet"}),
    "report-dates": ("rows", {"csv", "parquet"}),
    "report-order": ("rows", {"csv", "parquet"}),
    "report-measure": ("rows", {"csv", "parquet"}),
    "route": ("rows", {"csv", "parquet"}),
    "attestation": ("rows", {"csv", "parquet"}),
    "evidence": ("rows", {"csv", "parquet"}),
    "parent": ("rows", {"csv", "parquet"}),
    "row-order": ("rows", {"csv"}),
    "control-character": ("rows", {"csv", "parquet"}),
    "formula-start": ("rows", {"csv", "parquet"}),
}


def test_every_check_is_declared_once_with_its_code_stage_and_targets():
    assert [check.code for check in CHECKS] == list(CODES)
    for check in CHECKS:
        assert (check.stage, set(check.targets)) == CODES[check.code]
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", check.code)
        assert check.description, f"{check.code}: its function needs a docstring"


def test_stages_run_in_order():
    assert [STAGES.index(check.stage) for check in CHECKS] == sorted(STAGES.index(check.stage) for check in CHECKS)


def test_every_problem_carries_the_code_of_its_check():
    descriptor = inline_descriptor(
        resource("events", [field("id", "integer"), field("date", **{"c4data:partialDate": True})], ["id"])
    )
    table = rows_of("events", [{"id": "2", "date": "2018-02-31"}, {"id": "1", "date": None}], typed=False)
    problems = run_checks("csv", CheckInput(descriptor, [table]))
    assert sorted(p.code for p in problems) == ["calendar-date", "row-order"]


def test_a_descriptor_problem_stops_the_row_checks():
    descriptor = inline_descriptor(resource("events", [field("id", "integer")], ["id"]), version="one")
    table = rows_of("events", [{"id": "2"}, {"id": "1"}], typed=False)
    assert [p.code for p in run_checks("csv", CheckInput(descriptor, [table]))] == ["package-version"]
