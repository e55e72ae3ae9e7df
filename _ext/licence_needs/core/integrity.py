"""Checks against hostile and careless input: the ways an edit could get past
the gate without a finding.

- a waiver that never ends (``waiver-too-long``);
- a date of something done that lies in the future, so that a review is
  never overdue (``date-in-future``);
- a duty of the licence deleted by dropping its obligation, or by calling its
  provision informative (``duty-unaccounted``, ``exclusion-mismatch``);
- a link listed twice, which would show as two rows of the matrix
  (``duplicate-link``).

Registered with the other checks by being imported in :mod:`.pipeline`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .checks import Context, check
from .dates import add_months
from .findings import Finding
from .model import Need
from .schema import DUTY_MARKERS

#: a marker, the longest first (应当 is one marker, not 应 followed by 当)
_MARKER = re.compile("|".join(sorted(DUTY_MARKERS, key=len, reverse=True)))
#: where a clause ends: a duty marker governs the words up to here
_CLAUSE_END = re.compile("[。；！？;]")


@check("waiver-too-long")
def waiver_terms(context: Context) -> Iterator[Finding]:
    """A waiver is temporary: at most ``waiver_max_months`` from its approval,
    and it cannot end before it was approved."""
    months = context.waiver_max_months
    for waiver in context.model.waivers:
        if waiver.approved is None:
            continue
        line = waiver.expires_line or waiver.line
        latest = add_months(waiver.approved, months)
        if waiver.expires < waiver.approved:
            message = (
                f"the waiver ends on {waiver.expires}, before it was approved "
                f"on {waiver.approved}"
            )
        elif waiver.expires > latest:
            message = (
                f"the waiver runs until {waiver.expires}, longer than "
                f"{months} months from its approval on {waiver.approved} "
                f"(at most until {latest}; licence_waiver_max_months)"
            )
        else:
            continue
        yield Finding.of("waiver-too-long", waiver.file, line, message, waiver.id)


@check("date-in-future")
def past_dates(context: Context) -> Iterator[Finding]:
    """Dates of things done (a review, an approval) are not after the as-of day."""
    day = context.day
    if day is None:
        return
    for need in context.model.needs:
        if need.type == "control" and need.last_reviewed and need.last_reviewed > day:
            yield Finding.of(
                "date-in-future",
                need.file,
                need.line,
                f"last_reviewed is {need.last_reviewed}, after the build date {day}",
                need.id,
            )
    licence = context.model.licence
    renewal = licence.renewal if licence else None
    if licence is not None and renewal is not None:
        for name in ("applied", "decided"):
            when = getattr(renewal, name)
            if when is not None and when > day:
                yield Finding.of(
                    "date-in-future",
                    licence.file,
                    renewal.line,
                    f"the renewal's {name!r} date {when} is after the build date {day}",
                )
    for waiver in context.model.waivers:
        if waiver.approved is not None and waiver.approved > day:
            yield Finding.of(
                "date-in-future",
                waiver.file,
                waiver.line,
                f"the waiver's approval date {waiver.approved} is after the "
                f"build date {day}",
                waiver.id,
            )


def _spans(text: str, phrase: str) -> Iterator[tuple[int, int]]:
    """Every place ``phrase`` stands in ``text``, as (start, end)."""
    start = text.find(phrase) if phrase else -1
    while start >= 0:
        yield start, start + len(phrase)
        start = text.find(phrase, start + 1)


def unaccounted_markers(
    provision: Need, obligations: list[Need]
) -> list[tuple[str, int]]:
    """The duty markers of a provision's Chinese text that nothing accounts for,
    as (marker, offset).

    A marker is accounted for by an obligation of the provision whose phrase
    contains it, or whose phrase stands in the clause the marker governs
    (「你公司应当……，A，B」: the list after 应当 up to the next 。 or ；), or
    by an exclusion on the provision whose phrase contains it.
    """
    text = provision.text.zh
    phrases = [s for o in obligations if o.phrase for s in _spans(text, o.phrase)]
    excluded = [s for e in provision.exclusions for s in _spans(text, e.phrase)]
    result = []
    for marker in _MARKER.finditer(text):
        begin, end = marker.span()
        stop = _CLAUSE_END.search(text, end)
        clause_end = stop.start() if stop else len(text)
        inside = any(a <= begin and end <= b for a, b in phrases + excluded)
        governs = any(end <= a < clause_end for a, _ in phrases)
        if not inside and not governs:
            result.append((marker.group(), begin))
    return result


@check("duty-unaccounted", "exclusion-mismatch")
def duties(context: Context) -> Iterator[Finding]:
    """Every duty word of the licence leads to an obligation or to a reason.

    Calling a provision informative, or deleting its obligation, cannot make
    a 应当 disappear: the marker is still in the licence's text.
    """
    model = context.model
    of_provision: dict[str, list[Need]] = defaultdict(list)
    for need in model.needs:
        if need.type == "obligation":
            for target in need.targets("derives_from"):
                of_provision[target].append(need)
    for need in model.needs:
        if need.type != "provision" or not need.id or need.origin != "yaml":
            continue
        text = need.text.zh
        for exclusion in need.exclusions:
            if exclusion.phrase not in text:
                problem = "is not in the provision's Chinese text"
            elif not _MARKER.search(exclusion.phrase):
                problem = f"holds no duty marker ({', '.join(DUTY_MARKERS)})"
            else:
                continue
            yield Finding.of(
                "exclusion-mismatch",
                need.file,
                exclusion.line,
                f"the exclusion {exclusion.phrase!r} {problem}",
                need.id,
            )
        obligations = of_provision.get(need.id, [])
        if not obligations and need.informative is None:
            continue  # provision-without-obligation says it, once
        missing = unaccounted_markers(need, obligations)
        if missing:
            shown = "; ".join(f"{m!r} in {_around(text, at, m)!r}" for m, at in missing)
            kind = "informative provision" if need.informative else "provision"
            yield Finding.of(
                "duty-unaccounted",
                need.file,
                need.line,
                f"{kind} has duty markers no obligation accounts for: {shown}",
                need.id,
            )


def _around(text: str, at: int, marker: str) -> str:
    """A few characters on either side of a marker, to find it by."""
    return text[max(0, at - 6) : at + len(marker) + 8]


@check("duplicate-link")
def duplicate_links(context: Context) -> Iterator[Finding]:
    """A link list names each ID once (twice would be two rows of the matrix)."""
    for need in context.model.needs:
        for name, targets in need.links.items():
            seen: dict[str, int] = {}
            for link in targets:
                if link.target in seen:
                    first = seen[link.target]
                    where = f" (first at line {first})" if first != link.line else ""
                    yield Finding.of(
                        "duplicate-link",
                        need.file,
                        link.line,
                        f"{name} names {link.target!r} twice{where}",
                        need.id,
                    )
                else:
                    seen[link.target] = link.line
