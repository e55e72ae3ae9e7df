"""The one pipeline both front ends run: load, place, evaluate.

``make check`` and the Sphinx build differ only in how they learn what the
pages place (the check scans the Markdown; the build runs the directives)
and which needs pages wrote themselves.  Everything else, reading the data,
the as-of date, resolving placements, running the checks and applying the
project's severities, happens here, once, so the two agree by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# assessments, integrity, recurrence and review register their checks when imported
from . import assessments, integrity, loader, placement, recurrence, review  # noqa: F401
from .checks import Context, run_checks
from .dates import as_of
from .findings import Finding, finalize
from .model import Model, Need, Placement
from .placement import PlacementRequest
from .settings import Settings


@dataclass(frozen=True)
class Project:
    """The data of one project as of one day, and what reading it found."""

    root: Path
    settings: Settings
    model: Model
    load_findings: tuple[Finding, ...]
    day: date


def load_project(
    root: Path, settings: Settings, environ: Mapping[str, str] | None = None
) -> Project:
    """Read ``needs/`` under ``root`` and fix the as-of date.

    Raises :class:`~.dates.DateError` for a bad ``SOURCE_DATE_EPOCH``.
    """
    day = as_of(environ)
    cache = root / settings.cache_dir if settings.cache_dir else None
    model, found = loader.load(root, settings.needs_dir, cache)
    return Project(root, settings, model, tuple(found), day)


def place(
    project: Project, request: PlacementRequest
) -> tuple[list[Need], list[Placement], list[Finding]]:
    """The needs one ``licence-needs`` directive places, where, and what is wrong."""
    needs, problems = placement.resolve(
        request, project.model, project.settings.needs_dir
    )
    return needs, placement.placements(request, needs), problems


def evidence_folder(root: Path, settings: Settings) -> Path:
    """The evidence folder: ``licence_evidence_dir``, relative to the root
    (or absolute: it may lie outside the repository)."""
    return root / settings.evidence_dir


def present_evidence(project: Project) -> frozenset[str]:
    """The files evidence items list that the evidence folder holds (only
    the listed ones are looked at: the folder may be large)."""
    folder = evidence_folder(project.root, project.settings)
    listed = {f.path for need in project.model.needs for f in need.files}
    return frozenset(path for path in listed if (folder / path).is_file())


def evaluate(
    project: Project,
    placements: Sequence[Placement],
    page_needs: Sequence[Need] = (),
    earlier: Sequence[Finding] = (),
) -> list[Finding]:
    """All findings of a project, at the project's severities, in stable order.

    ``earlier`` are what resolving the directives (and reading the pages)
    found; the load findings are the project's own.
    """
    context = Context(
        project.model.with_needs(tuple(page_needs)),
        placements,
        project.day,
        evidence_present=present_evidence(project),
        waiver_max_months=project.settings.waiver_max_months,
    )
    return finalize(
        [*project.load_findings, *earlier, *run_checks(context)],
        project.settings.severity,
    )
