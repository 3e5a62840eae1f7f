"""Unit tests of the evidence check (c4data.checks.evidence): spans verbatim in intact reference texts."""

from __future__ import annotations

import hashlib

import pytest
from support import field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage

pytestmark = pytest.mark.unit

SOURCES = resource("sources", [field("source_id"), field("reference_file"), field("text_sha256")], ["source_id"])
FACTS = resource(
    "facts", [field("fact_id"), field("source_id"), field("evidence"), field("date_evidence")], ["fact_id"]
)
TEXT = "四城市长齐聚长沙 共商合作大计"


def _found(tmp_path, facts, sha=None, file_name="report.txt", sources_dir=True):
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    digest = sha or hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    sources = rows_of("sources", [{"source_id": "report", "reference_file": file_name, "text_sha256": digest}])
    given = CheckInput(
        inline_descriptor(SOURCES, FACTS), [sources, rows_of("facts", facts)], tmp_path if sources_dir else None
    )
    return [(p.code, p.where, p.line, p.field) for p in run_stage("rows", "parquet", given, only={"evidence"})]


def _fact(evidence, date_evidence=None, source_id="report"):
    return {"fact_id": "f1", "source_id": source_id, "evidence": evidence, "date_evidence": date_evidence}


def test_verbatim_spans_pass(tmp_path):
    assert _found(tmp_path, [_fact("齐聚长沙", "共商合作")]) == []


def test_a_span_not_in_the_text_is_reported_in_any_evidence_field(tmp_path):
    found = _found(tmp_path, [_fact("齐聚武汉"), _fact("长沙", "共商大计")])
    assert found == [("evidence", "facts", 1, "evidence"), ("evidence", "facts", 2, "date_evidence")]


def test_a_changed_reference_text_is_reported_and_not_used(tmp_path):
    found = _found(tmp_path, [_fact("长沙")], sha="0" * 64)
    assert found == [("evidence", "sources", 1, "text_sha256"), ("evidence", "facts", 1, "evidence")]


def test_a_missing_reference_file_is_reported(tmp_path):
    assert _found(tmp_path, [], file_name="gone.txt") == [("evidence", "sources", 1, "reference_file")]


def test_a_source_without_reference_text_cannot_back_a_span(tmp_path):
    assert _found(tmp_path, [_fact("长沙", source_id="other")]) == [("evidence", "facts", 1, "evidence")]


def test_without_reference_texts_evidence_is_not_checked(tmp_path):
    assert _found(tmp_path, [_fact("齐聚武汉")], sources_dir=False) == []


def test_a_field_marked_verbatim_is_checked_like_evidence(tmp_path):
    quoted = resource(
        "facts",
        [field("fact_id"), field("source_id"), field("evidence"), field("quote_zh", **{"c4data:verbatim": True})],
        ["fact_id"],
    )
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    sources = rows_of("sources", [{"source_id": "report", "reference_file": "report.txt", "text_sha256": digest}])
    facts = rows_of(
        "facts",
        [
            {"fact_id": "f1", "source_id": "report", "evidence": "长沙", "quote_zh": "共商合作大计"},
            {"fact_id": "f2", "source_id": "report", "evidence": "长沙", "quote_zh": "共商合作"},
            {"fact_id": "f3", "source_id": "report", "evidence": "长沙", "quote_zh": "合作共商"},
        ],
    )
    given = CheckInput(inline_descriptor(SOURCES, quoted), [sources, facts], tmp_path)
    found = [(p.line, p.field) for p in run_stage("rows", "parquet", given, only={"evidence"})]
    assert found == [(3, "quote_zh")]
