"""Auditor views on pages: the matrix, reverse views and the coverage dashboard.

``licence-view`` leaves a placeholder while pages are read; the table is made
when the page is resolved, from the whole model, with links to the pages the
needs stand on (known only once every page is read).  Pages holding a view are
rewritten whenever the data changes (:func:`licence_needs.state.pages_to_rewrite`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.utils import add_doc

from . import trace
from .exports import COLUMNS, CSV_NAME, XLSX_NAME, status_text
from .ics import ICS_NAME
from .labels import lang_of, pick, value_label
from .model import Lang, Need, Owner, unique
from .state import Project, dated_pages, depend_on_data, project

VIEWS = (
    "matrix",
    "by-control",
    "by-owner",
    "by-regulation",
    "dashboard",
    "calendar",
    "runbook",
)
#: views that show something depending on the as-of date
DATED_VIEWS = ("matrix", "dashboard", "calendar", "runbook")

_WORDS: dict[str, tuple[str, str]] = {
    "filter_provision": ("按条款筛选", "Filter by provision"),
    "all_provisions": ("全部条款", "All provisions"),
    "filter_text": ("搜索矩阵", "Search the matrix"),
    "download": ("下载", "Download"),
    "no_control": ("无控制措施", "no control"),
    "gaps": ("缺口（无控制措施的义务）", "Gaps (obligations with no control)"),
    "by_provision": ("按条款的覆盖率", "Coverage by provision"),
    "by_owner": ("按负责人的义务数", "Obligations by owner"),
    "total": ("合计", "Total"),
    "unassigned": ("未指定负责人", "no owner"),
    "shown": ("条显示", "rows shown"),
}


class licence_view(nodes.General, nodes.Element):
    """Placeholder for a view, replaced when the page is resolved."""


class LicenceView(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        view = self.arguments[0]
        if view not in VIEWS:
            raise self.error(f"unknown view {view!r}; the views are {', '.join(VIEWS)}")
        add_doc(self.env, self.env.docname)  # rewritten when needs change
        if view in DATED_VIEWS:
            dated_pages(self.env, self.env.docname).append(True)
        return [licence_view(view=view)]


def resolve_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: put each view's table where its placeholder stands."""
    placeholders = list(doctree.findall(licence_view))
    if not placeholders:
        return
    lang = lang_of(app.config.language)
    state = project(app)
    data = state.trace()
    needs_view = SphinxNeedsData(app.env).get_needs_view()

    def link(need: Need | None) -> nodes.Node:
        if need is None:
            return nodes.Text("")
        target = needs_view.get(need.id)
        if target is None or not target["docname"]:
            return nodes.literal(text=need.id)
        uri = app.builder.get_relative_uri(docname, target["docname"]) + "#" + need.id
        ref = nodes.reference("", "", refuri=uri, internal=True)
        ref += nodes.literal(text=need.id)
        return ref

    owners = {o.id: o for o in state.model.owners}
    build: dict[str, Callable[[], list[nodes.Node]]] = {
        "matrix": lambda: _matrix(data, lang, link, owners, docname),
        "by-control": lambda: _by_control(data, lang, link, owners),
        "by-owner": lambda: _by_owner(data, lang, link),
        "by-regulation": lambda: _by_regulation(data, lang, link),
        "dashboard": lambda: _dashboard(data, lang, link),
        "calendar": lambda: _calendar(state, lang, link, docname),
        "runbook": lambda: _runbook(state, lang, link),
    }
    for node in placeholders:
        node.replace_self(build[node["view"]]())


Link = Callable[[Need | None], nodes.Node]


