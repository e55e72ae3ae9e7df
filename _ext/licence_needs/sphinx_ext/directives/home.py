"""The home page's licence card and coverage summary.

Both show facts of the data (the title block, the obligations covered) and
one fact of the day: the licence's status as of the build date.  The pages
that show them are read again when the data or the date changes
(:func:`licence_needs.state.pages_to_reread`).
"""

from __future__ import annotations

from datetime import date

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...core.model import Licence, Model
from ...core.schema import Lang
from ...core.vocabulary import label, lang_of
from ..collector import env_data
from ..context import build_data, depend_on_data

#: the title-block provisions the card shows, in order
CARD_IDS = (
    "TB_NUMBER",
    "TB_COMPANY",
    "TB_LEGAL_REP",
    "TB_SERVICE",
    "TB_ISSUED",
    "TB_EXPIRES",
)


class LicenceCard(SphinxDirective):
    """The licence at a glance, with its status as of the build date."""

    def run(self) -> list[nodes.Node]:
        data = build_data(self.env)
        depend_on_data(self.env)
        env_data(self.env).dated.add(self.env.docname)
        lang = lang_of(self.config.language)
        model = data.model
        index = model.index
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
        if model.licence is not None:
            result[:0] = _status(model, data.as_of, lang)
        return result


class CoverageSummary(SphinxDirective):
    """How many obligations have a control, and how many are assessed as
    effective (covered is not the same as working), in figures."""

    def run(self) -> list[nodes.Node]:
        depend_on_data(self.env)
        env_data(self.env).dated.add(self.env.docname)  # waivers expire
        lang = lang_of(self.config.language)
        data = build_data(self.env)
        model, tally = data.model, data.traceability.total
        obligations, covered = tally.total, tally.covered
        share = f"{tally.percent:.0f}%" if obligations else "—"
        figures = [
            (str(obligations), "obligations"),
            (str(covered), "covered"),
            # an accepted gap is shown as such, never as covered
            *([(str(tally.waived), "waived")] if tally.waived else []),
            (str(data.assurance.total["effective"]), "effective"),
            (share, "coverage"),
            (str(sum(1 for n in model.needs if n.type == "control")), "controls"),
            (str(sum(1 for n in model.needs if n.type == "evidence")), "evidence"),
        ]
        box = nodes.container(classes=["coverage-summary"], support_smartquotes=False)
        for number, word in figures:
            figure = nodes.container(classes=["coverage-figure"])
            para = nodes.paragraph(translatable=False)
            para += nodes.inline(text=number, classes=["coverage-number"])
            para += nodes.Text(label(f"home.{word}", lang))
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
    para += nodes.strong(text=f"{label('home.status', lang)}: ")
    para += nodes.inline(
        text=label(f"status.{status}", lang),
        classes=["licence-status", f"licence-status-{status}"],
    )
    para += nodes.Text(
        f" ({label('home.as_of', lang)} {day}; "
        f"{label('home.deadline', lang)} {dates.renewal_deadline}; "
        f"{_renewal(model.licence, lang)})"
    )
    if status == "valid":
        return [para]
    alert = nodes.container(
        classes=["licence-alert"], ids=["licence-status"], support_smartquotes=False
    )
    headline = nodes.paragraph(classes=["licence-alert-headline"], translatable=False)
    headline += nodes.strong(
        text=label(
            f"home.alert.{status}",
            lang,
            expires=dates.expires,
            deadline=dates.renewal_deadline,
        )
    )
    alert += headline
    alert += para
    return [alert]


def setup(app: Sphinx) -> None:
    app.add_directive("licence-card", LicenceCard)
    app.add_directive("licence-coverage-summary", CoverageSummary)
    app.add_directive("coverage-summary", CoverageSummary)  # the name until 1.0


def _renewal(licence: Licence, lang: Lang) -> str:
    """What the data records of the renewal (nothing recorded: none on file)."""
    renewal = licence.renewal
    if renewal is None:
        return label("home.renewal.none", lang)
    return label(
        f"home.renewal.{renewal.decision}",
        lang,
        applied=renewal.applied,
        decided=renewal.decided,
        valid_until=renewal.valid_until,
    )
