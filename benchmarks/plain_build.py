"""The floor for a build: the curated CSV files read by pyarrow.csv with their declared types, written, hashed.

    python benchmarks/plain_build.py PROJECT_ROOT OUTPUT_DIR

No check of any kind: this is the least work that turns ``data/curated/*.csv`` into the same Parquet
files and descriptor hashes that ``c4data build`` writes (the benchmark checks that they are byte for
byte the same). It reads the descriptor for each table's path and field types and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}


def plain_build(root: Path, output: Path) -> None:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        options = pa_csv.ConvertOptions(
            column_types={field["name"]: ARROW_TYPES[field.get("type", "string")] for field in fields},
            null_values=resource["schema"].get("missingValues", [""]),
            strings_can_be_null=True,
        )
        table = pa_csv.read_csv(root / "data" / "curated" / f"{resource['name']}.csv", convert_options=options)
        target = output / resource["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.combine_chunks(), target, compression="snappy")
        resource["hash"] = "sha256:" + hashlib.sha256(target.read_bytes()).hexdigest()
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (output / "datapackage.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    plain_build(Path(sys.argv[1]), Path(sys.argv[2]))
