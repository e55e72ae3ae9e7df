"""Sphinx extension: the licence handbook's needs, from YAML, with a gate.

Data flows one way: ``needs/*.yaml`` → :mod:`.loader` (typed model, located
errors) → :mod:`.rules` (findings) → this adapter (needs on pages, the gate's
report and exit status).  The loader and the rules import nothing from Sphinx;
``make check`` runs them without a build (:mod:`.cli`).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from sphinx.application import Sphinx
from sphinx.deprecation import RemovedInSphinx10Warning

from . import display, export, gate, metamodel, state
from .a11y import HandbookTranslator
from .benchmark import LicenceBenchmark
from .card import CoverageSummary, LicenceCard
from .directives import LicenceNeeds
from .search import ChineseSearch
from .tables import LicenceGlossary, LicenceOwners, LicenceRules
from .views import LicenceTraces, LicenceView, licence_view, resolve_views, skip

__version__ = "1.0.0"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_needs")
    # sphinx-needs 9.1's graphviz code passes str paths, which Sphinx 9 warns
    # about on stderr for every diagram; nothing to fix on our side
    warnings.filterwarnings(
        "ignore", category=RemovedInSphinx10Warning, module=r"sphinx_needs\."
    )

    # configuration
    app.add_config_value("licence_needs_dir", "needs", "env", types=[str])
    app.add_config_value("licence_reports_dir", "", "", types=[str])
    app.add_config_value("licence_severity", {}, "", types=[dict])
    app.connect("config-inited", metamodel.configure, priority=1)

    # reading: load the data, place needs on pages, keep per-page state
    app.connect("builder-inited", state.load_project)
    app.add_directive("licence-needs", LicenceNeeds)
    app.add_directive("licence-owners", LicenceOwners)
    app.add_directive("licence-glossary", LicenceGlossary)
    app.add_directive("licence-rules", LicenceRules)
    app.add_directive("licence-card", LicenceCard)
    app.add_directive("coverage-summary", CoverageSummary)
    app.add_directive("licence-view", LicenceView)
    app.add_directive("licence-traces", LicenceTraces)
    app.add_directive("licence-benchmark", LicenceBenchmark)
    app.add_node(
        licence_view,
        **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (skip, None)),
    )
    app.connect("env-purge-doc", state.purge_doc)
    app.connect("env-merge-info", state.merge_info)
    app.connect("env-get-outdated", state.pages_to_reread)
    app.connect("doctree-read", state.note_dynamic)
    app.connect("env-get-updated", state.pages_to_rewrite)

    # writing: headings with the level assistive technology needs
    app.set_translator("html", HandbookTranslator)
    # coded values as words (after sphinx-needs renders the cards)
    app.connect("doctree-resolved", display.label_values, priority=600)
    app.connect("doctree-resolved", resolve_views)

    # after the build: the exports beside the pages, then the gate
    app.connect("build-finished", export.write_exports)

    # Chinese search: a stemmer the page can load, queries cut into words, and
    # jieba (which segments the index) kept quiet on stderr
    app.add_search_language(ChineseSearch)
    app.connect("builder-inited", _quiet_jieba)

    # after the build: the gate
    app.connect("build-finished", gate.report)

    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 4,
    }


def _quiet_jieba(_app: Sphinx) -> None:
    try:
        import jieba  # noqa: PLC0415 - optional: only Chinese search needs it
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
