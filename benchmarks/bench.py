"""Measure what c4data costs over the plain tools it is built on, side by side, in one run.

    python benchmarks/bench.py [--rounds 9] [--loader-rounds 40] [--scales 1,10,100] [--write [PATH]]
                               [--paths [--path-rounds 5] [--large-rounds 3] [--text REPORT.txt]]

Run it from a checkout (the build needs ``data/curated``) with c4data installed beside this Python.

Each comparison does the same work on both sides and runs them in pairs, alternating which goes
first; the claim is the ratio of each pair (c4data over the baseline), shown as the median with the
smallest and largest. Times are CPU seconds (user + system, threads included), which a busy machine
disturbs far less than wall time; the median wall time is shown beside them.

- In process, where the claim is about c4data's code: ``c4data.tables()`` against
  ``pq.read_table(f).to_pandas()`` on the same files, both with every import already done. Each
  c4data call is a first call: its per-process caches (descriptor, verified hashes) are cleared.
- Whole process, where the claim is about the user's wait: fresh interpreters, imports included.
  ``c4data build`` against a plain build (``plain_build.py``: pyarrow.csv with the declared types,
  Parquet written, hashed), whose output must be byte for byte the same; ``c4data validate`` against
  ``frictionless validate`` on the same package. Neither side is given the reference texts.
- The floors: what the interpreter, ``import pandas``, reading the Parquet files into pandas and the
  plain build cost on their own, so that a reader sees how far c4data is from them.
- Scaling: synthetic packages with N copies of every table, built and validated in one process.
- With ``--paths``: every path of issue 26 (build, ``tables()``, polars, ``connect()`` and a join, each
  export, ``site``, ``draft``) against its floor at each size where it applies (``paths.py``).

Figures are written only when asked (``--write``). Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import filecmp
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
RESULTS = HERE / "results.json"
SOURCES_ENV = "C4DATA_SOURCES_DIR"  # unset for every child: neither side checks evidence against the texts

LOADER_LIMIT = 1.2  # c4data.tables() over read_table().to_pandas(), in process
IMPORT_LIMIT = 1.5  # `import c4data` over a bare interpreter
BUILD_LIMIT = 4.0  # c4data build over the plain build, whole process
VALIDATE_LIMIT = 0.4  # c4data validate over frictionless validate, whole process
SCALING_GROWTH_LIMIT = 1.3  # CPU time per 1,000 rows, largest size over the one before
HASH_LIMIT_MS = 1.0  # the sha256 check made on every read of a shipped file (median)

FRICTIONLESS_STILL_CHECKS = (
    "frictionless (called by c4data validate on the rows it has read) still checks the metadata, each "
    "cell against its field type and constraints (required, unique, minimum, maximum, pattern, enum, "
    "length) and primary keys; c4data looks up foreign keys in sets, and adds hashes, stored Arrow types "
    "and its own rules"
)


@dataclass
class Sample:
    cpu: float
    wall: float
    peak_kib: int = 0


@dataclass
class Comparison:
    """c4data against a baseline doing the same work, measured in pairs."""

    name: str
    setting: str  # "in process" or "whole process"
    limit: float | None
    note: str = ""
    ours: list[Sample] = field(default_factory=list)
    theirs: list[Sample] = field(default_factory=list)
    memory_limit: float | None = None
    extra_failure: str | None = None  # a reason the comparison fails besides its ratio

    def summary(self) -> dict[str, object]:
        ratios = [a.cpu / b.cpu for a, b in zip(self.ours, self.theirs, strict=True)]
        ratio = statistics.median(ratios)
        passed = (self.limit is None or ratio <= self.limit) and self.extra_failure is None
        result: dict[str, object] = {
            "name": self.name,
            "setting": self.setting,
            "pairs": len(ratios),
            "cpu_s": round(statistics.median(s.cpu for s in self.ours), 4),
            "baseline_cpu_s": round(statistics.median(s.cpu for s in self.theirs), 4),
            "wall_s": round(statistics.median(s.wall for s in self.ours), 4),
            "baseline_wall_s": round(statistics.median(s.wall for s in self.theirs), 4),
            "ratio": round(ratio, 3),
            "ratio_min": round(min(ratios), 3),
            "ratio_max": round(max(ratios), 3),
            "limit": self.limit,
            "note": self.note,
        }
        if self.memory_limit is not None:
            memory = statistics.median(a.peak_kib / b.peak_kib for a, b in zip(self.ours, self.theirs, strict=True))
            result |= {
                "peak_mib": round(statistics.median(s.peak_kib for s in self.ours) / 1024, 1),
                "baseline_peak_mib": round(statistics.median(s.peak_kib for s in self.theirs) / 1024, 1),
                "memory_ratio": round(memory, 3),
                "memory_limit": self.memory_limit,
            }
            passed = passed and memory <= self.memory_limit
        if self.extra_failure:
            result["failure"] = self.extra_failure
        result["passed"] = passed
        return result


def child_env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != SOURCES_ENV}


def run_process(command: list[str], cwd: Path) -> Sample:
    """CPU and wall seconds and peak resident memory of one fresh process; fail loudly if it fails."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: a long error message cannot block the child
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            stderr.seek(0)
            raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{stderr.read().decode()}")
    return Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss)