def _matrix(
    data: trace.Trace, lang: Lang, link: Link, owners: dict[str, Owner], docname: str
) -> list[nodes.Node]:
    up = "../" * docname.count("/")
    options = "".join(
        f'<option value="{html.escape(p.id)}">{html.escape(p.id)} '
        f"{html.escape(p.title.get(lang))}</option>"
        for p, _ in data.by_provision
    )
    controls = (
        '<div class="licence-matrix-controls">'
        f"<label>{html.escape(pick(_WORDS['filter_provision'], lang))} "
        f'<select data-matrix-filter="provision"><option value="">'
        f"{html.escape(pick(_WORDS['all_provisions'], lang))}</option>{options}"
        "</select></label> "
        f"<label>{html.escape(pick(_WORDS['filter_text'], lang))} "
        '<input type="search" data-matrix-filter="text"></label> '
        f'<span class="licence-matrix-count" aria-live="polite" '
        f'data-label="{html.escape(pick(_WORDS["shown"], lang))}"></span>'
        '<span class="licence-downloads">'
        f"{html.escape(pick(_WORDS['download'], lang))}: "
        f'<a href="{up}exports/{CSV_NAME}" download>CSV</a> · '
        f'<a href="{up}exports/{XLSX_NAME}" download>XLSX</a> · '
        f'<a href="{up}needs.json" download>needs.json</a></span>'
        "</div>"
    )
    headers = [
        pick(label, lang)
        for key, label in COLUMNS
        if key
        in (
            "provision",
            "obligation",
            "modality",
            "control",
            "owner",
            "evidence",
            "status",
        )
    ]
    rows = []
    for row in data.rows:
        control = row.control
        owner = owners.get(control.owner or "") if control else None
        cells = [
            _with_title(link(row.provision), row.provision, lang),
            _with_title(link(row.obligation), row.obligation, lang),
            nodes.Text(value_label("modality", row.obligation.modality, lang)),
            _with_title(link(control), control, lang)
            if control
            else nodes.emphasis(text=pick(_WORDS["no_control"], lang)),
            nodes.Text(
                owner.title.get(lang)
                if owner
                else (control.owner or "")
                if control
                else ""
            ),
            _joined([link(e) for e in row.evidence]),
            nodes.Text(status_text(row, lang)),
        ]
        classes = [
            f"provision-{row.provision.id}" if row.provision else "provision-none"
        ]
        if row.status != "covered":
            classes.append(f"licence-{row.status}")
        rows.append((cells, classes))
    table = _table(headers, rows, ["licence-matrix", "licence-sortable"])
    return [nodes.raw("", controls, format="html"), table]


def _by_control(
    data: trace.Trace, lang: Lang, link: Link, owners: dict[str, Owner]
) -> list[nodes.Node]:
    headers = [
        pick(h, lang)
        for h in (
            ("控制措施", "Control"),
            ("负责人", "Owner"),
            ("实施义务", "Obligations"),
            ("来源条款", "Provisions"),
            ("证据", "Evidence"),
        )
    ]
    rows = []
    for control, pairs in data.by_control:
        owner = owners.get(control.owner or "")
        provisions = unique([r.provision for r in pairs if r.provision])
        evidence = unique([e for r in pairs for e in r.evidence])
        rows.append(
            (
                [
                    _with_title(link(control), control, lang),
                    nodes.Text(owner.title.get(lang) if owner else control.owner or ""),
                    _joined([link(r.obligation) for r in pairs]),
                    _joined([link(p) for p in provisions]),
                    _joined([link(e) for e in evidence]),
                ],
                [],
            )
        )
    return [_table(headers, rows, ["licence-view", "licence-sortable"])]


def _by_owner(data: trace.Trace, lang: Lang, link: Link) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for owner, controls, obligations in data.by_owner:
        section = nodes.container(classes=["licence-owner-view"])
        title = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
        title += nodes.strong(
            text=owner.title.get(lang) if owner else pick(_WORDS["unassigned"], lang)
        )
        if owner:
            title += nodes.Text(f" ({owner.id})")
        section += title
        headers = [
            pick(h, lang) for h in (("控制措施", "Controls"), ("义务", "Obligations"))
        ]
        section += _table(
            headers,
            [
                (
                    [
                        _joined(
                            [_with_title(link(c), c, lang) for c in controls],
                            lines=True,
                        ),
                        _joined(
                            [_with_title(link(o), o, lang) for o in obligations],
                            lines=True,
                        ),
                    ],
                    [],
                )
            ],
            ["licence-view"],
        )
        result.append(section)
    return result


def _by_regulation(data: trace.Trace, lang: Lang, link: Link) -> list[nodes.Node]:
    headers = [
        pick(h, lang)
        for h in (
            ("法规", "Regulation"),
            ("引用条款", "Cited by"),
            ("带来的义务", "Duties it brings"),
        )
    ]
    rows = [
        (
            [
                _with_title(link(regulation), regulation, lang),
                _joined([link(p) for p in provisions]),
                _joined([_with_title(link(d), d, lang) for d in duties], lines=True),
            ],
            [],
        )
        for regulation, provisions, duties in data.by_regulation
    ]
    return [_table(headers, rows, ["licence-view"])]


