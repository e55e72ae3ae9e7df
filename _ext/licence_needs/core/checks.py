"""The gate's checks: pure functions from the project to findings.

Every check has one signature, ``check(context) -> Iterator[Finding]`` (as
doorstop's validators do), and is listed once in :data:`CHECKS` with the
codes it may report, so that a test can hold each code to one check.  A
check yields findings and decides nothing else: which findings fail a build
is the reporting step's business (the project's severities).  A check that
needs what the context lacks (the pages' placements, the as-of date) yields
nothing.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from .codes import CODES
from .dates import add_months
from .findings import Finding
from .model import Licence, Link, Model, Need, Placement
from .schema import LINK_TYPES


@dataclass(frozen=True)
class Context:
    """What the checks look at: the data (with the needs pages wrote), where
    pages place it (None: not known, as for a single file), the as-of day
    (None: no check of time), and which listed evidence files exist."""

    model: Model
    placements: Sequence[Placement] | None = None
    day: date | None = None
    #: the files evidence items list that are in the evidence folder (None:
    #: not looked at)
    evidence_present: frozenset[str] | None = None
    #: the longest term of a waiver, in months from its approval
    waiver_max_months: int = 12


Check = Callable[[Context], Iterator[Finding]]
#: every check, with the codes it reports, in the order they run
CHECKS: dict[Check, tuple[str, ...]] = {}


def check(*codes: str) -> Callable[[Check], Check]:
    """Register a check and the codes it may report."""

    def register(function: Check) -> Check:
        CHECKS[function] = codes
        return function

    return register


def run_checks(context: Context) -> list[Finding]:
    """Every finding of every check, unsorted and at default severities."""
    return [finding for each in CHECKS for finding in each(context)]


def _ids(model: Model) -> Iterator[Need]:
    return (need for need in model.needs if need.id)


def _links(model: Model) -> Iterator[tuple[Need, str, Link, Need | None]]:
    """Every link of every need, with the need it names (None: no such need)."""
    index = model.index
    for need in model.needs:
        for name, targets in need.links.items():
            for link in targets:
                yield need, name, link, index.get(link.target)


@check("duplicate-id")
def duplicate_ids(context: Context) -> Iterator[Finding]:
    """An ID used twice, or two IDs that differ only in case, is one error each."""
    model = context.model
    first: dict[str, Need] = {}
    for need in _ids(model):
        other = first.setdefault(need.id.upper(), need)
        if other is need:
            continue
        same = "the same ID" if other.id == need.id else f"ID {other.id!r} (case aside)"
        yield Finding.of(
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
        ("assessment", model.assessments),
    ):
        seen: dict[str, tuple[str, int]] = {}
        for item in items:
            if not item.id:
                continue
            where = seen.setdefault(item.id.lower(), (item.file, item.line))
            if where != (item.file, item.line):
                yield Finding.of(
                    "duplicate-id",
                    item.file,
                    item.line,
                    f"{kind} {item.id!r} is already defined at {where[0]}:{where[1]}",
                    item.id,
                )


@check("unknown-link", "wrong-link-type")
def links(context: Context) -> Iterator[Finding]:
    """Every link names an existing need of the type its link type points to;
    so does every waiver's obligation."""
    model = context.model
    index = model.index
    by_type: dict[str, list[str]] = defaultdict(list)
    for known in _ids(model):
        by_type[known.type].append(known.id)
    for need, name, link, target in _links(model):
        wanted = LINK_TYPES[name][1]
        if target is None:
            yield Finding.of(
                "unknown-link",
                need.file,
                link.line,
                f"{name} names {link.target!r}, which no {wanted} has",
                need.id,
                _did_you_mean(link.target, by_type[wanted]),
            )
        elif target.type != wanted:
            yield Finding.of(
                "wrong-link-type",
                need.file,
                link.line,
                f"{name} must point to {_a(wanted)}, but {link.target!r} "
                f"is {_a(target.type)}",
                need.id,
            )
    for waiver in model.waivers:
        target = index.get(waiver.obligation)
        if target is None or target.type != "obligation":
            yield Finding.of(
                "unknown-link" if target is None else "wrong-link-type",
                waiver.file,
                waiver.obligation_line,
                f"waiver names {waiver.obligation!r}, which is not an obligation",
                waiver.id,
                _did_you_mean(waiver.obligation, by_type["obligation"])
                if target is None
                else None,
            )


