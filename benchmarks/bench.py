"""Measure what c4data costs over the plain tools it builds on, side by side in one run.

    python benchmarks/bench.py [--rounds 9] [--scales 1,10,100,1000] [--json benchmarks/results.json]

Each comparison runs its two commands in fresh processes, alternating them (A B, then B A, ...),
and reports the median wall time of each and their ratio; the loading comparison also compares
peak memory (the child's maximum resident set). The scaling part builds and validates synthetic
packages of N copies of the real rows and reports the time per 1,000 rows at each size. The claim
is the ratios, not the absolute times: this machine is shared and noisy. Exit status 1 when a
ratio is over its limit.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALING_GROWTH_LIMIT = 1.3  # time per 1,000 rows, largest size against the one before
HASH_LIMIT_MS = 1.0  # the sha256 check made on every read of a shipped file (median)


@dataclass
class Comparison:
    """Two commands measured against each other, and the limits their ratios must stay under."""

    name: str
    command: list[str]
    baseline: list[str]
    time_limit: float
    memory_limit: float | None = None
    seconds: list[float] = field(default_factory=list)
    baseline_seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    baseline_peak_kib: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        time_ratio = statistics.median(self.seconds) / statistics.median(self.baseline_seconds)
        memory_ratio = statistics.median(self.peak_kib) / statistics.median(self.baseline_peak_kib)
        passed = time_ratio <= self.time_limit and (self.memory_limit is None or memory_ratio <= self.memory_limit)
        return {
            "name": self.name,
            "command": " ".join(self.command),
            "baseline": " ".join(self.baseline),
            "median_s": round(statistics.median(self.seconds), 4),
            "baseline_median_s": round(statistics.median(self.baseline_seconds), 4),
            "time_ratio": round(time_ratio, 3),
            "time_limit": self.time_limit,
            "median_peak_mib": round(statistics.median(self.peak_kib) / 1024, 1),
            "baseline_median_peak_mib": round(statistics.median(self.baseline_peak_kib) / 1024, 1),
            "memory_ratio": round(memory_ratio, 3),
            "memory_limit": self.memory_limit,
            "passed": passed,
        }


def run_once(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one fresh process; fail loudly if it fails."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: a long error message cannot block the child
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{stderr.read().decode()}")
    return seconds, usage.ru_maxrss


def measure(comparison: Comparison, rounds: int, cwd: Path) -> None:
    """One warm-up run each, then ``rounds`` pairs, alternating which of the two goes first."""
    run_once(comparison.command, cwd)
    run_once(comparison.baseline, cwd)
    for round_number in range(rounds):
        pair = [(comparison.command, True), (comparison.baseline, False)]
        for command, is_c4data in pair if round_number % 2 == 0 else reversed(pair):
            seconds, peak = run_once(command, cwd)
            (comparison.seconds if is_c4data else comparison.baseline_seconds).append(seconds)
            (comparison.peak_kib if is_c4data else comparison.baseline_peak_kib).append(peak)


def _script(name: str) -> list[str]:
    """A console script of this environment, as a user runs it."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise SystemExit(f"{name} is not installed beside {sys.executable}: pip install '.[test]' first")
    return [str(path)]


def comparisons() -> list[Comparison]:
    import c4data
    from c4data.descriptor import Descriptor

    descriptor = Descriptor.read(c4data.package_path())
    files = [str(descriptor.data_file(name)) for name in descriptor.resource_names]
    read_with_pyarrow = (
        f"import pyarrow.parquet as pq\nframes = {{path: pq.read_table(path).to_pandas() for path in {files!r}}}"
    )
    python = [sys.executable]
    return [
        Comparison("import c4data / bare interpreter", [*python, "-c", "import c4data"], [*python, "-c", "pass"], 1.5),
        Comparison(
            "c4data.tables() / pyarrow read_table().to_pandas()",
            [*python, "-c", "import c4data\nframes = c4data.tables()"],
            [*python, "-c", read_with_pyarrow],
            1.15,
            1.1,
        ),
        Comparison(
            "c4data validate / frictionless validate",
            [*_script("c4data"), "validate", str(descriptor.path)],
            [*_script("frictionless"), "validate", str(descriptor.path)],
            1.0,
        ),
    ]


def scale_once(copies: int) -> dict[str, float | int]:
    """Build and validate a synthetic package of ``copies`` copies in this process (imports done beforehand)."""
    import frictionless  # noqa: F401  imported before timing, as in any long-running session
    import pyarrow.parquet  # noqa: F401

    import c4data
    from c4data.build import build
    from c4data.validate import validate

    sys.path.insert(0, str(HERE))
    from synthetic import write_synthetic_project

    with tempfile.TemporaryDirectory(prefix="c4data-bench-") as scratch:
        root = Path(scratch)
        rows = write_synthetic_project(c4data.package_path().parent, root, copies)
        start, cpu_start = time.perf_counter(), time.process_time()
        build(root)
        built = time.perf_counter()
        problems = validate(root)
        validated, cpu_end = time.perf_counter(), time.process_time()
    if problems:
        raise SystemExit(f"the synthetic package of {copies} copies does not validate: {problems[:3]}")
    return {
        "copies": copies,
        "rows": rows,
        "build_s": built - start,
        "validate_s": validated - built,
        "cpu_s": cpu_end - cpu_start,
    }


