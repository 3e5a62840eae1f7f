"""Random damage to the curated CSV files: each build either succeeds and validates, or refuses cleanly.

Refusing cleanly means: ``PackageProblems`` (the command line prints it and exits 1), every problem
naming the curated file it is in, and the previous Parquet files and descriptor byte for byte unchanged.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support import REPO_ROOT, SOURCES_ENV, snapshot

from c4data.building.build import STAGING_PREFIX, build
from c4data.building.validate import validate
from c4data.model.problems import PackageProblems

pytestmark = pytest.mark.slow

CURATED = REPO_ROOT / "data" / "curated"
CURATED_FILES = sorted(path.name for path in CURATED.glob("*.csv"))
ORIGINAL = {name: (CURATED / name).read_bytes() for name in CURATED_FILES}

# Bytes a careless edit, a spreadsheet or a bad copy might put into a file.
FRAGMENTS = [
    b",",
    b'"',
    b"\n",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xe9",
    b" ",
    b"x",
    b"0",
    b"-1",
    b"9" * 25,
    b"nan",
    b"inf",
    b"1e999",
    b"NA",
    b"planned",
    b"2013-13",
    b"999999",
    "长江".encode(),
    "《》".encode(),
]
# Whole cells: empty, of the wrong type, out of range, or a value from another column.
CELLS = ["", "x", "0", "-1", "1.5", "1e999", "nan", "999999", "2018-02-30", "planned", "stated", "c4", "长沙", '"']


KINDS = ["insert", "delete", "replace", "truncate", "drop", "repeat", "swap", "cell"]


@dataclass(frozen=True)
class Damage:
    """One random change to one curated file; shown short when hypothesis reports a failing example."""

    file: str
    kind: str
    offset: int  # a byte, for insert, delete, replace and truncate
    line: int  # a data row, for drop, repeat, swap and cell
    other: int  # the row swapped with, the cell replaced, or the bytes deleted
    fragment: bytes
    cell: str

    def apply(self) -> bytes:
        data = ORIGINAL[self.file]
        at = self.offset % len(data)
        lines = data.split(b"\n")  # the last item is empty: files end with a newline
        line, other = 1 + self.line % (len(lines) - 2), 1 + self.other % (len(lines) - 2)
        if self.kind == "insert":
            return data[:at] + self.fragment + data[at:]
        if self.kind == "delete":
            return data[:at] + data[at + 1 + self.other % 8 :]
        if self.kind == "replace":
            return data[:at] + self.fragment + data[at + 1 :]
        if self.kind == "truncate":
            return data[:at]
        if self.kind == "drop":
            return b"\n".join(lines[:line] + lines[line + 1 :])
        if self.kind == "repeat":
            return b"\n".join(lines[: line + 1] + lines[line:])
        if self.kind == "swap":
            lines[line], lines[other] = lines[other], lines[line]
            return b"\n".join(lines)
        cells = lines[line].decode("utf-8").split(",")  # quoted commas make this rougher still, which is fine
        cells[self.other % len(cells)] = self.cell
        lines[line] = ",".join(cells).encode("utf-8")
        return b"\n".join(lines)


damages = st.builds(
    Damage,
    file=st.sampled_from(CURATED_FILES),
    kind=st.sampled_from(KINDS),
    offset=st.integers(0, 1 << 20),
    line=st.integers(0, 1 << 10),
    other=st.integers(0, 1 << 10),
    fragment=st.sampled_from(FRAGMENTS),
    cell=st.sampled_from(CELLS),
)


@pytest.fixture(scope="module")
def reference_texts() -> Path | None:
    value = os.environ.get(SOURCES_ENV)
    return Path(value).resolve() if value else None


@settings(
    max_examples=int(os.environ.get("C4DATA_FUZZ_EXAMPLES", "30")),  # raise it for a longer search
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is repeatable; raise the count to explore further
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(damage=damages)
def test_a_damaged_curated_file_builds_and_validates_or_is_refused_cleanly(damage, reference_texts):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copy2(REPO_ROOT / "datapackage.json", root / "datapackage.json")
        shutil.copytree(REPO_ROOT / "data", root / "data")
        (root / "data" / "curated" / damage.file).write_bytes(damage.apply())
        before = snapshot(root)
        try:
            build(root, reference_texts)
        except PackageProblems as refusal:
            event("refused")
            assert refusal.problems, "refused without saying why"
            # The damage may surface in another file (a key removed here dangles there), but always in a file.
            assert all(problem.where.startswith("data/curated/") for problem in refusal.problems), str(refusal)
            assert snapshot(root) == before, "a refused build changed the package"
        else:
            event("built")
            assert validate(root, reference_texts) == []
        assert not [path for path in root.iterdir() if path.name.startswith(STAGING_PREFIX)]
