"""What changed between two snapshots of the data: a semantic diff of models.

A text diff of YAML tells a reviewer which lines moved; an auditor asks which
duties, controls and evidence changed and what that did to coverage.  Two
models read by the same loader are compared item by item, by ID: needs added,
removed and changed (each changed field with its old and new value), links
added and removed, coverage before and after with the obligations that became
uncovered or covered, and the gate's findings introduced and resolved.  Where
an item is written (file and line) is not a change; moving it to another
file is.  Pure functions: no git, no files, no language (the report writer
picks the words).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Literal

from ..core.findings import Finding
from ..core.model import (
    Assessment,
    Licence,
    Model,
    Need,
    Owner,
    Term,
    Text,
    Trigger,
    Waiver,
)
from ..core.schema import LINK_TYPES, Lang
from .traceability import Tally
from .traceability import build as trace

Kind = Literal["added", "removed", "changed"]
Item = Need | Owner | Term | Waiver | Licence | Assessment
#: attributes that say where an item is written, not what it says
_PLACE = {
    "file",
    "line",
    "owner_line",
    "obligation_line",
    "expires_line",
    "origin",
    "links",
}
#: model attributes under the name the YAML gives them
_YAML_NAMES = {"review_months": "review_interval_months"}
#: the other kinds of data, in the order a report lists them
OTHER_KINDS = ("owner", "term", "waiver", "assessment", "licence")


@dataclass(frozen=True)
class FieldChange:
    """One field of an item, before and after; ``lang`` is the language of a
    text field (its words are diffed), None for a coded or listed value."""

    name: str
    old: str
    new: str
    lang: Lang | None = None


@dataclass(frozen=True)
class ItemChange:
    """A need (or owner, term, waiver, the licence) that came, went or changed."""

    kind: Kind
    type: str  # a need type, or one of OTHER_KINDS
    id: str
    before: Item | None
    after: Item | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def current(self) -> Item:
        """The item as it is now (as it was, for a removed one)."""
        item = self.after or self.before
        assert item is not None
        return item

    def title(self, lang: Lang) -> str:
        """The item's title (its term, its number) in ``lang``."""
        item = self.current
        if isinstance(item, Term):
            return item.term.get(lang)
        if isinstance(item, Licence):
            return item.number
        if isinstance(item, Waiver):
            return item.reason.get(lang)
        if isinstance(item, Assessment):
            return f"{item.control} {item.date}"
        return item.title.get(lang)


@dataclass(frozen=True)
class LinkChange:
    """A link added or removed: ``source`` ``link`` ``target``."""

    kind: Literal["added", "removed"]
    source: str
    link: str
    target: str


@dataclass(frozen=True)
class StampChange:
    """A review stamp (change control) added, removed or changed: ``item``
    reviewed against ``against``, with the upstream fingerprint before and
    after ("" where there is none)."""

    kind: Literal["added", "removed", "changed"]
    item: str
    against: str
    old: str
    new: str


@dataclass(frozen=True)
class Changes:
    """Everything that changed from ``before`` to ``after``, sorted by ID."""

    needs: tuple[ItemChange, ...]
    other: tuple[ItemChange, ...]
    links: tuple[LinkChange, ...]
    coverage_before: Tally
    coverage_after: Tally
    uncovered: tuple[str, ...]  # obligations with a control before (or new), now none
    covered: tuple[str, ...]  # obligations uncovered before, covered now
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    stamps: tuple[StampChange, ...] = ()

    @property
    def empty(self) -> bool:
        """No change at all (coverage follows from the rest)."""
        return not (
            self.needs
            or self.other
            or self.links
            or self.introduced
            or self.resolved
            or self.stamps
        )

    def count(self, kind: Kind) -> int:
        """How many needs were ``kind`` (added, removed, changed)."""
        return sum(1 for change in self.needs if change.kind == kind)

    def of_kind(self, kind: Kind) -> tuple[ItemChange, ...]:
        return tuple(change for change in self.needs if change.kind == kind)


