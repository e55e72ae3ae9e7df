"""Auditor views on pages: the matrix, reverse views and the coverage dashboard.

``licence-view`` leaves a placeholder while pages are read; the table is made
when the page is resolved, from the whole model, with links to the pages the
needs stand on (known only once every page is read).  Pages holding a view are
rewritten whenever the data changes (the collector's ``get_updated_docs``).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.utils import add_doc

from ...core.model import Need, Owner, unique
from ...core.schema import Lang
from ...core.vocabulary import label, lang_of, value_label
from ...derived.traceability import Trace
from ...outputs.ical import ICS_NAME
from ...outputs.tabular import CSV_NAME, XLSX_NAME, status_text
from ..collector import DYNAMIC_NODES, env_data
from ..context import BuildData, build_data
from ..nodes import bar, joined, table, with_title
from ..write_exports import EXPORTS_DIR

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
#: the matrix's columns on the page (the exports have more)
PAGE_COLUMNS = (
    "provision",
    "obligation",
    "modality",
    "control",
    "owner",
    "evidence",
    "status",
)


class licence_view(nodes.General, nodes.Element):
    """Placeholder for a view, replaced when the page is resolved."""


class LicenceView(SphinxDirective):
    """A view of the whole model (one of :data:`VIEWS`), made when the page is
    resolved."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        view = self.arguments[0]
        if view not in VIEWS:
            raise self.error(f"unknown view {view!r}; the views are {', '.join(VIEWS)}")
        add_doc(self.env, self.env.docname)  # rewritten when needs change
        if view in DATED_VIEWS:
            env_data(self.env).dated.add(self.env.docname)
        return [licence_view(view=view)]


def resolve_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: put each view's table where its placeholder stands."""
    placeholders = list(doctree.findall(licence_view))
    if not placeholders:
        return
    lang = lang_of(app.config.language)
    build = build_data(app.env)
    data = build.traceability
    needs_view = SphinxNeedsData(app.env).get_needs_view()

    pages: dict[str, str] = {}  # target page → its URI from this page

    def link(need: Need | None) -> nodes.Node:
        if need is None:
            return nodes.Text("")
        target = needs_view.get(need.id)
        if target is None or not target["docname"]:
            return nodes.literal(text=need.id)
        page = target["docname"]
        if page not in pages:  # a ms each: thousands of links share a few pages
            pages[page] = app.builder.get_relative_uri(docname, page)
        uri = pages[page] + "#" + need.id
        ref = nodes.reference("", "", refuri=uri, internal=True)
        ref += nodes.literal(text=need.id)
        return ref

    owners = {o.id: o for o in build.model.owners}

    def export(name: str) -> str:
        return _export_uri(app.builder, docname, name)

    views: dict[str, Callable[[], list[nodes.Node]]] = {
        "matrix": lambda: _matrix(data, lang, link, owners, export),
        "by-control": lambda: _by_control(data, lang, link, owners),
        "by-owner": lambda: _by_owner(data, lang, link),
        "by-regulation": lambda: _by_regulation(data, lang, link),
        "dashboard": lambda: _dashboard(data, lang, link),
        "calendar": lambda: _calendar(build, lang, link, export),
        "runbook": lambda: _runbook(build, lang, link),
    }
    for node in placeholders:
        node.replace_self(views[node["view"]]())


def _export_uri(builder: Builder, docname: str, name: str) -> str:
    """The link from a page to a file beside the language's pages."""
    return relative_uri(builder.get_target_uri(docname), name)


LinkMaker = Callable[[Need | None], nodes.Node]
ExportUri = Callable[[str], str]


