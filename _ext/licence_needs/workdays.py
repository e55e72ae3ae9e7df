"""PRC working days, for time limits such as "within 10 working days" (九).

Working days follow the State Council's published holiday schedule, official
holidays and the adjusted working weekends (调休) both, as the maintained
``chinesecalendar`` package records it.  The schedule for a year is published
late in the year before; for a year the package does not know yet, days are
counted Monday to Friday and the result says it is an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True)
class Deadline:
    """A computed due date; ``exact`` is False where a year's schedule is unknown."""

    day: date
    exact: bool = True


def is_working_day(day: date) -> tuple[bool, bool]:
    """(whether ``day`` is a working day, whether that is known for certain)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:  # the year's schedule is not published yet
        return day.weekday() < 5, False


def add_working_days(start: date, count: int) -> Deadline:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day, exact, left = start, True, count
    while left > 0:
        day += timedelta(days=1)
        working, known = is_working_day(day)
        exact = exact and known
        if working:
            left -= 1
    return Deadline(day, exact)


def add_days(start: date, count: int) -> Deadline:
    """The day ``count`` calendar days after ``start``."""
    return Deadline(start + timedelta(days=count))