def measure_scaling(scales: list[int], rounds: int, cwd: Path) -> list[dict[str, float | int]]:
    """Each size in a fresh process, the sizes interleaved round by round; medians per size."""
    runs: dict[int, list[dict[str, float | int]]] = {copies: [] for copies in scales}
    for _ in range(rounds):
        for copies in scales:
            worker = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--scale-worker", str(copies)],
                cwd=cwd,
                capture_output=True,
                text=True,
            )
            if worker.returncode != 0:
                raise SystemExit(f"the scaling run of {copies} copies failed:\n{worker.stderr}")
            runs[copies].append(json.loads(worker.stdout))
    results = []
    for copies in scales:
        build_s = statistics.median(run["build_s"] for run in runs[copies])
        validate_s = statistics.median(run["validate_s"] for run in runs[copies])
        cpu_s = statistics.median(run["cpu_s"] for run in runs[copies])
        rows = int(runs[copies][0]["rows"])
        results.append(
            {
                "copies": copies,
                "rows": rows,
                "build_s": round(build_s, 3),
                "validate_s": round(validate_s, 3),
                "s_per_1000_rows": round((build_s + validate_s) / rows * 1000, 4),
                "cpu_s_per_1000_rows": round(cpu_s / rows * 1000, 4),
            }
        )
    return results


def measure_hash_cost(rounds: int) -> dict[str, float | bool]:
    """What the hash check on every read costs: sha256 of each shipped file, against the whole verified read.

    Measured in this process, the files already in the page cache, as a notebook rereading a table has them.
    """
    import hashlib

    from c4data.integrity import read_data_file, read_verified_table
    from c4data.load import shipped_descriptor

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


def report(summaries: list[dict[str, object]], scaling: list[dict[str, float | int]]) -> str:
    lines = [f"{'comparison':<52} {'c4data':>8} {'baseline':>9} {'ratio':>6} {'limit':>6}  result"]
    for s in summaries:
        verdict = "ok" if s["passed"] else "OVER"
        lines.append(
            f"{s['name']:<52} {s['median_s']:>7.3f}s {s['baseline_median_s']:>8.3f}s"
            f" {s['time_ratio']:>6.2f} {s['time_limit']:>6.2f}  {verdict}"
        )
        if s["memory_limit"] is not None:
            lines.append(
                f"{'  peak memory':<52} {s['median_peak_mib']:>6.0f}MiB {s['baseline_median_peak_mib']:>6.0f}MiB"
                f" {s['memory_ratio']:>6.2f} {s['memory_limit']:>6.2f}"
            )
    header = f"{'copies':>7} {'rows':>9} {'build':>9} {'validate':>9} {'s per 1,000 rows':>17} {'CPU s per 1,000':>16}"
    lines += ["", header]
    for s in scaling:
        lines.append(
            f"{s['copies']:>7} {s['rows']:>9} {s['build_s']:>8.2f}s {s['validate_s']:>8.2f}s"
            f" {s['s_per_1000_rows']:>17.4f} {s['cpu_s_per_1000_rows']:>16.4f}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="pairs of runs per comparison (default 9)")
    parser.add_argument("--scales", default="1,10,100,1000", help="copies of the real rows (default 1,10,100,1000)")
    parser.add_argument("--scale-rounds", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the figures")
    parser.add_argument("--scale-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--hash-only", action="store_true", help="measure only the hash check on every read")
    args = parser.parse_args()
    if args.scale_worker is not None:
        print(json.dumps(scale_once(args.scale_worker)))
        return 0
    hashing = measure_hash_cost(max(args.rounds, 50))
    print(
        f"sha256 on every read: median {hashing['hash_median_ms']:.3f} ms per file "
        f"(largest {hashing['largest_file_bytes']:,} bytes), {hashing['hash_share_of_read']:.1%} of a verified read "
        f"({hashing['verified_read_median_ms']:.2f} ms); limit {HASH_LIMIT_MS} ms  "
        + ("ok" if hashing["passed"] else "OVER")
    )
    if args.hash_only:
        return 0 if hashing["passed"] else 1

    scales = [int(value) for value in args.scales.split(",")]
    with tempfile.TemporaryDirectory(prefix="c4data-bench-cwd-") as neutral:
        cwd = Path(neutral)  # not the checkout, so `import c4data` finds the installed package
        summaries = []
        for comparison in comparisons():
            measure(comparison, args.rounds, cwd)
            summaries.append(comparison.summary())
        scaling = measure_scaling(scales, args.scale_rounds, cwd)

    growth = None
    if len(scaling) >= 2:
        growth = round(scaling[-1]["s_per_1000_rows"] / scaling[-2]["s_per_1000_rows"], 3)
    scaling_passed = growth is None or growth <= SCALING_GROWTH_LIMIT
    print(report(summaries, scaling))
    if growth is not None:
        verdict = "ok" if scaling_passed else "OVER"
        print(
            f"\ntime per 1,000 rows, {scales[-1]}x against {scales[-2]}x: {growth:.2f} "
            f"(limit {SCALING_GROWTH_LIMIT})  {verdict}"
        )

    results = {
        "measured": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "rounds": args.rounds,
        "comparisons": summaries,
        "scaling": scaling,
        "scaling_growth": growth,
        "scaling_growth_limit": SCALING_GROWTH_LIMIT,
        "hash_on_every_read": hashing,
    }
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {args.json}")
    return 0 if scaling_passed and hashing["passed"] and all(s["passed"] for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