def diff(
    before: Model,
    after: Model,
    day: date | None = None,
    findings_before: Iterable[Finding] = (),
    findings_after: Iterable[Finding] = (),
) -> Changes:
    """The changes from ``before`` to ``after``; waivers count as of ``day``.

    Findings are compared without their line (an edit above a finding moves
    it, and moving is not a change): a finding is introduced when ``after``
    has it and ``before`` has not, resolved the other way round.
    """
    trace_before, trace_after = trace(before, day), trace(after, day)
    obligations_before = {r.obligation.id for r in trace_before.rows}
    obligations_after = {r.obligation.id for r in trace_after.rows}
    # as the coverage figure counts: a control covers, a waiver does not
    gaps_before = obligations_before - {
        r.obligation.id for r in trace_before.rows if r.covered
    }
    gaps_after = obligations_after - {
        r.obligation.id for r in trace_after.rows if r.covered
    }
    old_findings, new_findings = _keyed(findings_before), _keyed(findings_after)
    return Changes(
        needs=tuple(_items(_needs(before), _needs(after))),
        other=tuple(
            change
            for kind in OTHER_KINDS
            for change in _items(_others(before, kind), _others(after, kind))
        ),
        links=tuple(_links(_needs(before), _needs(after))),
        coverage_before=trace_before.total,
        coverage_after=trace_after.total,
        uncovered=tuple(sorted(gaps_after - gaps_before)),
        covered=tuple(
            sorted((gaps_before - gaps_after) & obligations_after & obligations_before)
        ),
        introduced=tuple(
            sorted(f for key, f in new_findings.items() if key not in old_findings)
        ),
        resolved=tuple(
            sorted(f for key, f in old_findings.items() if key not in new_findings)
        ),
        stamps=stamp_changes(before, after),
    )


def stamp_changes(before: Model, after: Model) -> tuple[StampChange, ...]:
    """Review stamps added, removed or changed, by item and what it was
    reviewed against (a re-review after an upstream change changes the
    fingerprint).  A model without a stamp file has none."""
    old = {stamp.key: stamp for stamp in before.stamps or ()}
    new = {stamp.key: stamp for stamp in after.stamps or ()}
    result = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None:
            result.append(StampChange("added", *key, "", b.fingerprint))  # type: ignore[union-attr]
        elif b is None:
            result.append(StampChange("removed", *key, a.fingerprint, ""))
        elif (a.fingerprint, a.fields) != (b.fingerprint, b.fields):
            result.append(StampChange("changed", *key, a.fingerprint, b.fingerprint))
    return tuple(result)


def last_changed(
    history: Sequence[tuple[str, Changes]], current: Iterable[str]
) -> dict[str, str]:
    """Need ID → the name of the last entry of ``history`` (oldest first) that
    added or changed it, for the IDs in ``current``."""
    result: dict[str, str] = {}
    for name, changes in history:
        for change in changes.needs:
            if change.kind != "removed":
                result[change.id] = name
    wanted = set(current)
    return {key: value for key, value in result.items() if key in wanted}


def word_diff(old: str, new: str, lang: Lang) -> list[tuple[str, str]]:
    """The words of two texts as ``("=" | "-" | "+", words)`` runs.

    Chinese is segmented into words with jieba (imported here, when a text
    is actually diffed, so that loading this module stays fast); English is
    split at whitespace, which is kept, so the runs join back into the texts.
    """
    a, b = _words(old, lang), _words(new, lang)
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", "".join(b[j1:j2])))
    return runs


def _words(text: str, lang: Lang) -> list[str]:
    if lang == "zh":
        import logging  # noqa: PLC0415

        import jieba  # noqa: PLC0415 - lazy: a second of loading its dictionary

        jieba.setLogLevel(logging.WARNING)
        return list(jieba.cut(text))
    return [token for token in re.split(r"(\s+)", text) if token]


def _needs(model: Model) -> dict[str, Need]:
    return {key: need for key, need in model.index.items() if key}


def _others(model: Model, kind: str) -> dict[str, Item]:
    if kind == "licence":
        return {"licence": model.licence} if model.licence else {}
    items: tuple[Item, ...] = {
        "owner": model.owners,
        "term": model.terms,
        "waiver": model.waivers,
        "assessment": model.assessments,
    }[kind]
    result: dict[str, Item] = {}
    for item in items:
        if item.id:
            result.setdefault(item.id, item)
    return result


def _items(before: Mapping[str, Item], after: Mapping[str, Item]) -> list[ItemChange]:
    result = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        kind_of = _kind_of(new if new is not None else old)
        if old is None:
            result.append(ItemChange("added", kind_of, key, None, new))
        elif new is None:
            result.append(ItemChange("removed", kind_of, key, old, None))
        else:
            changed = _field_changes(old, new)
            if changed:
                result.append(ItemChange("changed", kind_of, key, old, new, changed))
    return result


