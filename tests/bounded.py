"""Run the installed command on untrusted input as a user would, with a time limit and a cap on memory."""

from __future__ import annotations

import http.server
import json
import os
import resource
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support import run_c4data

# No command on a package may need more: the shipped package validates with a quarter of it.
MEMORY_LIMIT = 1 << 30


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(
    *args: str | os.PathLike[str], cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """``python -m c4data ARGS`` with at most 1 GiB of data memory; fails the test when it runs past ``timeout``."""
    command = [sys.executable, "-P", "-m", "c4data", *map(str, args)]
    try:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, preexec_fn=_cap_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"c4data {' '.join(map(str, args))} still ran after {timeout} s")


# ``c4data ARGS`` in this process (for input that cannot exhaust it): the exit status and what it printed.
run_cli = run_c4data


def assert_refused(result: subprocess.CompletedProcess, code: int, *phrases: str) -> None:
    """The command ended with ``code`` and a message holding every phrase, not with a traceback."""
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == code, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr[-2000:])


def received_copy(target: Path, descriptor: bool = True) -> Path:
    """A copy of the shipped Parquet package at ``target``, as a colleague might send it (its descriptor left out
    when ``descriptor`` is false, for a test that writes its own)."""
    import shutil

    from support import REPO_ROOT

    (target / "data").mkdir(parents=True)
    if descriptor:
        shutil.copy2(REPO_ROOT / "datapackage.json", target / "datapackage.json")
    for parquet in (REPO_ROOT / "data").glob("*.parquet"):
        shutil.copy2(parquet, target / "data" / parquet.name)
    return target


def edit_descriptor(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to the descriptor at ``root`` (a package someone else edited)."""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def resource_of(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(resource for resource in descriptor["resources"] if resource["name"] == name)


@contextmanager
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A web server on localhost that answers any GET with ``{}``; yields its URL and the paths asked for."""
    requested: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            body = b"{}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()
