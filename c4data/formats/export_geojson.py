"""Write the spatial tables as a package of GeoJSON files, one per table, described by ``datapackage.json``."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from c4data.files.hashing import file_hash
from c4data.formats.geojson import MEDIATYPE, feature_collection, spatial_tables
from c4data.model.descriptor import Descriptor
from c4data.model.paths import DESCRIPTOR_NAME
from c4data.reading.integrity import read_verified_table

FORMAT = "geojson"
# Package metadata kept in a GeoJSON package's descriptor; its resources are the GeoJSON files.
KEPT = ("$schema", "name", "title", "description", "version", "keywords", "licenses", "contributors", "sources")


def write_geojson_package(descriptor: Descriptor, package: Path) -> None:
    """``<table>.geojson`` for each spatial table, and a descriptor naming each file with its hash."""
    data: dict[str, Any] = {key: copy.deepcopy(descriptor.data[key]) for key in KEPT if key in descriptor.data}
    data["resources"] = []
    for name in spatial_tables(descriptor):
        table = descriptor.table(name)
        collection = feature_collection(table, read_verified_table(descriptor, name).to_pylist())
        target = package / f"{name}.{FORMAT}"
        target.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        data["resources"].append(
            {
                "name": name,
                "path": target.name,
                "format": FORMAT,
                "mediatype": MEDIATYPE,
                "encoding": "utf-8",
                "title": table.title or name,
                "description": table.description,
                "hash": file_hash(target),
                "bytes": target.stat().st_size,
            }
        )
    Descriptor(path=package / DESCRIPTOR_NAME, data=data).write(package / DESCRIPTOR_NAME)
