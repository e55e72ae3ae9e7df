"""The compliance calendar as iCalendar feeds (RFC 5545) for Outlook/Google.

One feed holds every event (``compliance-calendar.ics``); each role in
``owners.yaml`` has its own (``calendar/<role id>.ics``) with the events it
acts on:

- each licence deadline: a yearly recurring all-day event on the last day of
  a periodic duty's window, or a dated one (renewal), with a reminder
  (``VALARM``) :data:`REMINDER_DAYS` days before; the licence's expiry, in
  the whole calendar;
- each periodic control (daily to annual) as a recurring all-day event from
  its ``starts`` date, else the licence's issue date
  (:data:`~licence_needs.derived.schedule.RECURRENCE`); its summary names
  the control ID;
- each control's next review (``last_reviewed`` + interval).

UIDs are made from the IDs, so a subscribed calendar updates rather than
duplicates; ``DTSTAMP`` is the as-of date: the feed is the same bytes for
the same data and date.  Descriptions are in the feed's language, with a
link to the need's page as the caller gives it (``links``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Event, vRecur
from icalendar import Calendar as ICalendar

from ..core.dates import next_window
from ..core.model import Model, Need
from ..core.schema import Lang
from ..core.vocabulary import label, value_label
from ..derived.assurance import Assurance
from ..derived.schedule import Schedule, review_due, runs

ICS_NAME = "compliance-calendar.ics"
#: the folder of the feeds per role, beside the whole calendar
FEEDS_DIR = "calendar"
UID_DOMAIN = "licence-handbook.b2-20192648"
#: how long before a licence deadline the reminder rings
REMINDER_DAYS = 14


def feed_name(role: str) -> str:
    """The file name of a role's feed, under :data:`FEEDS_DIR`."""
    return f"{role}.ics"


def calendar_ics(
    cal: Schedule,
    model: Model,
    lang: Lang,
    day: date,
    *,
    role: str | None = None,
    links: Mapping[str, str] | None = None,
    levels: Assurance | None = None,
) -> bytes:
    """The feed's bytes: every event, or those ``role`` acts on.

    ``links`` maps need IDs to the address of the page they stand on;
    descriptions show it.  With ``levels``, each control's next assessment
    and each evidence item's expiry are events too.
    """
    events = _events(cal, model, lang, day, links or {}, levels)
    return _feed(events, model, lang, role)


def calendar_feeds(
    cal: Schedule,
    model: Model,
    lang: Lang,
    day: date,
    *,
    links: Mapping[str, str] | None = None,
    levels: Assurance | None = None,
) -> dict[str | None, bytes]:
    """The whole calendar (key ``None``) and every role's feed, as
    :func:`calendar_ics` gives each: the events are made and serialised once
    for all of them (serialising is most of the cost)."""
    events = _events(cal, model, lang, day, links or {}, levels)
    roles = [None, *(o.id for o in model.owners)]
    return {role: _feed(events, model, lang, role) for role in roles}


#: an event's bytes, and the roles whose feeds hold it (``None``: only the
#: whole calendar)
_Event = tuple[bytes, frozenset[str] | None]


def _feed(events: list[_Event], model: Model, lang: Lang, role: str | None) -> bytes:
    """A calendar of ``events`` (those of ``role``, if one is given)."""
    owners = {o.id: o for o in model.owners}
    feed = ICalendar()
    feed.add("prodid", "-//licence handbook//B2-20192648//" + lang.upper())
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    name = label("feed.name", lang)
    if role is not None and role in owners:
        name = label(
            "feed.role_name", lang, name=name, role=owners[role].title.get(lang)
        )
    feed.add("x-wr-calname", name)
    # what icalendar writes for the calendar with its events inside, put
    # together from the events' own bytes
    head = feed.to_ical().removesuffix(_END)
    chosen = [
        data
        for data, roles in events
        if role is None or (roles is not None and role in roles)
    ]
    return b"".join((head, *chosen, _END))


_END = b"END:VCALENDAR\r\n"


