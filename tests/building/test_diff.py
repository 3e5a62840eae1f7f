"""``c4data diff`` between two real builds finds exactly the rows changed, added and removed."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import REPO_ROOT, run_c4data

import c4data
from c4data.building.diff import UnreadablePackage, read_package
from c4data.formats.exporter import export
from c4data.model.descriptor import Descriptor

pytestmark = pytest.mark.cli

CHANGED = ("measures", "broad-social-participation", "name_en")
NEW_NAME = "Widened from a government platform to the participation of all of society"
REMOVED = ("participation", {"meeting_id": "6", "person_id": "chen-ying", "part": "quoted"})


def _rows(root: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    text = (root / "data" / "curated" / f"{table}.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _write(root: Path, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (root / "data" / "curated" / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def _copy_project(target: Path) -> Path:
    target.mkdir()
    shutil.copy2(REPO_ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(REPO_ROOT / "data", target / "data")
    return target


def _build(root: Path) -> None:
    result = run_c4data("build", "--root", root)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    """Two real builds: the curated data as committed, and a copy with one row changed, one added, one removed."""
    base = tmp_path_factory.mktemp("builds")
    old, new = _copy_project(base / "old"), _copy_project(base / "new")

    table, key, field = CHANGED
    header, rows = _rows(new, table)
    (row,) = [r for r in rows if r["measure_id"] == key]
    old_value, row[field] = row[field], NEW_NAME
    _write(new, table, header, rows)

    # Add a link between a measure and a city it does not involve yet, copying a sibling row's evidence.
    header, rows = _rows(new, "measure_cities")
    city_ids = sorted(r["city_id"] for r in _rows(new, "cities")[1])
    linked = {(r["measure_id"], r["city_id"]) for r in rows}
    template = rows[0]
    city = next(c for c in city_ids if (template["measure_id"], c) not in linked)
    rows.append(dict(template, city_id=city))
    rows.sort(key=lambda r: (r["measure_id"], r["city_id"]))
    _write(new, "measure_cities", header, rows)

    table_removed, removed_key = REMOVED
    header, rows = _rows(new, table_removed)
    kept = [r for r in rows if {k: r[k] for k in removed_key} != removed_key]
    assert len(kept) == len(rows) - 1
    _write(new, table_removed, header, kept)

    _build(old)
    _build(new)
    return {"old": old, "new": new, "old_value": old_value, "added": (template["measure_id"], city)}


def test_text_diff_lists_the_changed_added_and_removed_rows(builds):
    result = run_c4data("diff", builds["old"], builds["new"])
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    measure, city = builds["added"]
    assert "measures (key measure_id): 0 added, 0 removed, 1 changed" in lines
    assert "  ~ broad-social-participation" in lines
    assert f"      name_en: {builds['old_value']!r} -> {NEW_NAME!r}" in lines
    assert "measure_cities (key measure_id|city_id): 1 added, 0 removed, 0 changed" in lines
    assert f"  + {measure}|{city}" in lines
    assert "participation (key meeting_id|person_id|part): 0 added, 1 removed, 0 changed" in lines
    assert "  - 6|chen-ying|quoted" in lines
    # nothing else is reported: three tables differ, every other one is named as unchanged
    assert sum(line.startswith(("  +", "  -", "  ~")) for line in lines) == 3
    order = [r["name"] for r in json.loads(c4data.package_path().read_text(encoding="utf-8"))["resources"]]
    changed = {"measures", "measure_cities", "participation"}
    assert f"unchanged: {', '.join(n for n in order if n not in changed)}" in lines


def test_json_diff_gives_the_same_for_machines(builds):
    result = run_c4data("diff", builds["old"], builds["new"], "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["identical"] is False
    tables = report["tables"]
    assert tables["measures"]["changed"] == [
        {"key": ["broad-social-participation"], "fields": {"name_en": {"old": builds["old_value"], "new": NEW_NAME}}}
    ]
    assert tables["measure_cities"]["added"] == [list(builds["added"])]
    assert tables["participation"]["removed"] == [[6, "chen-ying", "quoted"]]
    assert tables["participation"]["primary_key"] == ["meeting_id", "person_id", "part"]
    statuses = {name: table["status"] for name, table in tables.items()}
    assert {name for name, status in statuses.items() if status != "unchanged"} == {
        "measures",
        "measure_cities",
        "participation",
    }
    assert statuses["measures"] == "changed"


def test_the_same_package_in_other_formats_is_identical(builds, tmp_path):
    zipped = export(tmp_path / "zip", format="zip", source=builds["new"])
    as_csv = export(tmp_path / "csv", format="csv", source=builds["new"])
    result = run_c4data("diff", zipped, as_csv)
    assert result.returncode == 0, result.stdout + result.stderr
    tables = len(json.loads((builds["new"] / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert result.stdout.splitlines()[-1] == f"no differences in {tables} tables"
    assert run_c4data("diff", builds["old"] / "datapackage.json", zipped).returncode == 1


def test_unreadable_input_exits_2_with_a_message(builds, tmp_path):
    missing = run_c4data("diff", builds["old"], tmp_path / "nowhere")
    assert missing.returncode == 2 and "no data package here" in missing.stderr
    broken = tmp_path / "broken"
    shutil.copytree(builds["old"], broken)
    (broken / "data" / "roles.parquet").write_bytes(b"not parquet")
    result = run_c4data("diff", builds["old"], broken)
    assert result.returncode == 2 and "cannot read table roles" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda descriptor: descriptor.update(resources=5), id="resources not a list"),
        pytest.param(lambda descriptor: descriptor["resources"].__setitem__(0, "x"), id="a resource not an object"),
        pytest.param(lambda descriptor: descriptor["resources"][0].update(schema="x"), id="a schema not an object"),
    ],
)
def test_a_badly_formed_descriptor_exits_2_with_a_message(builds, tmp_path, change):
    broken = tmp_path / "broken"
    shutil.copytree(builds["old"], broken)
    path = broken / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    result = run_c4data("diff", builds["old"], broken)
    assert result.returncode == 2 and "broken" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_removed_table_and_a_changed_key_are_reported_as_such(builds, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(builds["old"], changed)
    path = changed / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "roles"]
    (disagreements,) = [r for r in descriptor["resources"] if r["name"] == "disagreements"]
    # Two sources can differ from a row on the same field (the health cooperation's status, since issue 20).
    disagreements["schema"]["primaryKey"] = ["resource", "row_key", "field", "source_id"]
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    report = json.loads(run_c4data("diff", builds["old"], changed, "--format", "json").stdout)
    assert report["tables"]["roles"]["status"] == "removed"
    assert len(report["tables"]["roles"]["removed"]) == len(c4data.roles())
    assert report["tables"]["disagreements"]["status"] == "rekeyed"
    assert report["tables"]["cities"]["status"] == "unchanged"


# diff compares only what it can trust: every file is checked against the hash its descriptor records.


@pytest.mark.parametrize("format", ["parquet", "csv", "zip"])
def test_diff_of_a_package_whose_file_does_not_match_its_hash_exits_2(tmp_path, format):
    from bounded import run_cli

    target = tmp_path / ("c4data.zip" if format == "zip" else "package")
    export(target, format=format)
    descriptor = Descriptor.read(target / "datapackage.json") if format != "zip" else None
    for name in descriptor.resource_names if descriptor else ["cities"]:
        if descriptor is None:  # a zip: one member's rows changed, its recorded hash left as it was
            forged = tmp_path / "forged.zip"
            with zipfile.ZipFile(target) as source, zipfile.ZipFile(forged, "w") as copy:
                for info in source.infolist():
                    data = source.read(info)
                    copy.writestr(info, data.replace(b"Wuhan", b"Wuhan ") if info.filename.endswith(".csv") else data)
            checked = forged
        else:
            path = target / descriptor.table(name).path
            original = path.read_bytes()
            if format == "parquet":  # its last row dropped: readable Parquet, other rows, the old hash
                pq.write_table(pq.read_table(path).slice(0, -1 + len(pq.read_table(path))), path)
            else:  # a blank line added: the same rows to a CSV reader, other bytes
                path.write_bytes(original + b"\r\n")
            checked = target
        # Every table is checked against its hash by the reader diff uses; the command's exit, once per format.
        with pytest.raises(UnreadablePackage) as refused:
            read_package(checked)
        named = f"cannot read table {name}" if descriptor else "cannot read table"  # a zip: every CSV member forged
        assert "hash" in str(refused.value) and named in str(refused.value)
        if name == "cities":
            result = run_cli("diff", REPO_ROOT, checked)
            assert result.returncode == 2, (name, result.returncode, result.stderr[-500:])
            assert "hash" in result.stderr and "cannot read table" in result.stderr
        if descriptor is not None:
            path.write_bytes(original)
