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
_FENCE = re.compile(
    r"^\s*(?P<fence>`{3,}|:{3,})(?:\{(?P<name>[\w-]+)\})?[ \t]*(?P<arg>.*)$"
)
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
    findings: tuple[Finding, ...] = ()


#: Directives whose body is literal text: a fence inside them is an example.
_LITERAL = {"code-block", "code", "sourcecode", "literalinclude", "raw", "eval-rst"}


def scan(root: Path, source_dir: str) -> PageScan:
    """The ``licence-needs`` directives and page-written needs of every page.

    Reads MyST fences as the parser does where it matters: fences may be
    indented (list items), code blocks and literal directives are opaque (an
    example of the directive is not a directive), and options may be written
    as ``:key: value`` lines or in a ``---`` block.
    """
    directives: list[Directive] = []
    needs: list[Need] = []
    problems: list[Finding] = []
    for path in sorted((root / source_dir).rglob("*.md")):
        page = path.relative_to(root).as_posix()
        data = path.read_bytes()
        try:
            lines = data.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            problems.append(
                fnd.make(
                    "unreadable-page",
                    page,
                    data.count(b"\n", 0, exc.start) + 1,
                    f"the page is not UTF-8 (byte {data[exc.start]:#04x})",
                )
            )
            continue
        for number, name, arg, options in _fences(lines):
            if name == DIRECTIVE:
                ids = split_ids(options.get("ids", ""))
                directives.append(Directive(arg, ids, page, number))
            elif name in NEED_TYPES:
                needs.append(_page_need(name, arg, options, page, number))
    return PageScan(tuple(directives), tuple(needs), tuple(problems))


def _fences(lines: list[str]) -> list[tuple[int, str, str, dict[str, str]]]:
    """(line, directive name, argument, options) of each directive fence."""
    found = []
    open_directives: list[tuple[str, int]] = []  # (fence character, length)
    closing: re.Pattern[str] | None = None  # set while inside an opaque block
    for index, line in enumerate(lines):
        if closing is not None:
            if closing.match(line):
                closing = None
            continue
        match = _FENCE.match(line)
        if not match:
            continue
        fence, name, arg = match["fence"], match["name"], match["arg"].strip()
        if (
            name is None
            and not arg
            and open_directives
            and fence[0] == open_directives[-1][0]
            and len(fence) >= open_directives[-1][1]
        ):
            open_directives.pop()  # the end of a directive
            continue
        if name is None or name in _LITERAL:
            pattern = re.escape(fence[0]) + "{" + str(len(fence)) + ",}"
            closing = re.compile(rf"^\s*{pattern}\s*$")
            continue
        open_directives.append((fence[0], len(fence)))
        found.append((index + 1, name, arg, _options(lines, index + 1)))
    return found


def _options(lines: list[str], start: int) -> dict[str, str]:
    options = {}
    if start < len(lines) and lines[start].strip() == "---":
        for line in lines[start + 1 :]:
            if line.strip() == "---":
                break
            key, _, value = line.strip().partition(":")
            options[key.strip()] = value.strip()
        return options
    for line in lines[start:]:
        match = _OPTION.match(line.strip())
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
