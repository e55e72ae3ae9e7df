"""The handbook's data as typed values: what the loader builds and the rules read.

Nothing here knows about YAML or Sphinx.  Every value keeps the file and line
it was written at, so that any finding about it can say where to look.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Literal, Protocol, TypeVar

from .schema import Lang, TriggerKind


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Identified = TypeVar("_Identified", bound=_HasId)
#: what the licence is on a given day (:meth:`LicenceDates.status`)
Status = Literal["valid", "renewal-window-open", "renewal-deadline-passed", "expired"]


@dataclass(frozen=True)
class Text:
    """A human-readable text in both languages, as plain text."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Link:
    """One outgoing link, with the line it is written on."""

    target: str
    line: int


@dataclass(frozen=True)
class Trigger:
    """When an obligation falls due.

    - ``standing``: at all times;
    - ``periodic``: every year, between ``start`` and ``due`` (month, day);
    - ``event``: within ``within`` days (or working days) of ``event``;
      ``within: 0`` is "immediately" (立即, 第一时间);
    - ``dated``: ``before_expiry`` days before the licence expires.
    """

    kind: TriggerKind
    start: tuple[int, int] | None = None
    due: tuple[int, int] | None = None
    event: Text | None = None
    within: int | None = None
    unit: str = "days"
    before_expiry: int | None = None


@dataclass(frozen=True)
class EvidenceFile:
    """A file an evidence item lists: a path inside the evidence folder
    (``licence_evidence_dir``), with the line it is written on."""

    path: str
    line: int


@dataclass(frozen=True)
class Exclusion:
    """Words of a provision that hold a duty marker but impose no duty (相应):
    the reason is the handbook's, shown on the licence page."""

    phrase: str
    reason: Text
    line: int


@dataclass(frozen=True)
class Need:
    """A provision, obligation, control, evidence item or regulation.

    ``origin`` is ``"yaml"`` for an item of ``needs/`` and ``"page"`` for a
    need written straight into a page: the rules count both, and report the
    second kind.
    """

    type: str
    id: str
    title: Text
    text: Text
    file: str
    line: int
    links: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)
    informative: Text | None = None
    modality: str | None = None
    phrase: str | None = None
    owner: str | None = None
    owner_line: int = 0
    frequency: str | None = None
    trigger: Trigger | None = None
    last_reviewed: date | None = None
    review_months: int | None = None
    files: tuple[EvidenceFile, ...] = ()
    collected: date | None = None  # evidence: the date of its latest record
    valid_months: int | None = None  # evidence: how long that record stays current
    starts: date | None = None  # control: first run of a periodic control
    starts_line: int = 0
    origin: Literal["yaml", "page"] = "yaml"
    exclusions: tuple[Exclusion, ...] = ()

    def targets(self, link: str) -> tuple[str, ...]:
        return tuple(item.target for item in self.links.get(link, ()))


@dataclass(frozen=True)
class Owner:
    """A role that is accountable for controls."""

    id: str
    title: Text
    text: Text
    file: str
    line: int


@dataclass(frozen=True)
class Term:
    """A glossary entry: a term of art in both languages and what it means."""

    id: str
    term: Text
    text: Text
    file: str
    line: int


@dataclass(frozen=True)
class Waiver:
    """An accepted gap: stands in for a control of ``obligation`` from its
    ``approved`` day until ``expires`` (inclusive), then the obligation is
    uncovered again.  A waived obligation is counted as waived, never as
    covered."""

    id: str
    obligation: str
    reason: Text
    approver: str
    expires: date
    file: str
    line: int
    obligation_line: int = 0
    approved: date | None = None
    expires_line: int = 0

    def active(self, day: date) -> bool:
        return day <= self.expires


@dataclass(frozen=True)
class Assessment:
    """A control assessment the company made: when, by whom, with what result,
    and which evidence was looked at.  Each key keeps its line, so that a
    finding points at the value to fix."""

    id: str
    control: str
    date: date
    result: str  # effective | exceptions | ineffective
    assessor: Text
    examined: tuple[Link, ...]
    file: str
    line: int
    control_line: int = 0
    date_line: int = 0
    note: Text | None = None


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


@dataclass(frozen=True)
class Renewal:
    """The latest renewal of the licence, as recorded (``licence.renewal``).

    Nothing is inferred: a renewal the company has not recorded is absent,
    and the handbook says that none is on file.
    """

    applied: date
    decision: Literal["pending", "granted", "refused"]
    decided: date | None
    valid_until: date | None
    line: int


