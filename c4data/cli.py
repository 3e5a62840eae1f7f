"""The ``c4data`` command: build, validate, describe, export and compare the data package."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from c4data.files.untrusted import MAX_DRAFT_BYTES, UnsafePackage, json_shown, read_regular_file, shown
from c4data.model.errors import C4DataError
from c4data.model.paths import SOURCES_DIR_ENV, sources_dir_from_env
from c4data.model.problems import PackageProblems

SOURCES_HELP = f"directory of the sources' reference texts, for the evidence check (default: ${SOURCES_DIR_ENV})"


DESCRIPTION = "Build, validate, describe, export, compare and trace the c4data data package."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="c4data", description=DESCRIPTION)
    parser.add_argument("--version", action=_ShowVersion, help="show the installed package's version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser("build", help="rebuild data/*.parquet and datapackage.json from data/curated/")
    build.add_argument("--root", type=Path, default=Path("."), help="project root (default: current directory)")
    build.add_argument("--sources-dir", type=Path, help=SOURCES_HELP)

    from c4data.formats import FORMATS

    directories = ", ".join(name for name, fmt in FORMATS.items() if fmt.suffix is None)
    files = ", ".join(f"a {fmt.suffix} file ({name})" for name, fmt in FORMATS.items() if fmt.suffix is not None)
    validate = commands.add_parser(
        "validate",
        help="validate the installed package, or the package or export at PATH (any export format)",
        lazy_epilog=_checks_epilog,
    )
    validate.add_argument(
        "path",
        nargs="?",
        type=Path,
        help=f"a package directory or its datapackage.json ({directories}), or {files}",
    )
    validate.add_argument("--sources-dir", type=Path, help=SOURCES_HELP)
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="how to report problems: text, or JSON (where, line, field, message, code) for CI (default: text)",
    )

    commands.add_parser("info", help="show the version, tables, sources, licences and how to cite")
    _add_package_commands(commands)
    return parser


class _WholeWords(argparse.HelpFormatter):
    """Help wrapped between words only: a check code such as ``report-order`` is never split at its hyphen."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        return textwrap.fill(
            " ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
        )


