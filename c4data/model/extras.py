"""The one way c4data imports a library of an optional extra: ``MissingDependency`` (one line naming the extra to
install; the command line prints it and exits 1) when it is not installed, never a traceback."""

from __future__ import annotations

import importlib
from types import ModuleType

from c4data.model.errors import MissingDependency


def require(module: str, extra: str, distribution: str | None = None) -> ModuleType:
    """Import ``module`` (``"openpyxl"``, ``"nbconvert"``...), which the extra ``extra`` installs; its distribution's
    name is ``distribution`` when it is not the module's own top-level name (``"PyYAML"`` for ``yaml``)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependency(distribution or module.split(".")[0], extra) from None
