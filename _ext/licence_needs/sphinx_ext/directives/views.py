"""Auditor views on pages: the matrix, reverse views and the coverage dashboard.

``licence-view`` leaves a placeholder while pages are read; the table is made
when the page is resolved, from the whole model, with links to the pages the
needs stand on (known only once every page is read).  Pages holding a view are
rewritten whenever the data changes (the collector's ``get_updated_docs``).
Views stay out of the search index: it finds each need on its own card.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.utils import add_doc

from ...core.dates import add_months
from ...core.model import Need, Owner, unique
from ...core.schema import ASSURANCE_LEVELS, Lang
from ...core.vocabulary import label, lang_of, value_label
from ...derived.assurance import Assurance
from ...derived.review_state import ReviewState
from ...derived.schedule import due_between, kind_text
from ...derived.traceability import Trace
from ...outputs.ical import ICS_NAME
from ...outputs.reqif import REQIF_NAME
from ...outputs.tabular import CSV_NAME, XLSX_NAME, review_text, status_text
from ..collector import DYNAMIC_NODES, env_data
from ..context import BuildData, build_data
from ..nodes import (
    Cell,
    Em,
    Ref,
    bar,
    cell_table,
    html_only,
    joined,
    listed,
    piece_node,
    table,
    titled,
    with_title,
)
from ..owner_pages import role_page_uri
from ..write_exports import EXPORTS_DIR, OSCAL_NAMES
from . import assurance

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
    "assurance",
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

    def ref(need: Need | None) -> Ref | None:
        if need is None:
            return None
        target = needs_view.get(need.id)
        if target is None or not target["docname"]:
            return Ref(need.id, None)
        page = target["docname"]
        if page not in pages:  # a ms each: thousands of links share a few pages
            pages[page] = app.builder.get_relative_uri(docname, page)
        return Ref(need.id, pages[page] + "#" + need.id)

    def link(need: Need | None) -> nodes.Node:
        made = ref(need)
        return nodes.Text("") if made is None else piece_node(made)

    owners = {o.id: o for o in build.model.owners}
    fmt = app.builder.format

    def owner_page(owner: Owner) -> nodes.Node | None:
        uri = role_page_uri(app.builder, docname, owner.id)
        if uri is None:
            return None  # role pages are made for the site only (the PDF has none)
        return nodes.reference("", label("owner.page", lang), refuri=uri, internal=True)

    def export(name: str) -> str:
        return _export_uri(app.builder, docname, name)

    views: dict[str, Callable[[], list[nodes.Node]]] = {
        "matrix": lambda: _matrix(
            data, lang, ref, owners, export, build.review, build.assurance, fmt
        ),
        "by-control": lambda: _by_control(data, lang, link, owners),
        "by-owner": lambda: _by_owner(data, lang, link, owner_page),
        "by-regulation": lambda: _by_regulation(data, lang, link),
        "dashboard": lambda: [
            *assurance.dashboard(build, lang, link),
            *_dashboard(data, lang, link, build.review),
        ],
        "calendar": lambda: [
            *_calendar(build, lang, link, export),
            *assurance.calendar(build, lang, link),
        ],
        "runbook": lambda: _runbook(build, lang, link),
    }
    for node in placeholders:
        made = views[node["view"]]()
        if fmt == "html":  # only HTML has a search index
            _not_searched(made)
        node.replace_self(made)


def _not_searched(made: list[nodes.Node]) -> None:
    """Keep a view out of the search index (Sphinx's ``no-search`` class).

    A view repeats the titles and words of the needs it lists, which the
    search finds on each need's own card: indexed, the matrix would be a
    result for nearly every query, ranked above the card.  The page's own
    title and text stay searchable.  It also spares the build indexing every
    need again on each page that lists them (a quarter of a rebuild).
    """
    for node in made:
        if isinstance(node, nodes.Element):
            node["classes"].append("no-search")


def _export_uri(builder: Builder, docname: str, name: str) -> str:
    """The link from a page to a file beside the language's pages."""
    return relative_uri(builder.get_target_uri(docname), name)


LinkMaker = Callable[[Need | None], nodes.Node]
RefMaker = Callable[[Need | None], Ref | None]
ExportUri = Callable[[str], str]


def _matrix(
    data: Trace,
    lang: Lang,
    ref: RefMaker,
    owners: dict[str, Owner],
    export: ExportUri,
    review: ReviewState,
    levels: Assurance,
    fmt: str,
) -> list[nodes.Node]:
    level_options = "".join(
        f'<option value="{assurance.slug(level)}">'
        f"{html.escape(value_label('assurance', level, lang))}</option>"
        for level in ASSURANCE_LEVELS
    )
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
        f"<label>{html.escape(label('matrix.filter_assurance', lang))} "
        f'<select data-matrix-filter="assurance"><option value="">'
        f"{html.escape(label('matrix.all_levels', lang))}</option>{level_options}"
        "</select></label> "
        f"<label>{html.escape(label('matrix.filter_text', lang))} "
        '<input type="search" data-matrix-filter="text"></label> '
        + (
            '<label><input type="checkbox" data-matrix-filter="review"> '
            f"{html.escape(label('matrix.filter_review', lang))}</label> "
            if review.in_use
            else ""
        )
        + f'<span class="licence-matrix-count" aria-live="polite" '
        f'data-label="{html.escape(label("matrix.shown", lang))}"></span>'
        '<span class="licence-downloads">'
        f"{html.escape(label('matrix.download', lang))}: "
        f'<a href="{export(f"{EXPORTS_DIR}/{CSV_NAME}")}" download>CSV</a> · '
        f'<a href="{export(f"{EXPORTS_DIR}/{XLSX_NAME}")}" download>XLSX</a> · '
        f'<a href="{export("needs.json")}" download>needs.json</a> · '
        f"{html.escape(label('matrix.interchange', lang))}: "
        f'<a href="{export(f"{EXPORTS_DIR}/{REQIF_NAME}")}" download>ReqIF</a> · '
        f'<a href="{export(f"{EXPORTS_DIR}/{OSCAL_NAMES[0]}")}" download>'
        f"{html.escape(label('matrix.oscal_catalog', lang))}</a> · "
        f'<a href="{export(f"{EXPORTS_DIR}/{OSCAL_NAMES[1]}")}" download>'
        f"{html.escape(label('matrix.oscal_components', lang))}</a></span>"
        "</div>"
    )
    columns = (*PAGE_COLUMNS, "review") if review.in_use else PAGE_COLUMNS
    headers = [label(f"column.{key}", lang) for key in columns]
    rows = []
    for row in data.rows:
        control = row.control
        owner = owners.get(control.owner or "") if control else None
        cells = [
            titled(ref(row.provision), row.provision, lang),
            titled(ref(row.obligation), row.obligation, lang),
            Cell((value_label("modality", row.obligation.modality, lang),)),
            titled(ref(control), control, lang)
            if control
            else Cell((Em(label("matrix.no_control", lang)),)),
            Cell(
                (
                    owner.title.get(lang)
                    if owner
                    else (control.owner or "")
                    if control
                    else "",
                )
            ),
            listed([r for e in row.evidence if (r := ref(e)) is not None]),
            Cell((status_text(row, lang),)),
        ]
        level = levels.obligations.get(row.obligation.id, "uncovered")
        cells.append(Cell((value_label("assurance", level, lang),)))
        classes = [
            f"provision-{row.provision.id}" if row.provision else "provision-none"
        ]
        if row.status != "covered":
            classes.append(f"licence-{row.status}")
        if review.in_use:
            cells.append(Cell((review_text(review, row, lang),)))
            classes.extend(f"licence-{state}" for state in review.row_states(row))
        classes.append(f"assurance-{assurance.slug(level)}")
        rows.append((cells, classes))
    matrix = cell_table(headers, rows, ["licence-matrix", "licence-sortable"], fmt)
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


