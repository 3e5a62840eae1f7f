"""``python -m c4data`` runs the ``c4data`` command."""

import sys

from c4data.cli import main

sys.exit(main())
