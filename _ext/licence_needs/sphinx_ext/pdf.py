"""The handbook as a PDF: Sphinx's LaTeX builder, xelatex and xeCJK.

What this adds to a plain ``-b latex`` build, in the language being built:

- the LaTeX chrome (``latex_elements``, a ``config-inited`` handler because
  ``-D language=…`` is not known while ``conf.py`` runs): Noto CJK fonts,
  A4, chapter heads "第 N 章" (or "N"), 目录, no "CHAPTER", running headers
  with the licence number, "第 N 页" footers, no index.  A project's own
  ``latex_elements`` keys win over these;
- a title page from the data (``builder-inited``, once the model is loaded):
  the licence, its number, company, status and as-of date, and the source
  revision;
- trace diagrams: sphinx-needs 9.1 draws ``needflow`` for HTML only, so for
  LaTeX each diagram of ``licence-traces`` becomes a TikZ picture of the same
  rows, laid out by graphviz's ``dot`` (:mod:`..outputs.trace_diagram`): vector graphics
  whose IDs are searchable text and links;
- pages that fit paper: need cards without the empty lines of unset fields,
  the raw HTML of the views (bars, line breaks) as the text they carry for
  print (:func:`.nodes.html_only`), and the traceability matrix on landscape
  pages with column widths that cut nothing.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util.texescape import escape
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.directives.needflow import NeedflowGraphiz

from ..core.model import Model, Need
from ..core.provenance import UNKNOWN, source_revision, work_tree_clean
from ..core.schema import Lang
from ..core.vocabulary import label, lang_of
from ..outputs.trace_diagram import tikz, trace_dot
from .context import build_data
from .metamodel import COLORS
from .nodes import LINE_BREAK

#: the fonts: Debian's fonts-freefont-otf for Latin, fonts-noto-cjk for CJK
#: (which has no italics: emphasis in Chinese stays upright)
LATIN_FONTS = r"""
\setmainfont{FreeSerif}[
  Extension      = .otf,
  UprightFont    = *,
  ItalicFont     = *Italic,
  BoldFont       = *Bold,
  BoldItalicFont = *BoldItalic
]
\setsansfont{FreeSans}[
  Extension      = .otf,
  UprightFont    = *,
  ItalicFont     = *Oblique,
  BoldFont       = *Bold,
  BoldItalicFont = *BoldOblique,
]
\setmonofont{FreeMono}[Scale=0.9,
  Extension      = .otf,
  UprightFont    = *,
  ItalicFont     = *Oblique,
  BoldFont       = *Bold,
  BoldItalicFont = *BoldOblique,
]
"""
CJK_FONTS = r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}[
  BoldFont = Noto Serif CJK SC Bold,
  ItalicFont = Noto Serif CJK SC,
  BoldItalicFont = Noto Serif CJK SC Bold,
]
\setCJKsansfont{Noto Sans CJK SC}[
  BoldFont = Noto Sans CJK SC Bold,
  ItalicFont = Noto Sans CJK SC,
  BoldItalicFont = Noto Sans CJK SC Bold,
]
\setCJKmonofont{Noto Sans Mono CJK SC}
"""
#: the font dot measures the diagrams' labels in, per language: the one LaTeX
#: sets most of their text in (graphviz finds it through fontconfig)
DIAGRAM_FONTS = {"zh": "Noto Sans CJK SC", "en": "FreeSans"}

#: (zh, en) LaTeX of the chapter number and the page number
_CHROME = {
    "chapter": (r"第\,\thechapter\,章", r"\thechapter"),
    "page": (r"第\,\thepage\,页", r"\thepage"),
}


