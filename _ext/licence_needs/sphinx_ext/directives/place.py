"""The ``licence-needs`` directive: place the needs of a data file on a page.

::

    ```{licence-needs} controls.yaml
    :ids: CTL_LIC_01 CTL_LIC_02
    ```

Each item becomes a sphinx-needs need through ``add_need``, in the language
being built.  Its text is plain text: it is put into the page as text nodes,
never parsed, so markup in the YAML shows as the characters it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import add_need
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.utils import add_doc

from ...core import pipeline
from ...core.model import Need
from ...core.placement import PlacementRequest, split_ids
from ...core.schema import Lang, valid_id
from ...core.vocabulary import label, lang_of
from ..collector import env_data
from ..context import build_data
from ..history import card_fields
from ..metamodel import fields_of


class PlacementMark(nodes.General, nodes.Element):
    """Where a ``licence-needs`` directive stood; never written."""


class NeedGroup(nodes.General, nodes.Element):
    """A few placed needs, nested while the page is read; never written.

    sphinx-needs locates each need on its page by scanning the need's
    siblings (``analyse_need_locations``: its index among them, then the
    siblings before it for a signature), so a file of *k* needs placed as
    *k* siblings costs *k*² steps: 100,000 items did not build in 25 minutes.
    Nested in groups of :data:`GROUP`, no need has more than ``2 × GROUP``
    siblings at any level.  The groups are taken out again as soon as
    sphinx-needs has looked (:func:`ungroup`): the page is as it would be
    without them, for every later step and every builder.
    """


#: the most needs (or groups) one group holds
GROUP = 16


def grouped(parts: list[list[nodes.Node]]) -> list[nodes.Node]:
    """The nodes of each need in order, nested in groups of at most
    :data:`GROUP` when there are more (one need's nodes stay together)."""
    level = parts
    while len(level) > GROUP:
        level = [
            [NeedGroup("", *(n for part in level[i : i + GROUP] for n in part))]
            for i in range(0, len(level), GROUP)
        ]
    return [n for part in level for n in part]


def ungroup(_app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after sphinx-needs located the needs: each group's
    contents back in its place (one pass per parent, not one per group)."""
    parents = {
        id(group.parent): group.parent
        for group in doctree.findall(NeedGroup)
        if not isinstance(group.parent, NeedGroup)
    }
    for parent in parents.values():
        children = list(_leaves(parent.children))
        parent.children = []
        parent.extend(children)


def _leaves(children: list[nodes.Node]) -> Iterator[nodes.Node]:
    for child in children:
        if isinstance(child, NeedGroup):
            yield from _leaves(child.children)
        else:
            yield child


class LicenceNeeds(SphinxDirective):
    """Create the needs of one data file (or of the IDs listed in ``:ids:``)."""

    required_arguments = 1
    final_argument_whitespace = False
    option_spec = {"ids": directives.unchanged}  # noqa: RUF012 - docutils API

    def run(self) -> list[nodes.Node]:
        data = build_data(self.env)
        lang = lang_of(self.config.language)
        docname = self.env.docname
        request = PlacementRequest(
            data_file=self.arguments[0],
            ids=split_ids(self.options.get("ids", "")),
            page=data.relative(Path(self.env.doc2path(docname))),
            line=self.lineno,
        )
        needs, placed, problems = pipeline.place(data.project, request)
        recorded = env_data(self.env)
        recorded.findings.setdefault(docname, []).extend(problems)
        recorded.placements.setdefault(docname, []).extend(placed)
        # noted even when missing: Sphinx re-reads a page whose dependency is
        # gone, so the page notices the file once it exists
        self.env.note_dependency(str(data.root / data.needs_dir / request.data_file))
        add_doc(self.env, self.env.docname)
        # where the directive stands, for page_guard (MyST's state cannot tell
        # the directive its ancestors): removed when the page has been read
        result: list[nodes.Node] = [PlacementMark(page=request.page, line=self.lineno)]
        present = SphinxNeedsData(self.env).get_needs_mutable()
        parts = [
            self._need(need, lang)
            for need in needs
            # a malformed or duplicated ID, or an item placed twice, is a
            # finding at its line; sphinx-needs would stop the build instead
            if data.model.index.get(need.id) is need
            and valid_id(need.type, need.id)
            and need.id not in present
        ]
        return [*result, *grouped(parts)]

    def _need(self, need: Need, lang: Lang) -> list[nodes.Node]:
        links = {name: [link.target for link in ls] for name, ls in need.links.items()}
        body = _plain(need.text.get(lang), lang)
        if lang == "en" and need.type in ("provision", "regulation"):
            original = label("field.original", lang)
            body.extend(
                _plain(need.text.zh, "zh", label=original, cls="licence-original")
            )
        for exclusion in need.exclusions:
            # why a word that looks like a duty imposes none: the reader sees it
            words = f"「{exclusion.phrase}」: {exclusion.reason.get(lang)}"
            body.extend(
                _plain(
                    words,
                    lang,
                    label=label("field.exclusion", lang),
                    cls="licence-exclusion",
                )
            )
        return add_need(
            self.env.app,
            _PlainState(self.state, body),
            self.env.docname,
            self.lineno,
            need_type=need.type,
            title=need.title.get(lang),
            id=need.id,
            content=need.text.get(lang),
            **fields_of(need, lang),
            **card_fields(self.env, need.id),
            **links,
        )


def _plain(
    text: str, lang: Lang, *, label: str = "", cls: str = "licence-text"
) -> list[nodes.Element]:
    """Paragraphs of plain text (split at blank lines), marked with their language."""
    html_lang = "language-zh-CN" if lang == "zh" else "language-en"
    result: list[nodes.Element] = []
    for block in text.split("\n\n"):
        # neither translated through the catalogs nor "smartened": the page
        # shows what the YAML says, character for character
        para = nodes.paragraph(
            classes=[cls, html_lang], translatable=False, support_smartquotes=False
        )
        if label and not result:
            para += nodes.strong(text=f"{label}: ")
        para += nodes.Text(block)
        result.append(para)
    return result


class _PlainState:
    """The page's parser state, except that need content is not parsed.

    ``add_need`` hands a need's content to ``state.nested_parse``.  Our content
    is plain text, so this stand-in puts the ready-made text nodes into the
    need instead, and passes everything else through to the real state.
    """

    def __init__(self, state: Any, body: list[nodes.Element]) -> None:
        self._state = state
        self._body = body

    def nested_parse(
        self, _block: Any, _offset: int, node: nodes.Element, **_: Any
    ) -> None:
        node.extend(self._body)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)


def setup(app: Sphinx) -> None:
    app.add_directive("licence-needs", LicenceNeeds)
    # after sphinx-needs' analyse_need_locations (connected at 500)
    app.connect("doctree-read", ungroup, priority=600)