def _matrix(
    data: Trace,
    lang: Lang,
    link: LinkMaker,
    owners: dict[str, Owner],
    export: ExportUri,
) -> list[nodes.Node]:
    options = "".join(
        f'<option value="{html.escape(p.id)}">{html.escape(p.id)} '
        f"{html.escape(p.title.get(lang))}</option>"
        for p, _ in data.by_provision
    )
    controls = (
        '<div class="licence-matrix-controls">'
        f"<label>{html.escape(label('matrix.filter_provision', lang))} "
        f'<select data-matrix-filter="provision"><option value="">'
        f"{html.escape(label('matrix.all_provisions', lang))}</option>{options}"
        "</select></label> "
        f"<label>{html.escape(label('matrix.filter_text', lang))} "
        '<input type="search" data-matrix-filter="text"></label> '
        f'<span class="licence-matrix-count" aria-live="polite" '
        f'data-label="{html.escape(label("matrix.shown", lang))}"></span>'
        '<span class="licence-downloads">'
        f"{html.escape(label('matrix.download', lang))}: "
        f'<a href="{export(f"{EXPORTS_DIR}/{CSV_NAME}")}" download>CSV</a> · '
        f'<a href="{export(f"{EXPORTS_DIR}/{XLSX_NAME}")}" download>XLSX</a> · '
        f'<a href="{export("needs.json")}" download>needs.json</a></span>'
        "</div>"
    )
    headers = [label(f"column.{key}", lang) for key in PAGE_COLUMNS]
    rows = []
    for row in data.rows:
        control = row.control
        owner = owners.get(control.owner or "") if control else None
        cells = [
            with_title(link(row.provision), row.provision, lang),
            with_title(link(row.obligation), row.obligation, lang),
            nodes.Text(value_label("modality", row.obligation.modality, lang)),
            with_title(link(control), control, lang)
            if control
            else nodes.emphasis(text=label("matrix.no_control", lang)),
            nodes.Text(
                owner.title.get(lang)
                if owner
                else (control.owner or "")
                if control
                else ""
            ),
            joined([link(e) for e in row.evidence]),
            nodes.Text(status_text(row, lang)),
        ]
        classes = [
            f"provision-{row.provision.id}" if row.provision else "provision-none"
        ]
        if row.status != "covered":
            classes.append(f"licence-{row.status}")
        rows.append((cells, classes))
    matrix = table(headers, rows, ["licence-matrix", "licence-sortable"])
    return [nodes.raw("", controls, format="html"), matrix]


def _by_control(
    data: Trace, lang: Lang, link: LinkMaker, owners: dict[str, Owner]
) -> list[nodes.Node]:
    headers = [
        label(key, lang)
        for key in (
            "column.control",
            "column.owner",
            "column.implemented_obligations",
            "column.source_provisions",
            "column.evidence",
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
                    with_title(link(control), control, lang),
                    nodes.Text(owner.title.get(lang) if owner else control.owner or ""),
                    joined([link(r.obligation) for r in pairs]),
                    joined([link(p) for p in provisions]),
                    joined([link(e) for e in evidence]),
                ],
                [],
            )
        )
    return [table(headers, rows, ["licence-view", "licence-sortable"])]


