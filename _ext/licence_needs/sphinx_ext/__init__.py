"""The Sphinx adapter: the only package that imports Sphinx, docutils or
sphinx-needs.

It feeds the pipeline (:mod:`licence_needs.core.pipeline`) what the pages
place and shows what the pipeline finds: needs on pages, views, diagrams,
exports, and the gate's verdict as the build's exit status.  ``setup`` reads
as a table of contents; each module registers its own parts.
"""

from __future__ import annotations

import warnings
from typing import Any

from sphinx.application import Sphinx
from sphinx.deprecation import RemovedInSphinx10Warning

from .. import __version__
from ..core.settings import SETTINGS
from . import (
    build_guard,
    collector,
    context,
    cycle_collector,
    gate,
    history,
    metamodel,
    model_fields,
    owner_pages,
    page_guard,
    pdf,
    reproducible,
    review_marks,
    value_labels,
    write_exports,
)
from .directives import (
    assurance,
    bench_table,
    home,
    place,
    reference,
    traces,
    views,
    waivers,
)
from .html import a11y, search_zh


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_needs")
    # sphinx-needs 9.1's graphviz code passes str paths, which Sphinx 9 warns
    # about on stderr for every diagram; nothing to fix on our side
    warnings.filterwarnings(
        "ignore", category=RemovedInSphinx10Warning, module=r"sphinx_needs\."
    )

    # interrupted and concurrent builds: a fresh start, one build at a time
    build_guard.setup(app)
    # the process: a cycle collector that does not walk the loaded data
    cycle_collector.setup(app)

    # configuration: the licence_* settings (checked when the config is read)
    # and the sphinx-needs metamodel in the build's language
    for name, (_, default) in SETTINGS.items():
        # the rules page shows the severities; the pages show the data
        rebuild = "env" if name in ("licence_needs_dir", "licence_severity") else ""
        app.add_config_value(name, default, rebuild, types=[type(default)])
    app.connect("config-inited", _check_settings, priority=0)
    metamodel.setup(app)

    # reading: load the data, place needs on pages, keep per-page data
    app.connect("builder-inited", context.load)
    collector.setup(app)
    place.setup(app)
    page_guard.setup(app)
    reference.setup(app)
    home.setup(app)
    views.setup(app)
    traces.setup(app)
    bench_table.setup(app)
    waivers.setup(app)
    assurance.setup(app)
    history.setup(app)  # the change history page and the cards' release
    model_fields.setup(app)  # levels and assessments, once all pages are read

    # writing: accessible headings, coded values as words, Chinese search
    a11y.setup(app)
    value_labels.setup(app)
    review_marks.setup(app)
    search_zh.setup(app)
    reproducible.setup(app)  # no random ids, no timings
    # the PDF (LaTeX builder): chrome, title page, diagrams, paper layout
    pdf.setup(app)

    # after the build: the exports beside the pages, a page per role, then the gate
    write_exports.setup(app)
    owner_pages.setup(app)
    gate.setup(app)

    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 7,
    }


def _check_settings(app: Sphinx, _config: object) -> None:
    context.remove_old_reports(app)  # whatever stops this build, no stale verdict
    context.settings_of(app)  # ends the build with one line for a bad value
    # before Sphinx reads SOURCE_DATE_EPOCH itself (copyright year, priority
    # 800), which would end a bad one with a traceback
    context.check_date()
