"""The package's spatial tables as GeoJSON (RFC 7946), one file per table with a ``datapackage.json``: cities as
points, outlines as polygons. Read back: each file's hash, RFC 7946, then the features as rows, checked as the table.

Which tables are spatial, and how, is read from the descriptor, not listed here. A table with number
fields ``longitude`` and ``latitude`` is spatial. With a one-field primary key each row is a point
feature (``cities``). With a longer key, ``(feature, part, ring, vertex)``, each row is a vertex and
each value of the first key field one MultiPolygon feature (``boundaries``). The other fields are the
feature's properties. Coordinates are WGS84 longitude, latitude, as stored; rings follow the
right-hand rule (outer rings counterclockwise, holes clockwise), as RFC 7946 requires.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from itertools import groupby, pairwise
from pathlib import Path
from typing import Any

from c4data.checks import TableRows
from c4data.files.hashing import file_hash
from c4data.files.untrusted import inside
from c4data.formats.base import Format, file_problems, installed_schema, rows_problems, text_cell_problems
from c4data.model import codes
from c4data.model.descriptor import Descriptor
from c4data.model.paths import DESCRIPTOR_NAME, resolve_descriptor
from c4data.model.problems import Problem
from c4data.model.schema import Table
from c4data.reading.integrity import read_verified_table

LONGITUDE, LATITUDE = "longitude", "latitude"
VERTEX_KEY_LENGTH = 4  # feature, part, ring, vertex
MEDIATYPE = "application/geo+json"
# Package metadata kept in a GeoJSON package's descriptor; its resources are the GeoJSON files.
KEPT = ("$schema", "name", "title", "description", "version", "keywords", "licenses", "contributors", "sources")

Position = list[float]
Ring = list[Position]


def spatial_tables(descriptor: Descriptor) -> list[str]:
    """The tables with number fields ``longitude`` and ``latitude``, in the descriptor's order."""
    names = []
    for name in descriptor.resource_names:
        types = {field.name: field.type for field in descriptor.table(name).fields}
        if types.get(LONGITUDE) == "number" and types.get(LATITUDE) == "number":
            names.append(name)
    return names


def is_vertex_table(table: Table) -> bool:
    """Whether each row is one vertex of an outline (a four-field key), not a point."""
    return len(table.primary_key) == VERTEX_KEY_LENGTH


def property_names(table: Table) -> list[str]:
    """The fields that become a feature's properties: all but the coordinates and the vertex's place."""
    geometry = {LONGITUDE, LATITUDE}
    if is_vertex_table(table):
        geometry |= set(table.primary_key[1:])
    return [name for name in table.field_names if name not in geometry]


