"""``c4data build``: deterministic, equal to what is committed, and refusing bad input cleanly."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import REPO_ROOT, run_c4data, snapshot

pytestmark = pytest.mark.cli


def build(root: Path, *extra: str):
    return run_c4data("build", "--root", root, *extra)


def read_rows(root: Path, table: str) -> list[dict[str, str]]:
    with open(root / "data" / "curated" / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(root: Path, table: str, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (root / "data" / "curated" / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(root: Path, table: str, row_index: int, field: str, value: str) -> int:
    """Change one cell; return the file line of the changed row (the header is line 1)."""
    rows = read_rows(root, table)
    rows[row_index][field] = value
    write_rows(root, table, rows)
    return row_index + 2


def test_build_is_deterministic(tmp_path, project_copy):
    assert build(project_copy).returncode == 0
    first = snapshot(project_copy)
    assert build(project_copy).returncode == 0
    assert snapshot(project_copy) == first


def test_committed_package_equals_a_fresh_build(project_copy):
    for parquet in (project_copy / "data").glob("*.parquet"):
        parquet.unlink()
    result = build(project_copy)
    assert result.returncode == 0, result.stderr
    committed = snapshot(REPO_ROOT)
    fresh = snapshot(project_copy)
    assert fresh.keys() == committed.keys()
    for name in fresh:
        if name.endswith(".parquet"):
            assert pq.read_table(project_copy / name).equals(pq.read_table(REPO_ROOT / name)), f"{name} drifted"
    writers = {pq.read_metadata(REPO_ROOT / n).created_by for n in committed if n.endswith(".parquet")}
    if writers == {pq.read_metadata(project_copy / n).created_by for n in fresh if n.endswith(".parquet")}:
        assert fresh == committed, "same writer, different bytes: rebuild and commit data/ and datapackage.json"


def test_build_leaves_no_staging_directory(project_copy):
    assert build(project_copy).returncode == 0
    assert [p.name for p in project_copy.iterdir() if p.name.startswith(".c4data-build-")] == []


def _refused(project_copy: Path, result, file: str, line: int | None, field: str | None, before: dict[str, str]):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr
    assert file in message, message
    if line is not None:
        assert re.search(rf"\bline {line}\b", message), message
    if field is not None:
        assert f"'{field}'" in message, message
    assert snapshot(project_copy) == before, "a failed build changed the package"
    assert [p.name for p in project_copy.iterdir() if p.name.startswith(".c4data-build-")] == []


CELL_MUTATIONS = {
    "dangling foreign key": ("measure_cities", 0, "city_id", "999999"),
    "value outside the enum": ("measures", 3, "status", "done"),
    "text in an integer": ("meetings", 0, "year", "twenty-thirteen"),
    "malformed date": ("meetings", 0, "date", "2013-13"),
    "date not in the calendar": ("meetings", 5, "date", "2018-02-31"),
    "missing required value": ("roles", 2, "person_zh", ""),
    "duplicate key": ("cities", 4, "city_id", "340100"),
    "empty key": ("agreements", 0, "agreement_id", ""),
    "text in a number": ("cities", 4, "latitude", "north"),
    "number out of range": ("cities", 4, "longitude", "200"),
    "not a finite number": ("measures", 0, "value", "nan"),
    "disagreement out of date": ("disagreements", 0, "adopted_value", "in_progress"),
    "disagreement naming no row": ("disagreements", 0, "row_key", "no-such-measure"),
    "disagreement naming no field": ("disagreements", 0, "field", "colour"),
    "infinite number": ("measures", 0, "value", "inf"),
    "numeral with underscores": ("measures", 0, "value", "290_000_000"),
    "integer beyond 64 bits": ("cities", 0, "geonames_id", "99999999999999999999"),
    "date bound outside its partial date": ("meetings", 1, "date_min", "2013-06-01"),
    "date bound not written YYYY-MM-DD": ("roles", 0, "as_of_max", "27/09/2018"),
    "attestation naming no row": ("attestations", 0, "row_key", "no-such-row"),
    "a signalling NaN": ("measures", 0, "value", "sNaN"),
    "integer of 4,301 digits": ("cities", 0, "geonames_id", "9" * 4301),
    "date read by frictionless but not written YYYY-MM-DD": ("meetings", 0, "date_min", "2013-2-23"),
}


@pytest.mark.parametrize("case", sorted(CELL_MUTATIONS))
def test_bad_cell_is_refused_with_file_line_and_field(project_copy, case):
    table, row_index, field, value = CELL_MUTATIONS[case]
    before = snapshot(project_copy)
    line = set_cell(project_copy, table, row_index, field, value)
    _refused(project_copy, build(project_copy), f"data/curated/{table}.csv", line, field, before)


def test_evidence_not_verbatim_is_refused(project_copy, sources_dir):
    before = snapshot(project_copy)
    line = set_cell(project_copy, "meetings", 0, "evidence", "2013年2月,首届会商会在北京召开")
    result = build(project_copy, "--sources-dir", sources_dir)
    _refused(project_copy, result, "data/curated/meetings.csv", line, "evidence", before)
    assert "not verbatim" in result.stderr


def _raw(project_copy: Path, table: str) -> Path:
    return project_copy / "data" / "curated" / f"{table}.csv"


def test_row_with_too_many_fields_is_refused(project_copy):
    before = snapshot(project_copy)
    path = _raw(project_copy, "participation")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")
    _refused(project_copy, build(project_copy), "data/curated/participation.csv", 4, None, before)


def test_row_with_too_few_fields_is_refused(project_copy):
    before = snapshot(project_copy)
    path = _raw(project_copy, "participation")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = "6,chen-ying\n"
    path.write_text("".join(lines), encoding="utf-8")
    _refused(project_copy, build(project_copy), "data/curated/participation.csv", 6, None, before)


def test_unterminated_quote_is_refused(project_copy):
    before = snapshot(project_copy)
    path = _raw(project_copy, "sources")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("geonames,", '"geonames,', 1), encoding="utf-8")
    _refused(project_copy, build(project_copy), "data/curated/sources.csv", None, None, before)


def test_file_that_is_not_utf8_is_refused(project_copy):
    before = snapshot(project_copy)
    path = _raw(project_copy, "cities")
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    result = build(project_copy)
    _refused(project_copy, result, "data/curated/cities.csv", 2, None, before)
    assert "UTF-8" in result.stderr


def test_unsorted_rows_are_refused(project_copy):
    before = snapshot(project_copy)
    rows = read_rows(project_copy, "agreements")
    rows[0], rows[1] = rows[1], rows[0]
    write_rows(project_copy, "agreements", rows)
    _refused(project_copy, build(project_copy), "data/curated/agreements.csv", 3, "agreement_id", before)


def test_duplicate_composite_key_is_refused(project_copy):
    before = snapshot(project_copy)
    path = _raw(project_copy, "participation")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, lines[1])
    path.write_text("".join(lines), encoding="utf-8")
    _refused(
        project_copy, build(project_copy), "data/curated/participation.csv", 3, "meeting_id,person_id,part", before
    )


RAW_DAMAGE = {
    "byte-order mark": lambda text: "\ufeff" + text,
    "CRLF line endings": lambda text: text.replace("\n", "\r\n"),
    "empty file": lambda text: "",
    "renamed column": lambda text: text.replace("name_en", "english_name", 1),
    "blank line": lambda text: text.replace("\n", "\n\n", 2),
}


@pytest.mark.parametrize("case", sorted(RAW_DAMAGE))
def test_damaged_file_is_refused(project_copy, case):
    before = snapshot(project_copy)
    path = _raw(project_copy, "cities")
    path.write_text(RAW_DAMAGE[case](path.read_text(encoding="utf-8")), encoding="utf-8")
    _refused(project_copy, build(project_copy), "data/curated/cities.csv", None, None, before)


def test_missing_curated_file_is_refused(project_copy):
    before = snapshot(project_copy)
    _raw(project_copy, "roles").unlink()
    _refused(project_copy, build(project_copy), "data/curated/roles.csv", None, None, before)


def _first_resource(change):
    """A descriptor damage applied to the first resource only."""

    def damage(text: str) -> str:
        data = json.loads(text)
        change(data["resources"][0])
        return json.dumps(data, ensure_ascii=False)

    return damage


def _in_table(name, change):
    """A descriptor damage applied to one table's resource."""

    def damage(text: str) -> str:
        data = json.loads(text)
        change(next(resource for resource in data["resources"] if resource["name"] == name))
        return json.dumps(data, ensure_ascii=False)

    return damage


