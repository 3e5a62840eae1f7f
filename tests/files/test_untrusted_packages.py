"""A package from elsewhere is untrusted input for ``validate``, ``diff``, ``export`` and the loader.

Each test gives the command a package someone else made (in a child process under a time limit and
1 GiB of memory when the input could exhaust it) and checks the README's promise: only regular files
inside the package are read, nothing is fetched from the network, stated limits stop what is too
big, and every failure is a message with the promised exit status, never a traceback or a hang.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bounded import assert_refused, edit_descriptor, received_copy, resource_of, run_bounded, run_cli, web_server
from support import REPO_ROOT, replace_cells

import c4data
import c4data.formats.exporter
from c4data.model.descriptor import Descriptor
from c4data.model.problems import PackageProblems
from c4data.reading.load import load_table

pytestmark = pytest.mark.cli


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the shipped Parquet package, as a colleague might send it."""
    return received_copy(tmp_path / "received")


def _record_hash(root: Path, name: str) -> None:
    """Make the descriptor's hash of ``name`` match what its file now holds, as a careful forger would."""

    def change(descriptor):
        resource = resource_of(descriptor, name)
        resource["hash"] = "sha256:" + hashlib.sha256((root / resource["path"]).read_bytes()).hexdigest()

    edit_descriptor(root, change)


def _secret(tmp_path: Path) -> Path:
    """A file beside the package that it must never show: a one-table CSV whose key is TOPSECRET."""
    secret = tmp_path / "secret.csv"
    secret.write_text("secret_id\nTOPSECRET\n", encoding="utf-8")
    return secret


def _point_at(root: Path, name: str, path: str) -> None:
    def change(descriptor):
        resource = resource_of(descriptor, name)
        resource["path"] = path
        resource.pop("format", None)
        resource.pop("mediatype", None)
        resource["schema"] = {"fields": [{"name": "secret_id", "type": "string"}], "primaryKey": ["secret_id"]}

    edit_descriptor(root, change)


# Paths out of the package


@pytest.mark.parametrize("how", ["relative", "absolute"])
def test_diff_does_not_show_a_file_outside_the_package(package, tmp_path, how):
    secret = _secret(tmp_path)
    _point_at(package, "cities", "../secret.csv" if how == "relative" else str(secret))
    result = run_cli("diff", REPO_ROOT, package)
    assert "TOPSECRET" not in result.stdout + result.stderr
    assert_refused(result, 2, "outside the package")


@pytest.mark.parametrize("command", ["validate", "diff"])
def test_a_link_out_of_the_package_is_not_followed(package, tmp_path, command):
    outside = tmp_path / "elsewhere.parquet"
    shutil.copy2(package / "data" / "cities.parquet", outside)
    (package / "data" / "cities.parquet").unlink()
    (package / "data" / "cities.parquet").symlink_to(outside)
    args = ("validate", package) if command == "validate" else ("diff", REPO_ROOT, package)
    assert_refused(run_cli(*args), 1 if command == "validate" else 2, "outside the package")


def test_the_loader_does_not_follow_a_link_out_of_the_package(package, tmp_path):
    outside = tmp_path / "elsewhere.parquet"
    shutil.copy2(package / "data" / "cities.parquet", outside)
    (package / "data" / "cities.parquet").unlink()
    (package / "data" / "cities.parquet").symlink_to(outside)
    with pytest.raises(c4data.DataIntegrityError, match="outside the package"):
        load_table("cities", Descriptor.read(package / "datapackage.json"))


# Special files: a device, a named pipe


@pytest.mark.parametrize("command", ["validate", "diff"])
@pytest.mark.parametrize("kind", ["link to /dev/zero", "/dev/zero by name", "named pipe"])
def test_a_device_or_a_pipe_is_refused_without_hanging(package, command, kind):
    data = package / "data" / "cities.parquet"
    data.unlink()
    if kind == "named pipe":
        os.mkfifo(data)
    elif kind == "link to /dev/zero":
        data.symlink_to("/dev/zero")
    else:
        edit_descriptor(package, lambda d: resource_of(d, "cities").update(path="/dev/zero"))
    args = ("validate", package) if command == "validate" else ("diff", REPO_ROOT, package)
    result = run_bounded(*args, timeout=60)
    phrase = "not a regular file" if kind == "named pipe" else "outside the package"
    assert_refused(result, 1 if command == "validate" else 2, phrase)


