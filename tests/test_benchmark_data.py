"""The benchmark's synthetic packages are real packages: N copies of every table, valid."""

from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq
from support import REPO_ROOT

from c4data.building.validate import validate
from c4data.model.descriptor import Descriptor


def test_the_scaler_writes_and_builds_a_valid_package_of_three_times_the_rows(tmp_path):
    """``python benchmarks/synthetic.py COPIES TARGET --build`` writes and builds a valid package of that size, and
    refuses a target that exists."""
    copies, target = 3, tmp_path / "three"
    done = subprocess.run(
        [sys.executable, REPO_ROOT / "benchmarks" / "synthetic.py", str(copies), target, "--build"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert validate(target) == []
    real = Descriptor.read(REPO_ROOT / "datapackage.json")
    built = Descriptor.read(target / "datapackage.json")
    counted = 0
    for name in real.resource_names:
        expected = pq.read_metadata(real.data_file(name)).num_rows * copies
        assert pq.read_metadata(built.data_file(name)).num_rows == expected, name
        counted += expected
    assert f"{copies} copies, {counted:,} rows" in done.stdout
    refused = subprocess.run(
        [sys.executable, REPO_ROOT / "benchmarks" / "synthetic.py", "2", target], capture_output=True, text=True
    )
    assert refused.returncode == 2 and "exists" in refused.stderr
