"""What ``pip install c4data`` costs next to ``pip install palmerpenguins``: distributions, MiB, seconds.

    python benchmarks/install_footprint.py [--rounds 2] [--write [PATH]]

Each install goes into a fresh virtual environment under /tmp, the installs alternating round by round.
c4data is installed from a wheel built from this checkout, alone and with its ``frictionless`` extra
(what ``c4data validate`` and ``export`` need). Distributions are counted without pip and
setuptools; MiB is the size of the environment's site-packages; seconds are the wall time of
``pip install`` with pip's cache as it is (warm on a machine that has installed them before).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
RESULTS = HERE / "install_footprint.json"
COUNT_DISTRIBUTIONS = (
    "import importlib.metadata as m; "
    "print(len({d.metadata['Name'].lower() for d in m.distributions()} - {'pip', 'setuptools'}))"
)


def build_wheel(target: Path) -> Path:
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", target], cwd=CHECKOUT, check=True)
    (wheel,) = target.glob("c4data-*.whl")
    return wheel


def install(requirement: str, scratch: Path) -> dict[str, float]:
    """Install ``requirement`` into a fresh environment; its distributions, MiB and seconds."""
    env_dir = Path(tempfile.mkdtemp(prefix="venv-", dir=scratch))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", env_dir], check=True)
    python = env_dir / "bin" / "python"
    command = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--disable-pip-version-check"]
    start = time.perf_counter()
    subprocess.run([*command, requirement], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    site = next((env_dir / "lib").glob("python3*/site-packages"))
    size = sum(path.stat().st_size for path in site.rglob("*") if path.is_file() and not path.is_symlink())
    count = subprocess.run([python, "-c", COUNT_DISTRIBUTIONS], check=True, capture_output=True, text=True)
    shutil.rmtree(env_dir)
    return {"distributions": int(count.stdout), "mib": size / 2**20, "seconds": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="installs of each (default 2)")
    parser.add_argument("--write", nargs="?", type=Path, const=RESULTS, help=f"write the figures (default {RESULTS})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="c4data-install-") as scratch_name:
        scratch = Path(scratch_name)
        wheel = build_wheel(scratch / "dist")
        requirements = {
            "palmerpenguins": "palmerpenguins",
            "c4data": str(wheel),
            "c4data[frictionless]": f"c4data[frictionless] @ {wheel.as_uri()}",
        }
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in requirements}
        for round_number in range(args.rounds):
            names = list(requirements) if round_number % 2 == 0 else list(reversed(requirements))
            for name in names:
                runs[name].append(install(requirements[name], scratch))
    results = {
        name: {
            "distributions": samples[0]["distributions"],
            "mib": round(samples[0]["mib"], 1),
            "seconds": round(statistics.median(sample["seconds"] for sample in samples), 1),
        }
        for name, samples in runs.items()
    }
    print(f"{'pip install':<24} {'distributions':>13} {'MiB':>7} {'seconds':>8}")
    for name, figures in results.items():
        print(f"{name:<24} {figures['distributions']:>13} {figures['mib']:>7.1f} {figures['seconds']:>8.1f}")
    if args.write is not None:
        args.write.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
