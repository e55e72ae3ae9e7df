"""``make html``'s first step: a bad ``SOURCE_DATE_EPOCH`` in one plain line.

Sphinx's gettext builder reads the variable when Sphinx imports it, before
any extension runs, and ends a non-number (``abc``) with a traceback; the
extension itself refuses a day outside the range the exports can store
(:data:`licence_needs.core.dates.EARLIEST` … ``LATEST``).  Checking first
gives every bad value the same one-line message, exit status 2.
"""

from __future__ import annotations

import sys

from ..core.dates import DateError, as_of


def main() -> int:
    """0 when ``SOURCE_DATE_EPOCH`` is unset or usable, else 2 with the reason."""
    try:
        as_of()
    except DateError as exc:
        print(f"make html: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
