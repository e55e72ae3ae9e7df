"""``python -m licence_needs.pack``: what ``make audit-pack`` runs."""

import sys

from .cli import main

sys.exit(main())