def _events(
    cal: Schedule,
    model: Model,
    lang: Lang,
    day: date,
    links: Mapping[str, str],
    levels: Assurance | None,
) -> list[_Event]:
    """Every event of the whole calendar, in its order, serialised."""
    owners = {o.id: o for o in model.owners}
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    made: list[tuple[Event, frozenset[str] | None]] = []

    def event(
        uid: str,
        summary: str,
        start: date,
        lines: list[str],
        roles: frozenset[str] | None,
    ) -> Event:
        item = Event()
        item.add("uid", f"{uid}@{UID_DOMAIN}")
        item.add("dtstamp", stamp)
        item.add("summary", summary)
        item.add("dtstart", start)
        item.add("dtend", start + timedelta(days=1))
        item.add("description", "\n".join(line for line in lines if line))
        item.add("transp", "TRANSPARENT")
        made.append((item, roles))
        return item

    def link(need: Need) -> str:
        address = links.get(need.id)
        return f"{label('feed.link', lang)}: {address}" if address else ""

    for entry in cal.dated:
        need = entry.obligation
        due = entry.due
        assert due is not None
        lines = [need.text.get(lang)]
        trigger = need.trigger
        recurring = (
            entry.start is not None and trigger and trigger.start and trigger.due
        )
        if recurring:
            assert trigger is not None and trigger.start and trigger.due
            # anchored at the first window after the licence was issued, so the
            # feed does not move as the year turns; the rule repeats it yearly
            since = model.licence.dates.issued if model.licence else day
            _, due = next_window(trigger.start, trigger.due, since)
            window = f"{trigger.start[0]:02d}-{trigger.start[1]:02d} – "
            window += f"{trigger.due[0]:02d}-{trigger.due[1]:02d}"
            lines.append(f"{label('feed.window', lang)}: {window}")
        if entry.owners:
            names = ", ".join(o.title.get(lang) for o in entry.owners)
            lines.append(f"{label('feed.owners', lang)}: {names}")
        if entry.controls:
            ids = ", ".join(c.id for c in entry.controls)
            lines.append(f"{label('feed.controls', lang)}: {ids}")
        lines.append(link(need))
        summary = f"{label('feed.due', lang)}: {need.title.get(lang)} ({need.id})"
        roles = frozenset(o.id for o in entry.owners)
        item = event(need.id, summary, due, lines, roles)
        if recurring:
            item.add("rrule", vRecur(freq="yearly"))
        item.add_component(_reminder(summary))

    for run in runs(model):
        control = run.control
        summary = f"{control.id} {control.title.get(lang)}"
        lines = [
            control.text.get(lang),
            f"{label('feed.frequency', lang)}: "
            + value_label("frequency", control.frequency, lang),
            _owner_line(control, owners, lang),
            link(control),
        ]
        item = event(
            f"run-{control.id}", summary, run.first, lines, _roles(control.owner)
        )
        rule = vRecur(freq=run.freq.lower())
        if run.interval > 1:
            rule["interval"] = run.interval
        item.add("rrule", rule)

    for control in model.needs:
        if control.type != "control":
            continue
        due = review_due(control)
        if due is None:
            continue
        summary = (
            f"{label('feed.review', lang)}: {control.id} {control.title.get(lang)}"
        )
        lines = [
            label("feed.review_text", lang, last=control.last_reviewed),
            _owner_line(control, owners, lang),
            link(control),
        ]
        event(f"review-{control.id}", summary, due, lines, _roles(control.owner))

    if levels is not None:
        for kind, need, when, owner_ids in _assurance_dates(model, levels):
            summary = (
                f"{label(f'feed.{kind}', lang)}: {need.title.get(lang)} ({need.id})"
            )
            event(
                f"{kind}-{need.id}", summary, when, [link(need)], frozenset(owner_ids)
            )

    if model.licence is not None:
        expires = model.licence.dates.expires
        summary = f"{label('feed.expiry', lang)} ({model.licence.number})"
        item = event(f"expiry-{model.licence.number}", summary, expires, [], None)
        item.add_component(_reminder(summary))
    return [(item.to_ical(), roles) for item, roles in made]


def _roles(owner: str | None) -> frozenset[str]:
    """The roles a control's events go to: its owner's (none without one)."""
    return frozenset((owner,)) if owner else frozenset()


def _assurance_dates(
    model: Model, levels: Assurance
) -> list[tuple[str, Need, date, set[str]]]:
    """(kind, need, day, roles concerned): the next assessment due per
    control, and each evidence item's expiry (its controls' owners)."""
    owners_of: dict[str, set[str]] = {}
    for need in model.needs:
        if need.type == "control" and need.owner:
            for evidence in need.targets("evidenced_by"):
                owners_of.setdefault(evidence, set()).add(need.owner)
    dated = [
        ("assessment", c.control, c.due, {c.control.owner or ""})
        for c in levels.controls.values()
        if c.due is not None
    ]
    dated += [
        ("evidence", item, until, owners_of.get(item.id, set()))
        for item, until in levels.evidence_expiry
    ]
    return dated


def _reminder(summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
    return alarm


def _owner_line(control: Need, owners: Mapping[str, object], lang: Lang) -> str:
    owner = owners.get(control.owner or "")
    title = getattr(owner, "title", None)
    who = title.get(lang) if title is not None else control.owner or ""
    return f"{label('feed.owners', lang)}: {who}" if who else ""
