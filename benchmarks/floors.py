"""The floors of the benchmark's paths: the least work that gives what each c4data path gives, with plain tools.

    python benchmarks/floors.py KIND PACKAGE OUTPUT [TEXT]

KIND is one of ``copy`` (copy each Parquet file and the descriptor, hashing each file), ``csv`` (each table
through pandas to UTF-8 CSV), ``zip`` (those CSV files in one deflated zip), ``xlsx`` (each table a sheet,
pandas and openpyxl), ``geojson`` (the spatial tables as GeoJSON feature collections, json), ``site``
(nbconvert's HTML of each notebook in ``TEXT``, a directory, and the zip, xlsx and geojson floors) or
``jieba`` (the text file ``TEXT`` cut into words by jieba). Nothing is checked: these are floors.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any


def _resources(package: Path) -> list[dict[str, Any]]:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    return list(descriptor["resources"])


def copy_hashed(package: Path, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    for resource in _resources(package):
        target = output / resource["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / resource["path"], target)
        hashlib.sha256(target.read_bytes()).hexdigest()
    shutil.copyfile(package / "datapackage.json", output / "datapackage.json")


def _frames(package: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    return {r["name"]: pq.read_table(package / r["path"]).to_pandas() for r in _resources(package)}


def write_csv(package: Path, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in _frames(package).items():
        target = output / f"{name}.csv"
        frame.to_csv(target, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        written.append(target)
    return written


def write_zip(package: Path, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    files = write_csv(package, output / "csv")
    with zipfile.ZipFile(output / "package.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.name)


def write_xlsx(package: Path, output: Path) -> None:
    import pandas as pd

    output.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(output / "package.xlsx", engine="openpyxl") as writer:
        for name, frame in _frames(package).items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)


def write_geojson(package: Path, output: Path) -> None:
    """Each spatial table (one with longitude and latitude) as a feature collection of points or polygons."""
    output.mkdir(parents=True, exist_ok=True)
    for name, frame in _frames(package).items():
        if not {"longitude", "latitude"} <= set(frame.columns):
            continue
        rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
        if "vertex" in frame.columns:  # polygons: rings of vertices, grouped by boundary and part
            shapes: dict[tuple[Any, ...], list[list[float]]] = {}
            for row in rows:
                key = (row["boundary_id"], row["part"], row["ring"])
                shapes.setdefault(key, []).append([row["longitude"], row["latitude"]])
            features = [
                {"type": "Feature", "properties": {"id": key[0]}, "geometry": {"type": "Polygon", "coordinates": [r]}}
                for key, r in shapes.items()
            ]
        else:
            features = [
                {
                    "type": "Feature",
                    "properties": {k: v for k, v in row.items() if k not in ("longitude", "latitude")},
                    "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                }
                for row in rows
            ]
        collection = {"type": "FeatureCollection", "features": features}
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"), default=str)
        (output / f"{name}.geojson").write_text(text + "\n", encoding="utf-8")


def write_site(package: Path, output: Path, notebooks: Path) -> None:
    from nbconvert import HTMLExporter

    output.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    for notebook in sorted(notebooks.glob("*.ipynb")):
        body, _ = exporter.from_filename(str(notebook))
        (output / f"{notebook.stem}.html").write_text(body, encoding="utf-8")
    write_zip(package, output / "zip")
    write_xlsx(package, output / "xlsx")
    write_geojson(package, output / "geojson")


def cut_words(text_path: Path) -> None:
    import jieba

    jieba.setLogLevel(60)
    jieba.lcut(text_path.read_text(encoding="utf-8"))


def main(argv: list[str]) -> None:
    kind, package, output = argv[0], Path(argv[1]), Path(argv[2])
    if kind == "jieba":
        cut_words(Path(argv[3]))
    elif kind == "site":
        write_site(package, output, Path(argv[3]))
    else:
        {"copy": copy_hashed, "csv": write_csv, "zip": write_zip, "xlsx": write_xlsx, "geojson": write_geojson}[kind](
            package, output
        )


if __name__ == "__main__":
    main(sys.argv[1:])