def feature_collection(table: Table, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The rows of a spatial table as a GeoJSON FeatureCollection."""
    properties = property_names(table)
    if not is_vertex_table(table):
        features = [_point_feature(row, properties, table.primary_key[0]) for row in rows]
    else:
        feature_key, part_key, ring_key, vertex_key = table.primary_key
        ordered = sorted(rows, key=lambda row: (row[feature_key], row[part_key], row[ring_key], row[vertex_key]))
        features = []
        for feature_id, vertices in groupby(ordered, key=lambda row: row[feature_key]):
            feature_rows = list(vertices)
            polygons = [
                [
                    _oriented([[row[LONGITUDE], row[LATITUDE]] for row in ring], outer=ring_index == 0)
                    for ring_index, (_, ring) in enumerate(groupby(part, key=lambda row: row[ring_key]))
                ]
                for _, part in groupby(feature_rows, key=lambda row: row[part_key])
            ]
            features.append(
                {
                    "type": "Feature",
                    "id": feature_id,
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                    "properties": {name: feature_rows[0][name] for name in properties},
                }
            )
    return {"type": "FeatureCollection", "name": table.name, "features": features}


def _point_feature(row: dict[str, Any], properties: list[str], key: str) -> dict[str, Any]:
    located = row[LONGITUDE] is not None and row[LATITUDE] is not None
    return {
        "type": "Feature",
        "id": row[key],
        "geometry": {"type": "Point", "coordinates": [row[LONGITUDE], row[LATITUDE]]} if located else None,
        "properties": {name: row[name] for name in properties},
    }


def signed_area(ring: Ring) -> float:
    """Twice the ring's signed area in degrees²: positive when it runs counterclockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))


def _oriented(ring: Ring, outer: bool) -> Ring:
    counterclockwise = signed_area(ring) > 0
    return ring if counterclockwise == outer else ring[::-1]


def table_rows(table: Table, collection: dict[str, Any]) -> list[dict[str, Any]]:
    """The table's rows back from its FeatureCollection (vertices numbered as the file orders them)."""
    names = table.field_names
    rows = []
    for feature in collection["features"]:
        properties, geometry = feature.get("properties") or {}, feature.get("geometry")
        if not is_vertex_table(table):
            longitude, latitude = geometry["coordinates"] if geometry else (None, None)
            rows.append({name: properties.get(name) for name in names} | {LONGITUDE: longitude, LATITUDE: latitude})
            continue
        _, part_key, ring_key, vertex_key = table.primary_key
        for part, polygon in enumerate(geometry["coordinates"]):
            for ring_index, ring in enumerate(polygon):
                for vertex, (longitude, latitude) in enumerate(ring):
                    place = {part_key: part, ring_key: ring_index, vertex_key: vertex}
                    coordinates = {LONGITUDE: longitude, LATITUDE: latitude}
                    rows.append({name: properties.get(name) for name in names} | place | coordinates)
    return rows


def rfc7946_problems(where: str, table: Table, collection: Any) -> Iterator[Problem]:
    """What RFC 7946 requires of the collection, and the geometry a table of this kind must have."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        yield Problem(where=where, message="is not a GeoJSON FeatureCollection", code=codes.GEOJSON)
        return
    if "crs" in collection:
        yield Problem(
            where=where, message="has a 'crs' member; RFC 7946 GeoJSON is WGS84 and has none", code=codes.GEOJSON
        )
    expected = "MultiPolygon" if is_vertex_table(table) else "Point"
    features = collection.get("features")
    if not isinstance(features, list):
        yield Problem(where=where, message="has no list of features", code=codes.GEOJSON)
        return
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature" or "properties" not in feature:
            yield Problem(
                where=where,
                line=number,
                message="is not a Feature with properties",
                line_label="feature",
                code=codes.GEOJSON,
            )
            continue
        geometry = feature.get("geometry")
        if geometry is None and expected == "Point":
            continue  # a city without coordinates: RFC 7946 allows an unlocated feature
        if not isinstance(geometry, dict) or geometry.get("type") != expected:
            yield Problem(
                where=where,
                line=number,
                message=f"geometry must be a {expected}",
                line_label="feature",
                code=codes.GEOJSON,
            )
            continue
        for message in _geometry_problems(expected, geometry.get("coordinates")):
            yield Problem(where=where, line=number, message=message, line_label="feature", code=codes.GEOJSON)


def _geometry_problems(kind: str, coordinates: Any) -> Iterator[str]:
    if kind == "Point":
        yield from _position_problems(coordinates)
        return
    if not isinstance(coordinates, list) or not coordinates:
        yield "a MultiPolygon needs at least one polygon"
        return
    for polygon in coordinates:
        if not isinstance(polygon, list) or not polygon:
            yield "a polygon needs at least one ring"
            continue
        for index, ring in enumerate(polygon):
            if not isinstance(ring, list) or len(ring) < 4:
                yield "a ring needs four or more positions"
                continue
            problems = [message for position in ring for message in _position_problems(position)]
            if problems:
                yield from problems[:1]
                continue
            if ring[0] != ring[-1]:
                yield "a ring must end where it starts"
            elif (signed_area(ring) > 0) != (index == 0):
                yield "rings must follow the right-hand rule (outer counterclockwise, holes clockwise)"


def _position_problems(position: Any) -> Iterator[str]:
    if not (
        isinstance(position, list)
        and len(position) == 2
        and all(isinstance(value, int | float) and not isinstance(value, bool) for value in position)
    ):
        yield f"{position!r} is not a [longitude, latitude] position"
    elif not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
        yield f"{position!r} is outside WGS84 longitude and latitude"


def write_package(descriptor: Descriptor, package: Path) -> None:
    """``<table>.geojson`` for each spatial table, and a descriptor naming each file with its hash."""
    data: dict[str, Any] = {key: copy.deepcopy(descriptor.data[key]) for key in KEPT if key in descriptor.data}
    data["resources"] = []
    for name in spatial_tables(descriptor):
        table = descriptor.table(name)
        collection = feature_collection(table, read_verified_table(descriptor, name).to_pylist())
        target = inside(package, f"{name}.{FORMAT.name}")
        target.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        data["resources"].append(
            {
                "name": name,
                "path": target.name,
                "format": FORMAT.name,
                "mediatype": MEDIATYPE,
                "encoding": "utf-8",
                "title": table.title or name,
                "description": table.description,
                "hash": file_hash(target),
                "bytes": target.stat().st_size,
            }
        )
    Descriptor(path=package / DESCRIPTOR_NAME, data=data).write(package / DESCRIPTOR_NAME)


def _read_back(exported: Descriptor, reference: Descriptor) -> tuple[list[Problem], dict[str, Any]]:
    """The GeoJSON package ``exported`` against the package ``reference`` it claims to be written from: the
    problems of its files (hash, the spatial tables listed, UTF-8 JSON, RFC 7946 as each field says), and each
    file's feature collection by table name, read once."""
    found = file_problems(exported)
    names = [resource["name"] for resource in exported.data["resources"]]
    if names != spatial_tables(reference):
        message = f"lists {names}, not {spatial_tables(reference)}"
        found.append(Problem(where=DESCRIPTOR_NAME, message=message, code=codes.EXPORT_TABLES))
    if found:
        return found, {}
    collections = {}
    for resource in exported.data["resources"]:
        where = resource["path"]
        try:
            collection = json.loads((exported.basepath / where).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            found.append(Problem(where=where, message=f"is not UTF-8 JSON ({error})", code=codes.GEOJSON))
            continue
        found += rfc7946_problems(where, reference.table(resource["name"]), collection)
        collections[resource["name"]] = collection
    return found, collections


def problems(path: Path, sources_dir: Path | None) -> list[Problem]:
    """Each GeoJSON file: its hash, RFC 7946, then its features read back as rows and checked as the table."""
    exported = Descriptor.read(resolve_descriptor(path))
    data = exported.data
    installed, found = installed_schema(DESCRIPTOR_NAME, str(data.get("name")), str(data.get("version")))
    if installed is None:
        return found
    found, collections = _read_back(exported, installed)
    if found:
        return found
    tables = []
    for resource in data["resources"]:
        rows = table_rows(installed.table(resource["name"]), collections[resource["name"]])
        positions = list(range(1, len(rows) + 1))
        tables.append(TableRows(resource["name"], resource["path"], rows, positions, "vertex or point"))
    return rows_problems(installed, tables, None)


def written_problems(source: Descriptor, path: Path) -> list[Problem]:
    """A GeoJSON export read back for what writing can break: every file against its hash, the spatial tables
    of the package written from, each file UTF-8 JSON laid out as RFC 7946 and its fields say."""
    refused = text_cell_problems(source, spatial_tables(source))
    if refused:
        return refused
    found, _ = _read_back(Descriptor.read(resolve_descriptor(path)), source)
    return found


FORMAT = Format(
    name="geojson",
    description="the spatial tables as RFC 7946 GeoJSON with datapackage.json, in a directory (QGIS, geopandas)",
    write=write_package,
    problems=problems,
    written=written_problems,
)