def latex_elements(lang: Lang) -> dict[str, str]:
    """The ``latex_elements`` of the handbook's PDF in ``lang``."""
    which = 0 if lang == "zh" else 1
    chapter, page = _CHROME["chapter"][which], _CHROME["page"][which]
    contents = label("pdf.contents", lang)
    pdflang = "zh-CN" if lang == "zh" else "en"
    preamble = rf"""
\makeatletter
% chapter heads and running heads: no "Chapter"
\titleformat{{\chapter}}[hang]{{\normalfont\Huge\py@HeaderFamily\py@TitleColor}}%
  {{{chapter}}}{{1em}}{{}}
\titlespacing*{{\chapter}}{{0pt}}{{0pt}}{{2em}}
\def\licence@chaptermark#1{{\markboth{{{chapter}\quad #1}}{{}}}}
\def\licence@sectionmark#1{{\markright{{\thesection\quad #1}}}}
\let\chaptermark\licence@chaptermark
\let\sectionmark\licence@sectionmark
\providecommand{{\licencenumber}}{{}}
\fancypagestyle{{normal}}{{%
  \fancyhf{{}}%
  \fancyhead[L]{{\py@HeaderFamily\licencenumber}}%
  \fancyhead[R]{{\py@HeaderFamily\nouppercase{{\leftmark}}}}%
  \fancyfoot[C]{{\py@HeaderFamily {page}}}%
  \renewcommand{{\headrulewidth}}{{0.4pt}}%
  \renewcommand{{\footrulewidth}}{{0pt}}%
  \let\chaptermark\licence@chaptermark
  \let\sectionmark\licence@sectionmark
}}
\fancypagestyle{{plain}}{{%
  \fancyhf{{}}%
  \fancyhead[L]{{\py@HeaderFamily\licencenumber}}%
  \fancyfoot[C]{{\py@HeaderFamily {page}}}%
  \renewcommand{{\headrulewidth}}{{0pt}}%
  \renewcommand{{\footrulewidth}}{{0pt}}%
}}
\makeatother
\addto\captionsenglish{{\renewcommand{{\contentsname}}{{{contents}}}}}
\setcounter{{tocdepth}}{{1}}
\hypersetup{{pdflang={pdflang}}}
"""
    if lang == "en":
        # xeCJK sets curly quotes, dashes and the ellipsis full width from the
        # CJK font; English wants them from the Latin one
        preamble += (
            "\\xeCJKDeclareCharClass{Default}"
            '{"2013, "2014, "2018, "2019, "201C, "201D, "2026}\n'
        )
    return {
        "papersize": "a4paper",
        "geometry": r"\usepackage[headheight=14pt]{geometry}",
        "extraclassoptions": "openany,oneside",
        "fontpkg": LATIN_FONTS + CJK_FONTS,
        "fncychap": "",
        "extrapackages": "\\usepackage{pdflscape}\n\\usepackage{tikz}\n"
        "\\usetikzlibrary{arrows.meta}",
        "preamble": preamble,
        "makeindex": "",
        "printindex": "",
    }


def configure(_app: Sphinx, config: Config) -> None:
    """``config-inited``: the chrome for the language being built; what the
    project's ``latex_elements`` set itself stays."""
    if config.language is None:
        return
    config.latex_elements = {
        **latex_elements(lang_of(config.language)),
        **config.latex_elements,
    }


def title_page(app: Sphinx) -> None:
    """``builder-inited``: the title page and the licence number of the
    running heads, from the data (loaded just before)."""
    if app.builder.format != "latex":
        return
    data = build_data(app.env)
    lang = lang_of(app.config.language)
    context = app.builder.context  # type: ignore[attr-defined]
    licence = data.model.licence
    number = licence.number if licence else ""
    context["preamble"] += f"\n\\renewcommand{{\\licencenumber}}{{{_tex(number)}}}\n"
    if "maketitle" not in app.config.latex_elements:
        revision = source_revision(data.root)
        modified = work_tree_clean(data.root) is False
        documents = app.config.latex_documents
        title = documents[0][2] if documents else app.config.project
        context["maketitle"] = _title_page(
            data.model, data.as_of, lang, title, revision, modified
        )


