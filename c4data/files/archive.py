"""A directory as one zip file, the same bytes for the same files: members sorted, with a fixed timestamp."""

from __future__ import annotations

import zipfile
from pathlib import Path

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def zip_directory(directory: Path, target: Path) -> Path:
    """Write every regular file under ``directory`` into the zip ``target``, at its path relative to ``directory``,
    leaving out hidden files (c4data's own manifests); return ``target``."""
    files = sorted(
        path
        for path in directory.rglob("*")
        if path.is_file() and not path.is_symlink() and not path.name.startswith(".")
    )
    with zipfile.ZipFile(target, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(directory).as_posix(), date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target
