"""What the command line says about itself: its version, and help text a person can read (no reST markup)."""

from __future__ import annotations

import re

import pytest
from support import run_c4data

import c4data

pytestmark = pytest.mark.cli

MARKUP = re.compile(r"``|:(func|class|mod|meth|attr):`")
COMMANDS = ["build", "validate", "info", "export", "diff", "docs", "site"]


def test_version_is_the_descriptors():
    result = run_c4data("--version")
    assert result.returncode == 0
    assert result.stdout == f"c4data {c4data.__version__}\n"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_has_no_markup(command):
    from c4data.cli import _parser

    parser = _parser()
    if command is not None:
        subparsers = next(action for action in parser._actions if action.dest == "command")
        parser = subparsers.choices[command]
    text = parser.format_help()
    assert not MARKUP.search(text), text
