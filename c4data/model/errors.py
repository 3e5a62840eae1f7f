"""The errors c4data raises; every one is a ``C4DataError``, so one ``except`` catches them all."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class C4DataError(Exception):
    """The base of every error c4data raises on purpose."""


class DataIntegrityError(C4DataError):
    """A data file of the installed package is missing, changed or unreadable."""

    def __init__(self, path: Path, reason: str, advice: str | None = None) -> None:
        from c4data.model.paths import repair_advice

        self.path = path
        self.reason = reason
        # How to repair it, fitting how c4data was installed; "" when the reason says what to do.
        self.advice = advice if advice is not None else repair_advice(None)
        trust = f"; the data cannot be trusted: {self.advice}" if self.advice else ""
        super().__init__(f"{path}: {reason}{trust}")


class UnknownTable(C4DataError, KeyError):
    """No table of that name; the message lists the tables there are. Also a ``KeyError``, as it used to be."""

    def __init__(self, name: str, tables: Sequence[str]) -> None:
        self.name = name
        self.tables = list(tables)
        super().__init__(f"no table named {name!r}; the tables are {', '.join(self.tables)}")

    def __str__(self) -> str:
        return str(self.args[0])  # not KeyError's repr of its argument


class MissingDependency(C4DataError, ImportError):
    """A command needs a package that the core install leaves out; the message says what to install."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(f"this needs {package}, which `pip install c4data` leaves out: pip install 'c4data[{extra}]'")


class ExportRefused(C4DataError):
    """Raised when an export would overwrite something it must not; nothing has been written."""
