"""``python -m licence_needs.check``: what ``make check`` runs."""

import sys

from .cli import main

sys.exit(main())