def _constraint(field, name, value):
    """Set a constraint of a field of the resource it is given."""

    def change(resource):
        next(f for f in resource["schema"]["fields"] if f["name"] == field)["constraints"][name] = value

    return change


DESCRIPTOR_DAMAGE = {
    "schema given as a path": _first_resource(lambda resource: resource.update(schema="schema.json")),
    "no schema": _first_resource(lambda resource: resource.pop("schema")),
    "hash not text": _first_resource(lambda resource: resource.update(hash=5)),
    "not JSON": lambda text: text[: len(text) // 2],
    "no resources": lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "resources"}),
    "path outside data/": lambda text: text.replace('"data/cities.parquet"', '"../escaped.parquet"', 1),
    "unsupported type": lambda text: text.replace('"type": "number"', '"type": "datetime"', 1),
    "no version": lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "version"}),
    # Rules the build reads itself, malformed: each was refused by frictionless's check of the descriptor.
    "foreign key naming no field": _in_table(
        "persons", lambda resource: resource["schema"]["foreignKeys"][0].update(fields=["nope"])
    ),
    "missing values given as text": _in_table("persons", lambda resource: resource["schema"].update(missingValues="")),
    "unique given as text": _in_table("cities", _constraint("city_id", "unique", "false")),
    "maxLength not a whole number": _in_table("cities", _constraint("evidence", "maxLength", 200.5)),
    "minLength given as text": _in_table("meetings", _constraint("evidence", "minLength", "2")),
    "required given as text": _in_table("roles", _constraint("evidence", "required", "no")),
    "enum given as text": _in_table("cities", _constraint("tier", "enum", "capital observer")),
}


@pytest.mark.parametrize("case", sorted(DESCRIPTOR_DAMAGE))
def test_damaged_descriptor_is_refused(project_copy, case):
    path = project_copy / "datapackage.json"
    path.write_text(DESCRIPTOR_DAMAGE[case](path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project_copy)
    _refused(project_copy, build(project_copy), "datapackage.json", None, None, before)
    assert not (project_copy.parent / "escaped.parquet").exists()
