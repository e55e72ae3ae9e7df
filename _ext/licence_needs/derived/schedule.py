"""The compliance schedule as plain data: when each obligation falls due.

Periodic duties recur every year (the next window on or after the as-of
date); dated duties fall on a day fixed by the licence (renewal: 90 days
before expiry); event-driven duties have a time limit that starts when
something happens, and make a runbook rather than a date.  Nothing here knows
Sphinx or a language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..core.dates import Deadline, add_days, add_working_days, next_window
from ..core.model import Model, Need, Owner, unique


@dataclass(frozen=True)
class Entry:
    """One obligation's timing, with who acts and what they leave."""

    obligation: Need
    controls: tuple[Need, ...]
    owners: tuple[Owner, ...]
    start: date | None = None  # periodic: the window opens
    due: date | None = None  # periodic and dated: the last day
    example: Deadline | None = None  # event: the deadline if it happened today


@dataclass(frozen=True)
class Schedule:
    """What falls due: dated entries (periodic and fixed), and the runbook."""

    dated: tuple[Entry, ...]  # periodic and dated, by due date
    events: tuple[Entry, ...]  # event-driven, in data order


def build(model: Model, day: date) -> Schedule:
    """The schedule as of ``day``: each periodic duty's current or next window."""
    owners = {o.id: o for o in model.owners}
    dated, events = [], []
    for need in model.needs:
        if need.type != "obligation" or need.trigger is None:
            continue
        mine = model.implemented_by.get(need.id, ())
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
    dated.sort(key=lambda e: (e.due or day, e.obligation.id))
    return Schedule(tuple(dated), tuple(events))
