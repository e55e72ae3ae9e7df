"""HTML that assistive technology can read: a fix to Sphinx's own markup.

Sphinx 9.0 writes toctree captions as ``<p class="caption" role="heading">``
without the ``aria-level`` a heading role requires (sphinx-doc/sphinx#14030;
axe-core reports it as critical).  This translator adds it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class HandbookTranslator(HTML5Translator):
    """Sphinx's HTML writer, with toctree captions that are real headings."""

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get(
            "toctree"
        ):
            self.body.append(
                self.starttag(
                    node,
                    "p",
                    "",
                    CLASS="caption",
                    ROLE="heading",
                    **{"aria-level": "2"},
                )
            )
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
            return
        super().visit_title(node)


def setup(app: Sphinx) -> None:
    app.set_translator("html", HandbookTranslator)
