"""The gate: after the build, report every finding and fail on errors.

Runs at ``build-finished`` (Sphinx runs its consistency check only when pages
changed, so a no-change rebuild would otherwise pass a gap it failed before).
Findings come from :func:`licence_needs.core.pipeline.evaluate`, exactly as
``make check`` computes them.  Errors are logged as Sphinx errors (type
``licence``, subtype the code) and set the exit status without ``-W``;
warnings and infos are listed but are not Sphinx warnings, so ``-W``, which
guards Sphinx's and sphinx-needs' own warnings, does not fail on them.

The one flow against the data's direction is here: needs that pages wrote
themselves are read back from sphinx-needs (:func:`page_needs`), so that the
checks can count them and report them (``need-outside-yaml``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

from sphinx.application import Sphinx
from sphinx.config import ENUM
from sphinx.util import logging
from sphinx_needs.data import SphinxNeedsData

from ..core import pipeline
from ..core.findings import Finding, failed, summary
from ..core.model import Need
from ..core.placement import page_need
from ..core.schema import LINK_TYPES, NEED_TYPES
from ..outputs import reports
from .collector import env_data
from .context import build_data

logger = logging.getLogger(__name__)


def page_needs(app: Sphinx) -> list[Need]:
    """Needs that pages wrote themselves (they have no ``yaml`` origin)."""
    data = build_data(app.env)
    result = []
    for need in SphinxNeedsData(app.env).get_needs_view().values():
        if need["yaml"] or need["type"] not in NEED_TYPES or need["is_external"]:
            continue
        source = Path(app.env.doc2path(need["docname"])) if need["docname"] else None
        result.append(
            page_need(
                need["type"],
                need["id"],
                need["title"],
                {name: [str(t) for t in need[name]] for name in LINK_TYPES},
                need["owner"],
                data.relative(source) if source else "",
                need["lineno"] or 0,
            )
        )
    # written under an ID of needs/: kept from sphinx-needs (page_guard)
    refused = env_data(app.env).refused
    result.extend(need for doc in sorted(refused) for need in refused[doc])
    return result


def collect(app: Sphinx) -> list[Finding]:
    """Every finding of this build: the pipeline over what the pages placed."""
    placed = env_data(app.env)
    return pipeline.evaluate(
        build_data(app.env).project,
        placed.all_placements(),
        page_needs(app),
        placed.all_findings(),
    )


def report(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: list the findings, write the reports, set the status."""
    if exception is not None:
        return
    publish(app, collect(app))


def stop(app: Sphinx, found: list[Finding]) -> NoReturn:
    """End a build that cannot go on (its root page cannot be read) as the
    gate ends a failed one: the findings, the reports, exit status 1."""
    publish(app, found)
    raise SystemExit(1)


def publish(app: Sphinx, found: list[Finding]) -> None:
    """Log the findings, write the reports and set the exit status.

    With ``licence_gate_log = "summary"`` only the verdict is logged: another
    build of the same sources lists the findings (``make html`` runs the two
    languages side by side; each finding should be printed once, not twice).
    """
    data = build_data(app.env)
    verdict = summary(found, data.project.settings.severity)
    every = app.config.licence_gate_log == "findings"
    if every:
        for f in found:
            if f.severity == "error":
                # a location without a line would be taken for a document name
                where = f.location if f.line else f"{f.file}:0"
                logger.error(
                    f.as_text(), type="licence", subtype=f.code, location=where
                )
            elif f.severity == "warning":
                _say(app, f.as_line())  # seen under -q, yet not a Sphinx warning
            else:
                logger.info(f.as_line())
        if reports.on_github():
            for line in reports.github_annotations(found):
                print(line, flush=True)  # GitHub reads them from stdout, even -q
    if data.project.settings.reports_dir:
        folder = data.root / data.project.settings.reports_dir
        try:
            reports.write(folder, found, data.model)
        except OSError as exc:  # one plain line, and the verdict still stands
            logger.error(
                f"cannot write the reports: {exc.filename or folder}: "
                f"{exc.strerror or exc}",
                type="licence",
                subtype="unwritable",
            )
            app.statuscode = 1
    if failed(found):
        app.statuscode = 1
    if every or not failed(found):
        _say(app, verdict)
    else:  # the one line that says why this build fails too
        logger.error(
            f"{verdict} (listed by the other language's build)",
            type="licence",
            subtype="summary",
        )


def _say(app: Sphinx, line: str) -> None:
    """A line every run shows, ``-q`` or not: the gate's warnings and its
    summary (which names the project's severity overrides).  Sphinx's ``-q``
    hides info messages, and a Sphinx warning would fail ``-W``."""
    if app.quiet:
        print(line, file=sys.stderr, flush=True)
    else:
        logger.info(line)


def setup(app: Sphinx) -> None:
    # "findings": every finding; "summary": the verdict only (see publish)
    app.add_config_value(
        "licence_gate_log", "findings", "", types=ENUM("findings", "summary")
    )
    # after the exports (priority 500): the gate's verdict is the last word
    app.connect("build-finished", report, priority=900)