def run_worker(script: str, arguments: list[str], cwd: Path, what: str) -> Any:
    """Run ``script`` as a fresh worker process with ``arguments`` and return the JSON it prints."""
    worker = subprocess.run(
        [sys.executable, str(Path(script).resolve()), *arguments],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        text=True,
    )
    if worker.returncode != 0:
        raise SystemExit(f"{what} failed:\n{worker.stderr}")
    return json.loads(worker.stdout)


def measure_pairs(comparison: Comparison, ours: list[str], theirs: list[str], rounds: int, cwd: Path) -> None:
    """``rounds`` pairs of fresh processes, alternating which goes first; no warm-up run is dropped."""
    for round_number in range(rounds):
        pair = [(ours, comparison.ours), (theirs, comparison.theirs)]
        for command, samples in pair if round_number % 2 == 0 else reversed(pair):
            samples.append(run_process(command, cwd))


def _script(name: str) -> list[str]:
    """A console script of this environment, as a user runs it."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise SystemExit(f"{name} is not installed beside {sys.executable}: pip install '.[test]' first")
    return [str(path)]


def _data_files(descriptor_path: Path) -> list[str]:
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    return [str(descriptor_path.parent / resource["path"]) for resource in descriptor["resources"]]


def _read_with_pyarrow(files: list[str]) -> str:
    return f"import pyarrow.parquet as pq\nframes = {{path: pq.read_table(path).to_pandas() for path in {files!r}}}"


# In process: the loader against pyarrow.


def _forget_loaded_state() -> None:
    """Clear c4data's per-process state: cached values, and the descriptor kept while its file is unchanged."""
    for name, module in list(sys.modules.items()):
        if name != "c4data" and not name.startswith("c4data."):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
        verified = getattr(module, "_verified", None)
        if isinstance(verified, set | dict):
            verified.clear()
    load = sys.modules.get("c4data.reading.load")
    if load is not None:
        load._read = None  # type: ignore[attr-defined]  # the descriptor as last read, kept while its file is unchanged


def loader_worker(rounds: int) -> dict[str, list[list[float]]]:
    """Time ``c4data.tables()`` and ``read_table().to_pandas()`` on the same files, in pairs, in this process."""
    import pandas  # noqa: F401
    import pyarrow.parquet as pq

    import c4data

    files = _data_files(c4data.package_path())

    def ours() -> object:
        return c4data.tables()

    def theirs() -> object:
        return {path: pq.read_table(path).to_pandas() for path in files}

    _forget_loaded_state()
    ours(), theirs()  # the first call of each imports what pandas and pyarrow load lazily
    times: dict[str, list[list[float]]] = {"ours": [], "theirs": []}
    for round_number in range(rounds):
        pair: list[tuple[str, Callable[[], object]]] = [("ours", ours), ("theirs", theirs)]
        for side, call in pair if round_number % 2 == 0 else reversed(pair):
            _forget_loaded_state()  # each c4data call is a first call; clearing is not part of its time
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            call()
            times[side].append([time.process_time() - cpu, time.perf_counter() - wall])
    return times


def measure_loader(rounds: int, cwd: Path) -> Comparison:
    comparison = Comparison(
        "c4data.tables() / pq.read_table(f).to_pandas()",
        "in process",
        LOADER_LIMIT,
        "same files; c4data also checks hashes and gives the declared dtypes",
    )
    times = run_worker(__file__, ["--loader-worker", str(rounds)], cwd, "the in-process loader run")
    comparison.ours = [Sample(cpu, wall) for cpu, wall in times["ours"]]
    comparison.theirs = [Sample(cpu, wall) for cpu, wall in times["theirs"]]
    return comparison


# Whole process: import, first use, build, validate; and the floors.


