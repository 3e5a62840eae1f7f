"""The ``c4data`` command: build, validate and describe the data package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from c4data._paths import SOURCES_DIR_ENV, sources_dir_from_env
from c4data.integrity import DataIntegrityError
from c4data.problems import PackageProblems

SOURCES_HELP = f"directory of the sources' reference texts, for the evidence check (default: ${SOURCES_DIR_ENV})"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="c4data", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="rebuild data/*.parquet and datapackage.json from data/curated/")
    build.add_argument("--root", type=Path, default=Path("."), help="project root (default: current directory)")
    build.add_argument("--sources-dir", type=Path, help=SOURCES_HELP)

    validate = commands.add_parser("validate", help="validate the installed package, or the one at PATH")
    validate.add_argument("path", nargs="?", type=Path, help="a directory holding datapackage.json, or the descriptor")
    validate.add_argument("--sources-dir", type=Path, help=SOURCES_HELP)

    commands.add_parser("info", help="show the version, tables, sources and licences")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 when all is well, 1 on any problem)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args.root, args.sources_dir or sources_dir_from_env())
        if args.command == "validate":
            return _validate(args.path, args.sources_dir or sources_dir_from_env())
        return _info()
    except PackageProblems as error:
        print(error, file=sys.stderr)
        return 1
    except (FileNotFoundError, DataIntegrityError) as error:
        print(f"c4data {args.command}: {error}", file=sys.stderr)
        return 1


def _build(root: Path, sources_dir: Path | None) -> int:
    from c4data.build import build

    descriptor = build(root, sources_dir)
    print(f"built {descriptor.path} ({len(descriptor.resource_names)} tables; {_evidence_note(sources_dir)})")
    return 0


def _validate(path: Path | None, sources_dir: Path | None) -> int:
    from c4data._paths import resolve_descriptor
    from c4data.validate import validate

    target = resolve_descriptor(path)
    problems = validate(target, sources_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{target}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{target}: valid ({_evidence_note(sources_dir)})")
    return 0


def _evidence_note(sources_dir: Path | None) -> str:
    if sources_dir is None:
        return f"evidence not checked: give --sources-dir or set ${SOURCES_DIR_ENV}"
    return f"evidence checked against {sources_dir}"


def _info() -> int:
    from c4data.info import describe

    print(describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
