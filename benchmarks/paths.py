"""Every path of issue 26 against its floor, at 1x, 10x and 100x where it applies, in pairs.

    python benchmarks/paths.py [--scales 1,10,100] [--rounds 5] [--large-rounds 3] [--text FILE] [--only NAME,...]

Run by ``bench.py --paths`` (or alone, as above). Each package is a synthetic project of N copies of every
table (``synthetic.py``), built once by ``c4data build``; 1x is the shipped rows. Each comparison runs c4data
and its floor in pairs, alternating which goes first, and claims the median ratio of the pairs (CPU
seconds), the floor's own time beside it. Where the claim is about c4data's code (reading a package into
pandas or polars, ``connect()`` and a join), both sides run in one worker process with every import done
and c4data's per-process state cleared before each call; where it is about the user's wait (build, export,
site, draft, validate), each run is a fresh process. The draft comparison needs a text (``--text``; without one it is
left out): give it a UTF-8 report of about 2 kB, such as one of the reference texts.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
sys.path.insert(0, str(HERE))

from bench import Comparison, Sample, _forget_loaded_state, _script, run_process, run_worker  # noqa: E402

# The targets of issue 26 ("Done when"), by path and size; a path without one is reported, not judged.
TARGETS = {
    ("build", 100): 2.0,
    ("validate", 100): 0.2,
    ("tables", 100): 1.15,
    ("polars", 1): 1.2,
    ("join", 1): 1.5,
    ("export parquet", 1): 3.0,
    ("export csv", 1): 1.3,
    ("export zip", 1): 1.3,
    ("export xlsx", 1): 1.3,
    ("export geojson", 1): 1.3,
    ("site", 1): 1.2,
    ("draft", 1): 1.5,
}
JOIN = (
    "SELECT count(*), count(DISTINCT c.name_en), count(DISTINCT m.meeting_id) FROM {meetings} AS m "
    "JOIN {meeting_cities} AS mc ON mc.meeting_id = m.meeting_id JOIN {cities} AS c ON c.city_id = mc.city_id"
)
IN_PROCESS = ("tables", "polars", "join")
EXPORTS = ("parquet", "csv", "zip", "xlsx", "geojson")


@dataclass(frozen=True)
class PathSpec:
    name: str
    scales: tuple[int, ...]  # the sizes it applies to (of those asked for)
    note: str


SPECS = (
    PathSpec("build", (1, 10, 100), "c4data build / plain build (pyarrow.csv, Parquet, sha256), whole process"),
    PathSpec("validate", (1, 10, 100), "c4data validate / frictionless validate of the built package, whole process"),
    PathSpec("tables", (1, 10, 100), "c4data.tables(source=) / pq.read_table(f).to_pandas(), in process"),
    PathSpec("polars", (1, 10, 100), 'c4data.tables(backend="polars", source=) / pl.read_parquet(f), in process'),
    PathSpec("join", (1, 10, 100), "c4data.connect(path) + a 3-table join / DuckDB's read_parquet, in process"),
    PathSpec("export parquet", (1, 10), "c4data.export(parquet) / copy every file and hash it, whole process"),
    PathSpec("export csv", (1,), "c4data.export(csv) / pandas to_csv per table, whole process"),
    PathSpec("export zip", (1,), "c4data.export(zip) / pandas to_csv and zipfile, whole process"),
    PathSpec("export xlsx", (1,), "c4data.export(xlsx) / pandas to_excel with openpyxl, whole process"),
    PathSpec("export geojson", (1,), "c4data.export(geojson) / json of the spatial tables, whole process"),
    PathSpec("site", (1,), "c4data site / nbconvert HTML of the notebooks + the zip, xlsx, geojson floors"),
    PathSpec("draft", (1,), "c4data draft TEXT / a process cutting TEXT into words with jieba"),
)


def make_packages(scales: list[int], scratch: Path) -> dict[int, Path]:
    """A built synthetic package for each size (1x is the shipped rows)."""
    from synthetic import write_synthetic_project

    from c4data.building.build import build

    packages = {}
    for copies in scales:
        root = scratch / f"package-{copies}x"
        write_synthetic_project(CHECKOUT, root, copies)
        build(root)
        packages[copies] = root
    return packages


# In process: reading into pandas and polars, and connect() with a join.


def _data_files(package: Path) -> dict[str, str]:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: str(package / r["path"]) for r in descriptor["resources"]}


def read_worker(kind: str, package: Path, rounds: int) -> dict[str, list[list[float]]]:
    """Time c4data and its floor on ``package``, in pairs, in this process (imports done, warm-up run once)."""
    import c4data

    files = _data_files(package)
    ours: Callable[[], object]
    theirs: Callable[[], object]
    if kind == "tables":
        import pyarrow.parquet as pq

        def ours() -> object:
            return c4data.tables(source=package)

        def theirs() -> object:
            return {name: pq.read_table(path).to_pandas() for name, path in files.items()}
    elif kind == "polars":
        import polars as pl

        def ours() -> object:
            return c4data.tables(backend="polars", source=package)

        def theirs() -> object:
            return {name: pl.read_parquet(path) for name, path in files.items()}
    else:
        import duckdb

        query = JOIN.format(**{name: f"read_parquet('{path}')" for name, path in files.items()})
        views = JOIN.format(**{name: name for name in files})

        def ours() -> object:
            return c4data.connect(package).sql(views).fetchall()

        def theirs() -> object:
            return duckdb.connect().sql(query).fetchall()

    _forget_loaded_state()
    first, floor = ours(), theirs()  # the first call of each also imports what is loaded lazily
    if kind == "join" and first != floor:
        raise SystemExit(f"connect() and DuckDB give different results for the join: {first} and {floor}")
    times: dict[str, list[list[float]]] = {"ours": [], "theirs": []}
    for round_number in range(rounds):
        pair: list[tuple[str, Callable[[], object]]] = [("ours", ours), ("theirs", theirs)]
        for side, call in pair if round_number % 2 == 0 else reversed(pair):
            _forget_loaded_state()
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            call()
            times[side].append([time.process_time() - cpu, time.perf_counter() - wall])
    return times


def _in_process(kind: str, package: Path, rounds: int, cwd: Path) -> tuple[list[Sample], list[Sample]]:
    times = run_worker(__file__, ["--worker", kind, str(package), str(rounds)], cwd, f"the {kind} worker")
    return [Sample(c, w) for c, w in times["ours"]], [Sample(c, w) for c, w in times["theirs"]]


# Whole process: build, exports, site, draft.


def _commands(name: str, package: Path, out: Path, text: Path | None) -> tuple[list[str], list[str]]:
    python, floors = [sys.executable], [sys.executable, str(HERE / "floors.py")]
    if name == "build":
        return [*_script("c4data"), "build", "--root", str(package)], [
            *python,
            str(HERE / "plain_build.py"),
            str(package),
            str(out / "plain"),
        ]
    if name == "validate":
        descriptor = str(package / "datapackage.json")
        return [*_script("c4data"), "validate", descriptor], [*_script("frictionless"), "validate", descriptor]
    if name.startswith("export "):
        kind = name.split()[1]
        target = out / ("c4data" + {"zip": ".zip", "xlsx": ".xlsx"}.get(kind, ""))
        call = f"c4data.export({str(target)!r}, format={kind!r}, source={str(package)!r})"
        ours = [*python, "-c", f"import c4data; {call}"]
        return ours, [*floors, {"parquet": "copy"}.get(kind, kind), str(package), str(out / "floor")]
    if name == "site":
        notebooks = str(CHECKOUT / "notebooks")
        return [*_script("c4data"), "site", str(out / "site"), "--notebooks", notebooks], [
            *floors,
            "site",
            str(package),
            str(out / "floor"),
            notebooks,
        ]
    assert name == "draft" and text is not None
    return [*_script("c4data"), "draft", str(text)], [*floors, "jieba", str(package), str(out), str(text)]


def _whole_process(
    name: str, package: Path, rounds: int, cwd: Path, scratch: Path, text: Path | None
) -> tuple[list[Sample], list[Sample]]:
    ours: list[Sample] = []
    theirs: list[Sample] = []
    for round_number in range(rounds):
        out = Path(tempfile.mkdtemp(prefix="out-", dir=scratch))
        mine, floor = _commands(name, package, out, text)
        pair = [(mine, ours), (floor, theirs)]
        for command, samples in pair if round_number % 2 == 0 else reversed(pair):
            samples.append(run_process(command, cwd))
        shutil.rmtree(out)
    return ours, theirs


def measure_paths(
    scales: list[int], rounds: int, large_rounds: int, cwd: Path, scratch: Path, text: Path | None, only: set[str]
) -> list[dict[str, Any]]:
    packages = make_packages(scales, scratch)
    results = []
    for spec in SPECS:
        if (only and spec.name not in only) or (spec.name == "draft" and text is None):
            continue
        for copies in (scale for scale in scales if scale in spec.scales):
            count = large_rounds if copies >= 100 else rounds
            if spec.name in IN_PROCESS:
                ours, theirs = _in_process(spec.name, packages[copies], count, cwd)
            else:
                ours, theirs = _whole_process(spec.name, packages[copies], count, cwd, scratch, text)
            comparison = Comparison(spec.name, f"{copies}x", TARGETS.get((spec.name, copies)), spec.note)
            comparison.ours, comparison.theirs = ours, theirs
            results.append(comparison.summary() | {"copies": copies})
            print(_line(results[-1]), flush=True)
    return results


def _line(s: dict[str, Any]) -> str:
    limit = f"{s['limit']:.2f}" if s["limit"] is not None else "-"
    verdict = "" if s["limit"] is None else ("ok" if s["passed"] else "MISSED")
    return (
        f"{s['name']:<16} {s['copies']:>4}x  c4data {s['cpu_s']:>8.3f}s  floor {s['baseline_cpu_s']:>8.3f}s  "
        f"ratio {s['ratio']:>6.2f} [{s['ratio_min']:.2f}-{s['ratio_max']:.2f}]  target {limit:>5} {verdict}"
    )


def report(results: list[dict[str, Any]]) -> str:
    header = f"{'path':<16} {'size':>5}  {'':>6} {'CPU':>9}  {'':>5} {'CPU':>9}  {'ratio':>6} [min-max]  target"
    return "\n".join([header, *(_line(s) for s in results)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--rounds", type=int, default=5, help="pairs per comparison (default 5)")
    parser.add_argument("--large-rounds", type=int, default=3, help="pairs per comparison at 100x (default 3)")
    parser.add_argument("--text", type=Path, help="a UTF-8 report for the draft comparison")
    parser.add_argument("--only", default="", help="comma-separated path names (default: all)")
    parser.add_argument("--write", type=Path, help="write the figures as JSON")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, package, rounds = args.worker
        print(json.dumps(read_worker(kind, Path(package), int(rounds))))
        return 0
    scales = [int(value) for value in args.scales.split(",") if value.strip()]
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    with tempfile.TemporaryDirectory(prefix="c4data-paths-") as scratch_name:
        scratch = Path(scratch_name)
        cwd = scratch / "cwd"
        cwd.mkdir()
        results = measure_paths(scales, args.rounds, args.large_rounds, cwd, scratch, args.text, only)
    print()
    print(report(results))
    if args.write is not None:
        args.write.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if all(s["passed"] for s in results) else 1


if __name__ == "__main__":
    sys.exit(main())
