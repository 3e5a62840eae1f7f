"""Maintainer script: execute every notebook in place, so that the committed outputs are fresh, and time each.

Needs the notebook tools of the ``test`` extra (nbclient, ipykernel, matplotlib). Run it from anywhere:

    python scripts/run_notebooks.py            # all of notebooks/*.ipynb
    python scripts/run_notebooks.py 03_geography.ipynb

Cell timings are not recorded, so that a rerun with the same data changes no byte of a notebook.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbclient
import nbformat

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"


def run(path: Path) -> float:
    """Execute one notebook in a fresh kernel, from its own directory; write it back; return the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # timings of an earlier run
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started
    nbformat.write(notebook, path)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebook file names in notebooks/ (default: all)")
    args = parser.parse_args()
    paths = [NOTEBOOKS_DIR / name for name in args.names] or sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    total = 0.0
    for path in paths:
        try:
            seconds = run(path)
        except nbclient.exceptions.CellExecutionError as error:
            sys.exit(f"{path.name} failed:\n{error}")
        total += seconds
        print(f"{path.name}: {seconds:.1f} s")
    print(f"all {len(paths)}: {total:.1f} s")


if __name__ == "__main__":
    main()
