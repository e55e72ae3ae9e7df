"""The fingerprint of an item's authoritative content: what a review is
checked against.

A reviewer reads an item against its upstream (an obligation against its
provision, …) and a translator reads the English against the Chinese.  What
they read is the *Chinese*: an English-only edit must not make anything
suspect, a Chinese edit must.  So the fingerprint covers exactly the
authoritative fields, defined here once for the stamp file, the checks,
``needs.json`` (the ``fingerprint`` field) and ``needs/README.md``:

- every item: ``title`` (``term`` for a glossary entry) and ``text``, in
  Chinese; a provision's ``informative`` note, in Chinese, when it has one;
- an obligation, also: ``phrase``, ``modality`` and ``trigger`` (a canonical
  mapping: its ``kind`` and the keys of that kind, ``unit`` always given for
  an event, the event's Chinese words only).

The digest is SHA-256 over canonical JSON (sorted keys, ``ensure_ascii=False``,
separators ``,`` and ``:``, UTF-8) of the mapping field name → value.  Each
field also gets a short digest of its own, so that a finding can say *which*
fields changed since a stamp.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .model import Need, Owner, Term, Trigger

#: The length of a per-field digest in the stamp file (hex characters).
FIELD_DIGEST_LENGTH = 12


def trigger_fields(trigger: Trigger | None) -> dict[str, Any] | None:
    """A trigger as a canonical mapping, in the data format's own key names."""
    if trigger is None:
        return None
    result: dict[str, Any] = {"kind": trigger.kind}
    if trigger.kind == "periodic":
        result.update(
            every="year", **{"from": _md(trigger.start), "by": _md(trigger.due)}
        )
    elif trigger.kind == "event":
        result.update(
            event=trigger.event.zh if trigger.event else None,
            within=trigger.within,
            unit=trigger.unit,
        )
    elif trigger.kind == "dated":
        result["before_expiry"] = trigger.before_expiry
    return result


def _md(month_day: tuple[int, int] | None) -> str | None:
    return f"{month_day[0]:02d}-{month_day[1]:02d}" if month_day else None


def authoritative(item: Need | Owner | Term) -> dict[str, Any]:
    """The fields a review reads, by name: Chinese texts and coded values."""
    if isinstance(item, Term):
        return {"term": item.term.zh, "text": item.text.zh}
    fields: dict[str, Any] = {"title": item.title.zh, "text": item.text.zh}
    if isinstance(item, Need):
        if item.informative is not None:
            fields["informative"] = item.informative.zh
        if item.type == "obligation":
            fields.update(
                phrase=item.phrase,
                modality=item.modality,
                trigger=trigger_fields(item.trigger),
            )
    return fields


def canonical(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no ASCII escapes, compact separators."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def fingerprint(item: Need | Owner | Term) -> str:
    """SHA-256 (hex) of the canonical JSON of :func:`authoritative`."""
    return hashlib.sha256(canonical(authoritative(item))).hexdigest()


def field_digests(item: Need | Owner | Term) -> dict[str, str]:
    """Field name → the first hex digits of SHA-256 over that field's
    canonical JSON value: enough to tell which fields changed."""
    return {
        name: hashlib.sha256(canonical(value)).hexdigest()[:FIELD_DIGEST_LENGTH]
        for name, value in sorted(authoritative(item).items())
    }
