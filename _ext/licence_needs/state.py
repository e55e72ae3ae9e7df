"""What the extension keeps during a build, and how it survives incremental
and parallel builds.

The model is read from ``needs/`` once per ``sphinx-build`` run (it is cheap,
and reading it afresh means an edit is never missed); it lives on the
application, not in the pickled environment.  What the directives learn about
each page (which needs it places, what was wrong) is per document: it is
purged when the page is re-read and merged back from parallel readers, as
``sphinx.ext.todo`` does with its todos.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx_needs.data import SphinxNeedsData

from . import calendar, loader, trace
from .findings import Finding
from .model import Model
from .rules import Placement
from .timeline import DateError, as_of


@dataclass
class Project:
    """The data of this build: where it is, what it says, and its digest."""

    root: Path
    needs_dir: str
    model: Model = field(default_factory=Model)
    load_findings: list[Finding] = field(default_factory=list)
    digest: str = ""
    file_names: tuple[str, ...] = ()
    as_of: date | None = None
    #: need ID → (fingerprint of what its card shows, the IDs it links to)
    fingerprints: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: fingerprint of what every card may show: owners, licence, waivers
    shared: str = ""

    _views: dict[str, Any] = field(default_factory=dict, repr=False)

    def trace(self) -> trace.Trace:
        """The traceability views as of the build date, computed once a build."""
        if "trace" not in self._views:
            self._views["trace"] = trace.build(self.model, self.as_of)
        return self._views["trace"]  # type: ignore[no-any-return]

    def calendar(self) -> calendar.Calendar | None:
        """The compliance calendar as of the build date, computed once a build."""
        if self.as_of is None:
            return None
        if "calendar" not in self._views:
            self._views["calendar"] = calendar.build(self.model, self.as_of)
        return self._views["calendar"]  # type: ignore[no-any-return]

    def relative(self, path: Path) -> str:
        """A path as findings show it: relative to the project root if inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


#: The project of each source directory being built in this process.  Not on
#: the environment, which is pickled between builds: the model is read afresh.
_PROJECTS: dict[str, Project] = {}


def load_project(app: Sphinx) -> None:
    """``builder-inited``: read ``needs/`` into the model for this build."""
    root = Path(app.confdir).resolve()
    needs_dir = app.config.licence_needs_dir
    files = loader.yaml_files(root / needs_dir)
    model, found = loader.load(root, needs_dir, files)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        day = as_of()
    except DateError as exc:
        raise ConfigError(str(exc)) from None
    _PROJECTS[str(app.srcdir)] = Project(
        root,
        needs_dir,
        model,
        found,
        digest.hexdigest(),
        model.files,
        day,
        fingerprints(model),
        _hash((model.owners, model.licence, model.waivers)),
    )


def fingerprints(model: Model) -> dict[str, tuple[str, tuple[str, ...]]]:
    """What each need shows, hashed, and whom it links to: what a change of one
    need can alter on the pages of others.  Where a need is written (file,
    line) is left out: moving it changes no card."""
    result = {}
    for need in model.needs:
        if need.id and need.origin == "yaml":
            shown = replace(need, file="", line=0, owner_line=0)
            targets = tuple(
                t for link in sorted(need.links) for t in need.targets(link)
            )
            result[need.id] = (_hash(shown), targets)
    return result


def _hash(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:20]


def project(owner: Sphinx | BuildEnvironment) -> Project:
    """The project being built by this application or environment."""
    return _PROJECTS[str(owner.srcdir)]


def depend_on_data(env: BuildEnvironment) -> None:
    """The page being read shows data from every file of needs/ (a summary,
    a glossary, diagrams): read it again when any of them changes."""
    state = project(env)
    for name in state.model.files:
        env.note_dependency(str(state.root / name))


def _per_doc(env: BuildEnvironment, attr: str) -> dict[str, list[Any]]:
    if not hasattr(env, attr):
        setattr(env, attr, {})
    return getattr(env, attr)  # type: ignore[no-any-return]


def placements_of(env: BuildEnvironment, docname: str) -> list[Placement]:
    return _per_doc(env, "licence_placements").setdefault(docname, [])


def directive_findings(env: BuildEnvironment, docname: str) -> list[Finding]:
    return _per_doc(env, "licence_findings").setdefault(docname, [])


