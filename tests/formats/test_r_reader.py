"""``read_c4data.R``, shipped in every CSV export, reads the tables in R typed as the descriptor declares them.

The R checks need R with readr (Debian's ``r-base-core`` and ``r-cran-readr``; ``.ci/run`` installs them
best effort); without them they are skipped, saying so. The script is also checked without R: it is
generated from the descriptor, ships in the CSV directory and in the zip, and a zip holding it is still
an export ``--force`` may replace.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import subprocess
import zipfile

import pytest
from support import REPO_ROOT, run_c4data

import c4data
from c4data.formats.exporter import check_file_target
from c4data.model.errors import ExportRefused

pytestmark = pytest.mark.slow

DESCRIPTOR = json.loads(c4data.package_path().read_text(encoding="utf-8"))
RSCRIPT = shutil.which("Rscript")


def _has_readr() -> bool:
    if RSCRIPT is None:
        return False
    found = subprocess.run([RSCRIPT, "-e", "library(readr)"], capture_output=True, text=True, timeout=60)
    return found.returncode == 0


needs_r = pytest.mark.skipif(
    not _has_readr(), reason="no R with readr: install Debian's r-base-core and r-cran-readr to test the R reader"
)
READER = "read_c4data.R"
MISSING = "\\N"


@pytest.fixture(scope="module")
def csv_export(tmp_path_factory):
    target = tmp_path_factory.mktemp("r") / "c4data-csv"
    result = run_c4data("export", target, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return target


def test_every_csv_export_ships_the_reader_generated_from_its_descriptor(csv_export, tmp_path):
    script = (csv_export / READER).read_text(encoding="utf-8")
    for resource in DESCRIPTOR["resources"]:
        assert f'"{resource["name"]}" = list(' in script
        for field in resource["schema"]["fields"]:
            assert f'"{field["name"]}" = readr::col_' in script
    zipped = c4data.export(tmp_path / "c4data.zip", format="zip")
    with zipfile.ZipFile(zipped) as archive:
        assert archive.read(READER).decode("utf-8") == script
    assert check_file_target(zipped, ".zip", force=True) == zipped  # still an export --force may replace
    with zipfile.ZipFile(zipped) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
        comment = archive.comment
    members[READER] += b"# mine\n"  # a reader changed by hand is the user's
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.comment = comment
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ExportRefused, match="changed since c4data wrote it"):
        check_file_target(zipped, ".zip", force=True)


def _expected_text(field: dict, value: object) -> str:
    if value is None:
        return MISSING
    if field.get("type") == "number":
        return f"{value:.17g}" if not math.isnan(value) else "NaN"
    return str(value)  # a date as YYYY-MM-DD, an integer in decimal, text as it is


R_TYPES = r"""
source(file.path(commandArgs(TRUE)[1], "read_c4data.R"))
tables <- read_c4data()
for (name in names(tables)) for (field in names(tables[[name]])) {
  column <- tables[[name]][[field]]
  cat(name, field, class(column)[1], is.ordered(column), paste(levels(column), collapse = "|"), sep = "\t")
  cat("\n")
}
"""

R_VALUES = r"""
source(file.path(commandArgs(TRUE)[1], "read_c4data.R"))
tables <- read_c4data()
out <- commandArgs(TRUE)[2]
as_text <- function(column) {
  text <- if (is.double(column) && !inherits(column, "Date")) sprintf("%.17g", column) else as.character(column)
  ifelse(is.na(column), "\\N", enc2utf8(text))
}
for (name in names(tables)) {
  columns <- lapply(tables[[name]], as_text)
  lines <- c(paste(names(columns), collapse = "\t"), do.call(paste, c(columns, sep = "\t")))
  writeLines(lines, file.path(out, paste0(name, ".tsv")), useBytes = TRUE)
}
"""

# The class R gives a column of each Table Schema type; an enumerated field is a factor.
R_CLASSES = {"string": "character", "integer": "integer", "number": "numeric", "date": "Date"}


def _rscript(program: str, *arguments: object, cwd=None) -> subprocess.CompletedProcess[str]:
    # The C locale, as a bare R session may run: the reader must not depend on the user's locale.
    env = {"PATH": "/usr/bin:/bin", "LANG": "C", "LC_ALL": "C"}
    return subprocess.run(
        [str(RSCRIPT), "-e", program, *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


@needs_r
def test_r_reads_each_column_with_its_declared_type(csv_export):
    result = _rscript(R_TYPES, csv_export)
    assert result.returncode == 0, result.stderr[-3000:]
    found = {tuple(line.split("\t")[:2]): line.split("\t")[2:] for line in result.stdout.splitlines()}
    expected = {}
    for resource in DESCRIPTOR["resources"]:
        for field in resource["schema"]["fields"]:
            enum = field.get("constraints", {}).get("enum")
            if enum:
                kind = "ordered" if field.get("categoriesOrdered") else "factor"
                expected[resource["name"], field["name"]] = [kind, str(bool(field.get("categoriesOrdered"))).upper()]
                expected[resource["name"], field["name"]].append("|".join(enum))
            else:
                expected[resource["name"], field["name"]] = [R_CLASSES[field.get("type", "string")], "FALSE", ""]
    assert found == expected


@needs_r
def test_r_reads_every_value_as_the_package_holds_it(csv_export, tmp_path):
    result = _rscript(R_VALUES, csv_export, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    tables = c4data.tables(backend="pyarrow")
    for resource in DESCRIPTOR["resources"]:
        fields = resource["schema"]["fields"]
        rows = tables[resource["name"]].to_pylist()
        expected = [[field["name"] for field in fields]]
        expected += [[_expected_text(field, row[field["name"]]) for field in fields] for row in rows]
        text = (tmp_path / f"{resource['name']}.tsv").read_text(encoding="utf-8")
        found = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
        assert found == expected, resource["name"]


@needs_r
def test_the_readmes_three_lines_run_in_r(csv_export):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```r\n", 1)[1].split("```", 1)[0]
    result = _rscript(block, cwd=csv_export.parent)
    assert result.returncode == 0, result.stderr[-3000:]
