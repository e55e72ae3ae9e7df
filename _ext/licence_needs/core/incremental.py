"""Which needs an edit of the data affects: what an incremental build rewrites.

A need's card shows its own fields, the IDs it links to, and the IDs of the
needs linking to it (back-links).  So an edit of one need alters its own
card, and, when its links change or it comes or goes, the cards of the needs
on either end of those links.  Owners, the licence and waivers are shown on
every card that names them: a change there affects every need.  Pure
functions of two snapshots, so they are tested without a build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace

from .model import Model
from .review import card_marks

#: need ID → (digest of what its card shows, the IDs it links to)
Fingerprints = dict[str, tuple[str, tuple[str, ...]]]


def fingerprints(
    model: Model, derived: Mapping[str, object] | None = None
) -> Fingerprints:
    """What each need of ``needs/`` shows, hashed, and whom it links to.

    Where a need is written (file, line) is left out: moving it changes no
    card.  Its review state (:func:`.review.card_marks`) is in: a review
    (an edit of the stamp file) changes its badge.  ``derived`` holds, per
    ID, what else its card shows that other data decides (an assurance
    level computed from evidence and assessments): a change there rewrites
    the card as an edit of the need would.
    """
    marks = card_marks(model)  # a card shows its review badge too
    derived = derived or {}
    result = {}
    for need in model.needs:
        if need.id and need.origin == "yaml":
            shown = (
                replace(need, file="", line=0, owner_line=0),
                marks.get(need.id),
                derived.get(need.id),
            )
            targets = tuple(
                t for link in sorted(need.links) for t in need.targets(link)
            )
            result[need.id] = (_digest(shown), targets)
    return result


def shared_fingerprint(model: Model) -> str:
    """A digest of what any card may show besides its need: owners, the
    licence, waivers, assessments (a control's latest, an obligation's
    level), and whether there is a stamp file."""
    # whether change control is in use shows on every view (the review column)
    in_use = model.stamps is not None
    return _digest(
        (model.owners, model.licence, model.waivers, model.assessments, in_use)
    )


def affected_needs(before: Fingerprints, now: Fingerprints) -> set[str]:
    """The IDs whose cards differ between two snapshots of the data."""
    changed = {i for i in before.keys() | now.keys() if before.get(i) != now.get(i)}
    if not changed:
        return set()
    # other cards show a need by its ID only: they change when it comes or
    # goes (a live or dead link), or when its links change (their backlinks)
    came_or_went = changed - (before.keys() & now.keys())
    relinked = {
        i for i in changed if before.get(i, ("", ()))[1] != now.get(i, ("", ()))[1]
    }
    affected = set(changed)
    for need_id in relinked | came_or_went:
        for side in (before, now):
            affected.update(side.get(need_id, ("", ()))[1])
    affected.update(i for i, (_, targets) in now.items() if came_or_went & set(targets))
    return affected


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:20]
