"""Where the data package lives: inside an installed wheel, or at the root of a checkout."""

from __future__ import annotations

import os
from pathlib import Path

DESCRIPTOR_NAME = "datapackage.json"
SOURCES_DIR_ENV = "C4DATA_SOURCES_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


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