def _by_owner(
    data: Trace,
    lang: Lang,
    link: LinkMaker,
    page_link: Callable[[Owner], nodes.Node | None],
) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for owner, controls, obligations in data.by_owner:
        section = nodes.container(classes=["licence-owner-view"])
        title = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
        title += nodes.strong(
            text=owner.title.get(lang) if owner else label("dashboard.unassigned", lang)
        )
        if owner:
            page = page_link(owner)
            title += nodes.Text(f" ({owner.id})" + (" · " if page else ""))
            if page is not None:
                title += page
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


def _dashboard(
    data: Trace, lang: Lang, link: LinkMaker, review: ReviewState
) -> list[nodes.Node]:
    total = data.total
    counts = review.by_provision(data) if review.in_use else {}
    result: list[nodes.Node] = []
    heading = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
    heading += nodes.strong(text=label("dashboard.by_provision", lang))
    result.append(heading)
    rows = []
    for provision, tally in data.by_provision:
        cells = [
            with_title(link(provision), provision, lang),
            nodes.Text(f"{tally.covered}/{tally.total}"),
            bar(tally.percent),
        ]
        classes = [] if tally.covered == tally.total else ["licence-gap"]
        if review.in_use:
            count = counts.get(provision.id)
            suspect = count.suspect_links if count else 0
            stale = count.stale_translations if count else 0
            cells += [nodes.Text(str(suspect)), nodes.Text(str(stale))]
            classes += ["licence-suspect"] if suspect else []
        rows.append((cells, classes))
    total_cells = [
        nodes.strong(text=label("dashboard.total", lang)),
        nodes.Text(f"{total.covered}/{total.total}"),
        bar(total.percent),
    ]
    if review.in_use:
        total_cells += [
            nodes.Text(str(sum(c.suspect_links for c in counts.values()))),
            nodes.Text(str(sum(c.stale_translations for c in counts.values()))),
        ]
    rows.append((total_cells, ["licence-total"]))
    keys = ["column.provision", "column.covered_of", "column.coverage"]
    if review.in_use:
        keys += ["dashboard.suspect_links", "dashboard.stale_translations"]
    headers = [label(key, lang) for key in keys]
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
    if data.waived:  # accepted gaps: neither covered nor hidden
        owner_rows.append(
            (
                [
                    nodes.Text(label("dashboard.waived", lang)),
                    nodes.Text(str(len(data.waived))),
                    joined([link(w) for w in data.waived]),
                ],
                ["licence-waived"],
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
        html_only(head, f"{_cal('as_of', lang)} {day}"),
        table(headers, rows, ["licence-calendar"]),
        *_next_months(build, lang, link),
    ]


#: how far ahead the calendar page lists everyone's work
NEXT_MONTHS = 2


def _next_months(build: BuildData, lang: Lang, link: LinkMaker) -> list[nodes.Node]:
    """Everyone's work in the next two months, a table per month, each row
    marked with its roles; the role filter is added by ``calendar.js``
    (without JavaScript, the tables are all there is)."""
    day = build.as_of
    end = add_months(day, NEXT_MONTHS) - timedelta(days=1)
    due = due_between(build.model, build.schedule, day, end)
    owners = {o.id: o for o in build.model.owners}
    options = "".join(
        f'<option value="{html.escape(o.id)}">{html.escape(o.title.get(lang))}</option>'
        for o in unique(build.model.owners)
    )
    heading = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
    heading += nodes.strong(text=label("due.next_months", lang, start=day, end=end))
    routine = nodes.paragraph(text=label("due.routine", lang), translatable=False)
    role_filter = (  # the browser's filter: for the site only
        '<div class="licence-due-filter" hidden><label>'
        f"{html.escape(label('due.filter_role', lang))} "
        f'<select data-due-filter="role"><option value="">'
        f"{html.escape(label('due.all_roles', lang))}</option>{options}"
        "</select></label></div>"
    )
    result: list[nodes.Node] = [
        heading,
        routine,
        nodes.raw("", role_filter, format="html"),
    ]
    headers = [label(f"due.{k}", lang) for k in ("date", "id", "kind", "role", "title")]
    month = date(day.year, day.month, 1)
    while month <= end:
        mine = [
            d for d in due if (d.day.year, d.day.month) == (month.year, month.month)
        ]
        heading = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
        heading += nodes.strong(text=f"{month.year}-{month.month:02d}")
        result.append(heading)
        rows = [
            (
                [
                    nodes.Text(str(d.day)),
                    link(d.need),
                    nodes.Text(kind_text(d, lang)),
                    nodes.Text(
                        ", ".join(
                            owners[r].title.get(lang) if r in owners else r
                            for r in d.roles
                        )
                    ),
                    nodes.Text(d.need.title.get(lang)),
                ],
                [f"licence-role-{r}" for r in d.roles],
            )
            for d in mine
        ]
        if rows:
            result.append(table(headers, rows, ["licence-due"]))
        else:
            result.append(
                nodes.paragraph(text=label("due.none", lang), translatable=False)
            )
        month = add_months(month, 1)
    return result


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
