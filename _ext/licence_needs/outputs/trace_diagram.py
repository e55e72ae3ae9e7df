"""A provision's trace drawn for the PDF: its obligations → their controls →
the controls' evidence, from the same rows as the matrix.  As on the site,
the provision is the diagram's heading, not a node: as a node it took a
column of its own and an edge from every obligation.

The site draws these with sphinx-needs' ``needflow``, which draws for HTML
only.  For the PDF, graphviz's ``dot`` lays out the graph of
:func:`trace_dot` (``dot -Tplain``: positions only) and :func:`tikz` draws it
as a TikZ picture, so LaTeX sets the text in the document's fonts: vector
graphics, searchable IDs that link to their needs, and one embedded copy of
each font (a ``dot -Tpdf`` image embeds its own subset of Noto CJK, most of a
megabyte, per diagram).  Text in, text out: no Sphinx here, and the same rows
always give the same bytes.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..core.model import Need, unique
from ..core.schema import Lang
from ..core.vocabulary import label
from ..derived.traceability import Row

GAP_COLOUR = "#C0392B"
GAP_SUFFIX = "__gap"


def trace_dot(
    rows: Sequence[Row],
    lang: Lang,
    *,
    font: str,
    width: int = 22,
) -> str:
    """The ``dot`` source of one provision's trace, left to right.

    ``rows`` are the matrix rows of one provision.  Node names are need IDs;
    labels are the ID over the title in ``lang``, wrapped at about ``width``
    columns (a CJK character counts two), in ``font`` at 8 pt, the size the
    PDF sets them in.  An obligation without a control points to a "no
    control" box, ``<ID>__gap``.  No arrowheads: the edges end on the boxes,
    and whoever draws them adds the tips.
    """
    obligations = unique(r.obligation for r in rows)
    controls = unique(r.control for r in rows if r.control is not None)
    evidence = unique(e for r in rows for e in r.evidence)
    lines = [
        "digraph trace {",
        "  graph [rankdir=LR, nodesep=0.12, ranksep=0.35, pad=0];",
        f'  node [shape=box, fontname={_quote(font)}, fontsize=8, margin="0.08,0.05"];',
        "  edge [arrowhead=none];",
    ]
    for need in (*obligations, *controls, *evidence):
        lines.append(
            f"  {_quote(need.id)} [label={_quote(_label(need, lang, width))}];"
        )
    edges: list[tuple[str, str]] = []
    for row in rows:
        if row.control is not None:
            edges.append((row.obligation.id, row.control.id))
            edges.extend((row.control.id, e.id) for e in row.evidence)
    for obligation in unique(r.obligation for r in rows if r.control is None):
        gap = obligation.id + GAP_SUFFIX
        lines.append(
            f"  {_quote(gap)} [label={_quote(label('matrix.no_control', lang))}];"
        )
        edges.append((obligation.id, gap))
    for source, target in unique_pairs(edges):
        lines.append(f"  {_quote(source)} -> {_quote(target)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def unique_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(pairs))


@dataclass(frozen=True)
class Box:
    """A node as ``dot -Tplain`` placed it (inches, origin bottom left)."""

    name: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Curve:
    """An edge: the control points of its cubic Bézier pieces."""

    tail: str
    head: str
    points: tuple[tuple[float, float], ...]


def parse_plain(text: str) -> tuple[list[Box], list[Curve]]:
    """The boxes and curves of ``dot -Tplain`` output."""
    boxes: list[Box] = []
    curves: list[Curve] = []
    for line in text.splitlines():
        parts = shlex.split(line)
        if not parts:
            continue
        if parts[0] == "node":
            x, y, w, h = (float(v) for v in parts[2:6])
            boxes.append(Box(parts[1], x, y, w, h))
        elif parts[0] == "edge":
            count = int(parts[3])
            values = [float(v) for v in parts[4 : 4 + 2 * count]]
            points = tuple(zip(values[0::2], values[1::2], strict=True))
            curves.append(Curve(parts[1], parts[2], points))
    return boxes, curves


def tikz(
    plain: str,
    rows: Sequence[Row],
    lang: Lang,
    *,
    colours: Mapping[str, str],
    tex: Callable[[str], str],
    link: Callable[[Need], str],
    width: int = 22,
) -> str:
    """A TikZ picture of the trace that ``dot`` laid out (``plain``: its
    ``-Tplain`` output for :func:`trace_dot` of the same rows).

    The text is set by LaTeX in the document's fonts, so it can be searched
    and copied; ``link(need)`` gives the LaTeX of each box's ID (a link to the
    need), ``tex`` escapes text.  Boxes are filled with their type's colour
    from ``colours``; gaps are dashed red.  The picture is scaled down to the
    line width when it is wider.
    """
    needs = {n.id: n for n in _trace_needs(rows)}
    boxes, curves = parse_plain(plain)
    colours = {**colours, "gap": GAP_COLOUR}
    out = [r"\begin{center}"]
    for name, colour in sorted(colours.items()):
        out.append(rf"\definecolor{{licence-{name}}}{{HTML}}{{{colour.lstrip('#')}}}")
    out += [
        r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%",
        r"\begin{tikzpicture}[x=1in,y=1in,"
        r"every node/.style={font=\sffamily\fontsize{8}{9.6}\selectfont,"
        r"align=center,inner sep=0pt,rounded corners=2pt}]",
    ]
    for box in boxes:
        size = f"minimum width={box.width:.4f}in,minimum height={box.height:.4f}in"
        at = f"({box.x:.4f},{box.y:.4f})"
        need = needs.get(box.name)
        if need is None:  # a gap
            out.append(
                rf"\node[draw=licence-gap,dashed,text=licence-gap,{size}] at {at} "
                f"{{{tex(label('matrix.no_control', lang))}}};"
            )
            continue
        title = r"\\".join(tex(line) for line in wrap(need.title.get(lang), width))
        out.append(
            rf"\node[draw=black!60,fill=licence-{need.type},{size}] at {at} "
            rf"{{{link(need)}\\{title}}};"
        )
    for curve in curves:
        path = f"({curve.points[0][0]:.4f},{curve.points[0][1]:.4f})"
        for i in range(1, len(curve.points) - 2, 3):
            (ax, ay), (bx, by), (cx, cy) = curve.points[i : i + 3]
            path += (
                f" .. controls ({ax:.4f},{ay:.4f}) and ({bx:.4f},{by:.4f})"
                f" .. ({cx:.4f},{cy:.4f})"
            )
        out.append(rf"\draw[black!60,-{{Stealth[length=3pt]}}] {path};")
    out.append(r"\end{tikzpicture}}\end{center}")
    return "\n".join(out) + "\n"


def _trace_needs(rows: Sequence[Row]) -> tuple[Need, ...]:
    return unique(
        [r.obligation for r in rows]
        + [r.control for r in rows if r.control is not None]
        + [e for r in rows for e in r.evidence]
    )


def _label(need: Need, lang: Lang, width: int) -> str:
    return "\n".join([need.id, *wrap(need.title.get(lang), width)])


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (CJK characters count
    two); Latin text breaks at spaces, CJK text anywhere."""
    lines: list[str] = []
    line = ""
    for word in _words(text):
        candidate = line + word if line else word.lstrip()
        if line and _columns(candidate) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _words(text: str) -> list[str]:
    """Breakable units: each CJK character alone, Latin words with the space
    before them."""
    words: list[str] = []
    current = ""
    for ch in text:
        if _wide(ch):
            if current:
                words.append(current)
                current = ""
            words.append(ch)
        elif ch == " " and current.strip():
            words.append(current)
            current = ch
        else:
            current += ch
    if current:
        words.append(current)
    return words


def _wide(ch: str) -> bool:
    return "\u2e80" <= ch <= "\uffef"


def _columns(text: str) -> int:
    return sum(2 if _wide(ch) else 1 for ch in text)


def _quote(text: str) -> str:
    """A ``dot`` double-quoted string; a line break becomes ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
