"""A missing optional library is one line naming the extra to install, exit 1, never a traceback (issue 18 item 4).

Each command is run as a user runs it, with the library's import made to fail (``sys.modules[name] = None``),
as ``tests/test_cli.py`` does for frictionless.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import REPO_ROOT

import c4data
from c4data.model.errors import MissingDependency
from c4data.model.extras import require

WITHOUT = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None
from c4data.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _run_without(modules: str, *args: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-P", "-c", WITHOUT, modules, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def _says_install(result: subprocess.CompletedProcess[str], extra: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr  # one line
    assert f"pip install 'c4data[{extra}]'" in result.stderr


def test_the_helper_names_the_extra_and_is_a_c4data_error():
    with pytest.raises(MissingDependency, match=r"pip install 'c4data\[xlsx\]'") as missing:
        require("c4data_no_such_library", "xlsx", "openpyxl")
    assert isinstance(missing.value, c4data.C4DataError) and missing.value.package == "openpyxl"


@pytest.mark.cli
def test_export_xlsx_without_openpyxl(tmp_path):
    result = _run_without("openpyxl", "export", tmp_path / "book.xlsx", "--format", "xlsx")
    _says_install(result, "xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.cli
def test_validate_a_workbook_without_openpyxl(tmp_path):
    (tmp_path / "book.xlsx").write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip, named as a workbook
    _says_install(_run_without("openpyxl", "validate", tmp_path / "book.xlsx"), "xlsx")


@pytest.mark.cli
def test_site_without_nbconvert(tmp_path):
    result = _run_without("nbconvert", "site", tmp_path / "site", "--notebooks", REPO_ROOT / "notebooks")
    _says_install(result, "site")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.cli
def test_draft_without_its_libraries(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("2013年2月,首届会商会在武汉召开。", encoding="utf-8")
    _says_install(_run_without("jieba,opencc,cn2an,pypinyin", "draft", report), "draft")


@pytest.mark.parametrize(
    ("module", "call", "extra"),
    [
        ("duckdb", "c4data.connect()", "duckdb"),
        ("polars", "c4data.cities(backend='polars')", "polars"),
        ("matplotlib", "from c4data import plotting; plotting.use_font()", "notebooks"),
    ],
)
def test_the_library_raises_missing_dependency_naming_the_extra(module, call, extra):
    program = (
        f"import sys\nsys.modules[{module!r}] = None\nimport c4data\n"
        f"try:\n    {call}\nexcept c4data.MissingDependency as error:\n    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-P", "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"pip install 'c4data[{extra}]'" in result.stdout