def _kind_of(item: Item | None) -> str:
    if isinstance(item, Need):
        return item.type
    return type(item).__name__.lower()


def _field_changes(old: Item, new: Item) -> tuple[FieldChange, ...]:
    a, b = _flat(old), _flat(new)
    return tuple(
        FieldChange(name, a.get(name, ""), b.get(name, ""), lang)
        for name, lang in _names(a, b)
        if a.get(name, "") != b.get(name, "")
    )


def _names(a: Mapping[str, str], b: Mapping[str, str]) -> list[tuple[str, Lang | None]]:
    """Field names in the order the item has them (``a`` first), each with the
    language of its text."""
    names = list(dict.fromkeys([*a, *b]))
    result: list[tuple[str, Lang | None]] = []
    for name in names:
        suffix = name.rpartition(".")[2]
        result.append((name, suffix if suffix in ("zh", "en") else None))  # type: ignore[misc]
    return result


def _flat(item: Item) -> dict[str, str]:
    """An item's fields as strings: texts per language, links as ID lists,
    the file it is in (moving is a change; its line is not)."""
    values: dict[str, str] = {}
    for spec in fields(item):
        if _is_place(spec.name) and spec.name != "file":
            continue
        value = getattr(item, spec.name)
        name = _YAML_NAMES.get(spec.name, spec.name)
        if spec.name == "file":
            values["file"] = value
        elif isinstance(value, Text):
            values[f"{name}.zh"] = value.zh
            values[f"{name}.en"] = value.en
        elif isinstance(value, Trigger):
            values.update(_trigger(value))
        elif isinstance(value, tuple):
            if value:  # evidence files, exclusions: what they say, not their lines
                values[name] = "; ".join(_plain(element) for element in value)
        elif value is not None and not hasattr(value, "__dataclass_fields__"):
            values[name] = str(value)
        elif value is not None:  # the licence's dates, under their YAML keys
            values.update(
                {inner.name: str(getattr(value, inner.name)) for inner in fields(value)}
            )
    if isinstance(item, Need):
        for link in LINK_TYPES:
            if item.links.get(link):
                values[link] = " ".join(item.targets(link))
    return values


def _is_place(name: str) -> bool:
    """Whether an attribute says where something is written (``*_line``)."""
    return name in _PLACE or name.endswith("_line")


def _plain(value: object) -> str:
    """A value inside a list (an evidence file, an exclusion) as one string,
    without the line it is written on."""
    if not hasattr(value, "__dataclass_fields__"):
        return str(value)
    parts = []
    for spec in fields(value):  # type: ignore[arg-type]
        if _is_place(spec.name):
            continue
        inner = getattr(value, spec.name)
        parts.append(
            f"{inner.zh} / {inner.en}" if isinstance(inner, Text) else str(inner)
        )
    return " — ".join(parts)


def _trigger(trigger: Trigger) -> dict[str, str]:
    values = {"trigger": trigger.kind}
    if trigger.start and trigger.due:
        values["trigger.from"] = "{:02d}-{:02d}".format(*trigger.start)
        values["trigger.by"] = "{:02d}-{:02d}".format(*trigger.due)
    if trigger.event is not None:
        values["trigger.event.zh"] = trigger.event.zh
        values["trigger.event.en"] = trigger.event.en
    if trigger.within is not None:
        values["trigger.within"] = f"{trigger.within} {trigger.unit}"
    if trigger.before_expiry is not None:
        values["trigger.before_expiry"] = str(trigger.before_expiry)
    return values


def _links(before: Mapping[str, Need], after: Mapping[str, Need]) -> list[LinkChange]:
    def triples(needs: Mapping[str, Need]) -> set[tuple[str, str, str]]:
        return {
            (need.id, link, target)
            for need in needs.values()
            for link in LINK_TYPES
            for target in need.targets(link)
        }

    old, new = triples(before), triples(after)
    changes = [LinkChange("added", *t) for t in new - old]
    changes += [LinkChange("removed", *t) for t in old - new]
    return sorted(changes, key=lambda c: (c.source, c.link, c.target, c.kind))


def _keyed(findings: Iterable[Finding]) -> dict[tuple[str, str, str, str], Finding]:
    result: dict[tuple[str, str, str, str], Finding] = {}
    for finding in findings:
        key = (finding.code, finding.need_id, finding.file, finding.message)
        result.setdefault(key, finding)
    return result
