"""``c4data validate``: the problems of the installed package, or of anything ``c4data export`` writes, each format
read back by its module of the registry (``c4data.formats``)."""

from __future__ import annotations

import os
from pathlib import Path

from c4data.formats import problems as export_problems
from c4data.model.paths import resolve_descriptor, sources_dir_from_env
from c4data.model.problems import Problem


def validate(
    path: str | os.PathLike[str] | None = None, sources_dir: str | os.PathLike[str] | None = None
) -> list[Problem]:
    """Validate the installed package, or the one at ``path``; return its problems (empty when valid).

    ``path`` may be anything ``c4data export`` writes: a Parquet, CSV or GeoJSON package (its
    directory or descriptor), a zip or an Excel workbook. Evidence spans are checked against the
    reference texts in ``sources_dir``, or in the directory named by ``C4DATA_SOURCES_DIR``, when
    either is given.
    """
    texts = Path(sources_dir) if sources_dir is not None else sources_dir_from_env()
    return export_problems(Path(path) if path is not None else resolve_descriptor(None), texts)
