"""What the extension learns from each page, kept right across incremental and
parallel builds: a :class:`~sphinx.environment.collectors.EnvironmentCollector`.

Per page: which needs it places (and where), what its directives found wrong,
whether it shows something that depends on the as-of date, and whether it
shows needs placed elsewhere (tables, diagrams, views).  That is purged when a
page is read again and merged back from parallel readers, as Sphinx's own
collectors do.  Per build: a snapshot of the data (file names, as-of date,
fingerprints), which decides what to read and write again next time.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.nodes import Need as NeedNode

from ..core import pipeline
from ..core.findings import Finding
from ..core.incremental import Fingerprints, affected_needs
from ..core.model import Need, Placement
from ..core.placement import page_encoding_problem
from .context import build_data


@dataclass
class LicenceEnvData:
    """The extension's part of the (pickled) environment."""

    placements: dict[str, list[Placement]] = field(default_factory=dict)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    #: pages showing something that depends on the as-of date
    dated: set[str] = field(default_factory=set)
    #: pages made from many needs when written: rewritten when needs change
    dynamic: set[str] = field(default_factory=set)
    #: needs a page writes under an ID of needs/ (never given to sphinx-needs)
    refused: dict[str, list[Need]] = field(default_factory=dict)
    # the data as of the last build
    file_names: tuple[str, ...] | None = None
    as_of: date | None = None
    fingerprints: Fingerprints | None = None
    shared: str | None = None
    # the change history (:mod:`.history`): the pages showing it, and the
    # cards' release names and the releases as of the last build
    history_pages: set[str] = field(default_factory=set)
    history_labels: dict[str, str] | None = None
    history_key: object = None

    def all_placements(self) -> list[Placement]:
        return [p for doc in sorted(self.placements) for p in self.placements[doc]]

    def all_findings(self) -> list[Finding]:
        return [f for doc in sorted(self.findings) for f in self.findings[doc]]


def env_data(env: BuildEnvironment) -> LicenceEnvData:
    """The extension's data on ``env`` (made on first use)."""
    data: LicenceEnvData | None = getattr(env, "licence", None)
    if data is None:
        data = LicenceEnvData()
        env.licence = data  # type: ignore[attr-defined]
    return data


#: node types that make the page showing them dynamic (besides sphinx-needs'
#: own views); modules that define such nodes add them in their setup()
DYNAMIC_NODES: set[type[nodes.Element]] = set()


def _made_by_needs(node: nodes.Element) -> bool:
    """A sphinx-needs node other than a need itself (needtable, needflow, roles)."""
    kind = type(node)
    return kind.__module__.startswith("sphinx_needs") and kind is not NeedNode


class LicenceCollector(EnvironmentCollector):
    """Per-page data of the licence extension, and its incremental policy."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        data = env_data(env)
        data.placements.pop(docname, None)
        data.findings.pop(docname, None)
        data.refused.pop(docname, None)
        data.dated.discard(docname)
        data.dynamic.discard(docname)

    def merge_other(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        docnames: Set[str],
        other: BuildEnvironment,
    ) -> None:
        mine, theirs = env_data(env), env_data(other)
        for docname in docnames:
            if docname in theirs.placements:
                mine.placements[docname] = theirs.placements[docname]
            if docname in theirs.findings:
                mine.findings[docname] = theirs.findings[docname]
            if docname in theirs.refused:
                mine.refused[docname] = theirs.refused[docname]
        mine.dated |= theirs.dated & docnames
        mine.dynamic |= theirs.dynamic & docnames

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Note a page that shows needs placed elsewhere."""
        kinds = tuple(DYNAMIC_NODES)
        for node in doctree.findall(nodes.Element):
            if isinstance(node, kinds) or _made_by_needs(node):
                env_data(app.env).dynamic.add(app.env.docname)
                return

    def get_outdated_docs(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """Pages to read again although their files did not change.

        - When data files come or go, every page: pages depend on the files
          they show, and a new file is a dependency no page has noted yet.
        - When the as-of date changed, the pages that show the licence's status.
        """
        data, build = env_data(env), build_data(env)
        previous, previous_day = data.file_names, data.as_of
        data.file_names, data.as_of = build.model.files, build.as_of
        if previous != build.model.files:
            return sorted(env.found_docs)
        if previous_day != build.as_of:
            return sorted(data.dated)
        return []

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Pages to write again although they were not read.

        sphinx-needs rewrites the pages that define changed needs, not those
        that show them: a need's card lists the needs linking to it, and
        tables and diagrams show needs from everywhere.  When the data changed,
        this returns the pages holding an affected need
        (:func:`~licence_needs.core.incremental.affected_needs`) and every
        dynamic page; when owners, the licence or waivers changed, every page
        with needs.
        """
        data, build = env_data(env), build_data(env)
        before, shared_before = data.fingerprints, data.shared
        data.fingerprints, data.shared = build.fingerprints, build.shared
        if before is None:
            return []  # a first build writes every page anyway
        if shared_before != build.shared:
            docs: Any = SphinxNeedsData(env).get_or_create_docs()
            return sorted(set(docs.get("all", [])) & env.found_docs)
        affected = affected_needs(before, build.fingerprints)
        if not affected:
            return []
        pages = {
            docname
            for docname, placed in data.placements.items()
            if any(p.need_id in affected for p in placed)
        }
        pages.update(data.dynamic)
        return sorted(pages & env.found_docs)


def skip_unreadable_pages(
    app: Sphinx, env: BuildEnvironment, docnames: list[str]
) -> None:
    """``env-before-read-docs``: a page that is not UTF-8 is a finding of the
    page, as in ``make check``, not a crash of the reader; it is not read."""
    data, build = env_data(env), build_data(env)
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        problem = page_encoding_problem(path.read_bytes(), build.relative(path))
        if problem is None:
            continue
        if docname == app.config.root_doc:  # without it there is no site
            from .gate import stop  # noqa: PLC0415 - the gate imports this module

            stop(app, pipeline.evaluate(build.project, [], [], [problem]))
        docnames.remove(docname)
        data.findings[docname] = [problem]


def setup(app: Sphinx) -> None:
    app.add_env_collector(LicenceCollector)
    app.connect("env-before-read-docs", skip_unreadable_pages)
