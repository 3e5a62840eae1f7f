"""The optional libraries the draft assistant needs, imported on first use with a clear message when missing."""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from c4data.model.extras import require as require_extra

# import name → distribution name, as the ``draft`` extra in pyproject.toml declares them.
REQUIRED = {"jieba": "jieba", "opencc": "opencc", "cn2an": "cn2an", "pypinyin": "pypinyin"}


def require(name: str) -> ModuleType:
    """Import one of the ``draft`` extra's libraries, or say how to install them."""
    return require_extra(name, "draft", REQUIRED.get(name.split(".")[0], name))


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
