"""Unit tests of the text-cell checks (c4data.checks.text) on tiny inline tables: control characters, formulas."""

from __future__ import annotations

import pytest
from support import field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage

pytestmark = pytest.mark.unit

TEXT_CHECKS = ("control-character", "formula-start")
NOTES = inline_descriptor(resource("notes", [field("id"), field("text"), field("size", "number")], ["id"]))


def _found(target, rows, typed=True):
    given = CheckInput(NOTES, [rows_of("notes", rows, typed=typed)])
    return [(p.code, p.line, p.field) for p in run_stage("rows", target, given, only=TEXT_CHECKS)]


@pytest.mark.parametrize("text", ["a\x1b[2Jb", "a\nb", "a\rb", "a\x00b", "a\x85b", "a\u2028b", "a\u202eb", "a\x7fb"])
@pytest.mark.parametrize("target", ["csv", "parquet"])
def test_a_control_character_is_refused(target, text):
    assert _found(target, [{"id": "a", "text": text, "size": 1.0}]) == [("control-character", 1, "text")]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_that_starts_like_a_formula_is_refused(start):
    assert _found("csv", [{"id": "a", "text": f"{start}SUM(A1)", "size": None}], typed=False) == [
        ("formula-start", 2, "text")
    ]


def test_plain_text_and_a_negative_number_pass():
    rows = [{"id": "a", "text": "Wuhan - Changsha, 3 = three", "size": -1.5}]
    assert _found("parquet", rows) == []
    assert _found("csv", [{"id": "a", "text": "中文 text", "size": "-1.5"}], typed=False) == []