class _Parser(argparse.ArgumentParser):
    """A command's parser whose epilog may be made by a function, called only when the help is shown (it imports)."""

    def __init__(self, *args: Any, lazy_epilog: Callable[[], str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _WholeWords)
        super().__init__(*args, **kwargs)
        self.lazy_epilog = lazy_epilog

    def format_help(self) -> str:
        if self.lazy_epilog is not None:
            self.epilog, self.lazy_epilog = self.lazy_epilog(), None
        return super().format_help()


def _checks_epilog() -> str:
    """The checks ``validate`` runs, from the registry the validation itself reads (``c4data.checks.CHECKS``)."""
    from c4data.checks import CHECKS
    from c4data.formats import DEFAULT
    from c4data.model import codes

    found = [codes.HASH_MISMATCH, codes.STORAGE_TYPE, *(check.code for check in CHECKS if DEFAULT in check.targets)]
    return f"Checks, each problem named by its code: {', '.join(dict.fromkeys(found))}."


class _ShowVersion(argparse.Action):
    """``--version``: read from the installed descriptor only when asked for, and never a traceback."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from c4data.reading.load import shipped_descriptor

        try:
            version = shipped_descriptor().version
        except (C4DataError, OSError) as error:
            parser.exit(1, f"c4data: cannot read the installed version: {error}\n")
        print(f"c4data {version}")
        parser.exit(0)


def _add_package_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``export``, ``diff``, ``draft`` and ``docs``: the package for other tools, compared, grown, and documented."""
    from c4data.formats import DEFAULT, FORMATS

    listed = "; ".join(f"{name}: {fmt.description}" for name, fmt in FORMATS.items())
    one_file = ", ".join(f"{name} ({fmt.suffix})" for name, fmt in FORMATS.items() if fmt.suffix is not None)
    export = commands.add_parser("export", help=f"write the data package for other tools: {', '.join(FORMATS)}")
    export.add_argument(
        "dir",
        metavar="PATH",
        type=Path,
        help=f"a new or empty directory to write into (created if needed); for {one_file}, the file to write",
    )
    export.add_argument(
        "--format", choices=list(FORMATS), default=DEFAULT, help=f"format of the tables ({listed}; default: {DEFAULT})"
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier export c4data wrote at PATH, if nothing there has changed since (every file's "
        "sha256 as c4data recorded it); anything else is refused and left as it is",
    )

    diff = commands.add_parser("diff", help="compare two data packages by primary key; exit 1 when they differ")
    diff.add_argument("old", type=Path, help="a directory holding datapackage.json, the descriptor, or a zip")
    diff.add_argument("new", type=Path, help="the same, for the newer package")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")

    site = commands.add_parser("site", help="write a static website of the package to DIR, viewable with no network")
    site.add_argument("dir", type=Path, help="directory to write the site into (created if needed)")
    site.add_argument(
        "--notebooks", type=Path, default=Path("notebooks"), help="notebooks to render (default: ./notebooks, if any)"
    )
    site.add_argument(
        "--force", action="store_true", help="replace a site c4data wrote in DIR before, if nothing there has changed"
    )
    site.add_argument(
        "--with",
        dest="extra",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="also offer FILE among the downloads, with its size and sha256 (a release's wheel and sdist)",
    )

    draft = commands.add_parser(
        "draft", help="propose every candidate fact of a report, linked to the rows that hold it"
    )
    draft.add_argument("file", type=Path, help="a UTF-8 text, in simplified or traditional characters")
    draft.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    draft.add_argument("--missing", action="store_true", help="only the candidates that no row of the tables holds")
    draft.add_argument(
        "--rows",
        type=Path,
        metavar="DIR",
        help="also write candidate rows in the curated CSV format into DIR (a staging directory c4data build never "
        "reads), with needs-decision.csv listing what the package's checks refuse",
    )

    trace = commands.add_parser(
        "trace", help="where a row comes from: its evidence, sources, further attestations, disagreements"
    )
    trace.add_argument("table", help="a table, such as meetings")
    trace.add_argument("key", nargs="+", help="the row's primary key; a composite key as one value per field")
    trace.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    codebook = commands.add_parser("codebook", help="the values of an enumerated field, in order, with their meanings")
    codebook.add_argument("table", help="a table, such as measures")
    codebook.add_argument("field", help="an enumerated field of it, such as status")
    codebook.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    docs = commands.add_parser("docs", help="regenerate docs/data-dictionary.md and CITATION.cff from datapackage.json")
    docs.add_argument("--root", type=Path, default=Path("."), help="project root (default: current directory)")
    docs.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 when all is well, 1 on any problem)."""
    args = _parser().parse_args(argv)
    try:
        status = _run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`c4data info | head -1`) and has what it wanted; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return status


def run() -> None:
    """The ``c4data`` command: ``main``, then the process ends at once with its status.

    Once the command is done and its output flushed, nothing remains to do; ending the process without the
    interpreter's teardown keeps native libraries' threads (pyarrow's, numpy's BLAS, jemalloc's) from being
    torn down while the interpreter finalises, which under heavy load has aborted a finished command
    ("terminate called without an active exception", exit -6). Only the command ends this way: ``main``
    returns to a caller that embeds it.
    """
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError, ValueError):  # the reader left, or the stream is closed
            stream.flush()
    os._exit(status)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "build":
            return _build(args.root, args.sources_dir or sources_dir_from_env())
        if args.command == "validate":
            return _validate(args.path, args.sources_dir or sources_dir_from_env(), args.format)
        if args.command in PACKAGE_COMMANDS:
            return PACKAGE_COMMANDS[args.command](args)
        return _info()
    except PackageProblems as error:
        print(error, file=sys.stderr)
        return 1
    except (OSError, C4DataError) as error:  # a missing path, a full disk, no permission, a damaged file
        if isinstance(error, BrokenPipeError):
            raise
        print(f"c4data {args.command}: {shown(error)}", file=sys.stderr)
        return 1


def _build(root: Path, sources_dir: Path | None) -> int:
    from c4data.building.build import build

    descriptor = build(root, sources_dir, report=lambda line: print(shown(line)))
    print(f"built {descriptor.path} ({len(descriptor.resource_names)} tables; {_evidence_note(sources_dir)})")
    return 0


def _validate(path: Path | None, sources_dir: Path | None, report: str = "text") -> int:
    from c4data.building.validate import validate
    from c4data.model.paths import resolve_descriptor

    target = resolve_descriptor(path)
    problems = validate(target, sources_dir)
    if report == "json":
        found = [problem.as_dict() for problem in problems]
        print(json_shown(json.dumps({"path": str(target), "valid": not problems, "problems": found}, indent=2)))
        return 1 if problems else 0
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{shown(target)}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{target}: valid ({_evidence_note(sources_dir)})")
    return 0


def _evidence_note(sources_dir: Path | None) -> str:
    if sources_dir is None:
        return (
            "evidence quotes not checked: the source texts do not ship with c4data (the sources table names each, "
            f"with its sha256); with a copy of them, give --sources-dir DIR or set ${SOURCES_DIR_ENV}"
        )
    return f"evidence checked against {sources_dir}"


def _info() -> int:
    from c4data.publishing.info import describe

    print(describe())
    return 0


def _export(args: argparse.Namespace) -> int:
    from c4data.formats.exporter import export
    from c4data.model.errors import ExportRefused

    try:
        written = export(args.dir, format=args.format, force=args.force)
    except ExportRefused as error:
        print(f"c4data export: {shown(error)}", file=sys.stderr)
        return 1
    print(f"exported {written} ({args.format}; checked as `c4data validate` checks it)")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from c4data.building.diff import UnreadablePackage, as_json, as_text, diff_packages

    try:
        result = diff_packages(args.old, args.new)
    except UnreadablePackage as error:
        print(f"c4data diff: {shown(error)}", file=sys.stderr)
        return 2
    print(as_json(result) if args.format == "json" else as_text(result))
    return 1 if result.differs else 0


def _docs(args: argparse.Namespace) -> int:
    from c4data.publishing.docs import stale_docs, write_docs

    if args.check:
        stale = stale_docs(args.root)
        for path in stale:
            print(f"{path} is stale: run `c4data docs` and commit it", file=sys.stderr)
        return 1 if stale else 0
    for path in write_docs(args.root):
        print(f"wrote {path}")
    return 0


def _site(args: argparse.Namespace) -> int:
    from c4data.publishing.site import SiteRefused, build_site
    from c4data.reading.load import shipped_descriptor

    notebooks = args.notebooks if args.notebooks.is_dir() else None
    try:
        index = build_site(args.dir, shipped_descriptor(), notebooks, force=args.force, extra_downloads=args.extra)
    except SiteRefused as error:
        print(f"c4data site: {error}", file=sys.stderr)
        return 1
    rendered = "with the notebooks" if notebooks else f"without notebooks (none in {args.notebooks})"
    print(f"wrote {index} ({rendered}); open it in a browser")
    return 0


def _draft(args: argparse.Namespace) -> int:
    """A missing library of the draft extra is a ``MissingDependency``, reported by ``main``."""
    from c4data.drafting.engine import draft
    from c4data.drafting.render import render_json, render_text

    try:
        text = read_regular_file(args.file, MAX_DRAFT_BYTES).decode("utf-8")
    except UnsafePackage as error:
        print(f"c4data draft: {error}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as error:
        where = shown(args.file)
        print(f"c4data draft: {where} is not UTF-8 text ({error.reason} at byte {error.start})", file=sys.stderr)
        return 1
    result = draft(text, str(args.file))
    if args.rows is not None:
        from c4data.drafting.rows import propose, write
        from c4data.model.paths import package_dir

        proposal = propose(result, text)
        written = write(proposal, args.rows, package_dir() / "data")
        held = sum(len(rows) for rows in proposal.held.values())
        print(
            f"c4data draft: {sum(len(r) for r in proposal.rows.values())} rows proposed in {args.rows} "
            f"({len(written) - 1} tables), {len(proposal.decisions)} problems in {written[-1].name}; "
            f"{held} rows the package already holds left out",
            file=sys.stderr,
        )
    if args.missing:
        result = result.missing()
    sys.stdout.write(render_json(result) if args.format == "json" else render_text(result, text))
    return 0


def _trace(args: argparse.Namespace) -> int:
    from c4data.publishing.provenance import as_json, trace
    from c4data.reading.load import shipped_descriptor

    try:
        found = trace(shipped_descriptor(), args.table, tuple(args.key) if len(args.key) > 1 else args.key[0])
    except KeyError as error:  # no such table, or no row with that key
        print(f"c4data trace: {shown(error.args[0])}", file=sys.stderr)
        return 1
    print(json_shown(as_json(found)) if args.format == "json" else _lines_shown(str(found)))
    return 0


def _codebook(args: argparse.Namespace) -> int:
    from c4data.model.codebooks import codebook_rows, codebook_text
    from c4data.reading.load import shipped_descriptor

    try:
        rows = codebook_rows(shipped_descriptor(), args.table, args.field)
    except (KeyError, ValueError) as error:  # no such table or field, or a field without a codebook
        print(f"c4data codebook: {shown(error.args[0])}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json_shown(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        print(_lines_shown(codebook_text(rows)))
    return 0


def _lines_shown(text: str) -> str:
    """Text of several lines, each safe to print."""
    return "\n".join(shown(line) for line in text.splitlines())


PACKAGE_COMMANDS = {
    "export": _export,
    "diff": _diff,
    "docs": _docs,
    "site": _site,
    "draft": _draft,
    "trace": _trace,
    "codebook": _codebook,
}


if __name__ == "__main__":
    sys.exit(main())
