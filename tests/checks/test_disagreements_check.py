"""Unit tests of the disagreements check (c4data.checks.disagreements) on a tiny inline package."""

from __future__ import annotations

import pytest
from support import field, inline_descriptor, resource, rows_of

from c4data.checks import CheckInput, run_stage

pytestmark = pytest.mark.unit

DISAGREEMENTS = resource(
    "disagreements",
    [field(n) for n in ("disagreement_id", "resource", "row_key", "field", "adopted_value", "other_value")],
    ["disagreement_id"],
)
PEOPLE = resource("people", [field("city_id"), field("person_id"), field("age", "integer")], ["city_id", "person_id"])
TINY = inline_descriptor(PEOPLE, DISAGREEMENTS)


def _found(disagreement, typed=True):
    row = {"disagreement_id": "d1", "resource": "people", "row_key": "420100|li", "field": "age"} | disagreement
    if typed:
        people = rows_of("people", [{"city_id": "420100", "person_id": "li", "age": 51}])
    else:
        people = rows_of("people", [{"city_id": "420100", "person_id": "li", "age": "51"}], typed=False)
    tables = [people, rows_of("disagreements", [row], typed=typed)]
    problems = run_stage("rows", "parquet" if typed else "csv", CheckInput(TINY, tables), only={"disagreement"})
    return [(p.code, p.line, p.field, p.message) for p in problems]


@pytest.mark.parametrize("typed", [True, False])
def test_a_disagreement_about_the_value_held_passes(typed):
    assert _found({"adopted_value": "51", "other_value": "52"}, typed) == []


@pytest.mark.parametrize(
    ("change", "field_name", "says"),
    [
        ({"field": "height"}, "field", "people has no field 'height'"),
        ({"row_key": "420100|wang"}, "row_key", "people has no row with key '420100|wang'"),
        ({"other_value": "51"}, "other_value", "is the adopted value"),
        ({"adopted_value": "fifty"}, "adopted_value", "is not a valid integer"),
        ({"adopted_value": "50"}, "adopted_value", "is '50', but people holds 51"),
    ],
)
def test_each_way_a_disagreement_can_be_wrong(change, field_name, says):
    found = _found({"adopted_value": "51", "other_value": "52"} | change)
    assert [(code, line, name) for code, line, name, _ in found] == [("disagreement", 1, field_name)]
    assert says in found[0][3]


def test_a_disagreement_about_a_table_not_in_the_package_is_left_to_the_enum_check():
    assert _found({"resource": "ghosts", "adopted_value": "51", "other_value": "52"}) == []
