"""``make check``: the gate's rules straight from the YAML, without building HTML.

Reads the project's settings from ``conf.py`` (the way Sphinx reads them, as
:mod:`licence_needs.core.settings` defines them), scans the pages for
``licence-needs`` directives (:mod:`.mdscan`), runs the same pipeline as the
build (:mod:`licence_needs.core.pipeline`), prints one line per finding and
a summary, and writes the same reports.  Exit status: 0 passed, 1 the gate
failed, 2 the project cannot be checked (configuration, unreadable files).
Nothing here imports Sphinx: a check takes a fraction of a second.
"""

from __future__ import annotations

import argparse
import gc
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core import pipeline
from ..core.dates import DateError
from ..core.findings import Finding, failed, summary
from ..core.model import Model
from ..core.settings import Settings, SettingsError, validate
from ..outputs import reports
from . import mdscan


class ConfigurationError(Exception):
    """The project cannot be checked as configured (exit status 2)."""


def gate(root: Path, settings: Settings) -> tuple[list[Finding], Model]:
    """The findings of the project at ``root``, as the build would report them."""
    try:
        project = pipeline.load_project(root, settings)
    except DateError as exc:
        raise ConfigurationError(str(exc)) from None
    scan = mdscan.scan(root, settings.source_dir)
    found = list(scan.findings)
    placed = []
    for request in scan.requests:
        _, where, problems = pipeline.place(project, request)
        placed.extend(where)
        found.extend(problems)
    result = pipeline.evaluate(project, placed, scan.needs, found)
    return result, project.model


def read_conf(root: Path) -> Settings:
    """The ``licence_*`` settings of ``root/conf.py`` (defaults without one)."""
    conf = root / "conf.py"
    values: dict[str, Any] = {}
    if conf.exists():
        try:
            namespace = runpy.run_path(str(conf), run_name="conf")
        except Exception as exc:  # whatever the project's conf.py raises
            raise ConfigurationError(
                f"{conf} fails to run: {type(exc).__name__}: {exc}"
            ) from None
        values = {k: v for k, v in namespace.items() if k.startswith("licence_")}
    try:
        return validate(values)
    except SettingsError as exc:
        raise ConfigurationError(f"{conf}: {exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    # a check is a short process that makes a few hundred thousand small
    # objects and no garbage worth a cycle collection: the collector's passes
    # over them cost a third of its time at 5,000 needs (memory is freed by
    # reference counting as ever; the process ends in under a second)
    gc.disable()
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
    # no stale verdict: the reports of a check that cannot run are removed
    target = args.reports or root / Settings.reports_dir
    try:
        settings = read_conf(root)
        target = args.reports or root / settings.reports_dir
        reports.remove(target)
        found, model = gate(root, settings)
    except ConfigurationError as exc:
        reports.remove(target)
        print(f"make check: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"make check: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr
        )
        return 2
    for finding in found:
        print(finding.as_line())
    if reports.on_github():
        print("\n".join(reports.github_annotations(found)))
    reports.write(target, found, model)
    print(summary(found, settings.severity))
    return 1 if failed(found) else 0