def _dashboard(data: trace.Trace, lang: Lang, link: Link) -> list[nodes.Node]:
    total = data.total
    result: list[nodes.Node] = []
    heading = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
    heading += nodes.strong(text=pick(_WORDS["by_provision"], lang))
    result.append(heading)
    rows = [
        (
            [
                _with_title(link(provision), provision, lang),
                nodes.Text(f"{tally.covered}/{tally.total}"),
                _bar(tally.percent),
            ],
            [] if tally.covered == tally.total else ["licence-gap"],
        )
        for provision, tally in data.by_provision
    ]
    rows.append(
        (
            [
                nodes.strong(text=pick(_WORDS["total"], lang)),
                nodes.Text(f"{total.covered}/{total.total}"),
                _bar(total.percent),
            ],
            ["licence-total"],
        )
    )
    headers = [
        pick(h, lang)
        for h in (
            ("条款", "Provision"),
            ("已覆盖/义务", "Covered/obligations"),
            ("覆盖率", "Coverage"),
        )
    ]
    result.append(_table(headers, rows, ["licence-dashboard"]))

    heading = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
    heading += nodes.strong(text=pick(_WORDS["by_owner"], lang))
    result.append(heading)
    most = (
        max((len(obligations) for _, _, obligations in data.by_owner), default=0) or 1
    )
    owner_rows = [
        (
            [
                nodes.Text(
                    owner.title.get(lang) if owner else pick(_WORDS["unassigned"], lang)
                ),
                nodes.Text(str(len(obligations))),
                _bar(100 * len(obligations) / most, label=str(len(obligations))),
            ],
            [],
        )
        for owner, _, obligations in data.by_owner
    ]
    owner_rows.append(
        (
            [
                nodes.Text(pick(_WORDS["gaps"], lang)),
                nodes.Text(str(len(data.gaps))),
                _joined([link(g) for g in data.gaps]),
            ],
            ["licence-gap"] if data.gaps else [],
        )
    )
    headers = [
        pick(h, lang)
        for h in (("负责人", "Owner"), ("义务数", "Obligations"), ("分布", "Share"))
    ]
    result.append(_table(headers, owner_rows, ["licence-dashboard"]))
    return result


_CAL = {
    "as_of": ("本页截至", "As of"),
    "ics": ("订阅或导入日历（iCalendar）", "Subscribe or import (iCalendar)"),
    "due": ("截止日期", "Due"),
    "obligation": ("义务", "Obligation"),
    "when": ("时间规则", "When"),
    "owners": ("负责人", "Who acts"),
    "state": ("状态", "Status"),
    "yearly": ("每年 {start} 至 {due}", "every year, {start} to {due}"),
    "dated": ("有效期届满前 {days} 日", "{days} days before expiry"),
    "past": ("已过", "passed"),
    "open": ("办理中", "open now"),
    "upcoming": ("未到", "upcoming"),
    "event": ("何时开始计时", "What starts the clock"),
    "limit": ("时限", "Time limit"),
    "file": ("要做什么", "What to do"),
    "example": ("若今天发生，截止于", "If it happened today, due by"),
    "days": ("{n} 日内", "within {n} days"),
    "working_days": ("{n} 个工作日内", "within {n} working days"),
    "estimate": (
        "（估算：该年度节假日安排尚未公布）",
        " (estimate: the year's holiday schedule is not published yet)",
    ),
}


def _cal(key: str, lang: Lang, **values: object) -> str:
    return pick(_CAL[key], lang).format(**values)


def _calendar(state: Project, lang: Lang, link: Link, docname: str) -> list[nodes.Node]:
    cal, day = state.calendar(), state.as_of
    if cal is None or day is None:
        return []
    up = "../" * docname.count("/")
    head = (
        f'<p class="licence-as-of">{html.escape(_cal("as_of", lang))} {day} · '
        f'<a href="{up}exports/{ICS_NAME}" download>'
        f"{html.escape(_cal('ics', lang))}</a></p>"
    )
    rows = []
    for entry in cal.dated:
        trigger = entry.obligation.trigger
        assert entry.due is not None and trigger is not None
        if entry.start is not None:
            when = _cal("yearly", lang, start=_md(trigger.start), due=_md(trigger.due))
            state = "open" if entry.start <= day else "upcoming"
        else:
            when = _cal("dated", lang, days=trigger.before_expiry)
            state = "past" if entry.due < day else "upcoming"
        rows.append(
            (
                [
                    nodes.Text(str(entry.due)),
                    _with_title(link(entry.obligation), entry.obligation, lang),
                    nodes.Text(when),
                    nodes.Text(", ".join(o.title.get(lang) for o in entry.owners)),
                    nodes.Text(_cal(state, lang)),
                ],
                [f"licence-deadline-{state}"],
            )
        )
    headers = [_cal(k, lang) for k in ("due", "obligation", "when", "owners", "state")]
    return [
        nodes.raw("", head, format="html"),
        _table(headers, rows, ["licence-calendar"]),
    ]


