"""A zip whose members name the same file once normalised (case, Unicode form, separators, ``./``) is refused:
otherwise ``validate`` may check one copy while ``diff``, an unzip tool or a reader gets the other."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from bounded import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from support import REPO_ROOT

from c4data.files.untrusted import UnsafePackage, ZipPackage

MEMBERS = ["datapackage.json", "data/cities.csv", "data/Café.csv", "data/ﬁgures.csv"]


def _variant(name: str, how: str) -> str:
    """Another spelling of the member ``name`` that a file system or an unzip tool takes as the same file."""
    folder, _, file = name.rpartition("/")
    return {
        "upper": name.upper(),
        "title": name.title(),
        "dot-slash": "./" + name,
        "inner dot": f"{folder}/./{file}" if folder else f"./{file}",
        "double slash": name.replace("/", "//"),
        "backslash": name.replace("/", "\\"),
        "NFD": unicodedata.normalize("NFD", name),
        "NFKC": unicodedata.normalize("NFKC", name),
        "fullwidth": "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in name),
    }[how]


HOWS = ["upper", "title", "dot-slash", "inner dot", "double slash", "backslash", "NFD", "NFKC", "fullwidth"]


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number, name in enumerate(names):
            archive.writestr(zipfile.ZipInfo(name), f"copy {number}\n")
    return buffer.getvalue()


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(MEMBERS), how=st.sampled_from(HOWS), first=st.booleans())
def test_members_that_name_the_same_file_are_refused(tmp_path_factory, name, how, first):
    variant = _variant(name, how)
    if variant == name:
        return  # this spelling changes nothing for this name (NFKC of a plain name, say)
    path = tmp_path_factory.mktemp("zip") / "package.zip"
    path.write_bytes(_zip([variant, name] if first else [name, variant]))
    with pytest.raises(UnsafePackage, match="name the same file"):
        ZipPackage(path)


@settings(max_examples=20, deadline=None)
@given(names=st.lists(st.sampled_from([*MEMBERS, "data/a.csv", "data/b.csv", "README.md"]), unique=True, max_size=6))
def test_members_with_distinct_names_are_read(tmp_path_factory, names):
    path = tmp_path_factory.mktemp("zip") / "package.zip"
    path.write_bytes(_zip(names))
    with ZipPackage(path) as archive:
        assert [archive.read(name) for name in names] == [f"copy {n}\n".encode() for n in range(len(names))]


@pytest.mark.cli
def test_validate_and_diff_refuse_a_zip_with_two_copies_of_a_member(tmp_path, shipped_export):
    exported = shipped_export("zip")
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(forged, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        cities = source.read("data/cities.csv")
        target.writestr("./data/cities.csv", cities.replace(b"Wuhan", b"Forged"))
    validated = run_cli("validate", forged)
    assert validated.returncode == 1 and "name the same file" in validated.stdout + validated.stderr
    compared = run_cli("diff", REPO_ROOT, forged)
    assert compared.returncode == 2 and "name the same file" in compared.stderr


def test_the_shipped_package_as_a_zip_has_distinct_members(shipped_export):
    with ZipPackage(shipped_export("zip")) as archive:
        assert "datapackage.json" in archive.archive.namelist()


# Members a file system cannot hold side by side: a file and a folder of one name, a name past the length a
# file system allows. Every member either unpacks or is a problem that names it, never an OSError.
_SEGMENTS = st.sampled_from(["a", "b", "data", "x" * 300, "长江" * 60, "cities.csv"])


@settings(max_examples=30, deadline=None)
@given(names=st.lists(st.lists(_SEGMENTS, min_size=1, max_size=3).map("/".join), min_size=1, max_size=5, unique=True))
def test_every_member_unpacks_or_is_a_problem_naming_it(tmp_path_factory, names):
    from c4data.formats.zip import unpack

    names = ["datapackage.json", *names]
    path = tmp_path_factory.mktemp("members") / "package.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, b"{}")
    scratch = tmp_path_factory.mktemp("scratch")
    found = unpack(path, scratch)  # an OSError here is the failure
    for problem in found:
        assert problem.where == "package.zip"
    if not found:
        assert all((scratch / name).is_file() for name in names)
    elif "cannot be unpacked" in found[0].message:
        assert any(name in found[0].message for name in names)
