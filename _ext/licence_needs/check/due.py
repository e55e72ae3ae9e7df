"""``make due``: what falls due in the next days, one line each, for a
morning check or a chat bot.

``DAYS=N`` (default 30) sets the span from the as-of date (today in China
Standard Time, or ``SOURCE_DATE_EPOCH``), ``ROLE=<role id>`` keeps one
role's work.  A line: date, ID, role(s), what kind of thing and its title,
separated by tabs.  Reads the data through the same pipeline as the build,
without Sphinx.  Exit status 0; 2 for an unknown role, a bad span or a
project that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from ..core import pipeline
from ..core.dates import DateError
from ..core.model import unique
from ..core.schema import LANGS
from ..derived.schedule import build, due_between, kind_text
from .cli import ConfigurationError, read_conf


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make due", description="List what falls due in the next days."
    )
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--days", default="30", help="the span in days (DAYS=)")
    parser.add_argument("--role", default="", help="one role's work (ROLE=)")
    parser.add_argument("--lang", default="zh", choices=LANGS, help="titles' language")
    args = parser.parse_args(argv)
    if not args.days.isdigit() or not 0 <= int(args.days) <= 3660:
        print(
            f"make due: DAYS must be a whole number of days from 0 to 3660, "
            f"not {args.days!r}",
            file=sys.stderr,
        )
        return 2
    try:
        project = pipeline.load_project(args.root.resolve(), read_conf(args.root))
    except (ConfigurationError, DateError) as exc:
        print(f"make due: {exc}", file=sys.stderr)
        return 2
    model, day = project.model, project.day
    roles = [o.id for o in unique(model.owners)]
    role = args.role.strip() or None
    if role is not None and role not in roles:
        print(
            f"make due: ROLE={role!r} is not a role in owners.yaml; "
            f"the roles are {', '.join(roles)}",
            file=sys.stderr,
        )
        return 2
    end = day + timedelta(days=int(args.days))
    for due in due_between(model, build(model, day), day, end, role):
        who = ",".join(due.roles) or "-"
        title = due.need.title.get(args.lang)
        print(f"{due.day}\t{due.need.id}\t{who}\t{kind_text(due, args.lang)}: {title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
