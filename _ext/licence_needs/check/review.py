"""``make review``: record that items were re-read against their upstream.

``make review`` lists what awaits review (suspect links, items and links not
reviewed yet, stale translations, stale stamps) and stamps nothing.
``make review ITEMS="OB_06_1 CTL_SEC_02"`` stamps those items, their links
and their English, against the upstream as it is now: it rewrites only
their lines of ``needs/review-stamps.tsv`` (dropping their stale stamps) and
prints each stamp.  ``ITEMS=all`` stamps everything (a first baseline).
Stamping the same items twice changes nothing.

It refuses to stamp (exit 2) while the data has reading errors: an item of
an unreadable file would look deleted and lose its stamps.  Nothing here
imports Sphinx.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core import pipeline, review, stamps
from ..core.checks import Context
from ..core.codes import CODES
from ..core.dates import DateError
from ..core.findings import finalize
from ..core.placement import split_ids
from ..core.settings import Settings
from ..outputs.files import write_bytes
from .cli import ConfigurationError, read_conf

_STAMP_CODES = ("stamp-malformed", "stamp-conflict")


def listing(project: pipeline.Project) -> list[str]:
    """What awaits review, one finding a line, and the command that stamps it."""
    found = finalize(
        [
            *(f for f in project.load_findings if f.code in _STAMP_CODES),
            *review.change_control(Context(project.model)),
        ],
        project.settings.severity,
    )
    lines = [finding.as_line() for finding in found]
    if project.model.stamps is None:
        folder = project.settings.needs_dir
        return [
            f"no {folder}/{stamps.FILE_NAME}: change control is not in use; "
            "make review ITEMS=all writes the first baseline"
        ]
    items = {f.need_id for f in found if f.need_id}
    if items:
        lines.append(f"{len(items)} item(s) await review: {stamps.review_hint(items)}")
    else:
        lines.append("nothing awaits review")
    return lines


def stamp(project: pipeline.Project, names: Sequence[str]) -> list[str]:
    """Stamp the items ``names`` (or ``all``); the lines to print.

    Raises :class:`ConfigurationError` for an unknown ID, data that cannot be
    read, or stamp lines that belong to no item named.
    """
    blocking = [
        f
        for f in project.load_findings
        if f.code not in _STAMP_CODES and CODES[f.code].severity == "error"
    ]
    if blocking:
        shown = "\n".join(f.as_line() for f in blocking)
        raise ConfigurationError(
            f"the data has reading errors; fix them before stamping:\n{shown}"
        )
    path = project.root / project.settings.needs_dir / stamps.FILE_NAME
    name = path.relative_to(project.root).as_posix()
    current = (
        stamps.read(path.read_bytes(), name)[0]
        if path.is_file()
        else stamps.StampFile((), ())
    )
    subjects = review.subjects(project.model)
    known = (
        {s.item for s in subjects}
        | {s.item for s in current.stamps}
        | {item for bad in current.bad for item in bad.items}
    )
    chosen = known if "all" in names else set(names)
    unknown = sorted(chosen - known)
    if unknown:
        raise ConfigurationError(
            f"no item {', '.join(unknown)} in {project.settings.needs_dir}/ "
            f"or in {name}"
        )
    orphans = [bad for bad in current.bad if not bad.items or set(bad.items) - chosen]
    if orphans:
        where = ", ".join(str(n) for n in sorted({bad.line for bad in orphans}))
        items = {item for bad in orphans for item in bad.items}
        raise ConfigurationError(
            f"{name} has lines that are not stamps (line {where}); "
            + (
                f"name their items too ({stamps.review_hint(items | chosen)})"
                if all(bad.items for bad in orphans)
                else f"restore it with git checkout -- {name}"
            )
        )
    before = {s.key: s for s in current.stamps}
    kept = [s for s in current.stamps if s.item not in chosen]
    fresh = [s.stamp() for s in subjects if s.item in chosen]
    lines = []
    for new in fresh:
        old = before.get(new.key)
        same = old is not None and (old.fingerprint, old.fields) == (
            new.fingerprint,
            new.fields,
        )
        lines.append(
            f"stamped {new.item} {new.against} {new.fingerprint[:12]}"
            + (" (unchanged)" if same else "")
        )
    fresh_keys = {s.key for s in fresh}
    lines.extend(
        f"dropped {s.item} {s.against}"
        for s in current.stamps
        if s.item in chosen and s.key not in fresh_keys
    )
    write_bytes(path, stamps.render([*kept, *fresh]))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make review",
        description="List what awaits review, or stamp items as reviewed.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument(
        "--items", default="", help='IDs to stamp, separated by spaces, or "all"'
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        settings: Settings = read_conf(root)
        project = pipeline.load_project(root, settings)
        names = split_ids(args.items)
        lines = stamp(project, names) if names else listing(project)
    except DateError as exc:
        print(f"make review: {exc}", file=sys.stderr)
        return 2
    except ConfigurationError as exc:
        print(f"make review: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"make review: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr
        )
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
