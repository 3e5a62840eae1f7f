"""``c4data export`` checks once per write: what writing can break is read back (hashes, row counts, the types
of what was written), not the whole package validated again, which its build or ``validate`` already did."""

from __future__ import annotations

import subprocess
import sys

import pytest

import c4data
import c4data.formats.csv
from c4data.formats import FORMATS
from c4data.model.problems import PackageProblems

EXPORT_WITHOUT_FRICTIONLESS = """
import sys
sys.modules["frictionless"] = None  # any import of it fails
import c4data
target = sys.argv[1]
for name in ("parquet", "csv", "zip", "geojson"):
    c4data.export(f"{target}/{name}" + {"zip": ".zip"}.get(name, ""), format=name)
assert "frictionless" not in [m for m in sys.modules if sys.modules[m] is not None]
"""


def test_every_format_reads_back_what_writing_can_break():
    assert all(fmt.written is not None for fmt in FORMATS.values())


def test_an_export_needs_no_frictionless(tmp_path):
    """Before, every export imported frictionless first, to validate the written package again in full."""
    done = subprocess.run(
        [sys.executable, "-c", EXPORT_WITHOUT_FRICTIONLESS, str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["csv", "zip"])
def test_a_row_lost_in_writing_is_refused(tmp_path, monkeypatch, name):
    """A CSV file short of a row is still a valid package, so a second validation passed it; the row count
    read back does not."""
    write_csv = c4data.formats.csv.write_csv

    def lose_a_row(target, names, rows):
        write_csv(target, names, rows[:-1] if target.stem == "boundaries" else rows)

    monkeypatch.setattr(c4data.formats.csv, "write_csv", lose_a_row)
    target = tmp_path / ("out.zip" if name == "zip" else "out")
    with pytest.raises(PackageProblems) as raised:
        c4data.export(target, format=name)
    assert [(p.code, p.where.rsplit(" ", 1)[-1]) for p in raised.value.problems] == [
        ("written-file", "data/boundaries.csv")
    ]
    assert not target.exists()
