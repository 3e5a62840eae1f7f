"""Where the data package lives: inside an installed wheel, or at the root of a checkout."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

DESCRIPTOR_NAME = "datapackage.json"
SOURCES_DIR_ENV = "C4DATA_SOURCES_DIR"

# The library's own directory (this module is c4data/model/paths.py).
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def package_dir() -> Path:
    """Return the directory holding the shipped ``datapackage.json`` and its ``data/``.

    A wheel carries them in ``c4data/_package/``; an editable install or a checkout
    finds them at the project root, one level above the library.
    """
    for candidate in (_PACKAGE_DIR / "_package", _PACKAGE_DIR.parent):
        if (candidate / DESCRIPTOR_NAME).is_file():
            return candidate
    raise FileNotFoundError(f"c4data cannot find its {DESCRIPTOR_NAME} next to {_PACKAGE_DIR}; reinstall the package.")


def package_path() -> Path:
    """Return the path of the installed ``datapackage.json``."""
    return package_dir() / DESCRIPTOR_NAME


def resolve_descriptor(path: str | os.PathLike[str] | None) -> Path:
    """Turn a directory holding ``datapackage.json``, or the descriptor itself, into its path."""
    if path is None:
        return package_path()
    candidate = Path(path)
    if candidate.is_dir():
        candidate = candidate / DESCRIPTOR_NAME
    if not candidate.is_file():
        raise FileNotFoundError(f"no data package descriptor at {candidate}")
    return candidate


def sources_dir_from_env() -> Path | None:
    """Return the reference texts' directory named by ``C4DATA_SOURCES_DIR``, if any."""
    value = os.environ.get(SOURCES_DIR_ENV)
    return Path(value).resolve() if value else None


def repair_advice(basepath: str | os.PathLike[str] | None) -> str:
    """What to do about a damaged package, fitting where it came from: the package at ``basepath``
    (None: the installed one) is a checkout, a wheel installed from a file, or someone else's package."""
    try:
        installed = package_dir()
    except FileNotFoundError:
        installed = None
    if basepath is not None and (installed is None or Path(basepath).resolve() != installed.resolve()):
        return (
            "this is not the installed package: ask whoever made it for an intact copy, "
            "or rebuild it with `c4data build` if it is your own checkout"
        )
    if installed is not None and installed.name != "_package":  # a checkout, or an editable install of one
        return (
            f"restore the checkout's files (`git checkout -- datapackage.json data/` in {installed}) "
            "or rebuild them there (`c4data build`)"
        )
    wheel = _wheel_installed_from()
    if wheel is not None:
        return f"reinstall c4data from the wheel it came from: pip install --force-reinstall {wheel}"
    return (
        "reinstall c4data the way it was installed; from a wheel file: "
        "pip install --force-reinstall path/to/c4data-<version>-py3-none-any.whl"
    )


def _wheel_installed_from() -> str | None:
    """The wheel file this installation came from, as pip recorded it (PEP 610), if it was a local file."""
    import importlib.metadata

    try:
        for distribution in importlib.metadata.distributions(name="c4data", path=[str(_PACKAGE_DIR.parent)]):
            recorded = json.loads(distribution.read_text("direct_url.json") or "{}")
            url = str(recorded.get("url", ""))
            if url.startswith("file:") and url.endswith(".whl"):
                return unquote(urlparse(url).path)
    except (OSError, ValueError, AttributeError):
        return None
    return None
