"""Dates: the day a build is "as of", and the calendar arithmetic of the rules.

The as-of date is ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds,
tests, an audit as of a given day), otherwise today in China Standard Time,
the licence's own time zone.  A nightly build therefore notices time passing:
the day a deadline passes, its finding appears.

Working days follow the State Council's published holiday schedule, official
holidays and the adjusted working weekends (调休) both, as the maintained
``chinesecalendar`` package records it.  The schedule for a year is published
late in the year before; for a year the package does not know yet, days are
counted Monday to Friday and the result says it is an estimate.
"""

from __future__ import annotations

import calendar
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import chinese_calendar

CST = timezone(timedelta(hours=8), "CST")


class DateError(ValueError):
    """``SOURCE_DATE_EPOCH`` does not hold a date."""


#: the as-of dates a build can be made for: the XLSX (a zip archive) stores
#: no time before 1980 or after 2107
EARLIEST, LATEST = date(1980, 1, 1), date(2107, 12, 31)


def as_of(environ: Mapping[str, str] | None = None) -> date:
    """The build's date: ``SOURCE_DATE_EPOCH`` (seconds, UTC) or today, in CST.

    Raises :class:`DateError` for a value that is not whole seconds, or that
    gives a day outside :data:`EARLIEST` … :data:`LATEST`.
    """
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        problem = (
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 giving a day "
            f"from {EARLIEST} to {LATEST} (China Standard Time), not {epoch!r}"
        )
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise DateError(problem) from None
        if not EARLIEST <= moment.astimezone(CST).date() <= LATEST:
            raise DateError(problem)
    else:
        moment = datetime.now(tz=UTC)
    return moment.astimezone(CST).date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day if it has fewer)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
