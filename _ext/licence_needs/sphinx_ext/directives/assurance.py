"""Assurance on pages: the dashboard's stacked bars, the calendar's assessment
and evidence dates, and the table of levels on the rules page.

Everything here reads :mod:`licence_needs.derived.assurance` (levels as of
the build date) and only chooses words and markup; the views module calls
these functions where its views stand.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...core.model import Need
from ...core.schema import ASSURANCE_LEVELS, Lang
from ...core.vocabulary import label, lang_of, value_label
from ...derived.assurance import Counts
from ..context import BuildData
from ..nodes import html_only, table, with_title

LinkMaker = Callable[[Need | None], nodes.Node]


def slug(level: str) -> str:
    """A level as a CSS class or attribute value: ``assessment-overdue``."""
    return level.replace(" ", "-")


def stacked_bar(counts: Counts, lang: Lang) -> nodes.Node:
    """One bar split by level (worst first), with the counts in words beside
    it and in its accessible name."""
    total = counts.total or 1
    parts, words = [], []
    for level in ASSURANCE_LEVELS:
        if not counts[level]:
            continue
        name = value_label("assurance", level, lang)
        words.append(f"{name} {counts[level]}")
        parts.append(
            f'<span class="licence-level-{slug(level)}" title="{html.escape(name)}'
            f' {counts[level]}" style="width: {100 * counts[level] / total:.1f}%">'
            "</span>"
        )
    text = html.escape(", ".join(words))
    return html_only(
        f'<span class="licence-bar licence-stacked" role="img" aria-label="{text}">'
        f"{''.join(parts)}</span> {text}",
        ", ".join(words),
    )


def _heading(text: str) -> nodes.paragraph:
    heading = nodes.paragraph(classes=["licence-view-heading"], translatable=False)
    heading += nodes.strong(text=text)
    return heading


def dashboard(build: BuildData, lang: Lang, link: LinkMaker) -> list[nodes.Node]:
    """Assurance by provision and by owner, with the totals first: how many
    obligations are effective, not merely covered."""
    levels = build.assurance
    total = levels.total
    covered = total.total - total["uncovered"]
    summary = nodes.paragraph(classes=["licence-assurance-total"], translatable=False)
    summary += nodes.Text(
        label(
            "dashboard.assurance_total",
            lang,
            effective=total["effective"],
            total=total.total,
            covered=covered,
        )
    )
    result: list[nodes.Node] = [_heading(label("dashboard.assurance", lang)), summary]
    if not build.model.assessments:
        note = nodes.paragraph(classes=["licence-none-assessed"], translatable=False)
        note += nodes.emphasis(text=label("dashboard.none_assessed", lang))
        result.append(note)
    rows = [
        (
            [
                with_title(link(provision), provision, lang),
                nodes.Text(f"{counts['effective']}/{counts.total}"),
                stacked_bar(counts, lang),
            ],
            [] if counts["effective"] == counts.total else ["licence-not-effective"],
        )
        for provision, counts in levels.by_provision
    ]
    rows.append(
        (
            [
                nodes.strong(text=label("dashboard.total", lang)),
                nodes.Text(f"{total['effective']}/{total.total}"),
                stacked_bar(total, lang),
            ],
            ["licence-total"],
        )
    )
    headers = [
        label(f"column.{key}", lang) for key in ("provision", "effective_of", "levels")
    ]
    result.append(table(headers, rows, ["licence-dashboard", "licence-assurance"]))
    result.append(_heading(label("dashboard.by_owner_assurance", lang)))
    owner_rows = [
        (
            [
                nodes.Text(
                    owner.title.get(lang)
                    if owner
                    else label("dashboard.unassigned", lang)
                ),
                nodes.Text(f"{counts['effective']}/{counts.total}"),
                stacked_bar(counts, lang),
            ],
            [],
        )
        for owner, counts in levels.by_owner
    ]
    headers = [
        label(f"column.{key}", lang) for key in ("owner", "effective_of", "levels")
    ]
    result.append(
        table(headers, owner_rows, ["licence-dashboard", "licence-assurance"])
    )
    return result


def calendar(build: BuildData, lang: Lang, link: LinkMaker) -> list[nodes.Node]:
    """The next assessment due per control, and when evidence stops being
    current, by date; controls never assessed are listed without a date."""
    levels, day = build.assurance, build.as_of
    dated: list[tuple[date, str, Need, str]] = []
    undated: list[Need] = []
    for control in levels.controls.values():
        if control.due is None:
            undated.append(control.control)
        else:
            dated.append(
                (control.due, "next_assessment", control.control, control.level)
            )
    for item, until in levels.evidence_expiry:
        dated.append((until, "evidence_expires", item, ""))
    dated.sort(key=lambda entry: (entry[0], entry[2].id))
    rows = []
    for when, kind, need, level in dated:
        state = "past" if when < day else "upcoming"
        rows.append(
            (
                [
                    nodes.Text(str(when)),
                    nodes.Text(label(f"calendar.{kind}", lang)),
                    with_title(link(need), need, lang),
                    nodes.Text(value_label("assurance", level, lang) if level else ""),
                    nodes.Text(label(f"calendar.{state}", lang)),
                ],
                [f"licence-deadline-{state}"],
            )
        )
    for need in undated:
        rows.append(
            (
                [
                    nodes.Text("—"),
                    nodes.Text(label("calendar.next_assessment", lang)),
                    with_title(link(need), need, lang),
                    nodes.Text(value_label("assurance", "not assessed", lang)),
                    nodes.Text(label("calendar.never_assessed", lang)),
                ],
                ["licence-never-assessed"],
            )
        )
    headers = [
        label(f"calendar.{key}", lang) for key in ("due", "item", "what", "state")
    ]
    headers.insert(3, label("column.assurance", lang))
    return [
        _heading(label("calendar.assessments", lang)),
        table(headers, rows, ["licence-calendar", "licence-assessment-calendar"]),
    ]


def level_table(lang: Lang) -> nodes.table:
    """Every level, worst first: its fixed English name, its Chinese name and
    what it means."""
    rows = [
        (
            [
                nodes.literal(text=level),
                nodes.Text(label(f"value.assurance.{level}", "zh")),
                nodes.Text(label(f"assurance.meaning.{level}", lang)),
            ],
            [],
        )
        for level in ASSURANCE_LEVELS
    ]
    headers = [label(f"column.{key}", lang) for key in ("level", "level_zh", "meaning")]
    return table(
        headers, rows, ["licence-rules", "licence-levels"], widths=(20, 15, 65)
    )


class LicenceAssuranceLevels(SphinxDirective):
    """The table of assurance levels (for the rules page)."""

    def run(self) -> list[nodes.Node]:
        return [level_table(lang_of(self.config.language))]


def setup(app: Sphinx) -> None:
    app.add_directive("licence-assurance-levels", LicenceAssuranceLevels)
