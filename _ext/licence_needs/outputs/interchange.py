"""What the ReqIF and OSCAL writers share: the needs in a stable order, the
as-of moment, and the words for an obligation's trigger.

Both formats are read by other people's tools, which know nothing of our
data's mistakes: the writers take each ID once (the first of duplicates,
which the gate reports) and leave out links to IDs that do not exist
(reported as ``unknown-link``), so that a failing build still writes a
file those tools can open.
"""

from __future__ import annotations

from datetime import date

from ..core.model import Model, Need, Trigger
from ..core.schema import LINK_TYPES, Lang
from ..core.vocabulary import label

#: the need types the exports carry, in the order they are written
TYPES: tuple[str, ...] = (
    "regulation",
    "provision",
    "obligation",
    "control",
    "evidence",
)


def needs_of(model: Model, need_type: str) -> tuple[Need, ...]:
    """The needs of one type, in file order, each ID once."""
    return model.of_type(need_type)


def links_of(model: Model, need: Need) -> list[tuple[str, Need]]:
    """A need's outgoing links that resolve to a need of the right type, in
    the order of the link types and then of the data: (link name, target)."""
    index = model.index
    found = []
    for name, (source, target_type) in LINK_TYPES.items():
        if source != need.type:
            continue
        for target_id in dict.fromkeys(need.targets(name)):
            target = index.get(target_id)
            if target is not None and target.type == target_type:
                found.append((name, target))
    return found


def moment(day: date) -> str:
    """The as-of date as an ISO timestamp, midnight China Standard Time."""
    return f"{day.isoformat()}T00:00:00+08:00"


def one_line(text: str) -> str:
    """A title or property value on one line (OSCAL and ReqIF names)."""
    return " ".join(text.split())


def trigger_text(trigger: Trigger | None, lang: Lang) -> str:
    """When an obligation falls due, in words, as the calendar says it."""
    if trigger is None:
        return ""
    if trigger.kind == "standing":
        return label("interchange.standing", lang)
    if trigger.kind == "periodic" and trigger.start and trigger.due:
        return label(
            "calendar.yearly", lang, start=_md(trigger.start), due=_md(trigger.due)
        )
    if trigger.kind == "dated":
        return label("calendar.dated", lang, days=trigger.before_expiry)
    if trigger.kind == "event" and trigger.event is not None:
        limit = (
            label(f"calendar.{trigger.unit}", lang, n=trigger.within)
            if trigger.within
            else label("calendar.immediately", lang)
        )
        return label(
            "interchange.event", lang, event=trigger.event.get(lang), limit=limit
        )
    return trigger.kind


def _md(month_day: tuple[int, int]) -> str:
    return f"{month_day[0]:02d}-{month_day[1]:02d}"
