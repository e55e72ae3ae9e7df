"""The change history on the site: the ``licence-changes`` page and the line on
each need's card saying in which release it last changed.

History is read from git once per build, at ``builder-inited``, and cached
in the doctree folder by commit: the models at the release tags and the
changes between consecutive tags never change for the same commits, so a
rebuild reads git only to list the tags.  Only what changed since the latest
tag is computed afresh, from the data this build loaded.  Dates are the
tagged commits' dates, so the same repository gives the same pages.  Without
git (a source tarball) the page says that history needs the repository and
cards show no release.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
import weakref
from collections.abc import Set
from datetime import date
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.utils import add_doc

from ..core import loader
from ..core.model import Model
from ..core.revisions import Release, RevisionError, export, releases, repository
from ..core.schema import Lang
from ..core.vocabulary import label, lang_of
from ..derived.changes import OTHER_KINDS, Changes, diff
from ..derived.history import UNRELEASED, Entry, History, assemble
from ..outputs.changes import kind_name, summary, tally
from .collector import DYNAMIC_NODES, env_data
from .context import BuildData, build_data
from .nodes import table

logger = logging.getLogger(__name__)

CACHE_NAME = "licence-history.pickle"
#: bump when what the cache holds changes shape
CACHE_VERSION = 2
#: the need field that names the release a need last changed in
FIELD = "changed_in"
#: what a card's link points to before the page it stands on is known
_SCHEME = "licence-history:"

_HISTORY: weakref.WeakKeyDictionary[BuildEnvironment, History] = (
    weakref.WeakKeyDictionary()
)


def history_of(env: BuildEnvironment) -> History:
    """The history this build read (unavailable before it is read)."""
    return _HISTORY.get(env, History(False))


# -- reading: git, through a cache keyed by commits ------------------------------


def read(data: BuildData, cache_file: Path) -> History:
    """The history of the project of ``data``; the cache is read and updated.

    Cached: the model at each release commit, the changes between two
    consecutive releases, and the changes since the latest release keyed by
    the bytes of the data files and the as-of date (a no-change rebuild
    computes nothing).
    """
    root, needs_dir = data.root, data.needs_dir
    if repository(root) is None:
        return History(False)
    try:
        tags = releases(root, checked=True)
    except RevisionError:
        return History(False)
    cache = _read_cache(cache_file)
    models: dict[str, Model] = cache["models"]
    pairs: dict[tuple[str, str], Changes] = cache["pairs"]
    used: dict[str, Any] = {"models": {}, "pairs": {}, "unreleased": None}
    released: list[tuple[Release, Changes]] = []
    previous: Model = Model()
    previous_commit = ""
    try:
        for release in tags:
            model = models.get(release.commit) or _load_at(
                root, release.commit, needs_dir
            )
            used["models"][release.commit] = model
            key = (previous_commit, release.commit)
            changes = pairs.get(key) or diff(
                previous, model, date.fromisoformat(release.date)
            )
            used["pairs"][key] = changes
            released.append((release, changes))
            previous, previous_commit = model, release.commit
    except RevisionError as exc:
        # a clone whose tags name commits it lacks: the site still builds,
        # and the page says why it shows no history
        logger.info(f"the change history cannot be read: {exc}")
        return History(False, problem=str(exc))
    unreleased = None
    if tags:
        key = (previous_commit, str(data.as_of), _digest(data))
        cached = cache["unreleased"]
        if cached is not None and cached[0] == key:
            unreleased = cached[1]
        else:
            unreleased = diff(previous, data.model, data.as_of)
        used["unreleased"] = (key, unreleased)
    if _fresh(cache, used):
        _write_cache(cache_file, used)
    return assemble(released, unreleased, (n.id for n in data.model.needs))


def _digest(data: BuildData) -> str:
    """The data files' names and bytes, hashed: what the unreleased changes
    are computed from."""
    digest = hashlib.sha256()
    for name in data.model.files:
        digest.update(name.encode() + b"\0")
        digest.update((data.root / name).read_bytes())
    return digest.hexdigest()


def _fresh(cache: dict[str, Any], used: dict[str, Any]) -> bool:
    """Whether the cache must be written: its keys differ from what was used
    (comparing keys, not the models, keeps a no-change rebuild cheap)."""
    if cache["models"].keys() != used["models"].keys():
        return True
    if cache["pairs"].keys() != used["pairs"].keys():
        return True
    before, now = cache["unreleased"], used["unreleased"]
    return (before and before[0]) != (now and now[0])


def _load_at(root: Path, commit: str, needs_dir: str) -> Model:
    with tempfile.TemporaryDirectory(prefix="licence-history-") as scratch:
        where = Path(scratch)
        export(root, commit, {needs_dir: ""}, where)
        model, _ = loader.load(where, needs_dir)
    # file names are relative to the scratch folder, as they are to the root
    return model


def _read_cache(path: Path) -> dict[str, Any]:
    empty: dict[str, Any] = {"models": {}, "pairs": {}, "unreleased": None}
    try:
        with path.open("rb") as stream:
            cached = pickle.load(stream)  # our own file, in the doctree folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return empty
    if not isinstance(cached, dict) or cached.get("version") != CACHE_VERSION:
        return empty
    return cached


def _write_cache(path: Path, used: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as stream:
        pickle.dump({"version": CACHE_VERSION, **used}, stream)
    temporary.replace(path)


def load(app: Sphinx) -> None:
    """``builder-inited`` (after the data is loaded): read the history once."""
    _HISTORY[app.env] = read(build_data(app.env), Path(app.doctreedir) / CACHE_NAME)


# -- need cards: the release a need last changed in -----------------------------


def card_fields(env: BuildEnvironment, need_id: str) -> dict[str, str]:
    """The ``changed_in`` field of a need's card (none without releases)."""
    name = history_of(env).labels.get(need_id)
    return {FIELD: name} if name else {}


