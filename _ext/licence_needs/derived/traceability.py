"""The traceability views as plain data: what the matrix, the reverse views, the
dashboard and the exports show, computed once from the model.

No Sphinx and no language here: rows hold needs, and the adapters and
exporters pick titles in the language they write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ..core.model import Model, Need, Owner, Waiver, unique


@dataclass(frozen=True)
class Row:
    """One obligation–control pair; ``control`` is None for a gap, which an
    active ``waiver`` may stand in for."""

    provision: Need | None
    obligation: Need
    control: Need | None
    evidence: tuple[Need, ...] = ()
    waiver: Waiver | None = None

    @property
    def covered(self) -> bool:
        """Whether a control meets the obligation: a waiver accepts the gap,
        it does not cover it."""
        return self.control is not None

    @property
    def status(self) -> str:
        """covered, waived or gap."""
        if self.control is not None:
            return "covered"
        return "waived" if self.waiver is not None else "gap"


@dataclass(frozen=True)
class Tally:
    """Obligations counted for one provision or one owner: ``covered`` by a
    control; ``waived``, an accepted gap, is never counted as covered."""

    total: int = 0
    covered: int = 0
    waived: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 100.0


@dataclass(frozen=True)
class Trace:
    """Every view of one model."""

    rows: tuple[Row, ...]
    by_provision: tuple[tuple[Need, Tally], ...]
    by_owner: tuple[tuple[Owner | None, tuple[Need, ...], tuple[Need, ...]], ...]
    by_control: tuple[tuple[Need, tuple[Row, ...]], ...]
    by_regulation: tuple[tuple[Need, tuple[Need, ...], tuple[Need, ...]], ...]

    @property
    def gaps(self) -> tuple[Need, ...]:
        """Obligations no control implements and no waiver stands in for."""
        return tuple(row.obligation for row in self.rows if row.status == "gap")

    @property
    def waived(self) -> tuple[Need, ...]:
        """Obligations no control implements, under a waiver in force."""
        return tuple(row.obligation for row in self.rows if row.status == "waived")

    @property
    def total(self) -> Tally:
        return _tally(self.rows)


def build(model: Model, day: date | None = None) -> Trace:
    """All views of ``model``, in the order of the data files; waivers count
    where they are in force on ``day``."""
    waivers = {w.obligation: w for w in model.waivers if day is None or w.active(day)}
    index = model.index
    needs = [n for n in model.needs if n.id]
    controls = [n for n in needs if n.type == "control"]
    implementers = model.implemented_by

    rows: list[Row] = []
    for obligation in (n for n in needs if n.type == "obligation"):
        provision = _first(index, obligation.targets("derives_from"))
        for control in implementers.get(obligation.id, ()) or (None,):
            evidence = (
                tuple(_each(index, control.targets("evidenced_by"))) if control else ()
            )
            waiver = waivers.get(obligation.id) if control is None else None
            rows.append(Row(provision, obligation, control, evidence, waiver))

    # every view groups the rows once: linear in the size of the data
    rows_of_provision: dict[str, list[Row]] = defaultdict(list)
    rows_of_control: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.provision is not None:
            rows_of_provision[row.provision.id].append(row)
        if row.control is not None:
            rows_of_control[row.control.id].append(row)

    by_provision = []
    for provision in (n for n in needs if n.type == "provision"):
        mine = rows_of_provision.get(provision.id, [])
        if mine:
            by_provision.append((provision, _tally(mine)))

    by_control = tuple(
        (control, tuple(rows_of_control.get(control.id, []))) for control in controls
    )
    owners: dict[str | None, Owner | None] = {o.id: o for o in model.owners}
    controls_of_owner: dict[str | None, list[Need]] = defaultdict(list)
    for control in controls:
        controls_of_owner[_owner_key(control, owners)].append(control)
    by_owner = []
    for owner_id in [*owners, None]:
        owned = tuple(controls_of_owner.get(owner_id, []))
        if not owned and owner_id is None:
            continue
        obligations = unique(
            r.obligation for c in owned for r in rows_of_control.get(c.id, [])
        )
        owner = owners.get(owner_id) if owner_id else None
        by_owner.append((owner, owned, obligations))

    citing_of: dict[str, list[Need]] = defaultdict(list)
    for provision in (n for n in needs if n.type == "provision"):
        for regulation_id in provision.targets("cites"):
            citing_of[regulation_id].append(provision)
    by_regulation = []
    for regulation in (n for n in needs if n.type == "regulation"):
        citing = tuple(citing_of.get(regulation.id, []))
        duties = unique(
            r.obligation for p in citing for r in rows_of_provision.get(p.id, [])
        )
        by_regulation.append((regulation, citing, duties))

    return Trace(
        rows=tuple(rows),
        by_provision=tuple(by_provision),
        by_owner=tuple(by_owner),
        by_control=by_control,
        by_regulation=tuple(by_regulation),
    )


def _tally(rows: Iterable[Row]) -> Tally:
    """Obligations of ``rows``, those a control covers and those waived."""
    total: set[str] = set()
    covered: set[str] = set()
    waived: set[str] = set()
    for row in rows:
        total.add(row.obligation.id)
        if row.covered:
            covered.add(row.obligation.id)
        elif row.waiver is not None:
            waived.add(row.obligation.id)
    return Tally(len(total), len(covered), len(waived - covered))


def _first(index: dict[str, Need], ids: tuple[str, ...]) -> Need | None:
    return next(_each(index, ids), None)


def _each(index: dict[str, Need], ids: tuple[str, ...]) -> Iterator[Need]:
    return (index[i] for i in dict.fromkeys(ids) if i in index)


def _owner_key(control: Need, owners: dict[str | None, Owner | None]) -> str | None:
    return control.owner if control.owner in owners else None
