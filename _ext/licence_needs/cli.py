"""``make check``: the gate's rules straight from the YAML, without building HTML.

Reads ``needs/*.yaml`` and the pages' ``licence-needs`` directives, runs the
same rules as the build (:func:`licence_needs.rules.evaluate`), prints one
line per finding and a summary, writes the same reports, and exits 1 when any
finding is an error.  The project's severities come from ``conf.py``
(``licence_severity``), read the way Sphinx reads it.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import loader, pages, reports, rules, timeline
from .findings import Finding, summary


def gate(root: Path, settings: dict[str, Any]) -> tuple[list[Finding], Any]:
    """The findings of the project at ``root``, as the build would report them."""
    needs_dir = settings.get("licence_needs_dir", "needs")
    model, found = loader.load(root, needs_dir)
    scan = pages.scan(root, settings.get("licence_source_dir", "source"))
    found.extend(scan.findings)
    placed = []
    for directive in scan.directives:
        needs, problems = pages.resolve(directive, model, needs_dir)
        placed.extend(pages.placements(directive, needs))
        found.extend(problems)
    result = rules.evaluate(
        model,
        placed,
        page_needs=scan.needs,
        earlier=found,
        overrides=settings.get("licence_severity", {}),
        day=timeline.as_of(),
    )
    return result, model


def read_conf(root: Path) -> dict[str, Any]:
    """The ``licence_*`` settings of ``root/conf.py`` (empty without one)."""
    conf = root / "conf.py"
    if not conf.exists():
        return {}
    namespace = runpy.run_path(str(conf), run_name="conf")
    return {k: v for k, v in namespace.items() if k.startswith("licence_")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make check", description="Check needs/*.yaml against the gate's rules."
    )
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument(
        "--reports",
        type=Path,
        help="where to write gaps.json and junit.xml (default: from conf.py)",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        settings = read_conf(root)
    except Exception as exc:  # whatever the project's conf.py raises
        print(
            f"make check: {root / 'conf.py'} fails to run: {type(exc).__name__}: {exc}",
            file=sys.stderr,
        )
        return 2
    try:
        found, model = gate(root, settings)
    except OSError as exc:
        print(
            f"make check: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr
        )
        return 2
    except timeline.DateError as exc:
        print(f"make check: {exc}", file=sys.stderr)
        return 2
    for finding in found:
        print(finding.as_line())
    if reports.on_github():
        print("\n".join(reports.github_annotations(found)))
    target = args.reports or root / settings.get("licence_reports_dir", "build/reports")
    reports.write(target, found, model)
    print(summary(found))
    return 1 if any(f.severity == "error" for f in found) else 0


if __name__ == "__main__":
    sys.exit(main())
