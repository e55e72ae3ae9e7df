"""The gate's rules: pure functions from the model to findings.

Each rule is a generator that yields findings and decides nothing else; which
findings fail a build is the reporting step's business (the project's
severities).  The Sphinx build and ``make check`` call :func:`check` with the
same model and so report the same findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from . import findings as fnd
from .findings import Finding
from .model import LINK_TYPES, Model, Need


@dataclass(frozen=True)
class Placement:
    """A page places a need: where the directive that does it stands."""

    need_id: str
    file: str
    line: int


def check(
    model: Model,
    placements: Sequence[Placement] | None = None,
    day: date | None = None,
) -> list[Finding]:
    """Every finding about ``model``; ``placements`` also checks where needs
    stand, and ``day`` (the as-of date) what time has done to the licence.

    Findings come unsorted and at their default severity: see
    :func:`licence_needs.findings.finalize`.
    """
    found: list[Finding] = []
    for rule in _RULES:
        found.extend(rule(model))
    if placements is not None:
        found.extend(placement(model, placements))
    found.extend(coverage(model, day))
    found.extend(waivers(model, day))
    if day is not None:
        found.extend(licence_status(model, day))
        found.extend(reviews(model, day))
    return found


def _ids(model: Model) -> Iterator[Need]:
    return (need for need in model.needs if need.id)


def duplicate_ids(model: Model) -> Iterator[Finding]:
    """An ID used twice, or two IDs that differ only in case, is one error each."""
    first: dict[str, Need] = {}
    for need in _ids(model):
        other = first.setdefault(need.id.upper(), need)
        if other is need:
            continue
        same = "the same ID" if other.id == need.id else f"ID {other.id!r} (case aside)"
        yield fnd.make(
            "duplicate-id",
            need.file,
            need.line,
            f"{need.type} {need.id!r} has {same} as the {other.type} at "
            f"{other.file}:{other.line}",
            need.id,
        )
    for kind, items in (
        ("owner", model.owners),
        ("term", model.terms),
        ("waiver", model.waivers),
    ):
        seen: dict[str, tuple[str, int]] = {}
        for item in items:
            if not item.id:
                continue
            where = seen.setdefault(item.id.lower(), (item.file, item.line))
            if where != (item.file, item.line):
                yield fnd.make(
                    "duplicate-id",
                    item.file,
                    item.line,
                    f"{kind} {item.id!r} is already defined at {where[0]}:{where[1]}",
                    item.id,
                )


def links(model: Model) -> Iterator[Finding]:
    """Every link names an existing need of the type its link type points to."""
    index = model.by_id()
    for need in model.needs:
        for name, targets in need.links.items():
            wanted = LINK_TYPES[name][1]
            for link in targets:
                target = index.get(link.target)
                if target is None:
                    yield fnd.make(
                        "unknown-link",
                        need.file,
                        link.line,
                        f"{name} names {link.target!r}, which no {wanted} has",
                        need.id,
                    )
                elif target.type != wanted:
                    yield fnd.make(
                        "wrong-link-type",
                        need.file,
                        link.line,
                        f"{name} must point to {_a(wanted)}, but {link.target!r} "
                        f"is {_a(target.type)}",
                        need.id,
                    )


def cycles(model: Model) -> Iterator[Finding]:
    """Links that lead back to where they started (only wrong-type links can)."""
    index = model.by_id()
    graph = {
        need.id: sorted(
            {link.target for ls in need.links.values() for link in ls} & index.keys()
        )
        for need in _ids(model)
    }
    done: set[str] = set()
    for start, successors in graph.items():
        if start in done:
            continue
        # iterative depth-first search; ``path`` is the current chain
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(successors))]
        path.append(start)
        on_path.add(start)
        while stack:
            node, successors = stack[-1]
            nxt = next(successors, None)
            if nxt is None:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            if nxt in on_path:
                loop = path[path.index(nxt) :]
                need = index[min(loop)]
                chain = " → ".join([*loop, nxt])
                yield fnd.make(
                    "link-cycle",
                    need.file,
                    need.line,
                    f"links form a cycle: {chain}",
                    need.id,
                )
            elif nxt not in done:
                stack.append((nxt, iter(graph[nxt])))
                path.append(nxt)
                on_path.add(nxt)


def owners(model: Model) -> Iterator[Finding]:
    """Every control has an owner, and the owner is a role of owners.yaml."""
    known = {owner.id for owner in model.owners}
    for need in model.needs:
        if need.type != "control":
            continue
        if need.owner is None:
            yield fnd.make(
                "control-without-owner",
                need.file,
                need.line,
                "control has no owner",
                need.id,
            )
        elif need.owner not in known:
            yield fnd.make(
                "unknown-owner",
                need.file,
                need.owner_line or need.line,
                f"owner {need.owner!r} is not a role in needs/owners.yaml",
                need.id,
            )


def coverage(model: Model, day: date | None = None) -> Iterator[Finding]:
    """The core rule: every obligation is implemented by a control.

    Counts controls written on pages as well as those in ``needs/``, so that a
    control in the wrong place is reported as misplaced, not as a gap too; and
    waivers still in force on ``day`` (all of them when no day is given).
    """
    waived = {w.obligation for w in model.waivers if day is None or w.active(day)}
    implemented = waived | {
        target
        for need in model.needs
        if need.type == "control"
        for target in need.targets("implements")
    }
    index = model.by_id()
    for need in _ids(model):
        if need.type != "obligation" or need.id in implemented:
            continue
        provision = next(iter(need.targets("derives_from")), "?")
        where = index.get(provision)
        clause = f"{provision} ({where.title.zh})" if where else provision
        yield fnd.make(
            "uncovered-obligation",
            need.file,
            need.line,
            f"obligation has no control implementing it "
            f"(provision {clause}: {need.title.en})",
            need.id,
        )


def provisions(model: Model) -> Iterator[Finding]:
    """A provision imposes obligations, or says why it does not."""
    derived = {
        target
        for need in model.needs
        if need.type == "obligation"
        for target in need.targets("derives_from")
    }
    for need in _ids(model):
        if (
            need.type == "provision"
            and need.informative is None
            and need.id not in derived
        ):
            yield fnd.make(
                "provision-without-obligation",
                need.file,
                need.line,
                "provision has no obligation and is not marked informative",
                need.id,
            )


def controls(model: Model) -> Iterator[Finding]:
    """A control implements something and leaves evidence; evidence is used."""
    used: set[str] = set()
    for need in model.needs:
        if need.type != "control":
            continue
        used.update(need.targets("evidenced_by"))
        if not need.targets("implements"):
            yield fnd.make(
                "control-implements-nothing",
                need.file,
                need.line,
                "control implements no obligation",
                need.id,
            )
        if not need.targets("evidenced_by"):
            yield fnd.make(
                "control-without-evidence",
                need.file,
                need.line,
                "control names no evidence",
                need.id,
            )
    for need in _ids(model):
        if need.type == "evidence" and need.id not in used:
            yield fnd.make(
                "unused-evidence",
                need.file,
                need.line,
                "no control names this evidence",
                need.id,
            )


def pages(model: Model) -> Iterator[Finding]:
    """Needs written straight into pages: the data has one home, ``needs/``."""
    for need in model.needs:
        if need.origin == "page":
            yield fnd.make(
                "need-outside-yaml",
                need.file,
                need.line,
                f"{need.type} {need.id!r} is written on a page, not in needs/",
                need.id,
            )


def placement(model: Model, placed: Sequence[Placement]) -> Iterator[Finding]:
    """Each item of ``needs/`` stands on exactly one page."""
    where: dict[str, list[Placement]] = defaultdict(list)
    for item in placed:
        where[item.need_id].append(item)
    # a duplicated ID is one error already (duplicate-id): where its items
    # stand cannot be told apart, so placement says nothing more about it
    counts: dict[str, int] = defaultdict(int)
    for need in _ids(model):
        counts[need.id] += 1
    for need in _ids(model):
        if need.origin != "yaml" or counts[need.id] > 1:
            continue
        spots = sorted(where.get(need.id, []), key=lambda p: (p.file, p.line))
        if not spots:
            yield fnd.make(
                "unplaced-item",
                need.file,
                need.line,
                f"no page places this {need.type}",
                need.id,
            )
        for extra in spots[1:]:
            yield fnd.make(
                "placed-twice",
                extra.file,
                extra.line,
                f"{need.id} is already placed at {spots[0].file}:{spots[0].line}",
                need.id,
            )


_STATUS_CODES = {
    "expired": "licence-expired",
    "renewal-deadline-passed": "renewal-deadline-passed",
    "renewal-window-open": "renewal-window-open",
}


def licence_status(model: Model, day: date) -> Iterator[Finding]:
    """What the as-of date means for the licence: expiry and the renewal rule."""
    licence = model.licence
    if licence is None:
        return
    dates = licence.dates
    status = dates.status(day)
    if status == "valid":
        return
    if status == "expired":
        message = f"licence {licence.number} expired on {dates.expires}"
    elif status == "renewal-deadline-passed":
        message = (
            f"the renewal application was due by {dates.renewal_deadline}; "
            f"the licence expires on {dates.expires}"
        )
    else:
        message = (
            f"apply for renewal by {dates.renewal_deadline}; "
            f"the licence expires on {dates.expires}"
        )
    yield fnd.make(
        _STATUS_CODES[status], licence.file, licence.line, f"{message} (as of {day})"
    )


def _a(noun: str) -> str:
    """The noun with its indefinite article: an obligation, a control."""
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def waivers(model: Model, day: date | None) -> Iterator[Finding]:
    """Waivers name a real obligation and an owner; say which are in force."""
    index = model.by_id()
    known = {owner.id for owner in model.owners}
    for waiver in model.waivers:
        target = index.get(waiver.obligation)
        if target is None or target.type != "obligation":
            yield fnd.make(
                "unknown-link" if target is None else "wrong-link-type",
                waiver.file,
                waiver.obligation_line,
                f"waiver names {waiver.obligation!r}, which is not an obligation",
                waiver.id,
            )
            continue
        if waiver.approver not in known:
            yield fnd.make(
                "unknown-owner",
                waiver.file,
                waiver.line,
                f"approver {waiver.approver!r} is not a role in needs/owners.yaml",
                waiver.id,
            )
        if day is None:
            continue
        if waiver.active(day):
            yield fnd.make(
                "waiver-active",
                waiver.file,
                waiver.line,
                f"{waiver.obligation} is waived until {waiver.expires} "
                f"(approved by {waiver.approver}; as of {day})",
                waiver.id,
            )
        else:
            yield fnd.make(
                "waiver-expired",
                waiver.file,
                waiver.line,
                f"the waiver of {waiver.obligation} expired on {waiver.expires} "
                f"(as of {day})",
                waiver.id,
            )


def reviews(model: Model, day: date) -> Iterator[Finding]:
    """Each control is reviewed at its interval: overdue reviews as of ``day``."""
    for need in model.needs:
        if need.type != "control" or not need.last_reviewed or not need.review_months:
            continue
        due = add_months(need.last_reviewed, need.review_months)
        if day > due:
            yield fnd.make(
                "review-overdue",
                need.file,
                need.line,
                f"last reviewed on {need.last_reviewed}; the next review was due "
                f"by {due} (as of {day})",
                need.id,
            )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day if it has fewer)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


_RULES = (duplicate_ids, links, cycles, owners, provisions, controls, pages)


def evaluate(
    model: Model,
    placed: Sequence[Placement],
    page_needs: Sequence[Need] = (),
    earlier: Sequence[Finding] = (),
    overrides: Mapping[str, str] | None = None,
    day: date | None = None,
) -> list[Finding]:
    """All findings of a project, at the project's severities, in stable order.

    ``earlier`` are what loading the files and resolving the directives found;
    the build and ``make check`` both end here, so they agree by construction.
    """
    whole = model.with_needs(tuple(page_needs))
    return fnd.finalize([*earlier, *check(whole, placed, day)], overrides)
