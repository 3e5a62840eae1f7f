"""The files a release offers, written once: the site's downloads, which the release command publishes as they are.

Each package is exported by ``c4data export`` (checked as ``c4data validate`` checks it, with its README,
licence and citation): the CSV package as a zip, the workbook, and the Parquet and GeoJSON packages, each
both unpacked (so that every descriptor the site offers validates as it stands) and as a zip. The names
carry the version, so that a file that travels alone says which release it is.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from c4data.files.archive import zip_directory
from c4data.files.hashing import file_sha256
from c4data.model.descriptor import Descriptor
from c4data.model.errors import C4DataError

DOWNLOADS = "downloads"
PARQUET_DIR = "parquet"
GEOJSON_DIR = "geojson"


@dataclass(frozen=True)
class Download:
    """One file offered for download: its name in the downloads directory, what it is, its size and sha256."""

    name: str
    about: str
    size: int
    sha256: str


def asset_names(descriptor: Descriptor) -> dict[str, str]:
    """The name of each package download of this version, and what it is."""
    stem = f"{descriptor.data['name']}-{descriptor.version}"
    return {
        f"{stem}-csv.zip": "the CSV data package in one zip (R, Excel, a data portal), with read_c4data.R",
        f"{stem}-parquet.zip": "the Parquet data package as shipped in the wheel (pandas, DuckDB, Arrow, R)",
        f"{stem}.xlsx": "one Excel workbook: a sheet per table, the data dictionary, the codebook, the citation",
        f"{stem}-geojson.zip": "cities (points) and boundaries (polygons) as GeoJSON, for QGIS or geopandas",
    }


def write_downloads(downloads: Path, descriptor: Descriptor, extra: list[Path]) -> list[Download]:
    """Export every package download of ``descriptor`` into ``downloads`` (and copy the ``extra`` files there);
    return each file offered, in order."""
    from c4data.formats.exporter import export

    source = descriptor.basepath
    about = asset_names(descriptor)
    taken = {*about, PARQUET_DIR, GEOJSON_DIR}
    for path in extra:
        if path.name in taken:
            raise C4DataError(f"{path}: a download of the site is named {path.name} already; rename the file")
        taken.add(path.name)
    names = list(about)
    csv_zip, parquet_zip, workbook, geojson_zip = (downloads / name for name in names)
    export(csv_zip, format="zip", source=source)
    export(workbook, format="xlsx", source=source)
    export(downloads / PARQUET_DIR, format="parquet", source=source)
    export(downloads / GEOJSON_DIR, format="geojson", source=source)
    zip_directory(downloads / PARQUET_DIR, parquet_zip)
    zip_directory(downloads / GEOJSON_DIR, geojson_zip)
    for path in extra:
        shutil.copyfile(path, downloads / path.name)
        about[path.name] = _extra_about(path.name)
    return [
        Download(name, text, (downloads / name).stat().st_size, file_sha256(downloads / name))
        for name, text in about.items()
    ]


def _extra_about(name: str) -> str:
    if name.endswith(".whl"):
        return "the Python package (pip install it): the library with the Parquet package"
    if name.endswith(".tar.gz"):
        return "the source distribution: library, curated CSV, tests, notebooks and docs"
    return "a file of the release"
