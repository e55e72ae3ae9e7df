"""Trace diagrams: one per provision, its controls → obligations and evidence."""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...core.model import unique
from ...core.vocabulary import lang_of
from ...derived.traceability import Row
from ..context import build_data, depend_on_data


class LicenceTraces(SphinxDirective):
    """A trace diagram per provision: its obligations, their controls, and
    the controls' evidence, under a heading naming the provision.

    Each diagram is a sphinx-needs ``needflow`` (graphviz engine, SVG) limited
    to the needs of one provision's trace; the directive writes the needflow
    markup and has the page's parser read it.  The layout keeps labels
    readable at the page's width (the browser tests measure it): ranks run
    left to right, so a provision's many obligations stack in a column instead
    of a row (SP_07's diagram was 3,085 pt wide, its IDs 2.4 px on screen),
    and the provision is the heading rather than a node of its own column.
    """

    def run(self) -> list[nodes.Node]:
        lang = lang_of(self.config.language)
        depend_on_data(self.env)
        data = build_data(self.env).traceability
        container = nodes.container(
            classes=["licence-traces"], support_smartquotes=False
        )
        source = self.env.doc2path(self.env.docname)
        # the rows of each provision, grouped once: linear, not provisions × rows
        # (by identity, as before: a duplicated provision's second item has none)
        rows_of: dict[int, list[Row]] = {}
        for row in data.rows:
            if row.provision is not None:
                rows_of.setdefault(id(row.provision), []).append(row)
        for provision, _ in data.by_provision:
            rows = rows_of.get(id(provision), [])
            # the provision is the heading, not a node: as a node it took a
            # column of its own and an edge from every obligation
            ids = unique(
                [r.obligation for r in rows]
                + [r.control for r in rows if r.control]
                + [e for r in rows for e in r.evidence]
            )
            heading = nodes.rubric(ids=[f"trace-{provision.id}"], translatable=False)
            heading += nodes.Text(f"{provision.id} {provision.title.get(lang)}")
            container += heading
            listed = ", ".join(f'"{need.id}"' for need in ids)
            flow = [
                "```{needflow}",
                f":filter: id in [{listed}]",
                ":show_link_names:",
                ":direction: right",
                f":alt: {provision.id}",
                "```",
            ]
            self.state.nested_parse(
                StringList(flow, source=str(source)), self.content_offset, container
            )
        return [container]


def setup(app: Sphinx) -> None:
    app.add_directive("licence-traces", LicenceTraces)