def dated_pages(env: BuildEnvironment, docname: str) -> list[bool]:
    """Marks a page that shows something depending on the as-of date."""
    return _per_doc(env, "licence_dated").setdefault(docname, [])


def all_of(env: BuildEnvironment, attr: str) -> list[Any]:
    """Everything recorded under ``attr``, in document order."""
    data = _per_doc(env, attr)
    return [item for docname in sorted(data) for item in data[docname]]


def dynamic_pages(env: BuildEnvironment, docname: str) -> list[bool]:
    """Marks a page whose content is made from many needs when it is written
    (tables, diagrams, views, need roles): rewritten whenever needs change."""
    return _per_doc(env, "licence_dynamic").setdefault(docname, [])


_ATTRS = ("licence_placements", "licence_findings", "licence_dated", "licence_dynamic")


def purge_doc(_app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``: forget what a page said before it is read again."""
    for attr in _ATTRS:
        _per_doc(env, attr).pop(docname, None)


def merge_info(
    _app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    """``env-merge-info``: take what parallel readers learnt."""
    for attr in _ATTRS:
        mine, theirs = _per_doc(env, attr), _per_doc(other, attr)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]


def pages_to_reread(
    _app: Sphinx,
    env: BuildEnvironment,
    _added: set[str],
    _changed: set[str],
    _removed: set[str],
) -> list[str]:
    """``env-get-outdated``: pages to read again although their files did not change.

    - When data files come or go, every page: pages depend on the files they
      show, and a new file is a dependency no page has noted yet (rare).
    - When the as-of date changed, the pages that show the licence's status.
    """
    state = project(env)
    previous = getattr(env, "licence_file_names", None)
    previous_day = getattr(env, "licence_as_of", None)
    env.licence_file_names = state.file_names  # type: ignore[attr-defined]
    env.licence_as_of = state.as_of  # type: ignore[attr-defined]
    if previous != state.file_names:
        return sorted(env.found_docs)
    if previous_day != state.as_of:
        return sorted(_per_doc(env, "licence_dated"))
    return []


def note_dynamic(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remember whether a page shows needs placed elsewhere.

    Any sphinx-needs node but the need itself (needtable, needflow, need
    roles, …) and the extension's own views make a page dynamic.
    """
    for node in doctree.findall(nodes.Element):
        kind = type(node)
        made_by_needs = (
            kind.__module__.startswith("sphinx_needs") and kind.__name__ != "Need"
        )
        if made_by_needs or kind.__name__ == "licence_view":
            dynamic_pages(app.env, app.env.docname).append(True)
            return


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages to write again although they were not read.

    sphinx-needs rewrites the pages that define changed needs, not those that
    show them: a need's card lists the needs linking to it, and tables and
    diagrams show needs from everywhere.  When the data changed, this returns
    the pages holding a changed need or a need whose links to it changed, and
    every dynamic page; when owners, the licence or waivers changed, every
    page with needs.
    """
    state = project(env)
    before = getattr(env, "licence_fingerprints", None)
    shared_before = getattr(env, "licence_shared", None)
    env.licence_fingerprints = state.fingerprints  # type: ignore[attr-defined]
    env.licence_shared = state.shared  # type: ignore[attr-defined]
    if before is None:
        return []  # a first build writes every page anyway
    if shared_before != state.shared:
        docs = SphinxNeedsData(env).get_or_create_docs()
        return sorted(set(docs.get("all", [])) & env.found_docs)
    now = state.fingerprints
    changed = {i for i in before.keys() | now.keys() if before.get(i) != now.get(i)}
    if not changed:
        return []
    # other cards show a need by its ID only: they change when it comes or
    # goes (a live or dead link), or when its links change (their backlinks)
    came_or_went = changed - (before.keys() & now.keys())
    relinked = {
        i for i in changed if before.get(i, ("", ()))[1] != now.get(i, ("", ()))[1]
    }
    affected = set(changed)
    for need_id in relinked | came_or_went:
        for side in (before, now):
            affected.update(side.get(need_id, ("", ()))[1])
    affected.update(i for i, (_, targets) in now.items() if came_or_went & set(targets))
    placements = _per_doc(env, "licence_placements")
    pages = {
        docname
        for docname, placed in placements.items()
        if any(p.need_id in affected for p in placed)
    }
    pages.update(_per_doc(env, "licence_dynamic"))
    return sorted(pages & env.found_docs)