# Limits: inflated size, row count


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    """A zip of a few hundred kilobytes whose cities table inflates to 256 MiB of zeros."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", (REPO_ROOT / "datapackage.json").read_bytes())
        for parquet in sorted((REPO_ROOT / "data").glob("*.parquet")):
            if parquet.name != "cities.parquet":
                archive.writestr(f"data/{parquet.name}", parquet.read_bytes())
        with archive.open("data/cities.parquet", "w", force_zip64=True) as member:
            for _ in range(256):
                member.write(chunk)
    assert path.stat().st_size < 2 << 20
    return path


def test_a_zip_bomb_is_refused_past_the_inflated_size_limit(zip_bomb):
    assert_refused(run_bounded("diff", REPO_ROOT, zip_bomb), 2, "limit")


@pytest.fixture(scope="module")
def long_member_list(tmp_path_factory) -> Path:
    """A zip of 5,000 empty members with long names: its list of members alone takes 5 MiB."""
    path = tmp_path_factory.mktemp("members") / "members.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("datapackage.json", (REPO_ROOT / "datapackage.json").read_bytes())
        for index in range(5_000):
            archive.writestr(f"data/{index:04d}-{'x' * 1000}", b"")
    return path


@pytest.mark.parametrize("command", ["diff", "validate"])
def test_a_zip_whose_list_of_members_is_past_the_limit_is_refused_before_it_is_read(long_member_list, command):
    """zipfile would make an object per listed member (about 600 bytes each) before any limit is checked."""
    args = ("diff", REPO_ROOT, long_member_list) if command == "diff" else ("validate", long_member_list)
    assert_refused(run_cli(*args), 2 if command == "diff" else 1, "list of members", "past the limit")


@pytest.fixture
def many_rows(package) -> Path:
    """The cities table replaced by a small Parquet file (well under a megabyte) of twenty million rows."""
    path = package / "data" / "cities.parquet"
    pq.write_table(pa.table({"city_id": pa.array(np.zeros(20_000_000, dtype=np.int8))}), path)
    assert path.stat().st_size < 1 << 20
    _record_hash(package, "cities")
    return package


def test_diff_refuses_a_table_past_the_row_limit(many_rows):
    assert_refused(run_bounded("diff", REPO_ROOT, many_rows), 2, "rows", "limit")


def test_validate_refuses_a_table_past_the_row_limit(many_rows):
    assert_refused(run_bounded("validate", many_rows), 1, "rows", "limit")


def test_the_loader_refuses_a_table_past_the_row_limit(many_rows):
    with pytest.raises(c4data.DataIntegrityError, match="limit"):
        load_table("cities", Descriptor.read(many_rows / "datapackage.json"))


# Damaged zips and descriptors: a message and exit 2, never a traceback


def _flip_member_bytes(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 10, start + 40):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_diff_of_a_corrupt_zip_exits_2(package, tmp_path):
    written = tmp_path / "package.zip"
    with zipfile.ZipFile(written, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package.rglob("*")):
            archive.write(path, path.relative_to(package).as_posix())
    _flip_member_bytes(written, "data/cities.parquet")
    assert_refused(run_cli("diff", REPO_ROOT, written), 2, "cannot read")


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (lambda d: resource_of(d, "cities")["schema"].update(primaryKey=5), "cannot read the schemas"),
        (lambda d: resource_of(d, "cities")["schema"].update(primaryKey=["no_such_field"]), "primary key"),
    ],
    ids=["key not a list", "key not a field"],
)
def test_diff_of_a_malformed_descriptor_exits_2(package, change, phrase):
    edit_descriptor(package, change)
    assert_refused(
        run_cli("diff", REPO_ROOT, package), 2, "datapackage.json" if "schemas" in phrase else "cities", phrase
    )


# No network, whatever the descriptor says


NETWORK_REFERENCES = {
    "package $schema": lambda d, url: d.update({"$schema": f"{url}/profile.json"}),
    "package profile": lambda d, url: d.update(profile=f"{url}/profile.json"),
    "resource dialect": lambda d, url: resource_of(d, "cities").update(dialect=f"{url}/dialect.json"),
    "resource profile": lambda d, url: resource_of(d, "cities").update(profile=f"{url}/profile.json"),
    "resource schema": lambda d, url: resource_of(d, "cities").update(schema=f"{url}/schema.json"),
    "resource path": lambda d, url: resource_of(d, "cities").update(path=f"{url}/cities.parquet"),
}


@pytest.mark.parametrize("where", sorted(NETWORK_REFERENCES))
@pytest.mark.parametrize("command", ["validate", "diff"])
def test_a_url_in_the_descriptor_is_refused_and_never_fetched(package, where, command):
    with web_server() as (url, requested):
        edit_descriptor(package, lambda d: NETWORK_REFERENCES[where](d, url))
        args = ("validate", package) if command == "validate" else ("diff", REPO_ROOT, package)
        result = run_cli(*args)
        assert requested == []
    assert_refused(result, 2 if command == "diff" else 1, "network")


@pytest.mark.parametrize("where", sorted(NETWORK_REFERENCES))
def test_export_from_a_package_with_a_url_refuses_and_fetches_nothing(package, tmp_path, where):
    with web_server() as (url, requested):
        edit_descriptor(package, lambda d: NETWORK_REFERENCES[where](d, url))
        with pytest.raises(PackageProblems, match="network"):
            c4data.formats.exporter.export(tmp_path / "out", source=package)
        assert requested == []
    assert not (tmp_path / "out").exists()


def test_build_refuses_a_url_in_the_descriptor_and_ships_none(project_copy):
    with web_server() as (url, requested):
        edit_descriptor(project_copy, lambda d: resource_of(d, "cities").update(dialect=f"{url}/dialect.json"))
        before = (project_copy / "datapackage.json").read_bytes()
        result = run_cli("build", "--root", project_copy)
        assert requested == []
    assert_refused(result, 1, "network")
    assert (project_copy / "datapackage.json").read_bytes() == before


# Text from a package cannot drive the terminal


def test_diff_escapes_control_characters_from_the_package(package):
    replace_cells(package / "data" / "cities.parquet", "city_id", {0: "\x1b[2J\x1b[H\nforged line\r"})
    _record_hash(package, "cities")  # hashes in order: diff compares only a package it can trust
    result = run_cli("diff", REPO_ROOT, package)
    assert result.returncode == 1, result.stderr
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert not any(line.startswith("forged") for line in result.stdout.splitlines())
    assert "\\x1b[2J" in result.stdout


def test_validate_escapes_control_characters_from_the_descriptor(package):
    edit_descriptor(package, lambda d: resource_of(d, "cities").update(path="data/\x1b[31mcities\nforged.parquet"))
    result = run_cli("validate", package)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr
    assert not any(line.startswith("forged") for line in result.stderr.splitlines())


# Counts a descriptor claims: every check costs time per resource and per field, so a descriptor within its
# 8 MiB can list a hundred thousand resources (minutes of checking) unless their number is limited first.


@pytest.mark.parametrize("what", ["resources", "fields"])
def test_a_descriptor_listing_too_many_resources_or_fields_is_refused_at_once(package, what):
    from c4data.files.untrusted import MAX_FIELDS, MAX_RESOURCES

    def change(descriptor):
        if what == "resources":
            descriptor["resources"] += [
                {"name": f"t{index}", "path": f"data/t{index}.parquet"} for index in range(MAX_RESOURCES)
            ]
        else:
            fields = resource_of(descriptor, "cities")["schema"]["fields"]
            fields += [{"name": f"f{index}", "type": "string"} for index in range(MAX_FIELDS)]

    edit_descriptor(package, change)
    result = run_cli("validate", package)
    assert result.returncode == 1 and "past the limit" in result.stdout + result.stderr, result.stdout[-1000:]
    assert len((result.stdout + result.stderr).splitlines()) < 5  # one problem, not one per resource
    assert_refused(run_cli("diff", REPO_ROOT, package), 2, "past the limit")
