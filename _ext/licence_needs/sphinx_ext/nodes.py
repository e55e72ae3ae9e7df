"""docutils building blocks shared by the extension's directives: tables,
joined lists of links, needs with their titles, bars.

Cells are never translated through the catalogs (``translatable=False``):
they hold data, which is in the page's language already.

The largest view, the matrix, has a row per obligation and control: tens of
thousands of docutils nodes at thousands of needs, built on every rebuild
that changes a need.  Its cells are therefore plain values (:class:`Cell`)
that become either nodes (:func:`cell_table`, for LaTeX) or, for HTML, the
very markup Sphinx's HTML writer makes of those nodes, written directly
(``tests/sphinx/test_views.py`` holds the two to the same bytes).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

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


class Ref(NamedTuple):
    """A need's ID as code, linked to its card (``uri``; None: not placed)."""

    need_id: str
    uri: str | None


class Em(NamedTuple):
    """Emphasised text."""

    text: str


#: a part of a cell: text, a need's ID or emphasis
Piece = str | Ref | Em


class Cell(NamedTuple):
    """A table cell as plain values: one piece, or (``span``) any number of
    pieces in one ``inline``, as :func:`with_title` and :func:`joined` make."""

    pieces: tuple[Piece, ...]
    span: bool = False


#: a row of plain cells and the CSS classes of the row
CellRow = tuple[Sequence[Cell], Sequence[str]]


def titled(ref: Ref | None, need: Need | None, lang: Lang) -> Cell:
    """A need's ID followed by its title (empty without a need), as
    :func:`with_title` makes it."""
    if need is None or ref is None:
        return Cell(("",))
    return Cell((ref, " " + need.title.get(lang)), span=True)


def listed(refs: Sequence[Ref]) -> Cell:
    """IDs separated by commas, as :func:`joined` makes them."""
    pieces: list[Piece] = []
    for index, ref in enumerate(refs):
        if index:
            pieces.append(", ")
        pieces.append(ref)
    return Cell(tuple(pieces), span=True)


def cell_table(
    headers: Sequence[str], rows: Sequence[CellRow], classes: Sequence[str], fmt: str
) -> nodes.Node:
    """The table of :func:`table` for a builder of format ``fmt``: raw HTML
    for ``html`` (the same bytes, made without the nodes), else nodes."""
    if fmt == "html":
        return nodes.raw("", _html_table(headers, rows, classes), format="html")
    return table(
        headers,
        [([_cell_node(cell) for cell in cells], row_cls) for cells, row_cls in rows],
        classes,
    )


def piece_node(piece: Piece) -> nodes.Node:
    """The docutils node of a cell's piece."""
    if isinstance(piece, Ref):
        code = nodes.literal(text=piece.need_id)
        if piece.uri is None:
            return code
        ref = nodes.reference("", "", refuri=piece.uri, internal=True)
        ref += code
        return ref
    if isinstance(piece, Em):
        return nodes.emphasis(text=piece.text)
    return nodes.Text(piece)


def _cell_node(cell: Cell) -> nodes.Node:
    if not cell.span:
        [piece] = cell.pieces
        return piece_node(piece)
    inline = nodes.inline()
    inline.extend(piece_node(piece) for piece in cell.pieces)
    return inline


#: the characters Sphinx's HTML writer encodes, as it encodes them
_ENCODE = HTML5Translator.special_characters


def _html_piece(piece: Piece) -> str:
    if isinstance(piece, Ref):
        # an ID has no spaces: one "pre" span, as Sphinx writes literal text
        code = (
            '<code class="docutils literal notranslate"><span class="pre">'
            f"{piece.need_id.translate(_ENCODE)}</span></code>"
        )
        if piece.uri is None:
            return code
        href = piece.uri.translate(_ENCODE)
        return f'<a class="reference internal" href="{href}">{code}</a>'
    if isinstance(piece, Em):
        return f"<em>{piece.text.translate(_ENCODE)}</em>"
    return piece.translate(_ENCODE)


def _html_cell(cell: Cell) -> str:
    inner = "".join(_html_piece(piece) for piece in cell.pieces)
    return f"<span>{inner}</span>" if cell.span else inner


def _html_table(
    headers: Sequence[str], rows: Sequence[CellRow], classes: Sequence[str]
) -> str:
    """What Sphinx's HTML writer makes of :func:`table`'s nodes: rows
    numbered odd and even from the header row on, a paragraph per cell."""
    names = " ".join([*classes, "docutils", "align-default"]).translate(_ENCODE)
    out = [f'<table class="{names}">\n<thead>\n<tr class="row-odd">']
    out.extend(
        f'<th class="head"><p>{h.translate(_ENCODE)}</p></th>\n' for h in headers
    )
    out.append("</tr>\n</thead>\n<tbody>\n")
    for number, (cells, row_classes) in enumerate(rows, start=2):
        parity = "row-even" if number % 2 == 0 else "row-odd"
        names = " ".join([*row_classes, parity]).translate(_ENCODE)
        out.append(f'<tr class="{names}">')
        out.extend(f"<td><p>{_html_cell(cell)}</p></td>\n" for cell in cells)
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)
