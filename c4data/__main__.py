"""``python -m c4data`` runs the ``c4data`` command."""

from c4data.cli import run

run()