def configure(app: Sphinx, config: Any) -> None:
    """``config-inited``, after the metamodel: the field, its link, its line."""
    lang = lang_of(config.language)
    config.needs_fields = {
        **config.needs_fields,
        FIELD: {
            "description": label("changes.last_changed", "en"),
            "nullable": True,
            "schema": {"type": "string"},
        },
    }
    unreleased = label("changes.unreleased", lang)
    config.needs_string_links = {
        **config.needs_string_links,
        "licence_history": {
            "regex": r"^(?P<name>\S+)$",
            "link_url": _SCHEME + "{{name}}",
            "link_name": "{% if name == '"
            + UNRELEASED
            + "' %}"
            + unreleased
            + "{% else %}{{name}}{% endif %}",
            "options": [FIELD],
        },
    }
    prefix = label("changes.last_changed", lang).replace('"', '\\"')
    for layout in config.needs_layouts.values():  # every card's, each type's
        layout["layout"]["meta"].insert(-1, f'<<meta("{FIELD}", prefix="{prefix}: ")>>')


def link_cards(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, after sphinx-needs drew the cards: point each
    card's release link to its entry on the change history page."""
    if not history_of(app.env).labels:
        return  # no card names a release (no git, or no tag): nothing to point
    pages = sorted(_pages(app.env))
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if not uri.startswith(_SCHEME):
            continue
        name = uri[len(_SCHEME) :]
        if not pages:
            ref.replace_self(nodes.Text(ref.astext()))
            continue
        anchor = name if name == UNRELEASED else f"release-{name}"
        ref["refuri"] = app.builder.get_relative_uri(docname, pages[0]) + "#" + anchor


# -- the page ----------------------------------------------------------------------


class licence_changes(nodes.General, nodes.Element):
    """Placeholder for the change history, replaced when the page is resolved."""


class LicenceChanges(SphinxDirective):
    """The change history: each release, newest first, then the unreleased."""

    def run(self) -> list[nodes.Node]:
        add_doc(self.env, self.env.docname)  # rewritten when needs change
        env_data(self.env).dated.add(self.env.docname)  # coverage counts waivers
        return [licence_changes()]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: draw the history where its placeholder stands."""
    placeholders = list(doctree.findall(licence_changes))
    if not placeholders:
        return
    lang = lang_of(app.config.language)
    needs_view = SphinxNeedsData(app.env).get_needs_view()

    def link(need_id: str) -> nodes.Node:
        target = needs_view.get(need_id)
        if target is None or not target["docname"]:
            return nodes.literal(text=need_id)
        uri = app.builder.get_relative_uri(docname, target["docname"]) + "#" + need_id
        ref = nodes.reference("", "", refuri=uri, internal=True)
        ref += nodes.literal(text=need_id)
        return ref

    for node in placeholders:
        node.replace_self(_page(history_of(app.env), lang, link))


def _page(history: History, lang: Lang, link: Any) -> list[nodes.Node]:
    if history.problem:
        text = label("changes.unreadable", lang, problem=history.problem)
        return [_para(text, "licence-history-unavailable")]
    if not history.available:
        return [_para(label("changes.no_git", lang), "licence-history-unavailable")]
    if not history.entries:
        return [_para(label("changes.no_tags", lang), "licence-history-empty")]
    return [_entry(entry, lang, link) for entry in history.entries]


def _entry(entry: Entry, lang: Lang, link: Any) -> nodes.section:
    if entry.name == UNRELEASED:
        heading = label("changes.unreleased_title", lang, tag=entry.previous)
    else:
        heading = label("changes.release", lang, tag=entry.name, date=entry.date)
    section = nodes.section(ids=[entry.anchor], classes=["licence-history-entry"])
    section += nodes.title(text=heading)
    changes = entry.changes
    if not entry.previous:
        needs = [c for c in changes.needs if c.kind == "added"]
        text = label(
            "changes.first",
            lang,
            needs=len(needs),
            obligations=sum(1 for c in needs if c.type == "obligation"),
            coverage=tally(changes.coverage_after),
        )
        section += _para(text, "licence-history-summary")
        return section
    line = summary(changes, lang)
    since = label("changes.since", lang, tag=entry.previous, summary=line)
    section += _para(since, "licence-history-summary")
    if changes.needs or changes.other:
        rows = []
        for change in (*changes.needs, *changes.other):
            fields = ", ".join(f.name for f in change.fields)
            rows.append(
                (
                    [
                        nodes.Text(label(f"changes.kind.{change.kind}", lang)),
                        link(change.id)
                        if change.type not in OTHER_KINDS
                        else nodes.literal(text=change.id),
                        nodes.Text(kind_name(change.type, lang)),
                        nodes.Text(change.title(lang)),
                        nodes.literal(text=fields) if fields else nodes.Text(""),
                    ],
                    [f"licence-history-{change.kind}"],
                )
            )
        headers = [
            label(f"changes.column.{c}", lang)
            for c in ("change", "id", "type", "title", "fields")
        ]
        section += table(headers, rows, ["licence-history-needs"], [2, 3, 2, 6, 4])
    if changes.links:
        rows = [
            (
                [
                    nodes.Text(label(f"changes.kind.{c.kind}", lang)),
                    link(c.source),
                    nodes.Text(label(f"link.{c.link}.out", lang)),
                    link(c.target),
                ],
                [f"licence-history-{c.kind}"],
            )
            for c in changes.links
        ]
        headers = [
            label(f"changes.column.{c}", lang)
            for c in ("change", "need", "link", "target")
        ]
        section += table(headers, rows, ["licence-history-links"], [2, 3, 3, 3])
    for key, ids in (("uncovered", changes.uncovered), ("covered", changes.covered)):
        if ids:
            para = nodes.paragraph(translatable=False, classes=[f"licence-{key}"])
            heading = label(f"changes.{key}", lang)
            para += nodes.Text(label("changes.list", lang, heading=heading) + " ")
            for index, need_id in enumerate(ids):
                if index:
                    para += nodes.Text(", ")
                para += link(need_id)
            section += para
    return section


def _skip(_translator: Any, _node: nodes.Node) -> None:
    """A placeholder left by a builder that does not resolve pages: nothing."""
    raise nodes.SkipNode


def _para(text: str, cls: str) -> nodes.paragraph:
    return nodes.paragraph(
        text=text, classes=[cls], translatable=False, support_smartquotes=False
    )


# -- incremental builds -------------------------------------------------------------


def _pages(env: BuildEnvironment) -> set[str]:
    return env_data(env).history_pages


class HistoryCollector(EnvironmentCollector):
    """Which pages show the history, and what to read or write again when the
    history changed without the data changing (a new tag)."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _pages(env).discard(docname)

    def merge_other(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        docnames: Set[str],
        other: BuildEnvironment,
    ) -> None:
        _pages(env).update(_pages(other) & docnames)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        if any(True for _ in doctree.findall(licence_changes)):
            _pages(app.env).add(app.env.docname)

    def get_outdated_docs(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """Pages placing a need whose release changed (its card's line is
        written when the page is read)."""
        labels = history_of(env).labels
        data = env_data(env)
        before, data.history_labels = data.history_labels, dict(labels)
        if before is None or before == labels:
            return []
        moved = {
            key
            for key in before.keys() | labels.keys()
            if before.get(key) != labels.get(key)
        }
        placements = data.placements
        return sorted(
            docname
            for docname, placed in placements.items()
            if any(p.need_id in moved for p in placed) and docname in env.found_docs
        )

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """The history pages, when the releases changed (a tag came or went)."""
        history = history_of(env)
        key = (history.available, [(e.name, e.date) for e in history.releases])
        data = env_data(env)
        before, data.history_key = data.history_key, key
        if before is None or before == key:
            return []
        return sorted(_pages(env) & env.found_docs)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", configure, priority=2)  # after the metamodel's
    app.connect("builder-inited", load, priority=600)  # after context.load
    app.add_node(
        licence_changes,
        **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (_skip, None)),
    )
    app.add_directive("licence-changes", LicenceChanges)
    DYNAMIC_NODES.add(licence_changes)
    app.add_env_collector(HistoryCollector)
    app.connect("doctree-resolved", resolve)
    app.connect("doctree-resolved", link_cards, priority=600)  # after the cards
