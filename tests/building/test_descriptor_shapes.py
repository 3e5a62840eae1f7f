"""Any shape of descriptor, at every entry point: ``validate``, ``connect()``, ``export(source=)`` and ``diff``
end with located problems (a ``C4DataError`` naming what is wrong and where), never a traceback.

The shapes: huge numbers (thousands of digits), values of the wrong type for codebooks, keys and contributors,
objects missing what they need (a contributor without a title), nesting hundreds deep. A few examples per
run keep the suite fast; set ``C4DATA_FUZZ_EXAMPLES`` for more.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from bounded import received_copy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import REPO_ROOT

from c4data.model.errors import C4DataError

pytestmark = pytest.mark.cli

EXAMPLES = int(os.environ.get("C4DATA_FUZZ_EXAMPLES", "6"))
DESCRIPTOR = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
HUGE = "__c4data_huge_number__"  # replaced in the JSON text by a number of 5,000 digits


def _deep(depth: int, kind: str) -> str:
    """A marker replaced in the JSON text by a value nested ``depth`` deep (lists, or objects)."""
    return f"__c4data_deep_{kind}_{depth}__"


def _nested(match: re.Match[str]) -> str:
    depth = int(match["depth"])
    return "[" * depth + "1" + "]" * depth if match["kind"] == "list" else '{"a":' * depth + "1" + "}" * depth


SHAPES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(HUGE),
    st.text(max_size=6),
    st.builds(_deep, st.integers(100, 900), st.sampled_from(["list", "dict"])),
    st.just({}),
    st.just([]),
    st.just([{}]),
    st.just({"title": None}),
    st.just({"name": "x"}),
    st.just([["nested"]]),
)


def _places(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):  # the first few of a list: codebooks are long
            found += _places(item, (*prefix, index))
    return found


PLACES = _places(DESCRIPTOR)[1:]
# The parts the issue names, so that every run tries some of them.
NAMED = [
    place
    for place in PLACES
    if place[-1] in ("categories", "enum", "primaryKey", "foreignKeys", "contributors", "title", "fields", "schema")
]


def _descriptor_text(changes: list[tuple[tuple, str, Any]]) -> str:
    descriptor = copy.deepcopy(DESCRIPTOR)
    for place, action, value in changes:
        parent = descriptor
        try:
            for key in place[:-1]:
                parent = parent[key]
            if action == "remove" and isinstance(parent, dict):
                parent.pop(place[-1], None)
            elif action == "add" and isinstance(parent, list):
                parent.append(value)
            else:
                parent[place[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    text = json.dumps(descriptor, ensure_ascii=False).replace(f'"{HUGE}"', "1" + "0" * 5000)
    return re.sub(r'"__c4data_deep_(?P<kind>list|dict)_(?P<depth>[0-9]+)__"', _nested, text)


CHANGES = st.lists(
    st.tuples(st.sampled_from(NAMED) | st.sampled_from(PLACES), st.sampled_from(["replace", "remove", "add"]), SHAPES),
    min_size=1,
    max_size=3,
)


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return received_copy(tmp_path_factory.mktemp("received") / "package", descriptor=False)


def _ends_with_located_problems(call: Any) -> None:
    try:
        result = call()
    except C4DataError as error:
        assert str(error).strip()
        for problem in getattr(error, "problems", []):
            assert problem.where and problem.message
        return
    for problem in result if isinstance(result, list) else []:
        assert problem.where and problem.message


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="C4DATA_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(changes=CHANGES)
@example(changes=[(("version",), "replace", HUGE)])
@example(changes=[(("resources", 0, "schema", "primaryKey"), "replace", 7)])
@example(changes=[(("resources", 0, "schema", "fields", 1, "categories"), "replace", "not a list")])
@example(changes=[(("contributors",), "add", {"role": "author"})])
@example(changes=[(("resources", 1, "schema"), "replace", _deep(600, "dict"))])
def test_every_entry_point_turns_any_descriptor_shape_into_located_problems(package, tmp_path_factory, changes):
    import c4data
    from c4data.building.diff import diff_packages
    from c4data.building.validate import validate

    (package / "datapackage.json").write_text(_descriptor_text(changes), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    _ends_with_located_problems(lambda: validate(package))
    _ends_with_located_problems(lambda: c4data.connect(package))
    _ends_with_located_problems(lambda: c4data.export(out / "csv", format="csv", source=package))
    _ends_with_located_problems(lambda: diff_packages(REPO_ROOT, package))
