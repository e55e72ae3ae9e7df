"""Assurance levels as plain data: how far each obligation is shown to be met.

Coverage says a control names an obligation; assurance says whether the
controls were assessed, with what result, and whether that is still current
(:mod:`licence_needs.core.assessments`).  An obligation takes the worst
level among its controls (:data:`~licence_needs.core.schema.ASSURANCE_LEVELS`,
worst first); with no control it is ``waived`` while a waiver is in force,
``uncovered`` otherwise.  Provisions and owners are rolled up by counting
their obligations per level.  No Sphinx and no language: the views and
exports pick words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from ..core.assessments import control_level, expires, latest_assessments, next_due
from ..core.model import Assessment, Model, Need, Owner
from ..core.schema import ASSURANCE_LEVELS

_RANK = {level: rank for rank, level in enumerate(ASSURANCE_LEVELS)}


@dataclass(frozen=True)
class ControlAssurance:
    """One control as of the day: its latest assessment and what it means."""

    control: Need
    level: str
    latest: Assessment | None
    due: date | None  # the next assessment is due by this day


@dataclass(frozen=True)
class Counts:
    """Obligations counted by level (every level present, zero or not)."""

    by_level: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    def __getitem__(self, level: str) -> int:
        return self.by_level[level]


@dataclass(frozen=True)
class Assurance:
    """Every level of one model as of one day."""

    controls: Mapping[str, ControlAssurance]
    obligations: Mapping[str, str]  # obligation ID → level
    by_provision: tuple[tuple[Need, Counts], ...]
    by_owner: tuple[tuple[Owner | None, Counts], ...]
    total: Counts
    #: evidence items that say until when they are current: (item, last day)
    evidence_expiry: tuple[tuple[Need, date], ...]

    def level(self, need: Need) -> str | None:
        """The level of an obligation or a control (None for other needs)."""
        if need.type == "obligation":
            return self.obligations.get(need.id)
        if need.type == "control":
            found = self.controls.get(need.id)
            return found.level if found else None
        return None


def worst(levels: Iterable[str]) -> str:
    """The worst of ``levels`` (``effective`` for none)."""
    return min(levels, key=_RANK.__getitem__, default="effective")


def count(levels: Iterable[str]) -> Counts:
    """How many of ``levels`` are each level."""
    tally = dict.fromkeys(ASSURANCE_LEVELS, 0)
    for level in levels:
        tally[level] += 1
    return Counts(MappingProxyType(tally))


def build(model: Model, day: date | None) -> Assurance:
    """The levels of ``model`` as of ``day`` (None: no check of time)."""
    latest = latest_assessments(model)
    needs = [n for n in model.needs if n.id]
    controls = {
        n.id: ControlAssurance(
            n,
            control_level(model, n, latest.get(n.id), day),
            latest.get(n.id),
            next_due(n, latest.get(n.id)),
        )
        for n in needs
        if n.type == "control"
    }
    waived = {w.obligation for w in model.waivers if day is None or w.active(day)}
    implementers = model.implemented_by
    obligations: dict[str, str] = {}
    for need in needs:
        if need.type != "obligation" or need.id in obligations:
            continue
        mine = [controls[c.id].level for c in implementers.get(need.id, ())]
        if mine:
            obligations[need.id] = worst(mine)
        else:
            obligations[need.id] = "waived" if need.id in waived else "uncovered"

    of_provision: dict[str, list[str]] = {}
    for need in needs:
        if need.type == "obligation":
            for target in need.targets("derives_from")[:1]:
                of_provision.setdefault(target, []).append(obligations[need.id])
    by_provision = tuple(
        (n, count(of_provision[n.id]))
        for n in needs
        if n.type == "provision" and n.id in of_provision
    )

    known = {o.id: o for o in model.owners}
    of_owner: dict[str | None, dict[str, str]] = {}
    for control in controls.values():
        key = control.control.owner if control.control.owner in known else None
        for target in control.control.targets("implements"):
            if target in obligations:
                of_owner.setdefault(key, {})[target] = obligations[target]
    by_owner = tuple(
        (known.get(key) if key else None, count(of_owner[key].values()))
        for key in [*known, None]
        if key in of_owner
    )
    expiry = tuple(
        (n, until)
        for n in needs
        if n.type == "evidence" and (until := expires(n)) is not None
    )
    return Assurance(
        controls=MappingProxyType(controls),
        obligations=MappingProxyType(obligations),
        by_provision=by_provision,
        by_owner=by_owner,
        total=count(obligations.values()),
        evidence_expiry=expiry,
    )
