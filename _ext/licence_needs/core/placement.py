"""What pages place, and which needs they write themselves, without Sphinx.

A page places data with the ``licence-needs`` directive: a data file, and
optionally the IDs of the part of it to place.  :func:`resolve` turns one such
request into the needs it places; the Sphinx directive and ``make check``
(through its page scanner, :mod:`licence_needs.check.mdscan`) both call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .findings import Finding
from .model import Link, Model, Need, Placement, Text
from .schema import LINK_TYPES

DIRECTIVE = "licence-needs"
#: the codes reading the pages may report
PRODUCES = (
    "unknown-placement",
    "unreadable-page",
    "placement-hidden",
    "page-changes-need",
)


@dataclass(frozen=True)
class PlacementRequest:
    """One ``licence-needs`` directive: what it asks for and where it stands."""

    data_file: str  # as written: a file name in needs/
    ids: tuple[str, ...]  # empty: the whole file
    page: str
    line: int


def split_ids(value: str) -> tuple[str, ...]:
    """IDs in a directive option: separated by spaces and/or commas."""
    return tuple(part for part in re.split(r"[\s,;]+", value) if part)


def resolve(
    request: PlacementRequest, model: Model, needs_dir: str
) -> tuple[list[Need], list[Finding]]:
    """The needs a directive places, in their file's order, and what is wrong."""
    data_file = f"{needs_dir}/{request.data_file}"
    if data_file not in model.files:
        known = ", ".join(f.removeprefix(f"{needs_dir}/") for f in model.files)
        return [], [
            Finding.of(
                "unknown-placement",
                request.page,
                request.line,
                f"{DIRECTIVE} names {request.data_file!r}, which is not a file "
                f"in {needs_dir}/ (there are: {known})",
            )
        ]
    in_file = [need for need in model.in_file(data_file) if need.id]
    if not request.ids:
        return in_file, []
    wanted = set(request.ids)
    found = [need for need in in_file if need.id in wanted]
    missing = sorted(wanted - {need.id for need in found})
    problems = [
        Finding.of(
            "unknown-placement",
            request.page,
            request.line,
            f"{DIRECTIVE} asks for {need_id!r}, which {request.data_file} "
            f"does not hold",
            need_id,
        )
        for need_id in missing
    ]
    return found, problems


def placements(request: PlacementRequest, needs: Iterable[Need]) -> list[Placement]:
    return [Placement(need.id, request.page, request.line) for need in needs]


def page_encoding_problem(data: bytes, page: str) -> Finding | None:
    """A page that is not UTF-8 text, as a finding at its first bad byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Finding.of(
            "unreadable-page",
            page,
            data.count(b"\n", 0, exc.start) + 1,
            f"the page is not UTF-8 (byte {data[exc.start]:#04x})",
        )
    return None


def page_need(
    need_type: str,
    need_id: str,
    title: str,
    links: dict[str, list[str]],
    owner: str | None,
    file: str,
    line: int,
) -> Need:
    """A need written on a page, as the rules see it (to count and report it)."""
    return Need(
        type=need_type,
        id=need_id,
        title=Text(title, title),
        text=Text("", ""),
        file=file,
        line=line,
        links={
            name: tuple(Link(target, line) for target in targets)
            for name, targets in links.items()
            if LINK_TYPES[name][0] == need_type
        },
        owner=owner,
        origin="page",
    )


#: the directive with which a page would change needs defined elsewhere
EXTEND_DIRECTIVE = "needextend"
#: the directive that keeps its content out of some builds
ONLY_DIRECTIVE = "only"


def hidden_placement(page: str, line: int, condition: str) -> Finding:
    """A ``licence-needs`` inside ``{only}``: the gate would count as placed
    needs that the site may not show (both front ends report it so)."""
    return Finding.of(
        "placement-hidden",
        page,
        line,
        f"{DIRECTIVE} stands inside '{ONLY_DIRECTIVE} {condition}': its items "
        f"would be missing from builds the condition excludes",
    )


def page_extension(page: str, line: int, target: str) -> Finding:
    """A ``needextend`` on a page: the site and needs.json would show what the
    YAML, the exports and the gate do not."""
    return Finding.of(
        "page-changes-need",
        page,
        line,
        f"{EXTEND_DIRECTIVE} {target!r} changes needs on a page; "
        f"the data has one home, needs/",
    )
