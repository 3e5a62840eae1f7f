"""The wheel a user installs carries the data and loads it, from any directory, offline, without the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from support import REPO_ROOT

pytestmark = pytest.mark.slow

USER_SCRIPT = r"""
import json, socket, sys

def no_network(*args, **kwargs):
    raise OSError("c4data tried to reach the network")

socket.socket.connect = socket.socket.connect_ex = no_network
socket.getaddrinfo = socket.create_connection = no_network

import c4data

heavy = sorted(m for m in ("pandas", "pyarrow", "frictionless", "numpy", "matplotlib") if m in sys.modules)
tables = c4data.tables()
descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
print(json.dumps({
    "heavy_at_import": heavy,
    "module_file": c4data.__file__,
    "descriptor": str(c4data.package_path()),
    "version": c4data.__version__,
    "tables": {name: {"rows": len(frame), "dtypes": {c: str(t) for c, t in frame.dtypes.items()}}
               for name, frame in tables.items()},
    "resources": [r["name"] for r in descriptor["resources"]],
}))
"""


@pytest.fixture(scope="module")
def wheel(release) -> Path:
    """The wheel as released: ``scripts/release.py`` builds the sdist, then the wheel from the unpacked sdist."""
    (built,) = release.out.glob("c4data-*.whl")
    return built


def _venv_with(tmp_path_factory, *pip_args: str | Path) -> Path:
    """A fresh virtual environment with c4data installed by ``pip install *pip_args``.

    Its dependencies come from this environment: a ``.pth`` file puts this environment's
    site-packages after the new one's own, so the new copy of c4data is the one imported
    and nothing is downloaded.
    """
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    new_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(new_site, "dependencies-from-test-env.pth").write_text("\n".join(sorted(ours)) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--ignore-installed", "-q"]
    subprocess.run([*pip, *pip_args], check=True, capture_output=True, timeout=300)
    return env_dir


@pytest.fixture(scope="module")
def installed(release) -> Path:
    """The fresh virtual environment the release command installed its wheel in (and checked)."""
    return release.venv


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "C4DATA_SOURCES_DIR")}


def test_wheel_carries_descriptor_and_every_parquet_file_and_nothing_else_of_data(wheel, checkout_descriptor):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "c4data/_package/datapackage.json" in names
    for resource in checkout_descriptor["resources"]:
        assert f"c4data/_package/{resource['path']}" in names
    assert "c4data/py.typed" in names
    shipped_data = {name for name in names if name.startswith("c4data/_package/data/")}
    declared = {f"c4data/_package/{resource['path']}" for resource in checkout_descriptor["resources"]}
    assert shipped_data == declared, "the wheel carries only the data files installed code reads (no curated CSV)"
    assert {"c4data/plotting.py", "c4data/fonts/C4dataSansCJK-Regular.otf", "c4data/fonts/OFL.txt"} <= names


def _run_in(env_dir: Path, program: str, *args: str, cwd: Path) -> str:
    """Run one of the environment's programs from ``cwd``, as a user would; return what it prints."""
    result = subprocess.run(
        [env_dir / "bin" / program, *args], cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _run_user_script(env_dir: Path, cwd: Path) -> dict:
    return json.loads(_run_in(env_dir, "python", "-c", USER_SCRIPT, cwd=cwd))


def test_editable_install_finds_the_checkout_data(tmp_path_factory, tmp_path):
    env_dir = _venv_with(tmp_path_factory, "--no-build-isolation", "--editable", REPO_ROOT)
    report = _run_user_script(env_dir, tmp_path)
    assert report["heavy_at_import"] == []
    assert report["descriptor"] == str(REPO_ROOT / "datapackage.json")
    assert all(table["rows"] > 0 for table in report["tables"].values())


def test_installed_wheel_loads_every_table_typed_without_heavy_imports(installed, tmp_path):
    report = _run_user_script(installed, tmp_path)
    assert report["heavy_at_import"] == []
    assert report["module_file"].startswith(str(installed))
    assert report["descriptor"].startswith(str(installed))
    assert list(report["tables"]) == report["resources"]
    for name, table in report["tables"].items():
        assert table["rows"] > 0, name
        assert "object" not in table["dtypes"].values(), name
        assert set(table["dtypes"].values()) <= {"string", "category", "Int64", "Float64", "datetime64[ns]"}, name
    assert report["tables"]["meetings"]["dtypes"]["date_min"] == "datetime64[ns]"


def test_installed_commands_work_from_another_directory(installed, tmp_path):
    for command in ("info", "validate"):
        assert str(installed) in _run_in(installed, "c4data", command, cwd=tmp_path)
