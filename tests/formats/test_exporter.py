"""``c4data export``: each format is a complete package that frictionless validates, written all or nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import frictionless
import pyarrow.parquet as pq
import pytest
from support import run_c4data

import c4data
import c4data.formats.csv
import c4data.formats.exporter

pytestmark = pytest.mark.cli

SHIPPED = json.loads(c4data.package_path().read_text(encoding="utf-8"))
VERSION = SHIPPED["version"]


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _valid_under_frictionless(source: Path) -> None:
    report = frictionless.Package(str(source)).validate()
    assert report.valid, report.flatten(["type", "note", "message"])
    assert sorted(task.name for task in report.tasks) == sorted(r["name"] for r in SHIPPED["resources"])


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """Each format exported once by the installed command, into a directory that does not exist yet."""
    base = tmp_path_factory.mktemp("exports")
    written = {}
    for form in ("parquet", "csv", "zip"):  # xlsx and geojson: test_xlsx.py, test_geojson.py
        target = base / ("c4data.zip" if form == "zip" else form)
        result = run_c4data("export", target, "--format", form)
        assert result.returncode == 0, result.stderr
        written[form] = target
    return written


def test_parquet_export_validates_with_hashes_of_the_shipped_files(exported):
    """frictionless's verdict on the shipped package (tests/model/test_descriptor.py) is its verdict on the export:
    the export's descriptor is valid metadata with the same table schemas, and its files are the same bytes."""
    target = exported["parquet"]
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note", "message"])
    assert [(r["name"], r["schema"]) for r in descriptor["resources"]] == [
        (r["name"], r["schema"]) for r in SHIPPED["resources"]
    ]
    assert descriptor["version"] == VERSION
    shipped_dir = c4data.package_path().parent
    for resource in descriptor["resources"]:
        data = (target / resource["path"]).read_bytes()
        assert resource["format"] == "parquet" and resource["path"].endswith(".parquet")
        assert resource["hash"] == _sha256(data)
        assert data == (shipped_dir / resource["path"]).read_bytes()
        # frictionless 5.21 cannot count bytes for Parquet and fails any declared size
        assert "bytes" not in resource


def test_csv_export_validates_with_hash_bytes_and_format_of_each_csv(exported):
    target = exported["csv"]
    _valid_under_frictionless(target / "datapackage.json")
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        data = (target / resource["path"]).read_bytes()
        assert resource["path"] == f"data/{resource['name']}.csv"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
        assert resource["hash"] == _sha256(data) and resource["bytes"] == len(data)
        # Excel shows UTF-8 (and so the Chinese) only when the file starts with a byte-order mark
        assert data.startswith(b"\xef\xbb\xbf")


def test_frictionless_notices_a_csv_that_does_not_match_its_hash(exported, tmp_path):
    copy = tmp_path / "csv"
    shutil.copytree(exported["csv"], copy)
    path = copy / "data" / "cities.csv"
    path.write_bytes(path.read_bytes().replace("武汉".encode(), "汉口".encode()))
    report = frictionless.Package(str(copy / "datapackage.json")).get_resource("cities").validate()
    assert not report.valid
    assert {"hash-count"} <= {error_type for (error_type,) in report.flatten(["type"])}


def test_csv_cells_hold_the_shipped_values_and_empty_cells_for_missing_ones(exported):
    shipped_dir = c4data.package_path().parent
    for resource in SHIPPED["resources"]:
        table = pq.read_table(shipped_dir / resource["path"]).to_pylist()
        text = (exported["csv"] / "data" / f"{resource['name']}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(rows) == len(table), resource["name"]
        for parquet_row, csv_row in zip(table, rows, strict=True):
            for name, value in parquet_row.items():
                if value is None:
                    assert csv_row[name] == "", (resource["name"], name)
                elif isinstance(value, float):
                    assert float(csv_row[name]) == value
                else:
                    assert csv_row[name] == str(value)
    assert "武汉市" in (exported["csv"] / "data" / "cities.csv").read_text(encoding="utf-8-sig")


def test_zip_export_is_the_csv_package_in_one_file_at_the_path_given(exported):
    archive_path = exported["zip"]
    assert archive_path.is_file()
    assert [p.name for p in archive_path.parent.iterdir() if p.name.endswith(".zip")] == ["c4data.zip"]
    _valid_under_frictionless(archive_path)
    with zipfile.ZipFile(archive_path) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        members = set(archive.namelist())
        papers = set(c4data.formats.papers.PAPERS)  # README, licence and citation travel with the data
        assert members == {"datapackage.json", *(r["path"] for r in descriptor["resources"]), "read_c4data.R", *papers}
        assert archive.read("read_c4data.R") == (exported["csv"] / "read_c4data.R").read_bytes()
        for resource in descriptor["resources"]:
            assert resource["format"] == "csv"
            assert resource["hash"] == _sha256(archive.read(resource["path"]))
        # byte for byte the CSV export, so that Excel and R users get the same files either way
        assert archive.read("data/cities.csv") == (exported["csv"] / "data" / "cities.csv").read_bytes()


def test_python_api_exports_and_returns_the_descriptor(tmp_path):
    written = c4data.export(tmp_path / "out", format="csv")
    assert written == tmp_path / "out" / "datapackage.json"
    assert written.is_file()
    with pytest.raises(ValueError, match="parquet, csv, zip, xlsx, geojson"):
        c4data.export(tmp_path / "other", format="shapefile")


def _leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.startswith(c4data.formats.exporter.STAGING_PREFIX)]