@dataclass(frozen=True)
class Licence:
    """The licence itself: its number and dates (the ``licence`` section).

    ``dates`` are the dates in force: the certificate's, or, once a renewal
    was granted, the renewed validity (from the decision to ``valid_until``);
    ``certificate`` keeps the dates the section states.
    """

    number: str
    dates: LicenceDates
    file: str
    line: int
    renewal: Renewal | None = None
    certificate: LicenceDates | None = None

    def applied_in_time(self) -> bool:
        """Whether a renewal of the certificate in force was applied for by
        its deadline (the duty of special provision 十二)."""
        renewal = self.renewal
        return (
            renewal is not None
            and renewal.decision != "granted"
            and renewal.applied <= self.dates.renewal_deadline
        )


@dataclass(frozen=True)
class Placement:
    """A page places a need: where the directive that does it stands."""

    need_id: str
    file: str
    line: int


@dataclass(frozen=True)
class Stamp:
    """One line of the review-stamp file: ``item`` was reviewed against
    ``against`` (``en``, or a link such as ``derives_from SP_06``) when the
    upstream had this fingerprint and these per-field digests."""

    item: str
    against: str
    fingerprint: str
    fields: tuple[tuple[str, str], ...]
    file: str
    line: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.item, self.against)


def unique(items: Iterable[_Identified]) -> tuple[_Identified, ...]:
    """Each item once (by ID), in the order first seen."""
    seen: dict[str, _Identified] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return tuple(seen.values())


@dataclass(frozen=True)
class Model:
    """Everything in ``needs/``, in file order, duplicates and all.

    Items are kept as lists, not dicts keyed by ID, so that nothing is lost
    when two items collide: the rules report the collision.
    """

    needs: tuple[Need, ...] = ()
    owners: tuple[Owner, ...] = ()
    terms: tuple[Term, ...] = ()
    files: tuple[str, ...] = ()
    licence: Licence | None = None
    waivers: tuple[Waiver, ...] = ()
    #: the review stamps; None when the project has no stamp file (change
    #: control is not in use, as in a single file or a tiny test project)
    stamps: tuple[Stamp, ...] | None = None
    assessments: tuple[Assessment, ...] = ()
    #: the files that have an ``assessments`` section, even an empty one: the
    #: project records assessments (and says which controls have none)
    assessment_files: tuple[str, ...] = ()

    @cached_property
    def index(self) -> dict[str, Need]:
        """The needs by ID (the first of any duplicates), computed once."""
        index: dict[str, Need] = {}
        for need in self.needs:
            index.setdefault(need.id, need)
        return index

    @cached_property
    def implemented_by(self) -> dict[str, tuple[Need, ...]]:
        """Obligation ID → the controls that name it in ``implements``, in order."""
        result: dict[str, list[Need]] = {}
        for need in self.needs:
            if need.type == "control" and need.id:
                # a target listed twice is one row (duplicate-link reports it)
                for target in dict.fromkeys(need.targets("implements")):
                    result.setdefault(target, []).append(need)
        return {key: tuple(value) for key, value in result.items()}

    @cached_property
    def _of_type(self) -> dict[str, tuple[Need, ...]]:
        result: dict[str, dict[str, Need]] = {}
        for need in self.needs:
            if need.id:
                result.setdefault(need.type, {}).setdefault(need.id, need)
        return {key: tuple(value.values()) for key, value in result.items()}

    def of_type(self, need_type: str) -> tuple[Need, ...]:
        """The needs of one type, in file order, each ID once (the first)."""
        return self._of_type.get(need_type, ())

    @cached_property
    def _linking(self) -> dict[tuple[str, str], dict[str, tuple[Need, ...]]]:
        return {}

    def linking(self, link: str, need_type: str) -> dict[str, tuple[Need, ...]]:
        """Target ID → the needs of :meth:`of_type` ``need_type`` that name it
        in ``link``, in that order, each once.  Computed once per pair: the
        exports walk the tree from each provision down, and scanning every
        need for each step made them quadratic in the number of needs."""
        key = (link, need_type)
        if key not in self._linking:
            result: dict[str, list[Need]] = {}
            for need in self.of_type(need_type):
                for target in dict.fromkeys(need.targets(link)):
                    result.setdefault(target, []).append(need)
            self._linking[key] = {t: tuple(ns) for t, ns in result.items()}
        return self._linking[key]

    def in_file(self, file: str) -> Iterator[Need]:
        return (need for need in self.needs if need.file == file)

    def with_needs(self, extra: tuple[Need, ...]) -> Model:
        """This model plus needs found elsewhere (on pages)."""
        return replace(self, needs=self.needs + extra)
