"""Pages that would change or hide YAML needs behind the data's back.

sphinx-needs' ``needextend`` lets a page rewrite any need's fields and links
in the HTML and ``needs.json``, while the gate and the exports keep reading
the YAML: the site would contradict the data.  Each ``needextend`` is a
finding at its page line (``page-changes-need``), as ``make check``'s page
scanner reports it; the data has one home, ``needs/``.

A need a page writes under the ID of a YAML need would make sphinx-needs
stop or drop it: it is kept from sphinx-needs and handed to the gate, which
reports it as ``make check`` does (``duplicate-id``, ``need-outside-yaml``).

A ``licence-needs`` inside ``{only}`` places needs the gate counts while the
site may not show them (``placement-hidden``): the directive leaves a mark
where it stands, looked at (and removed) once the page has been read.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.directives.need import NeedDirective

from ..core.placement import hidden_placement, page_extension, page_need, split_ids
from ..core.schema import LINK_TYPES, NEED_TYPES
from .collector import env_data
from .context import build_data
from .directives.place import PlacementMark


def note_hidden(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: placements of the page just read that stand in an
    ``only`` directive; the marks themselves go."""
    found = env_data(app.env).findings
    for mark in list(doctree.findall(PlacementMark)):
        parent = mark.parent
        while parent is not None:
            if isinstance(parent, addnodes.only):
                found.setdefault(app.env.docname, []).append(
                    hidden_placement(mark["page"], mark["line"], parent["expr"])
                )
            parent = parent.parent
        mark.parent.remove(mark)


def note_extensions(app: Sphinx, _doctree: nodes.document) -> None:
    """``doctree-read``: the ``needextend`` directives of the page just read."""
    env = app.env
    docname = env.docname
    extends = SphinxNeedsData(env).get_or_create_extends()
    mine = sorted(
        (entry["lineno"], entry["filter"])
        for entry in extends.values()
        if entry["docname"] == docname
    )
    if not mine:
        return
    page = build_data(env).relative(Path(env.doc2path(docname)))
    found = env_data(env).findings.setdefault(docname, [])
    found.extend(page_extension(page, line or 0, target) for line, target in mine)


class GuardedNeed(NeedDirective):
    """sphinx-needs' need directive, except for an ID that needs/ holds."""

    def run(self) -> list[nodes.Node]:  # type: ignore[override]
        need_id = (self.options.get("id") or "").strip()
        data = build_data(self.env)
        if need_id not in data.model.index:
            return list(super().run())
        docname = self.env.docname
        options = self.options
        need = page_need(
            self.name,
            need_id,
            self.arguments[0] if self.arguments else "",
            {name: list(split_ids(options.get(name) or "")) for name in LINK_TYPES},
            options.get("owner"),
            data.relative(Path(self.env.doc2path(docname))),
            self.lineno,
        )
        env_data(self.env).refused.setdefault(docname, []).append(need)
        return []


def guard_need_directives(app: Sphinx, _config: Config) -> None:
    """``config-inited``, after sphinx-needs registered its directives."""
    for need_type in NEED_TYPES:
        app.add_directive(need_type, GuardedNeed, override=True)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", guard_need_directives, priority=900)
    app.add_node(PlacementMark)
    app.connect("doctree-read", note_hidden, priority=100)
    app.connect("doctree-read", note_extensions)