def _title_page(
    model: Model, day: date, lang: Lang, title: str, revision: str, modified: bool
) -> str:
    index = model.index

    def text_of(need_id: str) -> str:
        need = index.get(need_id)
        return _value(need.text.get(lang)) if need else ""

    rows: list[tuple[str, str]] = []
    if model.licence is not None:
        dates = model.licence.dates
        status = label(f"status.{dates.status(day)}", lang)
        rows += [
            (label("pdf.number", lang), model.licence.number),
            (label("pdf.company", lang), text_of("TB_COMPANY")),
            (
                label("pdf.valid", lang),
                label(
                    "pdf.valid_range", lang, issued=dates.issued, expires=dates.expires
                ),
            ),
            (
                label("pdf.status", lang),
                label("pdf.status_as_of", lang, status=status, day=day),
            ),
        ]
    shown = revision if revision == UNKNOWN else revision[:12]
    if modified:
        shown += label("pdf.modified", lang)
    rows.append((label("pdf.revision", lang), shown))
    table = "\n".join(
        rf"\textbf{{{_tex(name)}}} & {_tex(value)} \\[0.4em]" for name, value in rows
    )
    return rf"""
\begin{{titlepage}}
\centering
\vspace*{{3cm}}
{{\Large\sffamily {_tex(text_of("TB_TITLE"))}\par}}
\vspace{{1.5em}}
{{\Huge\sffamily\bfseries {_tex(title)}\par}}
\vspace{{3cm}}
{{\large
\begin{{tabular}}{{rp{{0.55\textwidth}}}}
{table}
\end{{tabular}}\par}}
\vfill
{{\small {_tex(label("pdf.authority", lang))}\par}}
\end{{titlepage}}
"""


def _tex(text: str) -> str:
    return escape(text, "xelatex")


def _value(text: str) -> str:
    """The value of a title-block line ("公司名称：X" → "X")."""
    for separator in ("：", ": "):
        if separator in text:
            return text.split(separator, 1)[1]
    return text