@check("link-cycle")
def cycles(context: Context) -> Iterator[Finding]:
    """Links that lead back to where they started.

    Only a wrong-type link can close one: every link type leads from a type
    to a later one (control → obligation → provision → regulation, and
    control → evidence), so with no wrong-type link there is nothing to
    search for, and most projects are searched for nothing.
    """
    model = context.model
    index = model.index
    if all(
        target is None or target.type == LINK_TYPES[name][1]
        for _, name, _, target in _links(model)
    ):
        return  # the loader reads a link only from the type it leads from
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
        path: list[str] = [start]
        on_path: set[str] = {start}
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(successors))]
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
                yield Finding.of(
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


@check("control-without-owner", "unknown-owner")
def owners(context: Context) -> Iterator[Finding]:
    """Every control has an owner, and owners and waivers' approvers are roles
    of owners.yaml."""
    model = context.model
    known = {owner.id for owner in model.owners}
    for need in model.needs:
        if need.type != "control":
            continue
        if need.owner is None:
            yield Finding.of(
                "control-without-owner",
                need.file,
                need.line,
                "control has no owner",
                need.id,
            )
        elif need.owner not in known:
            yield Finding.of(
                "unknown-owner",
                need.file,
                need.owner_line or need.line,
                f"owner {need.owner!r} is not a role in needs/owners.yaml",
                need.id,
            )
    for waiver in model.waivers:
        if waiver.approver not in known:
            yield Finding.of(
                "unknown-owner",
                waiver.file,
                waiver.line,
                f"approver {waiver.approver!r} is not a role in needs/owners.yaml",
                waiver.id,
            )


@check("uncovered-obligation")
def coverage(context: Context) -> Iterator[Finding]:
    """The core rule: every obligation is implemented by a control.

    Counts controls written on pages as well as those in ``needs/``, so that a
    control in the wrong place is reported as misplaced, not as a gap too; and
    waivers still in force on the as-of day (all of them when there is none).
    """
    model, day = context.model, context.day
    waived = {w.obligation for w in model.waivers if day is None or w.active(day)}
    implemented = waived | {
        target
        for need in model.needs
        if need.type == "control"
        for target in need.targets("implements")
    }
    index = model.index
    for need in _ids(model):
        if need.type != "obligation" or need.id in implemented:
            continue
        provision = next(iter(need.targets("derives_from")), "?")
        where = index.get(provision)
        clause = f"{provision} ({where.title.zh})" if where else provision
        yield Finding.of(
            "uncovered-obligation",
            need.file,
            need.line,
            f"obligation has no control implementing it "
            f"(provision {clause}: {need.title.en})",
            need.id,
        )


@check("provision-without-obligation")
def provisions(context: Context) -> Iterator[Finding]:
    """A provision imposes obligations, or says why it does not."""
    model = context.model
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
            yield Finding.of(
                "provision-without-obligation",
                need.file,
                need.line,
                "provision has no obligation and is not marked informative",
                need.id,
            )


@check("control-implements-nothing", "control-without-evidence", "unused-evidence")
def controls(context: Context) -> Iterator[Finding]:
    """A control implements something and leaves evidence; evidence is used."""
    model = context.model
    used: set[str] = set()
    for need in model.needs:
        if need.type != "control":
            continue
        used.update(need.targets("evidenced_by"))
        if not need.targets("implements"):
            yield Finding.of(
                "control-implements-nothing",
                need.file,
                need.line,
                "control implements no obligation",
                need.id,
            )
        if not need.targets("evidenced_by"):
            yield Finding.of(
                "control-without-evidence",
                need.file,
                need.line,
                "control names no evidence",
                need.id,
            )
    for need in _ids(model):
        if need.type == "evidence" and need.id not in used:
            yield Finding.of(
                "unused-evidence",
                need.file,
                need.line,
                "no control names this evidence",
                need.id,
            )


@check("evidence-file-missing")
def evidence_files(context: Context) -> Iterator[Finding]:
    """A file an evidence item lists that the evidence folder does not hold:
    one error each, at the item's line."""
    present = context.evidence_present
    if present is None:
        return
    for need in _ids(context.model):
        for listed in need.files:
            if listed.path not in present:
                yield Finding.of(
                    "evidence-file-missing",
                    need.file,
                    need.line,
                    f"listed file {listed.path!r} (line {listed.line}) is not in "
                    "the evidence folder",
                    need.id,
                )


@check("need-outside-yaml")
def page_needs(context: Context) -> Iterator[Finding]:
    """Needs written straight into pages: the data has one home, ``needs/``."""
    for need in context.model.needs:
        if need.origin == "page":
            yield Finding.of(
                "need-outside-yaml",
                need.file,
                need.line,
                f"{need.type} {need.id!r} is written on a page, not in needs/",
                need.id,
            )


@check("unplaced-item", "placed-twice")
def placement(context: Context) -> Iterator[Finding]:
    """Each item of ``needs/`` stands on exactly one page."""
    if context.placements is None:
        return
    model = context.model
    where: dict[str, list[Placement]] = defaultdict(list)
    for item in context.placements:
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
            yield Finding.of(
                "unplaced-item",
                need.file,
                need.line,
                f"no page places this {need.type}",
                need.id,
            )
        for extra in spots[1:]:
            yield Finding.of(
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


@check(*_STATUS_CODES.values())
def licence_status(context: Context) -> Iterator[Finding]:
    """What the as-of date means for the licence: expiry and the renewal rule."""
    licence, day = context.model.licence, context.day
    if licence is None or day is None:
        return
    dates = licence.dates
    status = dates.status(day)
    if status == "valid":
        return
    if status != "expired" and licence.applied_in_time():
        return  # the renewal was applied for in time: the duty is done
    if status == "expired":
        message = (
            f"licence {licence.number} expired on {dates.expires}; "
            f"{renewal_state(licence)}"
        )
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
    yield Finding.of(
        _STATUS_CODES[status], licence.file, licence.line, f"{message} (as of {day})"
    )


def renewal_state(licence: Licence) -> str:
    """What the data records of the licence's renewal, in one clause."""
    renewal = licence.renewal
    if renewal is None:
        return "no renewal is on file"
    if renewal.decision == "pending":
        return f"the renewal applied for on {renewal.applied} is pending"
    if renewal.decision == "refused":
        return (
            f"the renewal applied for on {renewal.applied} was refused on "
            f"{renewal.decided}"
        )
    return f"renewed on {renewal.decided}, valid until {renewal.valid_until}"


@check("waiver-active", "waiver-expired")
def waivers(context: Context) -> Iterator[Finding]:
    """Which waivers of real obligations are in force on the as-of day."""
    model, day = context.model, context.day
    if day is None:
        return
    for waiver in model.waivers:
        target = model.index.get(waiver.obligation)
        if target is None or target.type != "obligation":
            continue  # reported by the links check
        if waiver.active(day):
            yield Finding.of(
                "waiver-active",
                waiver.file,
                waiver.line,
                f"{waiver.obligation} is waived until {waiver.expires} "
                f"(approved by {waiver.approver}; as of {day})",
                waiver.id,
            )
        else:
            yield Finding.of(
                "waiver-expired",
                waiver.file,
                waiver.line,
                f"the waiver of {waiver.obligation} expired on {waiver.expires} "
                f"(as of {day})",
                waiver.id,
            )


@check("review-overdue")
def reviews(context: Context) -> Iterator[Finding]:
    """Each control is reviewed at its interval: overdue reviews as of the day."""
    day = context.day
    if day is None:
        return
    for need in context.model.needs:
        if need.type != "control" or not need.last_reviewed or not need.review_months:
            continue
        due = add_months(need.last_reviewed, need.review_months)
        if day > due:
            yield Finding.of(
                "review-overdue",
                need.file,
                need.line,
                f"last reviewed on {need.last_reviewed}; the next review was due "
                f"by {due} (as of {day})",
                need.id,
            )


def _did_you_mean(wrong: str, known: Sequence[str]) -> str | None:
    """The code's hint led by the closest existing IDs of the wanted type
    (``did you mean 'OB_07_2'?``): a mistyped ID is the usual cause, and the
    right one is hard to find among hundreds.  None (the code's own hint)
    when nothing is close."""
    upper = {k.upper(): k for k in known}  # ob_07_2 is a typo of OB_07_2 too
    close = [upper[c] for c in difflib.get_close_matches(wrong.upper(), upper, n=3)]
    if not close:
        return None
    names = " or ".join(repr(c) for c in close)
    return f"did you mean {names}? otherwise {CODES['unknown-link'].hint.en}"


def _a(noun: str) -> str:
    """The noun with its indefinite article: an obligation, a control."""
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"
