"""Helpers the tests share: where the checkout is, running the installed command, file snapshots."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCES_ENV = "C4DATA_SOURCES_DIR"


def run_c4data(
    *args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``c4data`` command as a user would, through ``python -m c4data``."""
    return subprocess.run(
        # -P: do not put the current directory first on sys.path, so the checkout never shadows the install.
        [sys.executable, "-P", "-m", "c4data", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file a build may write: the descriptor and the Parquet tables."""
    files = [root / "datapackage.json", *sorted((root / "data").glob("*.parquet"))]
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def record_hash(descriptor_path: Path, table: str) -> None:
    """Make the descriptor's hash of ``table`` agree with whatever its Parquet file now holds (a careless edit)."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            data = (descriptor_path.parent / resource["path"]).read_bytes()
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