def draw_traces(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """``doctree-resolved`` (before sphinx-needs): for LaTeX, each needflow of
    a ``licence-traces`` block becomes a TikZ picture of the same trace, laid
    out by ``dot`` (:mod:`.tracegraph`)."""
    if app.builder.format != "latex":
        return
    lang = lang_of(app.config.language)
    data = build_data(app.env).traceability
    provisions = {p.id: p for p, _ in data.by_provision}
    needs_view = SphinxNeedsData(app.env).get_needs_view()

    def link(need: Need) -> str:
        target = needs_view.get(need.id)
        text = _tex(need.id)
        if target is None or not target["docname"]:
            return text
        label = f"{target['docname']}:{need.id}"
        return rf"\hyperref[\detokenize{{{label}}}]{{{text}}}"

    def in_traces(node: nodes.Node) -> bool:
        return isinstance(node, nodes.container) and "licence-traces" in node.get(
            "classes", []
        )

    def rubric_or_flow(node: nodes.Node) -> bool:
        return isinstance(node, (nodes.rubric, NeedflowGraphiz))

    for block in list(doctree.findall(in_traces)):
        current: str | None = None
        for node in list(block.findall(rubric_or_flow)):
            if isinstance(node, nodes.rubric):
                ids = [i for i in node["ids"] if i.startswith("trace-")]
                current = ids[0].removeprefix("trace-") if ids else None
                continue
            # the needflow's figure goes too: a float could drift from its heading
            figure = node.parent if isinstance(node.parent, nodes.figure) else node
            provision = provisions.get(current or "")
            if provision is None:
                figure.parent.remove(figure)
                continue
            rows = [r for r in data.rows if r.provision is provision]
            source = trace_dot(rows, lang, font=DIAGRAM_FONTS[lang])
            picture = tikz(
                _layout(app, source),
                rows,
                lang,
                colours=COLORS,
                tex=_tex,
                link=link,
            )
            figure.replace_self(nodes.raw("", picture, format="latex"))


def _layout(app: Sphinx, source: str) -> str:
    """``dot -Tplain``: where graphviz puts the boxes and curves."""
    try:
        result = subprocess.run(
            [app.config.graphviz_dot, "-Tplain"],
            input=source,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise ExtensionError(
            f"graphviz 'dot' could not lay out a trace diagram: {exc}"
        ) from exc
    return result.stdout


def fit_to_paper(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """``doctree-resolved`` (after sphinx-needs and the views): for LaTeX,
    what the site shows through CSS and raw HTML, in a form paper can hold."""
    if app.builder.format != "latex":
        return
    _drop_empty_lines(doctree)
    _raw_html_as_text(doctree)
    _space_after_figures(doctree)
    for table in list(doctree.findall(nodes.table)):
        if isinstance(table.parent, nodes.container) and (
            "need_container" in table.parent["classes"]
        ):
            _widths(table, (1,))  # every card as wide as the text, justified
            continue
        _ragged(table)
        _breakable_codes(table)
        if "licence-matrix" in table["classes"]:
            _widths(table, (14, 20, 9, 20, 11, 13, 9))
            _landscape(table)


def _drop_empty_lines(doctree: nodes.document) -> None:
    """Need cards list every field of the layout, set or not, and put the
    link lines inside a line of their own: on paper, blank lines.  Keep the
    lines that say something, one level deep."""
    for card in list(doctree.findall(nodes.container)):
        if "need_container" not in card["classes"]:
            continue
        for block in list(card.findall(nodes.line_block)):
            lines: list[nodes.line] = []
            for line in block.children:
                if not isinstance(line, nodes.line):
                    continue
                inner = [n for n in line.findall(nodes.line) if n is not line]
                lines.extend(inner or [line])
            kept = [line for line in lines if line.astext().strip()]
            for line in kept:
                if line.parent is not None:
                    line.parent.remove(line)
            block.children = []
            block.extend(kept)
        for row in list(card.findall(nodes.row)):
            if not row.astext().strip() and row.parent is not None:
                row.parent.remove(row)


def _raw_html_as_text(doctree: nodes.document) -> None:
    """The views' raw HTML as the text it carries for print, if any."""
    for raw in list(doctree.findall(nodes.raw)):
        if raw.get("format") != "html" or "print_text" not in raw:
            continue
        text = raw["print_text"]
        if text == LINE_BREAK:
            raw.replace_self(nodes.raw("", r"\newline{}", format="latex"))
        elif isinstance(raw.parent, nodes.TextElement):
            raw.replace_self(nodes.Text(text))
        else:
            raw.replace_self(nodes.paragraph(text, text, translatable=False))


def _space_after_figures(doctree: nodes.document) -> None:
    """The coverage summary's figures ("72" "obligations"), which the site
    spaces with CSS: a space for paper."""
    for figure in list(doctree.findall(nodes.inline)):
        if "coverage-number" in figure["classes"] and figure.parent is not None:
            figure.parent.insert(figure.parent.index(figure) + 1, nodes.Text(" "))


def _widths(table: nodes.table, widths: tuple[int, ...]) -> None:
    """Relative column widths for ``table`` (if it has that many columns)."""
    group = next(iter(table.findall(nodes.tgroup)), None)
    if group is None:
        return
    colspecs = [c for c in group.children if isinstance(c, nodes.colspec)]
    if len(colspecs) != len(widths):
        return
    for colspec, width in zip(colspecs, widths, strict=True):
        colspec["colwidth"] = width
    table["classes"].append("colwidths-given")


def _breakable_codes(table: nodes.table) -> None:
    """Code literals (``provision-without-obligation``) may break after a
    hyphen: in a narrow column, a literal that cannot break is cut off.
    Need IDs have no hyphens, so they stay whole (and searchable)."""
    for literal in list(table.findall(nodes.literal)):
        text = literal.astext()
        if "-" not in text or len(literal.children) != 1:
            continue
        pieces = re.split(r"(?<=-)", text)
        replacement: list[nodes.Node] = []
        for index, piece in enumerate(pieces):
            if index:
                replacement.append(nodes.raw("", r"\allowbreak{}", format="latex"))
            replacement.append(nodes.literal(piece, piece, classes=literal["classes"]))
        literal.parent.replace(literal, replacement)


def _ragged(table: nodes.table) -> None:
    """Every cell set ragged right: justified, narrow columns gape.  (Each
    cell is a ``varwidth`` box, which resets ``\\raggedright``: it goes into
    the paragraphs themselves.)"""
    for entry in table.findall(nodes.entry):
        for para in entry.findall(nodes.paragraph):
            para.insert(0, nodes.raw("", r"\raggedright{}", format="latex"))


def _landscape(table: nodes.table) -> None:
    """The table on landscape pages of its own."""
    parent = table.parent
    at = parent.index(table)
    parent.insert(at + 1, nodes.raw("", "\\end{landscape}\n", format="latex"))
    parent.insert(at, nodes.raw("", "\\begin{landscape}\n", format="latex"))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", configure, priority=2)  # after the metamodel
    app.connect("builder-inited", title_page, priority=600)  # after the data
    app.connect("doctree-resolved", draw_traces, priority=400)  # before needflow
    app.connect("doctree-resolved", fit_to_paper, priority=700)  # after the views
