"""Change control as the views show it: per matrix row and per provision.

A matrix row (obligation–control pair) awaits review when one of its links
does: the obligation against its provision, the control against the
obligation, an evidence item against the control; its English is pending
when any of its items' English is stale.  The dashboard counts the same per
provision.  Pure data: the adapters and exporters pick the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Model
from ..core.review import Review, evaluate
from .traceability import Row, Trace

#: the states of a row or a provision, in the order they are shown
PENDING = ("suspect", "translation-stale")


def _links(row: Row) -> list[tuple[str, str]]:
    keys = []
    if row.provision is not None:
        keys.append((row.obligation.id, f"derives_from {row.provision.id}"))
    if row.control is not None:
        keys.append((row.control.id, f"implements {row.obligation.id}"))
        keys.extend((e.id, f"evidenced_by {row.control.id}") for e in row.evidence)
    return keys


def _items(row: Row) -> list[str]:
    needs = [row.provision, row.obligation, row.control, *row.evidence]
    return [need.id for need in needs if need is not None]


@dataclass(frozen=True)
class ProvisionReview:
    """Suspect (or not yet reviewed) links and stale translations under one
    provision: its obligations, their controls and the controls' evidence."""

    suspect_links: int = 0
    stale_translations: int = 0


@dataclass(frozen=True)
class ReviewState:
    """The review state of one model, for the matrix, dashboard and exports."""

    review: Review

    @property
    def in_use(self) -> bool:
        return self.review.in_use

    def pending_links(self, row: Row) -> list[tuple[str, str]]:
        """The row's links that are suspect or not reviewed yet."""
        return [
            key
            for key in _links(row)
            if self.review.state(*key) in ("suspect", "unreviewed")
        ]

    def stale_items(self, row: Row) -> list[str]:
        """The row's items whose English is stale."""
        return [i for i in _items(row) if self.review.translation_stale(i)]

    def row_states(self, row: Row) -> tuple[str, ...]:
        """Which of :data:`PENDING` apply to a row."""
        found = []
        if self.pending_links(row):
            found.append("suspect")
        if self.stale_items(row):
            found.append("translation-stale")
        return tuple(found)

    def by_provision(self, trace: Trace) -> dict[str, ProvisionReview]:
        """Provision ID → its counts (distinct links and items)."""
        links: dict[str, set[tuple[str, str]]] = {}
        stale: dict[str, set[str]] = {}
        for row in trace.rows:
            if row.provision is None:
                continue
            links.setdefault(row.provision.id, set()).update(self.pending_links(row))
            stale.setdefault(row.provision.id, set()).update(self.stale_items(row))
        return {pid: ProvisionReview(len(links[pid]), len(stale[pid])) for pid in links}


def build(model: Model) -> ReviewState:
    """The review state of ``model`` (nothing pending without a stamp file)."""
    return ReviewState(evaluate(model))