def _runbook(state: Project, lang: Lang, link: Link) -> list[nodes.Node]:
    cal = state.calendar()
    if cal is None:
        return []
    rows = []
    for entry in cal.events:
        trigger = entry.obligation.trigger
        assert trigger is not None and trigger.event is not None
        assert entry.example is not None
        example = str(entry.example.day)
        if not entry.example.exact:
            example += _cal("estimate", lang)
        rows.append(
            (
                [
                    nodes.Text(trigger.event.get(lang)),
                    nodes.Text(_cal(trigger.unit, lang, n=trigger.within)),
                    _with_title(link(entry.obligation), entry.obligation, lang),
                    nodes.Text(", ".join(o.title.get(lang) for o in entry.owners)),
                    nodes.Text(example),
                ],
                [],
            )
        )
    headers = [_cal(k, lang) for k in ("event", "limit", "file", "owners", "example")]
    return [_table(headers, rows, ["licence-runbook"])]


def _md(month_day: tuple[int, int] | None) -> str:
    return f"{month_day[0]:02d}-{month_day[1]:02d}" if month_day else ""


def _bar(percent: float, label: str | None = None) -> nodes.Node:
    width = max(0.0, min(100.0, percent))
    text = label if label is not None else f"{percent:.0f}%"
    return nodes.raw(
        "",
        f'<span class="licence-bar" role="img" aria-label="{html.escape(text)}">'
        f'<span style="width: {width:.1f}%"></span></span> {html.escape(text)}',
        format="html",
    )


def _with_title(ref: nodes.Node, need: Need | None, lang: Lang) -> nodes.Node:
    if need is None:
        return ref
    inline = nodes.inline()
    inline += ref
    inline += nodes.Text(" " + need.title.get(lang))
    return inline


def _joined(items: Sequence[nodes.Node], lines: bool = False) -> nodes.Node:
    container = nodes.inline()
    for index, item in enumerate(items):
        if index:
            container += (
                nodes.raw("", "<br>", format="html") if lines else nodes.Text(", ")
            )
        container += item
    return container


def _table(
    headers: Sequence[str],
    rows: Sequence[tuple[Sequence[nodes.Node], Sequence[str]]],
    classes: Sequence[str],
) -> nodes.table:
    table = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row([nodes.Text(h) for h in headers], [])
    group += head
    body = nodes.tbody()
    for cells, row_classes in rows:
        body += _row(cells, row_classes)
    group += body
    return table


def _row(cells: Sequence[nodes.Node], classes: Sequence[str]) -> nodes.row:
    row = nodes.row(classes=list(classes))
    for cell in cells:
        entry = nodes.entry()
        para = nodes.paragraph(translatable=False)
        para += cell
        entry += para
        row += entry
    return row


def skip(_translator: object, _node: nodes.Node) -> None:
    """A placeholder left for a builder that does not resolve: write nothing."""
    raise nodes.SkipNode


class LicenceTraces(SphinxDirective):
    """A trace diagram per provision: provision → obligations → controls → evidence.

    Each diagram is a sphinx-needs ``needflow`` (graphviz engine, SVG) limited
    to the needs of one provision's trace; the directive writes the needflow
    markup and has the page's parser read it.
    """

    def run(self) -> list[nodes.Node]:
        state = project(self.env)
        lang = lang_of(self.config.language)
        depend_on_data(self.env)
        data = state.trace()
        container = nodes.container(
            classes=["licence-traces"], support_smartquotes=False
        )
        source = self.env.doc2path(self.env.docname)
        for provision, _ in data.by_provision:
            rows = [r for r in data.rows if r.provision is provision]
            ids = unique(
                [provision]
                + [r.obligation for r in rows]
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
                f":alt: {provision.id}",
                "```",
            ]
            self.state.nested_parse(
                StringList(flow, source=str(source)), self.content_offset, container
            )
        return [container]