def _scratch_project(scratch: Path) -> Path:
    """A copy of the checkout's data package and curated files, for the builds to rewrite."""
    project = scratch / "project"
    project.mkdir()
    shutil.copy2(CHECKOUT / "datapackage.json", project / "datapackage.json")
    shutil.copytree(CHECKOUT / "data", project / "data")
    return project


def _identical_outputs(project: Path, plain: Path) -> str | None:
    """None when the c4data build and the plain build wrote the same bytes; otherwise which file differs."""
    names = ["datapackage.json", *_relative_data_files(project / "datapackage.json")]
    for name in names:
        if not filecmp.cmp(project / name, plain / name, shallow=False):
            return f"{name} differs between c4data build and the plain build"
    return None


def _relative_data_files(descriptor_path: Path) -> list[str]:
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    return [resource["path"] for resource in descriptor["resources"]]


def measure_whole_process(rounds: int, cwd: Path, scratch: Path) -> tuple[list[Comparison], dict[str, dict]]:
    python = [sys.executable]
    project = _scratch_project(scratch)
    plain = scratch / "plain"
    plain.mkdir()
    files = _data_files(project / "datapackage.json")
    descriptor = str(project / "datapackage.json")
    plain_build = [*python, str(HERE / "plain_build.py"), str(project), str(plain)]

    importing = Comparison("import c4data / python -c pass", "whole process", IMPORT_LIMIT)
    measure_pairs(importing, [*python, "-c", "import c4data"], [*python, "-c", "pass"], rounds, cwd)
    loading = Comparison(
        "import c4data; tables() / import pyarrow; read_table().to_pandas()",
        "whole process",
        None,
        "the user's wait for every table, imports included",
        memory_limit=1.1,
    )
    measure_pairs(
        loading,
        [*python, "-c", "import c4data\nc4data.tables()"],
        [*python, "-c", _read_with_pyarrow(files)],
        rounds,
        cwd,
    )
    building = Comparison(
        "c4data build / plain build",
        "whole process",
        BUILD_LIMIT,
        "c4data checks every Table Schema rule and its own on the curated rows (frictionless is not imported), "
        "writes, then checks what writing can break; plain build: pyarrow.csv with the declared types, "
        "Parquet written, hashed; the same bytes",
    )
    measure_pairs(building, [*_script("c4data"), "build", "--root", str(project)], plain_build, rounds, cwd)
    building.extra_failure = _identical_outputs(project, plain)
    validating = Comparison(
        "c4data validate / frictionless validate",
        "whole process",
        VALIDATE_LIMIT,
        FRICTIONLESS_STILL_CHECKS,
    )
    measure_pairs(
        validating,
        [*_script("c4data"), "validate", descriptor],
        [*_script("frictionless"), "validate", descriptor],
        rounds,
        cwd,
    )
    floors = {
        "interpreter start (python -c pass)": importing.theirs,
        "import pandas": [run_process([*python, "-c", "import pandas"], cwd) for _ in range(rounds)],
        "Parquet read (every table, read_table().to_pandas())": loading.theirs,
        "plain build (pyarrow.csv, Parquet, sha256)": building.theirs,
    }
    floor_summary = {
        name: {
            "cpu_s": round(statistics.median(s.cpu for s in samples), 4),
            "wall_s": round(statistics.median(s.wall for s in samples), 4),
        }
        for name, samples in floors.items()
    }
    return [importing, loading, building, validating], floor_summary


# Scaling: N copies of every table.


def scale_once(copies: int) -> dict[str, float | int]:
    """Build and validate a synthetic package of ``copies`` copies in this process (imports done beforehand)."""
    import frictionless  # noqa: F401  imported before timing, as in any long-running session
    import pyarrow.parquet  # noqa: F401

    from c4data.building.build import build
    from c4data.building.validate import validate

    sys.path.insert(0, str(HERE))
    from synthetic import write_synthetic_project

    with tempfile.TemporaryDirectory(prefix="c4data-bench-") as scratch:
        root = Path(scratch)
        rows = write_synthetic_project(CHECKOUT, root, copies)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        build(root)
        cpu1, wall1 = time.process_time(), time.perf_counter()
        problems = validate(root)
        cpu2, wall2 = time.process_time(), time.perf_counter()
    if problems:
        raise SystemExit(f"the synthetic package of {copies} copies does not validate: {problems[:3]}")
    return {
        "copies": copies,
        "rows": rows,
        "build_cpu_s": cpu1 - cpu0,
        "validate_cpu_s": cpu2 - cpu1,
        "build_wall_s": wall1 - wall0,
        "validate_wall_s": wall2 - wall1,
    }


