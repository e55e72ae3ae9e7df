"""A page per role, ``owners/<role id>.html``: what it must do, by when, how.

Made by ``html-collect-pages``, which runs at the end of every HTML build,
incremental or not, from the data of this build: an owner change moves the
pages on the next build exactly as a clean build would, and a role that is
gone leaves no page behind.  The body is a Jinja template with autoescape
(``templates/owner.html``, shipped with the extension so any project gets
it) inside the theme's ``page.html``, in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import jinja2
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri
from sphinx_needs.data import SphinxNeedsData

from ..core.model import Need, Owner, unique
from ..core.schema import Lang
from ..core.vocabulary import label, lang_of, value_label
from ..derived.schedule import Due, due_between, kind_text, runbook_of
from ..outputs.ical import FEEDS_DIR, feed_name
from .context import BuildData, build_data
from .write_exports import EXPORTS_DIR

#: the folder of the role pages, beside the language's pages
OWNERS_DIR = "owners"
#: how far ahead a role's page looks
DUE_SPAN = timedelta(days=90)
#: the page listing every role (``source/owners.md``)
OWNERS_DOC = "owners"

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=False,
)

#: a part of a table cell: its text and, for a link, where it points
Part = tuple[str, str | None]


def page_name(role: str) -> str:
    """The page name (no suffix) of a role's page."""
    return f"{OWNERS_DIR}/{role}"


def role_page_uri(builder: Builder, docname: str, role: str) -> str | None:
    """The link from ``docname`` to a role's page, or None where there is no
    such page: role pages are HTML pages (``html-collect-pages``), so the
    PDF has none and says nothing of them."""
    if builder.format != "html":
        return None
    return builder.get_relative_uri(docname, page_name(role))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    """``html-collect-pages``: one page per role in ``owners.yaml``."""
    build = build_data(app.env)
    lang = lang_of(app.config.language)
    view = SphinxNeedsData(app.env).get_needs_view()
    docnames = {need_id: need["docname"] for need_id, need in view.items()}
    # what falls due for everyone, made once and split by role (made per
    # role, it was half the time of these pages at 5,000 needs)
    day = build.as_of
    due = due_between(build.model, build.schedule, day, day + DUE_SPAN)
    for owner in unique(build.model.owners):  # a repeated ID is a finding
        pagename = page_name(owner.id)

        def href(need_id: str, pagename: str = pagename) -> str | None:
            docname = docnames.get(need_id)
            if not docname:
                return None
            return app.builder.get_relative_uri(pagename, docname) + "#" + need_id

        owned = [d for d in due if d.owned_by(owner.id)]
        body = _body(build, owner, owned, lang, href, pagename, app)
        yield (
            pagename,
            {
                "title": label("owner.heading", lang, role=owner.title.get(lang)),
                "body": body,
            },
            "page.html",
        )


def _body(
    build: BuildData,
    owner: Owner,
    due: list[Due],
    lang: Lang,
    href: Callable[[str], str | None],
    pagename: str,
    app: Sphinx,
) -> str:
    """The page's body (``due``: what falls due for the role): plain values
    for the template, which escapes them (no markup from the data can reach
    the page)."""
    model, trace, day = build.model, build.traceability, build.as_of

    def need(item: Need) -> Part:
        return (f"{item.id} {item.title.get(lang)}", href(item.id))

    end = day + DUE_SPAN
    due_rows = [
        [
            [(str(d.day), None)],
            [(d.need.id, href(d.need.id))],
            [(kind_text(d, lang), None)],
            [(d.need.title.get(lang), None)],
        ]
        for d in due
    ]
    controls: tuple[Need, ...] = ()
    obligations: tuple[Need, ...] = ()
    for who, owned, met in trace.by_owner:
        if who is not None and who.id == owner.id:
            controls, obligations = owned, met
    index = model.index
    control_rows = []
    for control in controls:
        evidence = [index[e] for e in control.targets("evidenced_by") if e in index]
        control_rows.append(
            [
                [need(control)],
                [(value_label("frequency", control.frequency, lang), None)],
                [(control.text.get(lang), None)],
                [need(e) for e in evidence] or [("—", None)],
            ]
        )
    by_provision: dict[str, list[Need]] = {}
    for obligation in obligations:
        source = next(iter(obligation.targets("derives_from")), "")
        by_provision.setdefault(source, []).append(obligation)
    obligation_rows = [
        [
            [need(index[p])] if p in index else [(p, None)],
            [need(o) for o in items],
        ]
        for p, items in by_provision.items()
    ]
    runbook_rows = []
    for entry in runbook_of(build.schedule, owner.id):
        trigger = entry.obligation.trigger
        assert trigger is not None and trigger.event is not None
        limit = (
            label(f"calendar.{trigger.unit}", lang, n=trigger.within)
            if trigger.within
            else label("calendar.immediately", lang)
        )
        runbook_rows.append(
            [
                [(trigger.event.get(lang), None)],
                [(limit, None)],
                [need(entry.obligation)],
            ]
        )
    other: Lang = "en" if lang == "zh" else "zh"
    target = app.builder.get_target_uri(pagename)
    values = {
        "role_id": owner.id,
        "heading": label("owner.heading", lang, role=owner.title.get(lang)),
        "role_title": owner.title.get(lang),
        "role_other": owner.title.get(other),
        "other_lang": "en" if other == "en" else "zh-CN",
        "role_text": owner.text.get(lang),
        "feed_href": relative_uri(
            target, f"{EXPORTS_DIR}/{FEEDS_DIR}/{feed_name(owner.id)}"
        ),
        "subscribe": label("owner.subscribe", lang),
        "owners_href": app.builder.get_relative_uri(pagename, OWNERS_DOC)
        + f"#owner-{owner.id}",
        "all_owners": label("owner.all_owners", lang),
        "due_heading": label("owner.due", lang),
        "due_span": label("owner.due_span", lang, start=day, end=end),
        "routine": label("due.routine", lang),
        "due_headers": [
            label(f"due.{k}", lang) for k in ("date", "id", "kind", "title")
        ],
        "due_rows": due_rows,
        "controls_heading": label("owner.controls", lang),
        "control_headers": [
            label(f"owner.{k}", lang)
            for k in ("control", "frequency", "what", "evidence")
        ],
        "control_rows": control_rows,
        "obligations_heading": label("owner.obligations", lang),
        "obligation_headers": [
            label(f"owner.{k}", lang) for k in ("provision", "obligation")
        ],
        "obligation_rows": obligation_rows,
        "runbook_heading": label("owner.runbook", lang),
        "runbook_headers": [
            label(f"calendar.{k}", lang) for k in ("event", "limit", "file")
        ],
        "runbook_rows": runbook_rows,
        "nothing": label("owner.nothing", lang),
    }
    return _TEMPLATES.get_template("owner.html").render(values)


def remove_stale_pages(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a role that is gone leaves no page (as a clean
    build would not have it)."""
    if exception is not None or app.builder.format != "html":
        return
    current = {page_name(o.id) for o in build_data(app.env).model.owners}
    folder = Path(app.outdir) / OWNERS_DIR
    for page in sorted(folder.glob("*.html")):
        pagename = f"{OWNERS_DIR}/{page.stem}"
        if pagename not in current and pagename not in app.env.found_docs:
            page.unlink()


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", remove_stale_pages)