def _by_owner(data: Trace, lang: Lang, link: LinkMaker) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for owner, controls, obligations in data.by_owner:
        section = nodes.container(classes=["licence-owner-view"])
        title = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
        title += nodes.strong(
            text=owner.title.get(lang) if owner else label("dashboard.unassigned", lang)
        )
        if owner:
            title += nodes.Text(f" ({owner.id})")
        section += title
        headers = [
            label(key, lang)
            for key in (
                "column.controls",
                "column.obligations",
            )
        ]
        section += table(
            headers,
            [
                (
                    [
                        joined(
                            [with_title(link(c), c, lang) for c in controls],
                            lines=True,
                        ),
                        joined(
                            [with_title(link(o), o, lang) for o in obligations],
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


def _by_regulation(data: Trace, lang: Lang, link: LinkMaker) -> list[nodes.Node]:
    headers = [
        label(key, lang)
        for key in (
            "column.regulation",
            "column.cited_by",
            "column.duties_it_brings",
        )
    ]
    rows = [
        (
            [
                with_title(link(regulation), regulation, lang),
                joined([link(p) for p in provisions]),
                joined([with_title(link(d), d, lang) for d in duties], lines=True),
            ],
            [],
        )
        for regulation, provisions, duties in data.by_regulation
    ]
    return [table(headers, rows, ["licence-view"])]


def _dashboard(data: Trace, lang: Lang, link: LinkMaker) -> list[nodes.Node]:
    total = data.total
    result: list[nodes.Node] = []
    heading = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
    heading += nodes.strong(text=label("dashboard.by_provision", lang))
    result.append(heading)
    rows = [
        (
            [
                with_title(link(provision), provision, lang),
                nodes.Text(f"{tally.covered}/{tally.total}"),
                bar(tally.percent),
            ],
            [] if tally.covered == tally.total else ["licence-gap"],
        )
        for provision, tally in data.by_provision
    ]
    rows.append(
        (
            [
                nodes.strong(text=label("dashboard.total", lang)),
                nodes.Text(f"{total.covered}/{total.total}"),
                bar(total.percent),
            ],
            ["licence-total"],
        )
    )
    headers = [
        label(key, lang)
        for key in (
            "column.provision",
            "column.covered_of",
            "column.coverage",
        )
    ]
    result.append(table(headers, rows, ["licence-dashboard"]))

    heading = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
    heading += nodes.strong(text=label("dashboard.by_owner", lang))
    result.append(heading)
    most = (
        max((len(obligations) for _, _, obligations in data.by_owner), default=0) or 1
    )
    owner_rows = [
        (
            [
                nodes.Text(
                    owner.title.get(lang)
                    if owner
                    else label("dashboard.unassigned", lang)
                ),
                nodes.Text(str(len(obligations))),
                bar(100 * len(obligations) / most, label=str(len(obligations))),
            ],
            [],
        )
        for owner, _, obligations in data.by_owner
    ]
    owner_rows.append(
        (
            [
                nodes.Text(label("dashboard.gaps", lang)),
                nodes.Text(str(len(data.gaps))),
                joined([link(g) for g in data.gaps]),
            ],
            ["licence-gap"] if data.gaps else [],
        )
    )
    headers = [
        label(key, lang)
        for key in (
            "column.owner",
            "column.obligation_count",
            "column.share",
        )
    ]
    result.append(table(headers, owner_rows, ["licence-dashboard"]))
    return result


def _cal(key: str, lang: Lang, **values: object) -> str:
    return label(f"calendar.{key}", lang, **values)


def _calendar(
    build: BuildData, lang: Lang, link: LinkMaker, export: ExportUri
) -> list[nodes.Node]:
    cal, day = build.schedule, build.as_of
    head = (
        f'<p class="licence-as-of">{html.escape(_cal("as_of", lang))} {day} · '
        f'<a href="{export(f"{EXPORTS_DIR}/{ICS_NAME}")}" download>'
        f"{html.escape(_cal('ics', lang))}</a></p>"
    )
    rows = []
    for entry in cal.dated:
        trigger = entry.obligation.trigger
        assert entry.due is not None and trigger is not None
        if entry.start is not None:
            when = _cal("yearly", lang, start=_md(trigger.start), due=_md(trigger.due))
            state_key = "open" if entry.start <= day else "upcoming"
        else:
            when = _cal("dated", lang, days=trigger.before_expiry)
            state_key = "past" if entry.due < day else "upcoming"
        rows.append(
            (
                [
                    nodes.Text(str(entry.due)),
                    with_title(link(entry.obligation), entry.obligation, lang),
                    nodes.Text(when),
                    nodes.Text(", ".join(o.title.get(lang) for o in entry.owners)),
                    nodes.Text(_cal(state_key, lang)),
                ],
                [f"licence-deadline-{state_key}"],
            )
        )
    headers = [_cal(k, lang) for k in ("due", "obligation", "when", "owners", "state")]
    return [
        nodes.raw("", head, format="html"),
        table(headers, rows, ["licence-calendar"]),
    ]


def _runbook(build: BuildData, lang: Lang, link: LinkMaker) -> list[nodes.Node]:
    cal = build.schedule
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
                    nodes.Text(
                        _cal(trigger.unit, lang, n=trigger.within)
                        if trigger.within
                        else _cal("immediately", lang)
                    ),
                    with_title(link(entry.obligation), entry.obligation, lang),
                    nodes.Text(", ".join(o.title.get(lang) for o in entry.owners)),
                    nodes.Text(example),
                ],
                [],
            )
        )
    headers = [_cal(k, lang) for k in ("event", "limit", "file", "owners", "example")]
    return [table(headers, rows, ["licence-runbook"])]


def _md(month_day: tuple[int, int] | None) -> str:
    return f"{month_day[0]:02d}-{month_day[1]:02d}" if month_day else ""


def skip(_translator: object, _node: nodes.Node) -> None:
    """A placeholder left for a builder that does not resolve: write nothing."""
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_directive("licence-view", LicenceView)
    app.add_node(
        licence_view,
        **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (skip, None)),
    )
    DYNAMIC_NODES.add(licence_view)
    app.connect("doctree-resolved", resolve_views)
