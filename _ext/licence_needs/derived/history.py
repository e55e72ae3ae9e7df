"""The change history of the handbook: what each release changed, as data.

A release is a git tag matching ``v*``.  Each release is compared with the
one before it (the first with nothing: it brings every need), and the data
now with the latest release ("unreleased").  From that follows, for each
need, the release in which it last changed, which its card shows.  Pure: the
caller reads the models at the tags (:mod:`licence_needs.core.revisions`)
and decides what to cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.revisions import Release
from .changes import Changes, last_changed

#: the name of the entry for what changed since the latest release
UNRELEASED = "unreleased"


@dataclass(frozen=True)
class Entry:
    """One release (or the unreleased changes) and what it changed."""

    name: str  # the tag, or UNRELEASED
    date: str  # the tagged commit's date, "" when unreleased
    previous: str  # the tag before, "" for the first release
    changes: Changes

    @property
    def anchor(self) -> str:
        """The entry's id on the change history page."""
        return self.name if self.name == UNRELEASED else f"release-{self.name}"


@dataclass(frozen=True)
class History:
    """The releases newest first, then the unreleased changes; ``available``
    is False when the sources are not in a git repository."""

    available: bool
    entries: tuple[Entry, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    #: why the history could not be read although git is there
    problem: str = ""

    @property
    def releases(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.name != UNRELEASED)

    @property
    def unreleased(self) -> Entry | None:
        return next((e for e in self.entries if e.name == UNRELEASED), None)

    def entry(self, name: str) -> Entry | None:
        return next((e for e in self.entries if e.name == name), None)


def assemble(
    released: Sequence[tuple[Release, Changes]],
    unreleased: Changes | None,
    current: Iterable[str],
) -> History:
    """The history from each release's changes (oldest first) and the changes
    since the latest one; ``current`` are the IDs of the needs now."""
    entries = [
        Entry(release.tag, release.date, released[i - 1][0].tag if i else "", changes)
        for i, (release, changes) in enumerate(released)
    ]
    timeline = [(entry.name, entry.changes) for entry in entries]
    if released and unreleased is not None:
        latest = released[-1][0].tag
        entries.append(Entry(UNRELEASED, "", latest, unreleased))
        timeline.append((UNRELEASED, unreleased))
    labels = last_changed(timeline, current) if released else {}
    releases = [e for e in entries if e.name != UNRELEASED]
    rest = [e for e in entries if e.name == UNRELEASED]
    return History(True, tuple([*reversed(releases), *rest]), labels)
