"""``source=`` reads c4data's own exports: the CSV package and the zip (a release's asset), typed and checked as
the installed package is, and the Parquet package zipped as a release's asset. One export of each per module
keeps the suite fast."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from support import record_hash

import c4data
from c4data.files.archive import zip_directory

BACKENDS = ("pandas", "polars", "pyarrow")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, shipped_export) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("exports")
    return {
        "csv": shipped_export("csv").parent,
        "zip": shipped_export("zip"),
        # as the release's Parquet asset
        "parquet zip": zip_directory(shipped_export("parquet").parent, root / "c4data-parquet.zip"),
    }


def _same(theirs: object, ours: object, backend: str) -> None:
    if backend == "pandas":
        pd.testing.assert_frame_equal(theirs, ours)
    else:
        assert theirs.equals(ours)  # type: ignore[attr-defined]  # polars and pyarrow compare values and types


@pytest.mark.parametrize("kind", ["csv", "zip", "parquet zip"])
def test_an_export_reads_back_as_the_installed_tables_in_every_backend(exports, kind):
    for backend in BACKENDS:
        theirs = c4data.tables(backend=backend, source=exports[kind])
        ours = c4data.tables(backend=backend)
        assert list(theirs) == list(ours)
        for name in ours:
            _same(theirs[name], ours[name], backend)
    _same(c4data.measures(source=exports[kind]), c4data.measures(), "pandas")


def test_a_changed_file_of_a_csv_package_is_refused_and_the_others_still_read(exports, tmp_path):
    package = Path(shutil.copytree(exports["csv"], tmp_path / "csv"))
    cities = package / "data" / "cities.csv"
    cities.write_text(cities.read_text(encoding="utf-8-sig").replace("Wuhan", "Wuhan City"), encoding="utf-8-sig")
    with pytest.raises(c4data.DataIntegrityError, match=r"cities\.csv.*sha256.*not the installed package"):
        c4data.cities(source=package)
    assert len(c4data.meetings(source=package)) == len(c4data.meetings())


def test_a_csv_cell_that_is_not_its_fields_type_is_refused_even_with_its_hash_recorded(exports, tmp_path):
    package = Path(shutil.copytree(exports["csv"], tmp_path / "csv"))
    meetings = package / "data" / "meetings.csv"
    lines = meetings.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[1] = "ten" + lines[1][lines[1].index(",") :]  # meeting_id is an integer
    meetings.write_text("".join(lines), encoding="utf-8-sig")
    record_hash(package / "datapackage.json", "meetings")
    with pytest.raises(c4data.DataIntegrityError, match=r"meetings\.csv.*not readable CSV of its fields' types"):
        c4data.meetings(source=package)


def test_a_zip_member_changed_after_the_export_is_refused(exports, tmp_path):
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(exports["zip"]) as original, zipfile.ZipFile(changed, "w") as copy:
        for member in original.infolist():
            data = original.read(member)
            if member.filename == "data/cities.csv":
                data = data.replace(b"Wuhan", b"Wuhan City")
            copy.writestr(member, data)
    with pytest.raises(c4data.DataIntegrityError, match=r"cities\.csv.*sha256"):
        c4data.cities(source=changed)
    assert len(c4data.sources(source=changed)) == len(c4data.sources())


def test_a_csv_table_past_the_row_limit_is_refused(exports, monkeypatch):
    monkeypatch.setattr("c4data.reading.packages.MAX_ROWS", len(c4data.meetings()) - 1)
    with pytest.raises(c4data.DataIntegrityError, match=r"meetings\.csv.*past the limit"):
        c4data.meetings(source=exports["zip"])


def _with_line(package: Path, index: int, change) -> Path:
    """The CSV package with one line of meetings.csv changed (its ending kept), the hash recorded to match."""
    meetings = package / "data" / "meetings.csv"
    lines = meetings.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    body = lines[index].rstrip("\r\n")
    lines[index] = change(body) + lines[index][len(body) :]
    meetings.write_text("".join(lines), encoding="utf-8-sig", newline="")
    record_hash(package / "datapackage.json", "meetings")
    return package


def test_a_csv_header_or_row_wider_than_its_fields_is_refused_with_a_short_message(exports, tmp_path):
    """Found in review: a header of 120,000 names was compared with the fields only after every row was parsed
    (29 s, 3.5 GiB), and the message printed the whole header."""
    wide = _with_line(Path(shutil.copytree(exports["csv"], tmp_path / "wide")), 0, lambda line: line + ",x" * 5_000)
    with pytest.raises(c4data.DataIntegrityError, match=r"meetings\.csv: its header names the columns") as refused:
        c4data.meetings(source=wide)
    assert len(str(refused.value)) < 3_000 and "4,9" in str(refused.value)  # the rest counted, not listed
    row = _with_line(Path(shutil.copytree(exports["csv"], tmp_path / "row")), 1, lambda line: line + ",x" * 5_000)
    with pytest.raises(c4data.DataIntegrityError, match=r"meetings\.csv.*not readable CSV"):
        c4data.meetings(source=row)
