"""What pages place, and which needs they write themselves, without Sphinx.

A page places data with the ``licence-needs`` directive: a data file, and
optionally the IDs of the part of it to place.  :func:`resolve` turns one such
directive into the needs it places; the Sphinx directive and ``make check``
both call it.  ``make check`` runs in well under a second, so it cannot build
the site; :func:`scan` reads the pages' directive fences instead, and a test
holds the scan to the build's answer on the handbook's own pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import findings as fnd
from .findings import Finding
from .model import LINK_TYPES, NEED_TYPES, Link, Model, Need, Text
from .rules import Placement

DIRECTIVE = "licence-needs"
_FENCE = re.compile(r"^(`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")


@dataclass(frozen=True)
class Directive:
    """One ``licence-needs`` directive: what it asks for and where it stands."""

    data_file: str  # as written: a file name in needs/
    ids: tuple[str, ...]  # empty: the whole file
    page: str
    line: int


def split_ids(value: str) -> tuple[str, ...]:
    """IDs in a directive option: separated by spaces and/or commas."""
    return tuple(part for part in re.split(r"[\s,;]+", value) if part)


def resolve(
    directive: Directive, model: Model, needs_dir: str
) -> tuple[list[Need], list[Finding]]:
    """The needs a directive places, in their file's order, and what is wrong."""
    data_file = f"{needs_dir}/{directive.data_file}"
    if data_file not in model.files:
        known = ", ".join(f.removeprefix(f"{needs_dir}/") for f in model.files)
        return [], [
            fnd.make(
                "unknown-placement",
                directive.page,
                directive.line,
                f"{DIRECTIVE} names {directive.data_file!r}, which is not a file "
                f"in {needs_dir}/ (there are: {known})",
            )
        ]
    in_file = [need for need in model.in_file(data_file) if need.id]
    if not directive.ids:
        return in_file, []
    wanted = set(directive.ids)
    found = [need for need in in_file if need.id in wanted]
    missing = sorted(wanted - {need.id for need in found})
    problems = [
        fnd.make(
            "unknown-placement",
            directive.page,
            directive.line,
            f"{DIRECTIVE} asks for {need_id!r}, which {directive.data_file} "
            f"does not hold",
            need_id,
        )
        for need_id in missing
    ]
    return found, problems


def placements(directive: Directive, needs: Iterable[Need]) -> list[Placement]:
    return [Placement(need.id, directive.page, directive.line) for need in needs]


@dataclass(frozen=True)
class PageScan:
    directives: tuple[Directive, ...]
    needs: tuple[Need, ...]


def scan(root: Path, source_dir: str) -> PageScan:
    """The ``licence-needs`` directives and page-written needs of every page."""
    directives: list[Directive] = []
    needs: list[Need] = []
    for path in sorted((root / source_dir).rglob("*.md")):
        page = path.relative_to(root).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            match = _FENCE.match(line)
            if not match:
                continue
            options = _options(lines, number)
            name, arg = match["name"], match["arg"].strip()
            if name == DIRECTIVE:
                ids = split_ids(options.get("ids", ""))
                directives.append(Directive(arg, ids, page, number))
            elif name in NEED_TYPES:
                needs.append(_page_need(name, arg, options, page, number))
    return PageScan(tuple(directives), tuple(needs))


def _options(lines: list[str], fence_line: int) -> dict[str, str]:
    options = {}
    for line in lines[fence_line:]:
        match = _OPTION.match(line)
        if not match:
            break
        options[match["key"]] = match["value"].strip()
    return options


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


def _page_need(
    need_type: str, title: str, options: dict[str, str], file: str, line: int
) -> Need:
    links = {name: list(split_ids(options.get(name, ""))) for name in LINK_TYPES}
    return page_need(
        need_type, options.get("id", ""), title, links, options.get("owner"), file, line
    )
