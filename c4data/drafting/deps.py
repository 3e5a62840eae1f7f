"""The optional libraries the draft assistant needs, imported on first use with a clear message when missing."""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

from c4data.model.errors import MissingDependency

# import name → distribution name, as the ``draft`` extra in pyproject.toml declares them.
REQUIRED = {"jieba": "jieba", "opencc": "opencc", "cn2an": "cn2an", "pypinyin": "pypinyin"}


def require(name: str) -> ModuleType:
    """Import one of the ``draft`` extra's libraries, or say how to install them."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise MissingDependency(REQUIRED.get(name.split(".")[0], name), "draft") from error


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """The installed version of each library of the extra, for a draft's record."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for distribution in REQUIRED.values():
        try:
            found[distribution] = version(distribution)
        except PackageNotFoundError:
            found[distribution] = "missing"
    return found
