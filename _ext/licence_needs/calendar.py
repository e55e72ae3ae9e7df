"""The compliance calendar as plain data: when each obligation falls due.

Periodic duties recur every year (the next window on or after the as-of
date); dated duties fall on a day fixed by the licence (renewal: 90 days
before expiry); event-driven duties have a time limit that starts when
something happens, and make a runbook rather than a date.  Nothing here knows
Sphinx or a language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .model import Model, Need, Owner, unique
from .workdays import Deadline, add_days, add_working_days


@dataclass(frozen=True)
class Entry:
    """One obligation's timing, with who acts and what they leave."""

    obligation: Need
    controls: tuple[Need, ...]
    owners: tuple[Owner, ...]
    start: date | None = None  # periodic: the window opens
    due: date | None = None  # periodic and dated: the last day
    example: Deadline | None = None  # event: the deadline if it happened today

    @property
    def kind(self) -> str:
        trigger = self.obligation.trigger
        return trigger.kind if trigger else "standing"


@dataclass(frozen=True)
class Calendar:
    dated: tuple[Entry, ...]  # periodic and dated, by due date
    events: tuple[Entry, ...]  # event-driven, in data order
    standing: tuple[Entry, ...]


def build(model: Model, day: date) -> Calendar:
    owners = {o.id: o for o in model.owners}
    implementers: dict[str, list[Need]] = {}
    for control in model.needs:
        if control.type == "control" and control.id:
            for target in control.targets("implements"):
                implementers.setdefault(target, []).append(control)
    dated, events, standing = [], [], []
    for need in model.needs:
        if need.type != "obligation" or need.trigger is None:
            continue
        mine = tuple(implementers.get(need.id, []))
        people = unique(owners[c.owner] for c in mine if c.owner in owners)
        trigger = need.trigger
        if trigger.kind == "periodic" and trigger.start and trigger.due:
            start, due = next_window(trigger.start, trigger.due, day)
            dated.append(Entry(need, mine, people, start=start, due=due))
        elif trigger.kind == "dated" and model.licence and trigger.before_expiry:
            due = model.licence.dates.expires - timedelta(days=trigger.before_expiry)
            dated.append(Entry(need, mine, people, due=due))
        elif trigger.kind == "event" and trigger.within is not None:
            add = add_working_days if trigger.unit == "working_days" else add_days
            events.append(Entry(need, mine, people, example=add(day, trigger.within)))
        else:
            standing.append(Entry(need, mine, people))
    dated.sort(key=lambda e: (e.due or day, e.obligation.id))
    return Calendar(tuple(dated), tuple(events), tuple(standing))


def next_window(
    start: tuple[int, int], due: tuple[int, int], day: date
) -> tuple[date, date]:
    """The yearly window (start, due) that is current or next on ``day``.

    A window may run over the new year (from 12-01 by 01-31).
    """
    for year in (day.year - 1, day.year, day.year + 1):
        opens = _day_of(year, start)
        closes = _day_of(year + (1 if due < start else 0), due)
        if closes >= day:
            return opens, closes
    raise AssertionError("unreachable: a window closes every year")


def _day_of(year: int, month_day: tuple[int, int]) -> date:
    month, day = month_day
    if (month, day) == (2, 29):  # in years without it, the window ends a day early
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)
