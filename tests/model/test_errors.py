"""Every error c4data raises is a C4DataError importable from c4data; problems carry their check's code."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

import c4data
from c4data.building.build import build
from c4data.reading.load import load_table

ERRORS = ["DataIntegrityError", "ExportRefused", "MissingDependency", "PackageProblems", "UnknownTable"]


@pytest.mark.parametrize("name", ERRORS)
def test_every_error_is_a_c4data_error_importable_from_c4data(name):
    error = getattr(c4data, name)
    assert issubclass(error, c4data.C4DataError) and name in c4data.__all__


def test_dir_lists_the_names_imported_on_demand():
    assert {"C4DataError", *ERRORS, "__version__"} <= set(dir(c4data))
    assert set(c4data.__all__) <= set(dir(c4data))


def test_the_errors_import_nothing_heavy():
    heavy = "('pandas', 'pyarrow', 'frictionless')"
    program = f"import sys, c4data; c4data.C4DataError; print(sorted(m for m in {heavy} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-P", "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_an_unknown_table_names_the_tables_there_are():
    with pytest.raises(c4data.UnknownTable) as raised:
        load_table("citys")
    assert isinstance(raised.value, KeyError)  # as before, for code that caught KeyError
    message = str(raised.value)
    assert message.startswith("no table named 'citys'")
    assert all(name in message for name in c4data.tables())


def test_a_failed_build_carries_each_problem_with_its_code(project_copy):
    path = project_copy / "data" / "curated" / "meetings.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0]["date"] = "2013-02-30"
    rows[1]["meeting_id"] = "x"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(c4data.PackageProblems) as raised:
        build(project_copy)
    assert isinstance(raised.value, c4data.C4DataError)
    found = {(problem.code, problem.line, problem.field) for problem in raised.value.problems}
    assert ("calendar-date", 2, "date") in found
    assert ("type-error", 3, "meeting_id") in found
    assert all(raised.value.codes)
