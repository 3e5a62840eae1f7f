"""Every read checks the file against its hash, and the advice in the error fits how c4data was installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import REPO_ROOT, record_hash

import c4data
import c4data.reading.load
from c4data.model.descriptor import Descriptor
from c4data.reading.integrity import DataIntegrityError
from c4data.reading.load import load_table


def _replace_with_a_changed_copy(path: Path) -> None:
    """Another valid Parquet file in its place, as a later `c4data build` (or a careless copy) leaves it."""
    table = pq.read_table(path)
    names = table.column("name_en").to_pylist()
    names[0] = names[0] + " (changed)"
    table = table.set_column(table.schema.get_field_index("name_en"), "name_en", pa.array(names, pa.string()))
    pq.write_table(table, path)


def test_a_file_changed_after_the_first_read_is_not_returned_as_data(project_copy):
    descriptor = Descriptor.read(project_copy / "datapackage.json")
    first = load_table("cities", descriptor)
    assert "(changed)" not in " ".join(first["name_en"].astype(str))
    _replace_with_a_changed_copy(project_copy / "data" / "cities.parquet")
    with pytest.raises(DataIntegrityError, match="sha256"):
        load_table("cities", descriptor)


LOAD = """
import c4data
try:
    c4data.cities()
except c4data.DataIntegrityError as error:
    print(error)
"""


@pytest.fixture(scope="module")
def wheel_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, REPO_ROOT],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("c4data-*.whl")
    return built


@pytest.mark.slow
def test_the_advice_for_a_wheel_installed_from_a_file_names_that_file(wheel_file, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", target, wheel_file],
        check=True,
        capture_output=True,
        timeout=300,
    )
    data = target / "c4data" / "_package" / "data" / "cities.parquet"
    data.write_bytes(data.read_bytes()[:-10])
    env = os.environ | {"PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-P", "-c", LOAD], env=env, capture_output=True, text=True, timeout=120)
    assert "sha256" in result.stdout, result.stdout + result.stderr
    assert "pip install --force-reinstall c4data" not in result.stdout
    assert f"pip install --force-reinstall {wheel_file}" in result.stdout


def _git(root: Path, *args: str) -> None:
    identity = ("-c", "user.name=c4data tests", "-c", "user.email=tests@c4data.invalid", "-c", "commit.gpgsign=false")
    subprocess.run(["git", "-C", str(root), *identity, *args], check=True, capture_output=True, timeout=60)


def _checkout_with_damaged_cities(project_copy: Path) -> Path:
    """A git checkout of the project (library and data committed), its cities.parquet then cut short."""
    shutil.copytree(REPO_ROOT / "c4data", project_copy / "c4data", ignore=shutil.ignore_patterns("__pycache__"))
    _git(project_copy, "init", "-q")
    _git(project_copy, "add", "-A")
    _git(project_copy, "commit", "-q", "-m", "the package")
    data = project_copy / "data" / "cities.parquet"
    data.write_bytes(data.read_bytes()[:-10])
    return data


def _advice(project_copy: Path) -> str:
    env = os.environ | {"PYTHONPATH": str(project_copy)}
    result = subprocess.run([sys.executable, "-P", "-c", LOAD], env=env, capture_output=True, text=True, timeout=120)
    assert "sha256" in result.stdout, result.stdout + result.stderr
    return result.stdout


def test_the_advice_in_a_checkout_is_to_restore_or_rebuild_it(project_copy):
    _checkout_with_damaged_cities(project_copy)
    advice = _advice(project_copy)
    assert "pip install --force-reinstall c4data" not in advice
    assert "git checkout --" in advice and "c4data build" in advice
    assert str(project_copy) in advice
    before = {path: path.read_bytes() for path in (project_copy / "data" / "curated").glob("*.csv")}
    command = re.search(r"`(git checkout -- [^`]*)`", advice).group(1)
    subprocess.run(command, shell=True, cwd=project_copy, check=True, timeout=60)  # the advice, followed
    assert {path: path.read_bytes() for path in before} == before
    assert (
        "sha256"
        not in subprocess.run(
            [sys.executable, "-P", "-c", LOAD],
            env=os.environ | {"PYTHONPATH": str(project_copy)},
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )


@pytest.mark.parametrize("edit", ["a curated table", "the descriptor", "a new curated file"])
def test_the_advice_never_discards_uncommitted_work(project_copy, edit):
    _checkout_with_damaged_cities(project_copy)
    if edit == "a curated table":
        curated = project_copy / "data" / "curated" / "cities.csv"
        curated.write_text(curated.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif edit == "the descriptor":
        descriptor = project_copy / "datapackage.json"
        descriptor.write_text(descriptor.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    else:
        (project_copy / "data" / "curated" / "new_table.csv").write_text("a\n1\n", encoding="utf-8")
    advice = _advice(project_copy)
    assert not re.search(r"git (checkout|restore|reset|stash drop|clean)\b[^`]*`", advice), advice
    assert "c4data build" in advice and "uncommitted" in advice


# A long-lived process (a notebook's kernel) across a rebuild of the package it loaded.


@pytest.fixture
def installed_copy(project_copy, monkeypatch) -> Path:
    """The loader pointed at a scratch copy of the package, as if it were the installed one."""
    monkeypatch.setattr(c4data.reading.load, "package_path", lambda: project_copy / "datapackage.json")
    return project_copy


def _rebuilt(root: Path) -> None:
    """A complete rebuild as `c4data build` leaves it: a new data file and a new descriptor, each moved into place."""
    data = root / "data" / "cities.parquet"
    staged = root / "data" / ".cities.parquet.new"
    shutil.copy2(data, staged)
    _replace_with_a_changed_copy(staged)
    os.replace(staged, data)
    descriptor = root / "datapackage.json"
    staged = root / ".datapackage.json.new"
    shutil.copy2(descriptor, staged)
    record_hash(staged, "cities")
    os.replace(staged, descriptor)


def test_a_running_process_reads_the_tables_of_a_rebuild(installed_copy):
    from c4data.building.build import build

    before = c4data.cities()
    curated = installed_copy / "data" / "curated" / "cities.csv"
    curated.write_text(curated.read_text(encoding="utf-8").replace(",Wuhan,", ",Wuhan City,", 1), encoding="utf-8")
    build(installed_copy)
    after = c4data.cities()
    assert (
        after["name_en"].tolist()
        == before["name_en"].replace("Wuhan", "Wuhan City").tolist()
        != before["name_en"].tolist()
    )


def test_after_a_rebuild_a_data_file_changed_alone_is_still_refused(installed_copy):
    c4data.cities()
    _rebuilt(installed_copy)
    c4data.cities()
    _replace_with_a_changed_copy(installed_copy / "data" / "cities.parquet")  # its descriptor left as it was
    with pytest.raises(DataIntegrityError, match="sha256") as refused:
        c4data.cities()
    assert "restart" not in str(refused.value)  # restarting would not help: the file is damaged


def test_a_descriptor_replaced_by_a_damaged_one_is_refused_not_kept(installed_copy):
    c4data.cities()
    (installed_copy / "datapackage.json").write_text("{", encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=r"datapackage\.json"):
        c4data.cities()


@pytest.mark.parametrize("read", [c4data.cities, c4data.connect])
def test_the_installed_package_is_read_within_the_decoding_budget_as_any_other(monkeypatch, read):
    monkeypatch.setattr("c4data.files.untrusted.MAX_DECODED_BYTES", 1_000)
    with pytest.raises(DataIntegrityError, match=r"\.parquet.*decodes to more than 1,000 bytes"):
        read()
