"""The gate: after the build, report every finding and fail on errors.

Runs at ``build-finished`` (Sphinx runs its consistency check only when pages
changed, so a no-change rebuild would otherwise pass a gap it failed before).
Findings come from :func:`licence_needs.rules.evaluate`, exactly as
``make check`` computes them.  Errors are logged as Sphinx errors (type
``licence``, subtype the rule's code) and set the exit status without ``-W``;
warnings and infos are listed but are not Sphinx warnings, so ``-W``, which
guards Sphinx's and sphinx-needs' own warnings, does not fail on them.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx_needs.data import SphinxNeedsData

from . import pages, reports
from .findings import Finding, summary
from .model import LINK_TYPES, NEED_TYPES, Need
from .rules import evaluate
from .state import all_of, project

logger = logging.getLogger(__name__)


def page_needs(app: Sphinx) -> list[Need]:
    """Needs that pages wrote themselves (they have no ``yaml`` origin)."""
    state = project(app)
    result = []
    for need in SphinxNeedsData(app.env).get_needs_view().values():
        if need["yaml"] or need["type"] not in NEED_TYPES or need["is_external"]:
            continue
        source = Path(app.env.doc2path(need["docname"])) if need["docname"] else None
        result.append(
            pages.page_need(
                need["type"],
                need["id"],
                need["title"],
                {name: [str(t) for t in need[name]] for name in LINK_TYPES},
                need["owner"],
                state.relative(source) if source else "",
                need["lineno"] or 0,
            )
        )
    return result


def findings(app: Sphinx) -> list[Finding]:
    state = project(app)
    return evaluate(
        state.model,
        all_of(app.env, "licence_placements"),
        page_needs=page_needs(app),
        earlier=[*state.load_findings, *all_of(app.env, "licence_findings")],
        overrides=app.config.licence_severity,
        day=project(app).as_of,
    )


def report(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: list the findings, write the reports, set the status."""
    if exception is not None:
        return
    found = findings(app)
    for f in found:
        text = f"[{f.code}] {f.need_id + ': ' if f.need_id else ''}{f.message} "
        text += f"(hint: {f.hint})"
        if f.severity == "error":
            logger.error(text, type="licence", subtype=f.code, location=f.location)
        else:
            logger.info(f"{f.location}: {f.severity}: {text}")
    if reports.on_github():
        for line in reports.github_annotations(found):
            logger.info(line)
    state = project(app)
    if app.config.licence_reports_dir:
        reports.write(state.root / app.config.licence_reports_dir, found, state.model)
    logger.info(summary(found))
    if any(f.severity == "error" for f in found):
        app.statuscode = 1
