"""The compliance schedule as plain data: when each obligation falls due.

Periodic duties recur every year (the next window on or after the as-of
date); dated duties fall on a day fixed by the licence (renewal: 90 days
before expiry); event-driven duties have a time limit that starts when
something happens, and make a runbook rather than a date.  Each role's part:
its periodic control runs, reviews and the deadlines it acts on
(:func:`due_between`).  Nothing here knows Sphinx; words come from the
vocabulary.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from ..core.dates import (
    Deadline,
    add_days,
    add_months,
    add_working_days,
    next_window,
)
from ..core.model import Model, Need, Owner, unique
from ..core.schema import Lang
from ..core.vocabulary import label, value_label


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


# -- what each role must do, by when ----------------------------------------------

#: frequency → (RFC 5545 FREQ, INTERVAL); continuous and per_event controls
#: are not calendar events (the runbook lists the per-event duties)
RECURRENCE: dict[str, tuple[str, int]] = {
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "semiannual": ("MONTHLY", 6),
    "annual": ("YEARLY", 1),
}
#: frequencies listed once (their next run) in "what falls due": a line per
#: day of a daily log check would bury everything else
ROUTINE = ("daily", "weekly")


@dataclass(frozen=True)
class Run:
    """A periodic control's recurrence: ``freq``/``interval`` from ``first``."""

    control: Need
    first: date  # the control's ``starts``, else the licence's issue date
    freq: str
    interval: int


@dataclass(frozen=True)
class Due:
    """One thing that falls due on ``day``, and the roles that act on it.

    ``kind``: ``run`` (a periodic control's run), ``review`` (a control's
    review), ``deadline`` (a licence deadline; ``need`` is the obligation)
    or, once assessments exist, ``assessment``.
    """

    day: date
    kind: str
    need: Need
    roles: tuple[str, ...]
    frequency: str | None = None  # run: the control's frequency

    def owned_by(self, role: str | None) -> bool:
        return role is None or role in self.roles


def runs(model: Model) -> tuple[Run, ...]:
    """The recurrence of every periodic control, in data order.

    A control without ``starts`` counts from the licence's issue date; with
    neither (a project without a licence section) it is not scheduled.
    """
    issued = model.licence.dates.issued if model.licence else None
    result = []
    for need in model.needs:
        if need.type != "control" or need.frequency not in RECURRENCE:
            continue
        first = need.starts or issued
        if first is None:
            continue
        freq, interval = RECURRENCE[need.frequency]
        result.append(Run(need, first, freq, interval))
    return tuple(result)


def occurrences(run: Run, start: date, end: date) -> list[date]:
    """The days ``run`` falls on from ``start`` to ``end`` (both included).

    As RFC 5545 reads the rule: a monthly or yearly run on a day a month or
    year lacks (the 31st, 29 February) skips that month or year, so the
    page, ``make due`` and a calendar program agree.
    """
    if end < start or end < run.first:
        return []
    first = run.first
    if run.freq in ("DAILY", "WEEKLY"):
        step = run.interval * (1 if run.freq == "DAILY" else 7)
        skip = max(0, (start - first).days)
        day = first + timedelta(days=-(-skip // step) * step)
        result = []
        while day <= end:
            result.append(day)
            day += timedelta(days=step)
        return result
    months = run.interval * (12 if run.freq == "YEARLY" else 1)
    # jump close to ``start`` instead of walking from a date years back
    behind = (start.year - first.year) * 12 + start.month - first.month
    k = max(0, behind // months - 1)
    result = []
    while True:
        total = first.month - 1 + k * months
        year, month = first.year + total // 12, total % 12 + 1
        if date(year, month, 1) > end:
            return result
        if first.day <= calendar.monthrange(year, month)[1]:
            day = date(year, month, first.day)
            if start <= day <= end:
                result.append(day)
        k += 1


def review_due(control: Need) -> date | None:
    """When a control is next reviewed: its last review plus its interval."""
    if control.last_reviewed is None or control.review_months is None:
        return None
    return add_months(control.last_reviewed, control.review_months)


def due_between(
    model: Model, cal: Schedule, start: date, end: date, role: str | None = None
) -> list[Due]:
    """Everything that falls due from ``start`` to ``end`` (both included),
    for ``role`` or everyone, by day, then ID.

    Periodic controls by their recurrence (daily and weekly ones once, on
    their next run: :data:`ROUTINE`); control reviews; licence deadlines,
    with the owners of the controls that meet them; assessments, once the
    data holds them (:func:`_assessments_due`).  Event-driven duties have no
    date: they are the runbook (``Schedule.events``).
    """
    found: list[Due] = []
    for run in runs(model):
        days = occurrences(run, start, end)
        if run.control.frequency in ROUTINE:
            days = days[:1]
        roles = _roles(run.control)
        frequency = run.control.frequency
        found.extend(Due(d, "run", run.control, roles, frequency) for d in days)
    for need in model.needs:
        if need.type == "control":
            day = review_due(need)
            if day is not None and start <= day <= end:
                found.append(Due(day, "review", need, _roles(need)))
    for entry in cal.dated:
        roles = tuple(o.id for o in entry.owners)
        for day in _deadline_days(entry, start, end):
            found.append(Due(day, "deadline", entry.obligation, roles))
    found.extend(_assessments_due(model, start, end))
    return sorted(
        (d for d in found if d.owned_by(role)),
        key=lambda d: (d.day, d.need.id, d.kind),
    )


def _deadline_days(entry: Entry, start: date, end: date) -> list[date]:
    """The days a dated entry falls due in the span: a yearly window's last
    day each year, or the one fixed day."""
    assert entry.due is not None
    trigger = entry.obligation.trigger
    if entry.start is None or trigger is None or not trigger.start or not trigger.due:
        return [entry.due] if start <= entry.due <= end else []
    days = []
    for year in range(start.year - 1, end.year + 1):
        _, due = next_window(trigger.start, trigger.due, date(year, 1, 1))
        if start <= due <= end and due not in days:
            days.append(due)
    return days


def _assessments_due(model: Model, start: date, end: date) -> list[Due]:
    """Assessments due in the span (kind ``assessment``): none until the data
    records assessments; this is where they join the calendar and feeds."""
    return []


def _roles(control: Need) -> tuple[str, ...]:
    return (control.owner,) if control.owner else ()


def runbook_of(cal: Schedule, role: str | None = None) -> tuple[Entry, ...]:
    """The event-driven duties ``role`` acts on (everyone's for None)."""
    return tuple(
        e for e in cal.events if role is None or role in {o.id for o in e.owners}
    )


def kind_text(due: Due, lang: Lang) -> str:
    """What kind of thing falls due, in words (a run says how often)."""
    text = label(f"due.{due.kind}", lang)
    if due.frequency:
        text += f" ({value_label('frequency', due.frequency, lang)})"
    return text
