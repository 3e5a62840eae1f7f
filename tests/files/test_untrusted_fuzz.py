"""Random damage to a received package: ``validate`` and ``diff`` always end with a message and the
README's exit status, in bounded time and memory, and open no file outside the package.

A few examples per test run keep the suite fast; set ``C4DATA_FUZZ_EXAMPLES`` (say to 500) for more.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import zipfile
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import REPO_ROOT, SOURCES_ENV

from c4data.cli import main

EXAMPLES = int(os.environ.get("C4DATA_FUZZ_EXAMPLES", "5"))
SECONDS_PER_RUN = 60
MEMORY_GROWTH_LIMIT_MB = 600

DESCRIPTOR = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
NASTY_TEXT = [
    "../secret.csv",
    "../../etc/passwd",
    "/etc/passwd",
    "/dev/zero",
    "data/../../secret.csv",
    "C:\\Windows\\win.ini",
    "http://127.0.0.1:9/profile.json",
    "file:///etc/passwd",
    "\x1b[2J\x1b[Hforged\n",
    "data/cities.parquet",
    "",
    "tabular-data-package",
]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(NASTY_TEXT),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value, as the keys and indices that lead to it."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


# Places worth damaging: everything but the long lists of enum values and categories.
PLACES = [path for path in _paths(DESCRIPTOR) if "categories" not in path and "enum" not in path][1:]


@dataclass
class DescriptorDamage:
    """The changes made to the shipped descriptor (shown when a test fails), and the text they give."""

    changes: list[tuple[tuple, str, Any]]
    text_damage: tuple[str, int, bytes]

    def __bytes__(self) -> bytes:
        descriptor = copy.deepcopy(DESCRIPTOR)
        for path, action, value in self.changes:
            parent = descriptor
            try:
                for key in path[:-1]:
                    parent = parent[key]
                if action == "remove" and isinstance(parent, dict):
                    parent.pop(path[-1], None)
                else:
                    parent[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change removed this place
        text = json.dumps(descriptor, ensure_ascii=False).encode("utf-8")
        how, position, inserted = self.text_damage
        position = position % (len(text) + 1)
        if how == "cut":
            return text[:position]
        if how == "garbled":
            return text[:position] + inserted + text[position + 1 :]
        return text


@st.composite
def damaged_descriptors(draw: st.DrawFn) -> DescriptorDamage:
    """The shipped descriptor with one to three parts replaced or removed, and sometimes its text cut or garbled."""
    changes = [
        (draw(st.sampled_from(PLACES)), draw(st.sampled_from(["remove", "replace"])), draw(JSON_VALUES))
        for _ in range(draw(st.integers(1, 3)))
    ]
    how = draw(st.sampled_from(["as is", "as is", "cut", "garbled"]))
    return DescriptorDamage(changes, (how, draw(st.integers(0, 10**6)), draw(st.binary(min_size=1, max_size=8))))


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", (REPO_ROOT / "datapackage.json").read_bytes())
        for parquet in sorted((REPO_ROOT / "data").glob("*.parquet")):
            archive.writestr(f"data/{parquet.name}", parquet.read_bytes())
    return buffer.getvalue()


ZIP = _zip_bytes()


@st.composite
def damaged_zips(draw: st.DrawFn) -> bytes:
    """The package as a zip with a few bytes changed, cut short, or with bytes inserted."""
    data = bytearray(ZIP)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "cut", "insert"]))
        if how == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif how == "cut":
            del data[position:]
            break
        else:
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
    return bytes(data)


# Every file the process opens while a command runs, caught by an audit hook.
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)  # an audit hook cannot be removed; it records only while _opened is a list

# What a command may open besides the package: the Python installation (modules imported on first use),
# and the system's time zone data (pandas and pyarrow read it for timestamps).
ALLOWED_ROOTS = sorted(
    {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, REPO_ROOT / "c4data", *zoneinfo.TZPATH)}
)


def _run(*args: str | Path, allowed: list[Path]) -> tuple[int, str, list[str]]:
    """Run the command in this process (evidence not checked); its exit status, everything it printed, and
    the files it opened outside ``allowed``."""
    global _opened
    out, err = io.StringIO(), io.StringIO()
    sources = os.environ.pop(SOURCES_ENV, None)
    _opened = []
    started = time.monotonic()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main([str(arg) for arg in args])
    finally:
        opened, _opened = _opened, None
        if sources is not None:
            os.environ[SOURCES_ENV] = sources
    assert time.monotonic() - started < SECONDS_PER_RUN, f"c4data {args} took {time.monotonic() - started:.0f} s"
    roots = ALLOWED_ROOTS + [os.path.realpath(path) for path in allowed]
    outside = [path for path in opened if not any(path == root or path.startswith(root + os.sep) for root in roots)]
    return status, err.getvalue() + out.getvalue(), outside


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A scratch directory holding, beside each damaged package, a secret no command may read."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "secret.csv").write_text("secret_id\nTOPSECRET\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def memory_before() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _check(status: int, printed: str, outside: list[str], command: str, allowed_status: set[int]) -> None:
    assert outside == [], f"{command} opened files outside the package: {outside}"
    assert status in allowed_status, (status, printed[-2000:])
    assert printed.strip(), f"{command} exited {status} without a message"
    assert "TOPSECRET" not in printed and "\x1b" not in printed


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="C4DATA_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(descriptor=damaged_descriptors())
def test_validate_and_diff_of_a_damaged_descriptor_end_with_a_message(workspace, memory_before, descriptor):
    package = Path(tempfile.mkdtemp(dir=workspace))
    try:
        shutil.copytree(REPO_ROOT / "data", package / "data", ignore=shutil.ignore_patterns("curated"))
        (package / "datapackage.json").write_bytes(bytes(descriptor))
        status, stderr, outside = _run("validate", package, allowed=[package])
        _check(status, stderr, outside, "validate", {0, 1})
        status, stderr, outside = _run("diff", REPO_ROOT, package, allowed=[package, REPO_ROOT])
        _check(status, stderr, outside, "diff", {0, 1, 2})
        if status == 2:
            assert stderr.startswith("c4data diff: ")
    finally:
        shutil.rmtree(package)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024 - memory_before
    assert grown < MEMORY_GROWTH_LIMIT_MB, f"memory grew by {grown} MB"


@SETTINGS
@given(archive=damaged_zips())
def test_diff_of_a_damaged_zip_ends_with_a_message(workspace, memory_before, archive):
    path = Path(tempfile.mkdtemp(dir=workspace)) / "package.zip"
    try:
        path.write_bytes(archive)
        status, stderr, outside = _run("diff", REPO_ROOT, path, allowed=[path, REPO_ROOT])
        _check(status, stderr, outside, "diff", {0, 1, 2})
        if status == 2:
            assert stderr.startswith("c4data diff: ")
    finally:
        shutil.rmtree(path.parent)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024 - memory_before
    assert grown < MEMORY_GROWTH_LIMIT_MB, f"memory grew by {grown} MB"
