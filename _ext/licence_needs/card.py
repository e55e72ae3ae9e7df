"""The home page's licence card and coverage summary.

Both show facts of the data (the title block, the obligations covered) and
one fact of the day: the licence's status as of the build date.  The pages
that show them are read again when the data or the date changes
(:func:`licence_needs.state.pages_to_reread`).
"""

from __future__ import annotations

from datetime import date

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .labels import STATUS_LABELS, lang_of, pick
from .model import Lang, Model
from .state import dated_pages, depend_on_data, project

#: the title-block provisions the card shows, in order
CARD_IDS = (
    "TB_NUMBER",
    "TB_COMPANY",
    "TB_LEGAL_REP",
    "TB_SERVICE",
    "TB_ISSUED",
    "TB_EXPIRES",
)

_WORDS = {
    "status": ("状态", "Status"),
    "as_of": ("截至", "as of"),
    "deadline": ("续办申请截止日", "Renewal application due by"),
    "obligations": ("项义务", "obligations"),
    "covered": ("项已有控制措施", "covered by a control"),
    "controls": ("项控制措施", "controls"),
    "evidence": ("项证据", "evidence items"),
    "coverage": ("覆盖率", "coverage"),
}


class LicenceCard(SphinxDirective):
    """The licence at a glance, with its status as of the build date."""

    def run(self) -> list[nodes.Node]:
        state = project(self.env)
        depend_on_data(self.env)
        dated_pages(self.env, self.env.docname).append(True)
        lang = lang_of(self.config.language)
        model = state.model
        index = model.by_id()
        card = nodes.container(classes=["licence-card"], support_smartquotes=False)
        if model.licence is not None:
            title = nodes.paragraph(classes=["licence-card-title"])
            title += nodes.Text(
                index["TB_TITLE"].text.get(lang) if "TB_TITLE" in index else ""
            )
            card += title
        dl = nodes.definition_list()
        for need_id in CARD_IDS:
            need = index.get(need_id)
            if need is None:
                continue
            item = nodes.definition_list_item()
            item += nodes.term(text=need.title.get(lang))
            definition = nodes.definition()
            definition += nodes.paragraph(
                text=_value(need.text.get(lang)), translatable=False
            )
            item += definition
            dl += item
        card += dl
        result: list[nodes.Node] = [card]
        if model.licence is not None and state.as_of is not None:
            result[:0] = _status(model, state.as_of, lang)
        return result


class CoverageSummary(SphinxDirective):
    """How many obligations have a control, in figures."""

    def run(self) -> list[nodes.Node]:
        depend_on_data(self.env)
        dated_pages(self.env, self.env.docname).append(True)  # waivers expire
        lang = lang_of(self.config.language)
        model = project(self.env).model
        tally = project(self.env).trace().total
        obligations, covered = tally.total, tally.covered
        share = f"{tally.percent:.0f}%" if obligations else "—"
        figures = [
            (str(obligations), "obligations"),
            (str(covered), "covered"),
            (share, "coverage"),
            (str(sum(1 for n in model.needs if n.type == "control")), "controls"),
            (str(sum(1 for n in model.needs if n.type == "evidence")), "evidence"),
        ]
        box = nodes.container(classes=["coverage-summary"], support_smartquotes=False)
        for number, word in figures:
            figure = nodes.container(classes=["coverage-figure"])
            para = nodes.paragraph(translatable=False)
            para += nodes.inline(text=number, classes=["coverage-number"])
            para += nodes.Text(pick(_WORDS[word], lang))
            figure += para
            box += figure
        return [box]


def _value(text: str) -> str:
    """The value of a title-block line ("公司名称：X" → "X")."""
    for separator in ("：", ": "):
        if separator in text:
            return text.split(separator, 1)[1]
    return text


def _status(model: Model, day: date, lang: Lang) -> list[nodes.Node]:
    assert model.licence is not None
    dates = model.licence.dates
    status = dates.status(day)
    para = nodes.paragraph(
        classes=["licence-status-line"], translatable=False, support_smartquotes=False
    )
    para += nodes.strong(text=f"{pick(_WORDS['status'], lang)}: ")
    para += nodes.inline(
        text=pick(STATUS_LABELS[status], lang),
        classes=["licence-status", f"licence-status-{status}"],
    )
    para += nodes.Text(
        f" ({pick(_WORDS['as_of'], lang)} {day}; "
        f"{pick(_WORDS['deadline'], lang)} {dates.renewal_deadline})"
    )
    if status == "valid":
        return [para]
    alert = nodes.container(
        classes=["licence-alert"], ids=["licence-status"], support_smartquotes=False
    )
    headline = nodes.paragraph(classes=["licence-alert-headline"], translatable=False)
    headline += nodes.strong(text=pick(_ALERTS[status], lang).format(dates=dates))
    alert += headline
    alert += para
    return [alert]


_ALERTS = {
    "expired": (
        "本许可证已于 {dates.expires} 到期。",
        "This licence expired on {dates.expires}.",
    ),
    "renewal-deadline-passed": (
        "续办申请期限 {dates.renewal_deadline} 已过，许可证将于 {dates.expires} 到期。",
        "The renewal application was due by {dates.renewal_deadline}; "
        "the licence expires on {dates.expires}.",
    ),
    "renewal-window-open": (
        "请在 {dates.renewal_deadline} 前提出续办申请。",
        "Apply for renewal by {dates.renewal_deadline}.",
    ),
}
