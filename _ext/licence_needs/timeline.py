"""Dates: the day a build is "as of", and the licence's status on that day.

The as-of date is ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds,
tests, an audit as of a given day), otherwise today in China Standard Time,
the licence's own time zone.  A nightly build therefore notices time passing:
the day a deadline passes, its finding appears.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Literal

CST = timezone(timedelta(hours=8), "CST")


class DateError(ValueError):
    """``SOURCE_DATE_EPOCH`` does not hold a date."""


Status = Literal["valid", "renewal-window-open", "renewal-deadline-passed", "expired"]


def as_of(environ: Mapping[str, str] | None = None) -> date:
    """The build's date: ``SOURCE_DATE_EPOCH`` (seconds, UTC) or today, in CST."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise DateError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}"
            ) from None
    else:
        moment = datetime.now(tz=UTC)
    return moment.astimezone(CST).date()


@dataclass(frozen=True)
class LicenceDates:
    """The licence's dates and the renewal rule of special provision 十二."""

    issued: date
    expires: date  # the last day of validity ("有效期至")
    renewal_notice_days: int = 90  # apply this many days before expiry
    renewal_window_days: int = 90  # the window opens this long before the deadline

    @property
    def renewal_deadline(self) -> date:
        """The last day to apply for renewal: 90 days before expiry (十二)."""
        return self.expires - timedelta(days=self.renewal_notice_days)

    @property
    def renewal_window_opens(self) -> date:
        return self.renewal_deadline - timedelta(days=self.renewal_window_days)

    def status(self, day: date) -> Status:
        """What the licence is on ``day``.

        The deadline and the expiry date are still in time (apply *by* the
        deadline; valid *until* the expiry date); the window is open from its
        first day.
        """
        if day > self.expires:
            return "expired"
        if day > self.renewal_deadline:
            return "renewal-deadline-passed"
        if day >= self.renewal_window_opens:
            return "renewal-window-open"
        return "valid"
