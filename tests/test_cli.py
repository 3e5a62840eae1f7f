"""``c4data info`` and ``c4data validate`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import record_hash, run_c4data, snapshot

import c4data

pytestmark = pytest.mark.cli


def test_info_shows_version_tables_sources_and_licence(checkout_descriptor):
    result = run_c4data("info")
    assert result.returncode == 0, result.stderr
    assert f"c4data {checkout_descriptor['version']}" in result.stdout
    base = c4data.package_path().parent
    for resource in checkout_descriptor["resources"]:
        rows = pq.read_metadata(base / resource["path"]).num_rows
        assert any(line.split()[:2] == [resource["name"], str(rows)] for line in result.stdout.splitlines())
    for source_id in c4data.sources()["source_id"]:
        assert source_id in result.stdout
    assert "CC-BY-4.0" in result.stdout and "MIT" in result.stdout


def test_validate_accepts_a_directory_or_a_descriptor(project_copy):
    assert run_c4data("validate", project_copy).returncode == 0
    assert run_c4data("validate", project_copy / "datapackage.json").returncode == 0


def _rewrite(project_copy, table: str, change) -> None:
    """Rewrite one Parquet file with ``change`` applied."""
    path = project_copy / "data" / f"{table}.parquet"
    pq.write_table(change(pq.read_table(path)), path)


def test_validate_reports_a_changed_file_by_its_hash(project_copy):
    _rewrite(project_copy, "cities", lambda t: t.slice(0, 10))
    result = run_c4data("validate", project_copy)
    assert result.returncode == 1
    assert "data/cities.parquet" in result.stderr and "sha256" in result.stderr
    assert "Traceback" not in result.stderr


def _set_cell_and_rehash(project_copy, table: str, row: int, column: str, value) -> None:
    """Change one cell of a Parquet table and record the file's new hash, as a careless hand edit would."""

    def change(data: pa.Table) -> pa.Table:
        index = data.schema.get_field_index(column)
        values = data.column(index).to_pylist()
        values[row] = value
        return data.set_column(index, column, pa.array(values, data.schema.field(index).type))

    _rewrite(project_copy, table, change)
    record_hash(project_copy / "datapackage.json", table)


PARQUET_CELL_EDITS = {
    "null in a required number": (("cities", 2, "latitude", None), ["cities, row 3, field 'latitude'"]),
    "dangling key": (
        ("measure_cities", 0, "city_id", "999999"),
        ["measure_cities, row 1, field 'city_id'", "foreign-key"],
    ),
    "value outside an enum": (("measures", 4, "status", "abandoned"), ["measures, row 5, field 'status'", "enum"]),
}


@pytest.mark.parametrize("case", sorted(PARQUET_CELL_EDITS))
def test_validate_reports_a_bad_cell_with_row_and_field(project_copy, case):
    edit, expected = PARQUET_CELL_EDITS[case]
    _set_cell_and_rehash(project_copy, *edit)
    result = run_c4data("validate", project_copy)
    assert result.returncode == 1
    for text in expected:
        assert text in result.stderr


def test_validate_reports_a_column_stored_with_another_type(project_copy):
    _rewrite(
        project_copy,
        "meetings",
        lambda t: t.set_column(t.schema.get_field_index("year"), "year", t.column("year").cast(pa.int32())),
    )
    record_hash(project_copy / "datapackage.json", "meetings")
    result = run_c4data("validate", project_copy)
    assert result.returncode == 1
    assert "data/meetings.parquet, field 'year': is stored as int32" in result.stderr


def test_python_dash_m_is_the_same_command():
    script = Path(sys.executable).parent / "c4data"
    direct = subprocess.run([script, "info"], capture_output=True, text=True, timeout=120)
    assert direct.returncode == 0
    assert direct.stdout == run_c4data("info").stdout


PARQUET_DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbage": lambda data: b"not a parquet file",
    "empty": lambda data: b"",
}


@pytest.mark.parametrize("case", sorted(PARQUET_DAMAGE))
def test_validate_reports_an_unreadable_file(project_copy, case):
    path = project_copy / "data" / "meetings.parquet"
    path.write_bytes(PARQUET_DAMAGE[case](path.read_bytes()))
    result = run_c4data("validate", project_copy)
    assert result.returncode == 1
    assert "data/meetings.parquet" in result.stderr and "Traceback" not in result.stderr


def test_validate_reports_a_deleted_file(project_copy):
    (project_copy / "data" / "roles.parquet").unlink()
    result = run_c4data("validate", project_copy)
    assert result.returncode == 1
    assert "data/roles.parquet" in result.stderr and "missing" in result.stderr


def test_validate_reports_a_descriptor_that_is_not_json(project_copy):
    path = project_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:100], encoding="utf-8")
    result = run_c4data("validate", project_copy)
    assert result.returncode == 1
    assert "datapackage.json" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda resource: resource.update(schema="schema.json"), id="schema given as a path"),
        pytest.param(lambda resource: resource.pop("schema"), id="no schema"),
        pytest.param(lambda resource: resource.update(hash=5), id="hash not text"),
    ],
)
def test_validate_reports_a_badly_formed_descriptor_without_a_traceback(project_copy, change):
    path = project_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor["resources"][0])
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    result = run_c4data("validate", project_copy)
    assert result.returncode == 1
    assert "datapackage.json" in result.stderr and "Traceback" not in result.stderr


def test_an_operating_system_error_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    result = run_c4data("export", tmp_path / "a-file" / "package")
    assert result.returncode == 1
    assert "c4data export:" in result.stderr and "a-file" in result.stderr
    assert "Traceback" not in result.stderr


# frictionless is the `frictionless` extra: the core install loads tables without it, and the commands
# that need it say how to install it. Setting sys.modules["frictionless"] = None makes its import fail.
WITHOUT_FRICTIONLESS = """
import sys
sys.modules["frictionless"] = None
from c4data.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "command", ["validate"]
)  # export reads back only what it wrote (tests/formats/test_written.py)
def test_a_command_that_needs_frictionless_says_how_to_install_it(project_copy, tmp_path, command):
    arguments = {"validate": [project_copy]}
    before = snapshot(project_copy)
    result = subprocess.run(
        [sys.executable, "-P", "-c", WITHOUT_FRICTIONLESS, command, *map(str, arguments[command])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "pip install 'c4data[frictionless]'" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project_copy) == before


def test_build_runs_without_frictionless(project_copy):
    """The build checks the curated rows itself (c4data.checks.table_schema): the core install can build."""
    curated = project_copy / "data" / "curated" / "meetings.csv"
    curated.write_text(curated.read_text(encoding="utf-8").replace("\n1,", "\n1x,", 1), encoding="utf-8")
    command = [sys.executable, "-P", "-c", WITHOUT_FRICTIONLESS, "build", "--root", str(project_copy)]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "data/curated/meetings.csv, line 2, field 'meeting_id'" in refused.stderr
    assert "type-error" in refused.stderr and "Traceback" not in refused.stderr
    curated.write_text(curated.read_text(encoding="utf-8").replace("\n1x,", "\n1,", 1), encoding="utf-8")
    built = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    assert "nothing replaced" in built.stdout


def test_tables_load_and_info_runs_without_frictionless():
    program = WITHOUT_FRICTIONLESS.replace("from c4data.cli", "import c4data; c4data.tables()\nfrom c4data.cli")
    result = subprocess.run([sys.executable, "-P", "-c", program, "info"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