def measure_scaling(scales: list[int], rounds: int, cwd: Path) -> list[dict[str, float | int]]:
    """Each size in a fresh process, the sizes interleaved round by round; medians per size."""
    runs: dict[int, list[dict[str, float | int]]] = {copies: [] for copies in scales}
    for _ in range(rounds):
        for copies in scales:
            runs[copies].append(
                run_worker(__file__, ["--scale-worker", str(copies)], cwd, f"the scaling run of {copies} copies")
            )
    results = []
    for copies in scales:
        median = {key: statistics.median(run[key] for run in runs[copies]) for key in runs[copies][0]}
        rows = int(runs[copies][0]["rows"])
        cpu = median["build_cpu_s"] + median["validate_cpu_s"]
        results.append(
            {
                "copies": copies,
                "rows": rows,
                "build_cpu_s": round(median["build_cpu_s"], 3),
                "validate_cpu_s": round(median["validate_cpu_s"], 3),
                "build_wall_s": round(median["build_wall_s"], 3),
                "validate_wall_s": round(median["validate_wall_s"], 3),
                "cpu_s_per_1000_rows": round(cpu / rows * 1000, 4),
            }
        )
    return results


# Report.


def measure_hash_cost(rounds: int) -> dict[str, float | bool]:
    """What the hash check on every read costs: sha256 of each shipped file, against the whole verified read.

    Measured in this process, the files already in the page cache, as a notebook rereading a table has them.
    """
    import hashlib

    from c4data.reading.integrity import read_data_file, read_verified_table
    from c4data.reading.load import shipped_descriptor

    descriptor = shipped_descriptor()
    names = descriptor.resource_names
    contents = {name: read_data_file(descriptor, name) for name in names}
    hash_s, read_s = [], []
    for _ in range(rounds):
        for name in names:
            start = time.perf_counter()
            hashlib.sha256(contents[name]).hexdigest()
            hash_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            read_verified_table(descriptor, name)
            read_s.append(time.perf_counter() - start)
    hash_ms, read_ms = statistics.median(hash_s) * 1000, statistics.median(read_s) * 1000
    return {
        "files": len(names),
        "largest_file_bytes": max(len(data) for data in contents.values()),
        "hash_median_ms": round(hash_ms, 4),
        "hash_max_ms": round(max(hash_s) * 1000, 4),
        "verified_read_median_ms": round(read_ms, 3),
        "hash_share_of_read": round(hash_ms / read_ms, 4),
        "hash_limit_ms": HASH_LIMIT_MS,
        "passed": hash_ms < HASH_LIMIT_MS,
    }


