"""docutils building blocks shared by the extension's directives: tables,
joined lists of links, needs with their titles, bars.

Cells are never translated through the catalogs (``translatable=False``):
they hold data, which is in the page's language already.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from docutils import nodes

from ..core.model import Need
from ..core.schema import Lang

#: a table row: its cells and the CSS classes of the row
Row = tuple[Sequence[nodes.Node], Sequence[str]]


def table(
    headers: Sequence[str],
    rows: Sequence[Row],
    classes: Sequence[str],
    widths: Sequence[int] | None = None,
) -> nodes.table:
    """A table with a header row; ``widths`` are relative column widths."""
    result = nodes.table(classes=list(classes), support_smartquotes=False)
    group = nodes.tgroup(cols=len(headers))
    result += group
    for width in widths or [1] * len(headers):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += row([nodes.Text(h) for h in headers], [])
    group += head
    body = nodes.tbody()
    for cells, row_classes in rows:
        body += row(cells, row_classes)
    group += body
    return result


def row(cells: Sequence[nodes.Node], classes: Sequence[str]) -> nodes.row:
    result = nodes.row(classes=list(classes))
    for cell in cells:
        entry = nodes.entry()
        para = nodes.paragraph(translatable=False)
        para += cell
        entry += para
        result += entry
    return result


def with_title(ref: nodes.Node, need: Need | None, lang: Lang) -> nodes.Node:
    """A reference to a need followed by its title."""
    if need is None:
        return ref
    inline = nodes.inline()
    inline += ref
    inline += nodes.Text(" " + need.title.get(lang))
    return inline


def joined(items: Sequence[nodes.Node], lines: bool = False) -> nodes.Node:
    """Items separated by commas, or one a line."""
    container = nodes.inline()
    for index, item in enumerate(items):
        if index:
            container += html_only("<br>", LINE_BREAK) if lines else nodes.Text(", ")
        container += item
    return container


#: the ``print_text`` of a raw HTML line break
LINE_BREAK = "\n"


def html_only(markup: str, print_text: str) -> nodes.raw:
    """Raw HTML for the site, with the plain text a printed page shows
    instead (``print_text``; :data:`LINE_BREAK` for a line break): builders
    that skip raw HTML, such as LaTeX, would otherwise lose it."""
    return nodes.raw("", markup, format="html", print_text=print_text)


def bar(percent: float, label: str | None = None) -> nodes.Node:
    """A horizontal bar of ``percent`` width, with its figure beside it."""
    width = max(0.0, min(100.0, percent))
    text = label if label is not None else f"{percent:.0f}%"
    return html_only(
        f'<span class="licence-bar" role="img" aria-label="{html.escape(text)}">'
        f'<span style="width: {width:.1f}%"></span></span> {html.escape(text)}',
        text,
    )