def test_non_empty_directory_is_refused_without_force_and_an_earlier_export_replaced_with_it(tmp_path):
    target = tmp_path / "out"
    c4data.export(target, format="csv")
    refused = run_c4data("export", target)
    assert refused.returncode == 1
    assert "not empty" in refused.stderr and "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert (target / "data" / "cities.csv").is_file()
    forced = run_c4data("export", target, "--format", "parquet", "--force")
    assert forced.returncode == 0, forced.stderr
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [c4data.formats.exporter.EXPORT_MARKER, "data", "datapackage.json", *c4data.formats.papers.PAPERS]
    )
    assert _leftovers(tmp_path) == []


def test_a_one_file_export_refuses_a_directory_and_an_existing_file_without_force(tmp_path):
    (tmp_path / "folder").mkdir()
    refused = run_c4data("export", tmp_path / "folder", "--format", "zip")
    assert refused.returncode == 1 and "is a directory" in refused.stderr and "Traceback" not in refused.stderr
    (tmp_path / "mine.zip").write_text("mine", encoding="utf-8")
    refused = run_c4data("export", tmp_path / "mine.zip", "--format", "zip")
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert (tmp_path / "mine.zip").read_text(encoding="utf-8") == "mine"
    assert _leftovers(tmp_path) == []  # --force on a file: tests/files/test_replacing.py


def test_empty_directory_is_used(tmp_path):
    (tmp_path / "out").mkdir()
    assert run_c4data("export", tmp_path / "out").returncode == 0
    assert (tmp_path / "out" / "datapackage.json").is_file()


def test_export_over_the_package_itself_is_refused(tmp_path):
    result = run_c4data("export", c4data.package_path().parent, "--force")
    assert result.returncode == 1 and "directory of its own" in result.stderr
    assert c4data.package_path().is_file()


def _fail_after_first(exception: BaseException, real):
    calls = []

    def failing(*args, **kwargs):
        if calls:
            raise exception
        calls.append(args)
        return real(*args, **kwargs)

    return failing


@pytest.mark.parametrize("exception", [OSError(28, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("existing", [False, True])
def test_a_failed_csv_export_leaves_nothing_half_written(tmp_path, monkeypatch, exception, existing):
    target = tmp_path / "out"
    if existing:
        c4data.export(target, format="parquet")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    monkeypatch.setattr(c4data.formats.csv, "write_csv", _fail_after_first(exception, c4data.formats.csv.write_csv))
    with pytest.raises(type(exception)):
        c4data.export(target, format="csv", force=True)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    assert _leftovers(tmp_path) == []


def test_a_disk_full_while_zipping_leaves_no_zip(tmp_path, monkeypatch):
    real = zipfile.ZipFile.writestr
    monkeypatch.setattr(zipfile.ZipFile, "writestr", _fail_after_first(OSError(28, "No space left on device"), real))
    with pytest.raises(OSError):
        c4data.export(tmp_path / "out.zip", format="zip")
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_export_is_not_moved_into_place(tmp_path, monkeypatch):
    """If the written package does not validate, the export stops before anything reaches the target."""
    monkeypatch.setattr(c4data.formats.csv, "_csv_cell", lambda value: "garbled")
    with pytest.raises(c4data.formats.exporter.PackageProblems, match="does not validate"):
        c4data.export(tmp_path / "out", format="csv")
    assert list(tmp_path.iterdir()) == []


def test_the_same_package_gives_the_same_zip(exported, tmp_path):
    again = c4data.export(tmp_path / "again.zip", format="zip")
    assert again == tmp_path / "again.zip"
    assert again.read_bytes() == exported["zip"].read_bytes()


def test_a_damaged_package_is_not_exported(project_copy, tmp_path):
    path = project_copy / "data" / "cities.parquet"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(c4data.formats.exporter.PackageProblems, match="do not match their hashes") as error:
        c4data.formats.exporter.export(tmp_path / "out", source=project_copy)
    assert "data/cities.parquet" in str(error.value)
    assert not (tmp_path / "out").exists()
