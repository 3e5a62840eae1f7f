"""``c4data trace`` and ``c4data codebook``: what ``c4data.trace()`` and ``c4data.codebook()`` give, from a shell;
and each command's help says what the command does."""

from __future__ import annotations

import dataclasses
import json

import pytest
from support import run_c4data

import c4data
from c4data.formats import FORMATS

pytestmark = pytest.mark.cli


def test_trace_prints_the_rows_evidence_and_each_source_with_its_citation():
    result = run_c4data("trace", "meetings", "6")
    assert result.returncode == 0, result.stderr
    found = c4data.trace("meetings", 6)
    for quote in found.evidence.values():
        assert quote in result.stdout
    for source in found.sources:
        assert source["source_id"] in result.stdout and source["citation"] in result.stdout


def test_trace_as_json_holds_the_whole_trace():
    result = run_c4data("trace", "meetings", "6", "--format", "json")
    assert result.returncode == 0, result.stderr
    expected = dataclasses.asdict(c4data.trace("meetings", 6))
    expected["row"] = {
        name: str(value) if hasattr(value, "isoformat") else value for name, value in expected["row"].items()
    }
    assert json.loads(result.stdout) == expected


def test_trace_takes_a_composite_key_as_one_value_per_field():
    row = c4data.participation().iloc[0]
    key = [str(row[name]) for name in ("meeting_id", "person_id", "part")]
    result = run_c4data("trace", "participation", *key, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["key"] == "|".join(key)


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["trace", "meeting", "6"], "the tables are sources, cities"),
        (["trace", "meetings", "99"], "no row whose meeting_id is '99'"),
        (["codebook", "measures", "statu"], "its fields are measure_id"),
        (["codebook", "measures", "note"], "not an enumerated field; those with a codebook are"),
    ],
)
def test_a_wrong_table_key_or_field_is_a_message_naming_what_there_is(arguments, said):
    result = run_c4data(*arguments)
    assert result.returncode == 1
    assert said in result.stderr and "Traceback" not in result.stderr


def test_codebook_lists_the_values_in_codebook_order_with_their_labels():
    result = run_c4data("codebook", "measures", "status")
    assert result.returncode == 0, result.stderr
    expected = c4data.codebook("measures", "status")
    values = [line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert values == list(expected["value"])
    for label in [*expected["label_en"], *expected["label_zh"], *expected["meaning"]]:
        assert label in result.stdout


def test_codebook_as_json_is_the_codebook():
    result = run_c4data("codebook", "cities", "tier", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == c4data.codebook("cities", "tier").to_dict("records")


def test_the_help_names_every_export_format_and_what_force_replaces():
    top = " ".join(run_c4data("--help").stdout.split())
    export_line = top.split(" export ", 1)[1].split(" diff ", 1)[0]  # the commands are listed in order
    export = " ".join(run_c4data("export", "--help").stdout.split())
    for name in FORMATS:
        assert name in export_line and name in export
    for fmt in FORMATS.values():
        assert fmt.description in export
        assert fmt.suffix is None or fmt.suffix in export
    assert "must be empty" not in export and "everything in it" not in export
    assert "if nothing there has changed since (every file's sha256 as c4data recorded it)" in export


def test_the_help_of_validate_says_it_reads_every_format():
    validate = " ".join(run_c4data("validate", "--help").stdout.split())
    assert "Parquet package at PATH" not in validate
    for name, fmt in FORMATS.items():
        assert (name if fmt.suffix is None else fmt.suffix) in validate


def test_the_help_of_validate_names_every_check_it_runs():
    from c4data.checks import CHECKS

    validate = " ".join(run_c4data("validate", "--help").stdout.split())
    for check in CHECKS:
        if "parquet" in check.targets:
            assert check.code in validate
