"""The data of the build in progress: the project the pipeline loaded.

The model is read from ``needs/`` once per ``sphinx-build`` run (it is cheap,
and reading it afresh means an edit is never missed).  It is kept beside the
environment, not in it, because the environment is pickled between builds;
a :class:`~weakref.WeakKeyDictionary` keyed by the environment gives each
build its own data, even when several applications run in one process.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import NoReturn

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core import pipeline
from ..core.dates import DateError, as_of
from ..core.incremental import Fingerprints, fingerprints, shared_fingerprint
from ..core.model import Model
from ..core.settings import SETTINGS, Settings, SettingsError, validate
from ..derived import assurance, review_state, schedule, traceability
from ..outputs import reports
from .metamodel import derived_values


@dataclass
class BuildData:
    """The project of this build, and the read models computed from it once."""

    project: pipeline.Project
    fingerprints: Fingerprints = field(default_factory=dict)
    shared: str = ""

    @property
    def model(self) -> Model:
        return self.project.model

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def needs_dir(self) -> str:
        return self.project.settings.needs_dir

    @property
    def as_of(self) -> date:
        return self.project.day

    @cached_property
    def traceability(self) -> traceability.Trace:
        """The traceability views as of the build date."""
        return traceability.build(self.model, self.as_of)

    @cached_property
    def schedule(self) -> schedule.Schedule:
        """The compliance schedule as of the build date."""
        return schedule.build(self.model, self.as_of)

    @cached_property
    def review(self) -> review_state.ReviewState:
        """The review state of the data (badges, matrix, dashboard)."""
        return review_state.build(self.model)

    @cached_property
    def assurance(self) -> assurance.Assurance:
        """The assurance levels as of the build date."""
        return assurance.build(self.model, self.as_of)

    def relative(self, path: Path) -> str:
        """A path as findings show it: relative to the project root if inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


logger = logging.getLogger(__name__)

_DATA: weakref.WeakKeyDictionary[BuildEnvironment, BuildData] = (
    weakref.WeakKeyDictionary()
)


def settings_of(app: Sphinx) -> Settings:
    """The validated ``licence_*`` settings; a bad one ends the build."""
    try:
        return validate({name: app.config[name] for name in SETTINGS})
    except SettingsError as exc:
        conf = Path(app.confdir) / "conf.py"
        configuration_error(f"{conf}:{_line_of(conf, exc.setting)}", str(exc))


def _line_of(conf: Path, name: str) -> int:
    """The line of ``conf.py`` that sets ``name`` (0 if none does: ``-D``)."""
    if conf.is_file():
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, 1):
            if line.startswith(name):
                return number
    return 0


def configuration_error(where: str, message: str) -> NoReturn:
    """End the build with a configuration error: one located line, exit 2.

    Sphinx 9 shows its own ``ConfigError`` as a crash report with a
    traceback; a mistake in the project's settings deserves one plain line.
    """
    logger.error(message, type="licence", subtype="configuration", location=where)
    raise SystemExit(2)


def check_date() -> None:
    """A bad ``SOURCE_DATE_EPOCH`` ends the build with one located line."""
    try:
        as_of()
    except DateError as exc:
        configuration_error("SOURCE_DATE_EPOCH:0", str(exc))


def remove_old_reports(app: Sphinx) -> None:
    """A build that stops early must not leave the last run's verdict behind:
    the reports go now and are written again when the gate has run."""
    folder = app.config.licence_reports_dir
    if isinstance(folder, str) and folder:
        reports.remove(Path(app.confdir) / folder)


def load(app: Sphinx) -> None:
    """``builder-inited``: run the pipeline's loading step for this build."""
    try:
        project = pipeline.load_project(Path(app.confdir).resolve(), settings_of(app))
    except DateError as exc:
        configuration_error("SOURCE_DATE_EPOCH:0", str(exc))
    data = _DATA[app.env] = BuildData(project)
    model = project.model
    # what cards show besides their needs' own fields (:mod:`.model_fields`)
    data.fingerprints = fingerprints(model, derived_values(model, data.assurance))
    data.shared = shared_fingerprint(model)


def build_data(env: BuildEnvironment) -> BuildData:
    """The data of the build this environment belongs to."""
    return _DATA[env]


def depend_on_data(env: BuildEnvironment) -> None:
    """The page being read shows data from every file of needs/ (a summary,
    a glossary, diagrams): read it again when any of them changes."""
    data = build_data(env)
    for name in data.model.files:
        env.note_dependency(str(data.root / name))
