"""Names and texts of a received descriptor are untrusted input, like its cells.

A resource or field name becomes a file name, a sheet name and a header cell; a title, description or
label becomes a cell of the workbook. Each must follow the rules (frictionless's name pattern; no control
character; no text starting like a formula), or ``validate`` reports it and ``export`` refuses the package
before writing anything.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from bounded import received_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import REPO_ROOT

import c4data
from c4data.building.validate import validate
from c4data.files.untrusted import NAME_PATTERN
from c4data.model.problems import PackageProblems

DESCRIPTOR = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

NASTY_NAMES = [
    "../outside",
    "=cmd|' /C calc'!A0",
    "a/b",
    "/etc/x",
    ".",
    "..",
    "-1+1",
    "@sum",
    "Cities",
    "x\x1b[2J",
    "城市",
]
BAD_NAMES = st.sampled_from(NASTY_NAMES) | st.text(min_size=0, max_size=12).filter(
    lambda n: not NAME_PATTERN.fullmatch(n)
)
BAD_TEXTS = st.sampled_from(
    ["\x1b[2Jforged", "line\nbreak", "bidi\u202eevil", '=HYPERLINK("http://x")', "+1", "-x", "@x"]
)


def _places() -> list[tuple]:
    """Every place holding a text an export writes: titles, descriptions, labels, citations."""
    places: list[tuple] = [("title",), ("description",)]
    places += [("sources", i, "title") for i, _ in enumerate(DESCRIPTOR.get("sources", []))]
    places += [("contributors", i, "title") for i, _ in enumerate(DESCRIPTOR.get("contributors", []))]
    for r, resource in enumerate(DESCRIPTOR["resources"]):
        places += [("resources", r, "title"), ("resources", r, "description")]
        for f, field in enumerate(resource["schema"]["fields"]):
            places.append(("resources", r, "schema", "fields", f, "description"))
            for c, _ in enumerate(field.get("categories", [])):
                places += [
                    ("resources", r, "schema", "fields", f, "categories", c, key) for key in ("label", "label_zh")
                ]
    return places


PLACES = _places()


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return received_copy(tmp_path_factory.mktemp("received") / "package", descriptor=False)


def _write(package: Path, descriptor: dict) -> None:
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def _assert_refused_everywhere(package: Path, tmp_path: Path, phrase: str) -> None:
    problems = validate(package)
    assert any(phrase in problem.message for problem in problems), [p.message for p in problems][:5]
    before = sorted(path.name for path in tmp_path.iterdir())
    for format in ("csv", "xlsx", "geojson"):
        with pytest.raises(PackageProblems) as refused:
            c4data.export(tmp_path / f"out-{format}", format=format, source=package)
        assert any(phrase in problem.message for problem in refused.value.problems)
    assert sorted(path.name for path in tmp_path.iterdir()) == before  # nothing written, not even staging


@SETTINGS
@given(
    name=BAD_NAMES, which=st.sampled_from(["resource", "field"]), table=st.integers(0, len(DESCRIPTOR["resources"]) - 1)
)
def test_a_name_outside_frictionless_names_is_refused(package, tmp_path_factory, name, which, table):
    descriptor = copy.deepcopy(DESCRIPTOR)
    resource = descriptor["resources"][table]
    if which == "resource":
        resource["name"] = name
    else:
        resource["schema"]["fields"][-1]["name"] = name
    _write(package, descriptor)
    _assert_refused_everywhere(package, tmp_path_factory.mktemp("out"), "is not one c4data writes")


@SETTINGS
@given(place=st.sampled_from(PLACES), text=BAD_TEXTS)
def test_a_text_an_export_writes_follows_the_text_rules(package, tmp_path_factory, place, text):
    descriptor = copy.deepcopy(DESCRIPTOR)
    parent = descriptor
    for key in place[:-1]:
        parent = parent[key]
    parent[place[-1]] = text
    _write(package, descriptor)
    phrase = "control character" if text[:1].isalpha() or text[:1] == "\x1b" else "starts like a formula"
    _assert_refused_everywhere(package, tmp_path_factory.mktemp("out"), phrase)


def test_the_shipped_names_and_texts_follow_the_rules():
    from c4data.files.untrusted import descriptor_text_problems, name_problems

    assert name_problems(DESCRIPTOR) == [] and descriptor_text_problems(DESCRIPTOR) == []


# A table's name is also a sheet name: Excel refuses a workbook whose sheet names pass 31 characters, and
# openpyxl renames a sheet whose name another already has (case ignored), so a table could pass for the codebook.


@settings(max_examples=20, deadline=None)
@given(
    names=st.lists(
        st.sampled_from(["about", "dictionary", "codebook", "cities", "a" * 31, "b" * 32])
        | st.from_regex(NAME_PATTERN, fullmatch=True),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_table_names_the_workbook_accepts_are_its_sheet_names_as_they_are(names):
    import warnings

    import openpyxl

    from c4data.formats.xlsx import sheet_name_problems

    refused = {problem.where for problem in sheet_name_problems(names)}
    workbook = openpyxl.Workbook()
    workbook.active.title = "about"
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        for name in names:
            if name not in refused:
                workbook.create_sheet(name)
        workbook.create_sheet("dictionary")
        workbook.create_sheet("codebook")
    assert not warned, [str(warning.message) for warning in warned]  # openpyxl's warning of Excel's limit
    assert workbook.sheetnames == ["about", *(name for name in names if name not in refused), "dictionary", "codebook"]
    assert all(name in refused for name in names if len(name) > 31 or name in ("about", "dictionary", "codebook"))


@pytest.mark.parametrize("name", ["codebook", "x" * 32])
def test_the_workbook_export_refuses_a_table_name_that_cannot_be_its_sheet(tmp_path, name):
    package = received_copy(tmp_path / "received")
    descriptor = copy.deepcopy(DESCRIPTOR)
    table = next(resource for resource in descriptor["resources"] if resource["name"] == "roles")
    table.update(name=name, path=f"data/{name}.parquet")
    (package / "data" / "roles.parquet").rename(package / "data" / f"{name}.parquet")
    _write(package, descriptor)
    with pytest.raises(PackageProblems, match="sheet"):
        c4data.export(tmp_path / "out.xlsx", format="xlsx", source=package)
    assert not (tmp_path / "out.xlsx").exists()
