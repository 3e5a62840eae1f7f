"""Problems found in a data package, and the error that carries them to the command line."""

from __future__ import annotations

from dataclasses import dataclass

from c4data.files.untrusted import shown
from c4data.model.errors import C4DataError


@dataclass(frozen=True, order=True, kw_only=True)
class Problem:
    """One problem: where it is (a file or table, a line or row, a field), what is wrong, and its code from the
    table of codes (``c4data.model.codes``: ``"type-error"``, ``"hash-mismatch"``...), stable across releases.
    Given by keyword only: ``Problem(where=..., line=..., field=..., message=..., code=...)``."""

    where: str
    line: int | None = None
    field: str | None = None
    message: str
    line_label: str = "line"
    code: str

    def as_dict(self) -> dict[str, str | int | None]:
        """The problem for machines (``c4data validate --format json``): where, line, field, message, code."""
        return {"where": self.where, "line": self.line, "field": self.field, "message": self.message, "code": self.code}

    def __str__(self) -> str:
        """One line, its control characters escaped: a package's text cannot drive the terminal."""
        parts = [self.where]
        if self.line is not None:
            parts.append(f"{self.line_label} {self.line}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return shown(": ".join([", ".join(parts), self.message]))


class PackageProblems(C4DataError):
    """Raised when a build, validation or export finds problems; ``problems`` lists every one, each with its code."""

    def __init__(self, problems: list[Problem], action: str) -> None:
        self.problems = problems
        self.action = action
        count = len(problems)
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{action}: {count} problem{'s' if count != 1 else ''}\n{lines}")

    @property
    def codes(self) -> list[str]:
        """The codes of the problems, in order."""
        return [problem.code for problem in self.problems]
