"""The compliance calendar as an iCalendar feed (RFC 5545) for Outlook/Google.

- a yearly recurring all-day event (``RRULE:FREQ=YEARLY``) on the last day of
  each periodic duty's window, with the window in its description;
- a dated all-day event for each fixed deadline (renewal) and for expiry;
- UIDs made from the obligation IDs, so re-imports update, not duplicate;
- an all-day event for each control's next assessment and for the day each
  evidence item stops being current (when the data dates them);
- ``DTSTAMP`` is the as-of date: the feed is the same bytes for the same data
  and date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar as ICalendar
from icalendar import Event, vRecur

from ..core.dates import next_window
from ..core.model import Model
from ..core.schema import Lang
from ..core.vocabulary import label
from ..derived.assurance import Assurance
from ..derived.schedule import Schedule

ICS_NAME = "compliance-calendar.ics"
UID_DOMAIN = "licence-handbook.b2-20192648"


def calendar_ics(
    cal: Schedule,
    model: Model,
    lang: Lang,
    day: date,
    levels: Assurance | None = None,
) -> bytes:
    """The feed's bytes; with ``levels``, assessment and evidence dates too."""
    feed = ICalendar()
    feed.add("prodid", "-//licence handbook//B2-20192648//" + lang.upper())
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", label("feed.name", lang))
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    for entry in cal.dated:
        need = entry.obligation
        due = entry.due
        assert due is not None
        event = Event()
        event.add("uid", f"{need.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add(
            "summary",
            f"{label('feed.due', lang)}: {need.title.get(lang)} ({need.id})",
        )
        lines = [need.text.get(lang)]
        trigger = need.trigger
        if entry.start is not None and trigger and trigger.start and trigger.due:
            # anchored at the first window after the licence was issued, so the
            # feed does not move as the year turns; the rule repeats it yearly
            since = model.licence.dates.issued if model.licence else day
            _, due = next_window(trigger.start, trigger.due, since)
            window = f"{trigger.start[0]:02d}-{trigger.start[1]:02d} – "
            window += f"{trigger.due[0]:02d}-{trigger.due[1]:02d}"
            lines.append(f"{label('feed.window', lang)}: {window}")
            event.add("rrule", vRecur(freq="yearly"))
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        if entry.owners:
            names = ", ".join(o.title.get(lang) for o in entry.owners)
            lines.append(f"{label('feed.owners', lang)}: {names}")
        if entry.controls:
            ids = ", ".join(c.id for c in entry.controls)
            lines.append(f"{label('feed.controls', lang)}: {ids}")
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    if levels is not None:
        _assurance_events(feed, levels, lang, stamp)
    if model.licence is not None:
        number = model.licence.number
        summary = f"{label('feed.expiry', lang)} ({number})"
        _all_day(feed, f"expiry-{number}", summary, model.licence.dates.expires, stamp)
    return feed.to_ical()


def _all_day(
    feed: ICalendar, uid: str, summary: str, day: date, stamp: datetime
) -> None:
    """A one-day event that does not block time."""
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    feed.add_component(event)


def _assurance_events(
    feed: ICalendar, levels: Assurance, lang: Lang, stamp: datetime
) -> None:
    """The next assessment due per control, and each evidence expiry."""
    dated = [
        ("assessment", control.control, control.due)
        for control in levels.controls.values()
        if control.due is not None
    ]
    dated += [("evidence", item, until) for item, until in levels.evidence_expiry]
    for kind, need, when in dated:
        summary = f"{label(f'feed.{kind}', lang)}: {need.title.get(lang)} ({need.id})"
        _all_day(feed, f"{kind}-{need.id}", summary, when, stamp)