def report(summaries: list[dict], floors: dict[str, dict], scaling: list[dict], growth: float | None) -> str:
    lines = [
        f"{'comparison (CPU time, ratio per pair)':<68} {'c4data':>9} {'baseline':>9}"
        f" {'ratio':>6} {'min':>5} {'max':>5} {'limit':>6}  result"
    ]
    for setting in ("in process", "whole process"):
        lines.append(f"-- {setting}")
        for s in (s for s in summaries if s["setting"] == setting):
            verdict = "ok" if s["passed"] else "MISSED"
            limit = f"{s['limit']:>6.2f}" if s["limit"] is not None else f"{'-':>6}"
            lines.append(
                f"{s['name']:<68} {s['cpu_s']:>8.3f}s {s['baseline_cpu_s']:>8.3f}s {s['ratio']:>6.2f}"
                f" {s['ratio_min']:>5.2f} {s['ratio_max']:>5.2f} {limit}  {verdict}"
            )
            lines.append(f"{'':<4}wall (median): {s['wall_s']:.3f} s against {s['baseline_wall_s']:.3f} s")
            if "memory_ratio" in s:
                lines.append(
                    f"{'':<4}peak memory: {s['peak_mib']:.0f} MiB against {s['baseline_peak_mib']:.0f} MiB,"
                    f" ratio {s['memory_ratio']:.2f} (limit {s['memory_limit']:.2f})"
                )
            if s.get("failure"):
                lines.append(f"{'':<4}FAILED: {s['failure']}")
    lines += ["", f"{'floor (whole process, median)':<60} {'CPU':>8} {'wall':>8}"]
    for name, figures in floors.items():
        lines.append(f"{name:<60} {figures['cpu_s']:>7.3f}s {figures['wall_s']:>7.3f}s")
    if scaling:
        lines += [
            "",
            f"{'copies':>7} {'rows':>9} {'build CPU':>10} {'validate CPU':>13} {'build wall':>11}"
            f" {'validate wall':>14} {'CPU s per 1,000 rows':>21}",
        ]
        for s in scaling:
            lines.append(
                f"{s['copies']:>7} {s['rows']:>9} {s['build_cpu_s']:>9.2f}s {s['validate_cpu_s']:>12.2f}s"
                f" {s['build_wall_s']:>10.2f}s {s['validate_wall_s']:>13.2f}s {s['cpu_s_per_1000_rows']:>21.4f}"
            )
    if growth is not None:
        verdict = "ok" if growth <= SCALING_GROWTH_LIMIT else "MISSED"
        lines.append(
            f"CPU time per 1,000 rows, {scaling[-1]['copies']}x over {scaling[-2]['copies']}x:"
            f" {growth:.2f} (limit {SCALING_GROWTH_LIMIT})  {verdict}"
        )
    lines += ["", f"validate: {FRICTIONLESS_STILL_CHECKS}."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="pairs of fresh processes per comparison (default 9)")
    parser.add_argument("--loader-rounds", type=int, default=40, help="pairs of in-process loads (default 40)")
    parser.add_argument("--scales", default="1,10,100", help="copies of every table (default 1,10,100; '' for none)")
    parser.add_argument("--scale-rounds", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument(
        "--write", nargs="?", type=Path, const=RESULTS, help=f"write the figures as JSON (default {RESULTS})"
    )
    parser.add_argument("--hash-only", action="store_true", help="measure only the hash check on every read")
    parser.add_argument(
        "--paths", action="store_true", help="also every path of issue 26 against its floor at each size (paths.py)"
    )
    parser.add_argument("--path-rounds", type=int, default=5, help="pairs per path comparison (default 5)")
    parser.add_argument("--large-rounds", type=int, default=3, help="pairs per path comparison at 100x (default 3)")
    parser.add_argument("--text", type=Path, help="a UTF-8 report of about 2 kB for the draft path")
    parser.add_argument("--loader-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--scale-worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loader_worker is not None:
        print(json.dumps(loader_worker(args.loader_worker)))
        return 0
    if args.scale_worker is not None:
        print(json.dumps(scale_once(args.scale_worker)))
        return 0

    hashing = measure_hash_cost(max(args.rounds, 50))
    print(
        f"sha256 on every read: median {hashing['hash_median_ms']:.3f} ms per file "
        f"(largest {hashing['largest_file_bytes']:,} bytes), {hashing['hash_share_of_read']:.1%} of a verified read "
        f"({hashing['verified_read_median_ms']:.2f} ms); limit {HASH_LIMIT_MS} ms  "
        + ("ok" if hashing["passed"] else "MISSED")
    )
    if args.hash_only:
        return 0 if hashing["passed"] else 1

    scales = [int(value) for value in args.scales.split(",") if value.strip()]
    with tempfile.TemporaryDirectory(prefix="c4data-bench-") as scratch_name:
        scratch = Path(scratch_name)
        cwd = scratch / "cwd"  # not the checkout, so that `import c4data` finds the installed package
        cwd.mkdir()
        comparisons = [measure_loader(args.loader_rounds, cwd)]
        whole, floors = measure_whole_process(args.rounds, cwd, scratch)
        comparisons += whole
        scaling = measure_scaling(scales, args.scale_rounds, cwd)
        path_results: list[dict[str, Any]] = []
        if args.paths:
            sys.path.insert(0, str(HERE))
            from paths import measure_paths
            from paths import report as path_report

            path_results = measure_paths(scales, args.path_rounds, args.large_rounds, cwd, scratch, args.text, set())

    summaries = [comparison.summary() for comparison in comparisons]
    growth = None
    if len(scaling) >= 2:
        growth = round(scaling[-1]["cpu_s_per_1000_rows"] / scaling[-2]["cpu_s_per_1000_rows"], 3)
    print(report(summaries, floors, scaling, growth))
    if path_results:
        print("\nEvery path against its floor (CPU time, ratio per pair; target: issue 26)")
        print(path_report(path_results))
    passed = all(s["passed"] for s in summaries) and (growth is None or growth <= SCALING_GROWTH_LIMIT)
    passed = passed and all(s["passed"] for s in path_results)
    passed = passed and bool(hashing["passed"])

    if args.write is not None:
        results = {
            "measured": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "rounds": args.rounds,
            "loader_rounds": args.loader_rounds,
            "comparisons": summaries,
            "floors": floors,
            "scaling": scaling,
            "scaling_growth": growth,
            "scaling_growth_limit": SCALING_GROWTH_LIMIT,
            "hash_on_every_read": hashing,
            "paths": path_results,
            "passed": passed,
        }
        args.write.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.write}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
