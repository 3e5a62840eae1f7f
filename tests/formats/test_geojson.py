"""``c4data export --format geojson``: RFC 7946 points and polygons a GIS opens, that read back as the tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

import c4data
from c4data.building.validate import validate
from c4data.formats.geojson import table_rows
from c4data.model.schema import Table

DESCRIPTOR = json.loads(c4data.package_path().read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    written = c4data.export(tmp_path_factory.mktemp("geojson") / "c4data-geojson", format="geojson")
    return written.parent


def _collection(package: Path, name: str) -> dict:
    return json.loads((package / f"{name}.geojson").read_text(encoding="utf-8"))


def test_the_package_lists_a_geojson_file_per_spatial_table(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert [(r["name"], r["path"], r["mediatype"]) for r in descriptor["resources"]] == [
        ("cities", "cities.geojson", "application/geo+json"),
        ("boundaries", "boundaries.geojson", "application/geo+json"),
    ]
    assert descriptor["version"] == DESCRIPTOR["version"]


def test_cities_are_points_with_every_attribute(package):
    collection = _collection(package, "cities")
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    cities = c4data.cities().set_index("city_id")
    assert [feature["id"] for feature in collection["features"]] == cities.index.tolist()
    for feature in collection["features"]:
        city = cities.loc[feature["id"]]
        assert feature["geometry"] == {"type": "Point", "coordinates": [city["longitude"], city["latitude"]]}
        assert feature["properties"]["name_zh"] == city["name_zh"]
        assert feature["properties"]["tier"] == city["tier"]
        assert "longitude" not in feature["properties"]


def test_boundaries_are_valid_multipolygons_following_the_right_hand_rule(package):
    collection = _collection(package, "boundaries")
    boundaries = c4data.boundaries()
    assert sorted(f["id"] for f in collection["features"]) == sorted(boundaries["boundary_id"].unique())
    for feature in collection["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.geom_type == "MultiPolygon"
        assert geometry.is_valid, (feature["id"], shapely.is_valid_reason(geometry))
        for polygon in geometry.geoms:
            assert polygon.exterior.is_ccw
            assert not any(ring.is_ccw for ring in polygon.interiors)
        rows = boundaries[boundaries["boundary_id"] == feature["id"]]
        assert len(geometry.geoms) == rows["part"].nunique()
        vertices = sum(len(p.exterior.coords) + sum(len(r.coords) for r in p.interiors) for p in geometry.geoms)
        assert vertices == len(rows)


def test_each_city_with_an_outline_lies_inside_it(package):
    outlines = {f["id"]: shape(f["geometry"]) for f in _collection(package, "boundaries")["features"]}
    points = {f["id"]: shape(f["geometry"]) for f in _collection(package, "cities")["features"] if f["geometry"]}
    inside = [city for city, point in points.items() if city in outlines and outlines[city].contains(point)]
    assert inside == [city for city in points if city in outlines]
    assert sorted(inside) == sorted(c4data.cities()["city_id"])  # every city of the table has its outline


def test_cities_read_back_as_the_table(package):
    rows = table_rows(Table.from_descriptor(RESOURCES["cities"]), _collection(package, "cities"))
    expected = [
        {name: None if pd.isna(value) else value for name, value in row.items()}
        for row in c4data.cities().astype(object).to_dict("records")
    ]
    assert rows == expected


def test_validate_accepts_the_geojson_package(package):
    assert validate(package) == []


@pytest.fixture
def damaged(package, tmp_path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(package, copy)
    return copy


def _rewrite(package: Path, name: str, edit) -> None:
    """Edit one GeoJSON file and record its new hash, as a careless hand edit would."""
    import hashlib

    path = package / f"{name}.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    edit(collection)
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
            resource["bytes"] = path.stat().st_size
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def test_validate_finds_a_ring_against_the_right_hand_rule(damaged):
    def reverse_first_ring(collection):
        ring = collection["features"][0]["geometry"]["coordinates"][0][0]
        ring.reverse()

    _rewrite(damaged, "boundaries", reverse_first_ring)
    problems = validate(damaged)
    assert [(p.where, p.line) for p in problems] == [("boundaries.geojson", 1)]
    assert "right-hand rule" in problems[0].message


def test_validate_finds_an_attribute_outside_the_codebook(damaged):
    _rewrite(damaged, "cities", lambda collection: collection["features"][1]["properties"].update(tier="town"))
    problems = validate(damaged)
    assert [(p.where, p.field) for p in problems] == [("cities.geojson", "tier")]


def test_validate_finds_a_file_changed_after_export(damaged):
    path = damaged / "cities.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace("武汉", "武昌"), encoding="utf-8")
    problems = validate(damaged)
    assert [p.where for p in problems] == ["cities.geojson"] and "the file changed" in problems[0].message
