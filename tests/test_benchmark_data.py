"""The benchmark's synthetic packages are real packages: N copies of every table, valid."""

from __future__ import annotations

import importlib.util

import pyarrow.parquet as pq
from support import REPO_ROOT

from c4data.building.build import build
from c4data.building.validate import validate
from c4data.model.descriptor import Descriptor


def _synthetic_module():
    spec = importlib.util.spec_from_file_location("synthetic", REPO_ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_three_copies_build_and_validate_with_three_times_the_rows(tmp_path):
    copies = 3
    synthetic = _synthetic_module()
    rows = synthetic.write_synthetic_project(REPO_ROOT, tmp_path, copies)
    build(tmp_path)
    assert validate(tmp_path) == []
    real = Descriptor.read(REPO_ROOT / "datapackage.json")
    built = Descriptor.read(tmp_path / "datapackage.json")
    counted = 0
    for name in real.resource_names:
        expected = pq.read_metadata(real.data_file(name)).num_rows * copies
        assert pq.read_metadata(built.data_file(name)).num_rows == expected, name
        counted += expected
    assert rows == counted
