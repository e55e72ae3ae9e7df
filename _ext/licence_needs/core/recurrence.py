"""Checks of the data that schedules each role's work (periodic runs, feeds,
``make due``): a date that would be silently ignored is a finding."""

from __future__ import annotations

from collections.abc import Iterator

from .checks import Context, check
from .findings import Finding

#: frequencies that make no calendar events (``derived.schedule.RECURRENCE``)
UNSCHEDULED = ("continuous", "per_event")


@check("starts-not-periodic")
def starts_without_schedule(context: Context) -> Iterator[Finding]:
    """``starts`` on a continuous or per-event control does nothing: say so
    rather than drop it."""
    for need in context.model.needs:
        if need.type == "control" and need.starts and need.frequency in UNSCHEDULED:
            yield Finding.of(
                "starts-not-periodic",
                need.file,
                need.starts_line or need.line,
                f"'starts' ({need.starts}) has no effect: frequency is "
                f"{need.frequency}, which makes no calendar events",
                need.id,
            )
