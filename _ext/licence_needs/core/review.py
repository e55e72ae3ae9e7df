"""Change control: what each item was reviewed against, and what changed since.

An item is reviewed against its upstream (an obligation against the
provision it derives from, a control against each obligation it implements,
an evidence item against each control that names it), and its English
against its own Chinese (every need, owner and glossary term).  Each such
pair is a :class:`Subject`; ``make review`` records a stamp per subject
holding the upstream's fingerprint (:mod:`.fingerprint`) as the reviewer saw
it.  A stamp whose fingerprint differs from the upstream's today is a
``suspect-link`` (or ``translation-stale`` for the English); a subject with
no stamp is ``unreviewed``; a stamp with no subject is a ``stale-stamp``.

A project without a stamp file does not use change control (tiny test
projects, single files): the check yields nothing.  The handbook ships one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from .checks import Context, check
from .findings import Finding
from .fingerprint import field_digests, fingerprint
from .model import Model, Need, Owner, Stamp, Term
from .stamps import review_hint

Item = Need | Owner | Term
#: the need type an item is reviewed against, per link the stamp file names
_UPSTREAM_TYPE = {
    "derives_from": "provision",
    "implements": "obligation",
    "evidenced_by": "control",
}


@dataclass(frozen=True)
class Subject:
    """One thing to review: ``item`` against ``upstream`` (itself for ``en``)."""

    item: str
    kind: str  # obligation, control, …, owner, term
    against: str  # "en", or "<link> <upstream ID>"
    upstream: Item
    file: str
    line: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.item, self.against)

    def stamp(self) -> Stamp:
        """The stamp recording a review of this subject against the upstream
        as it is now."""
        return Stamp(
            self.item,
            self.against,
            fingerprint(self.upstream),
            tuple(field_digests(self.upstream).items()),
            "",
            0,
        )


def _kind(item: Item) -> str:
    return item.type if isinstance(item, Need) else type(item).__name__.lower()


def subjects(model: Model) -> list[Subject]:
    """Everything that is reviewed, in data order (each pair once)."""
    index = model.index
    found: dict[tuple[str, str], Subject] = {}

    def add(item: Item, against: str, upstream: Item) -> None:
        subject = Subject(item.id, _kind(item), against, upstream, item.file, item.line)
        found.setdefault(subject.key, subject)

    for need in model.needs:
        if not need.id or need.origin != "yaml" or index.get(need.id) is not need:
            continue
        add(need, "en", need)
        links = ("derives_from",) if need.type == "obligation" else ()
        if need.type == "control":
            links = ("implements",)
            for target in need.targets("evidenced_by"):
                evidence = index.get(target)
                if evidence is not None and evidence.type == "evidence":
                    add(evidence, f"evidenced_by {need.id}", need)
        for link in links:
            for target in need.targets(link):
                upstream = index.get(target)
                if upstream is not None and upstream.type == _UPSTREAM_TYPE[link]:
                    add(need, f"{link} {target}", upstream)
    for items in (model.owners, model.terms):
        for other in items:
            if other.id:
                add(other, "en", other)
    return sorted(found.values(), key=lambda s: (s.file, s.line, s.against))


@dataclass(frozen=True)
class Outcome:
    """How one subject stands against its stamp."""

    subject: Subject
    state: Literal["reviewed", "suspect", "unreviewed", "translation-stale"]
    changed: tuple[str, ...] = ()  # the upstream's fields that changed


@dataclass(frozen=True)
class Review:
    """The review state of a project: per subject, and the stamps left over."""

    outcomes: tuple[Outcome, ...] = ()
    stale: tuple[tuple[Stamp, str], ...] = ()  # stamp, why it is stale
    in_use: bool = False  # whether the project has a stamp file
    by_item: dict[str, tuple[Outcome, ...]] = field(default_factory=dict)

    def pending(self, item: str) -> tuple[Outcome, ...]:
        """What awaits review for ``item`` (nothing when all is reviewed)."""
        return tuple(o for o in self.by_item.get(item, ()) if o.state != "reviewed")

    def suspect_upstreams(self, item: str) -> tuple[str, ...]:
        """The upstreams of ``item`` that changed or were never reviewed against."""
        return tuple(
            o.subject.upstream.id
            for o in self.pending(item)
            if o.state in ("suspect", "unreviewed") and o.subject.against != "en"
        )

    def needs_review(self, item: str) -> bool:
        """A link of ``item`` is suspect or not reviewed, or the item is new."""
        return any(o.state in ("suspect", "unreviewed") for o in self.pending(item))

    def state(self, item: str, against: str) -> str | None:
        """The state of one subject (None: no such subject)."""
        return next(
            (
                o.state
                for o in self.by_item.get(item, ())
                if o.subject.against == against
            ),
            None,
        )

    def translation_stale(self, item: str) -> bool:
        return any(o.state == "translation-stale" for o in self.pending(item))


def card_marks(model: Model) -> dict[str, str]:
    """Item ID → what its card shows of its review state (for items with
    something pending): pages showing it are rewritten when this changes."""
    review = evaluate(model)
    return {
        item: repr([(o.subject.against, o.state, o.changed) for o in pending])
        for item in review.by_item
        if (pending := review.pending(item))
    }


def _changed(stamp: Stamp, upstream: Item) -> tuple[str, ...]:
    now = field_digests(upstream)
    then = dict(stamp.fields)
    names = sorted(k for k in now.keys() | then.keys() if now.get(k) != then.get(k))
    return tuple(names) or ("fingerprint",)


def evaluate(model: Model) -> Review:
    """Every subject against its stamp, and the stamps no subject has."""
    if model.stamps is None:
        return Review()
    stamps = {stamp.key: stamp for stamp in model.stamps}
    outcomes = []
    for subject in subjects(model):
        stamp = stamps.pop(subject.key, None)
        if stamp is None:
            outcomes.append(Outcome(subject, "unreviewed"))
        elif stamp.fingerprint == fingerprint(subject.upstream):
            outcomes.append(Outcome(subject, "reviewed"))
        else:
            state = "translation-stale" if subject.against == "en" else "suspect"
            outcomes.append(Outcome(subject, state, _changed(stamp, subject.upstream)))
    by_item: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_item.setdefault(outcome.subject.item, []).append(outcome)
    known = {o.subject.item for o in outcomes}
    stale = tuple(
        (stamp, _why_stale(stamp, model, known))
        for stamp in sorted(stamps.values(), key=lambda s: s.line)
    )
    return Review(
        tuple(outcomes),
        stale,
        True,
        {item: tuple(found) for item, found in by_item.items()},
    )


def _why_stale(stamp: Stamp, model: Model, known: set[str]) -> str:
    if stamp.item not in known:
        return f"no item {stamp.item} exists any more"
    if stamp.against == "en":
        return f"{stamp.item} has no English to review"
    link, upstream = stamp.against.split(" ", 1)
    if upstream not in model.index:
        return f"{upstream} no longer exists"
    return f"{stamp.item} is no longer linked to {upstream} by {link}"


def _what(outcome: Outcome) -> str:
    against = outcome.subject.against
    return "its English" if against == "en" else against


@check("suspect-link", "unreviewed", "translation-stale", "stale-stamp")
def change_control(context: Context) -> Iterator[Finding]:
    """Every link and translation reviewed against its upstream as it is now."""
    review = evaluate(context.model)
    if not review.in_use:
        return
    for item, outcomes in review.by_item.items():
        subject = outcomes[0].subject
        hint = review_hint([item])
        missing = [o for o in outcomes if o.state == "unreviewed"]
        if missing:
            new = len(missing) == len(outcomes)
            what = ", ".join(_what(o) for o in missing)
            message = (
                f"new {subject.kind}, not reviewed yet ({what})"
                if new
                else f"not reviewed yet: {what}"
            )
            yield Finding.of(
                "unreviewed",
                subject.file,
                subject.line,
                message,
                item,
                hint="read it against its upstream and its English against its "
                f"Chinese, then run {hint}",
            )
        for outcome in outcomes:
            upstream = outcome.subject.upstream
            fields = ", ".join(outcome.changed)
            if outcome.state == "suspect":
                yield Finding.of(
                    "suspect-link",
                    subject.file,
                    subject.line,
                    f"{_kind(upstream)} {upstream.id} ({_title(upstream)}) changed "
                    f"since {item} was reviewed against it ({outcome.subject.against}):"
                    f" {fields}",
                    item,
                    hint=f"re-read {item} against {upstream.id}, then run {hint}",
                )
            elif outcome.state == "translation-stale":
                yield Finding.of(
                    "translation-stale",
                    subject.file,
                    subject.line,
                    f"the Chinese changed since the English was reviewed: {fields}",
                    item,
                    hint=f"update the English to match the Chinese, then run {hint}",
                )
    for stamp, why in review.stale:
        yield Finding.of(
            "stale-stamp",
            stamp.file,
            stamp.line,
            f"the stamp of {stamp.item} {stamp.against} is stale: {why}",
            stamp.item,
            hint=f"run {review_hint([stamp.item])} to drop it",
        )


def _title(item: Item) -> str:
    return item.term.zh if isinstance(item, Term) else item.title.zh
