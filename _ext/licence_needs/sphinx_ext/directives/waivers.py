"""The waiver register: every waiver with its reason, approver, dates and
status as of the build date.

A waiver lets an obligation go without a control for a while; nobody should
have to read the YAML to learn that one exists, who approved it and why.
The page is read again when the data or the as-of date changes.
"""

from __future__ import annotations

from datetime import date

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...core.dates import add_months
from ...core.model import Model, Waiver
from ...core.schema import Lang
from ...core.vocabulary import label, lang_of
from ..collector import env_data
from ..context import build_data, depend_on_data
from ..nodes import table

_COLUMNS = (
    "waiver",
    "obligation",
    "reason",
    "approver",
    "approved",
    "expires",
    "status",
)


def waiver_status(waiver: Waiver, day: date, max_months: int) -> str:
    """``active``, ``expired``, ``too-long`` (beyond the longest term: an
    error of the gate) or ``not-approved`` (no approval date, or a future one)."""
    if waiver.approved is None or waiver.approved > day:
        return "not-approved"
    if waiver.expires > add_months(waiver.approved, max_months):
        return "too-long"
    return "active" if waiver.active(day) else "expired"


class LicenceWaivers(SphinxDirective):
    """The register of waivers, or a sentence saying there is none."""

    def run(self) -> list[nodes.Node]:
        data = build_data(self.env)
        depend_on_data(self.env)
        env_data(self.env).dated.add(self.env.docname)  # waivers expire
        lang = lang_of(self.config.language)
        model = data.model
        if not model.waivers:
            para = nodes.paragraph(classes=["licence-no-waivers"], translatable=False)
            para += nodes.Text(label("waivers.none", lang, day=data.as_of))
            return [para]
        months = data.project.settings.waiver_max_months
        rows = [
            _row(waiver, model, lang, waiver_status(waiver, data.as_of, months))
            for waiver in model.waivers
        ]
        headers = [label(f"waivers.{key}", lang) for key in _COLUMNS]
        note = nodes.paragraph(translatable=False)
        note += nodes.Text(label("waivers.as_of", lang, day=data.as_of, months=months))
        return [note, table(headers, rows, ["licence-waivers"])]


def _row(
    waiver: Waiver, model: Model, lang: Lang, status: str
) -> tuple[list[nodes.Node], list[str]]:
    obligation = model.index.get(waiver.obligation)
    owners = {owner.id: owner.title.get(lang) for owner in model.owners}
    title = f" {obligation.title.get(lang)}" if obligation else ""
    cells: list[nodes.Node] = [
        nodes.literal(text=waiver.id),
        nodes.Text(f"{waiver.obligation}{title}"),
        nodes.Text(waiver.reason.get(lang)),
        nodes.Text(owners.get(waiver.approver, waiver.approver)),
        nodes.Text(str(waiver.approved) if waiver.approved else "—"),
        nodes.Text(str(waiver.expires)),
        nodes.Text(label(f"waivers.status.{status}", lang)),
    ]
    return cells, [f"licence-waiver-{status}"]


def setup(app: Sphinx) -> None:
    app.add_directive("licence-waivers", LicenceWaivers)
