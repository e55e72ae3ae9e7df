"""``make check``'s reading of the pages: the ``licence-needs`` directives and
the needs pages write themselves, from the Markdown, without a parser.

``make check`` runs in well under a second, so it cannot build the site; this
scanner reads the pages' directive fences instead.  It is a second reader of
MyST and must agree with the real one where it matters: the bad-input corpus
runs through both front ends and a test holds them to the same findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.findings import Finding
from ..core.model import Need
from ..core.placement import (
    DIRECTIVE,
    EXTEND_DIRECTIVE,
    ONLY_DIRECTIVE,
    PlacementRequest,
    hidden_placement,
    page_encoding_problem,
    page_extension,
    page_need,
    split_ids,
)
from ..core.schema import LINK_TYPES, NEED_TYPES

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?:\{(?P<name>[\w-]+)\})?"
    r"[ \t]*(?P<arg>.*)$"
)
#: a reStructuredText directive, inside ``{eval-rst}``
_RST_DIRECTIVE = re.compile(
    r"^(?P<indent>[ ]*)\.\.[ ]+(?P<name>[\w-]+)::[ ]*(?P<arg>.*)$"
)
#: the start of a Markdown list item: its content is indented this far
_LIST_ITEM = re.compile(r"^(?P<prefix>[ ]*(?:[-*+]|\d{1,9}[.)])[ ]+)\S")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")


@dataclass(frozen=True)
class PageScan:
    """What the pages ask for and write, and what could not be read."""

    requests: tuple[PlacementRequest, ...]
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
    requests: list[PlacementRequest] = []
    needs: list[Need] = []
    problems: list[Finding] = []
    for path in sorted((root / source_dir).rglob("*.md")):
        page = path.relative_to(root).as_posix()
        data = path.read_bytes()
        problem = page_encoding_problem(data, page)
        if problem is not None:
            problems.append(problem)
            continue
        lines = data.decode("utf-8").splitlines()
        for number, name, arg, options, within in _fences(lines):
            if name == DIRECTIVE:
                ids = split_ids(options.get("ids", ""))
                requests.append(PlacementRequest(arg, ids, page, number))
                for outer, condition in within:
                    if outer == ONLY_DIRECTIVE:
                        problems.append(hidden_placement(page, number, condition))
            elif name == EXTEND_DIRECTIVE:
                problems.append(page_extension(page, number, arg))
            elif name in NEED_TYPES:
                needs.append(_page_need(name, arg, options, page, number))
    return PageScan(tuple(requests), tuple(needs), tuple(problems))


Fence = tuple[int, str, str, dict[str, str], tuple[tuple[str, str], ...]]


def _fences(lines: list[str]) -> list[Fence]:
    """(line, directive name, argument, options, enclosing directives as
    (name, argument)) of each directive, as MyST reads the page:

    - backtick, tilde and colon fences, indented at most 3 spaces beyond the
      list item they stand in (4 more is an indented code block);
    - nothing inside an HTML comment (``<!--`` … ``-->``);
    - code blocks and literal directives are opaque, except ``{eval-rst}``,
      whose reStructuredText directives (``.. licence-needs::``) count.
    """
    found: list[Fence] = []
    # (fence character, length, name, argument) of each directive still open
    open_directives: list[tuple[str, int, str, str]] = []
    closing: re.Pattern[str] | None = None  # set while inside an opaque block
    rst: list[str] | None = None  # lines of an {eval-rst} block being read
    rst_start = 0
    in_comment = False
    container = 0  # the content indentation of the list item we are in
    for index, line in enumerate(lines):
        if closing is not None:
            if closing.match(line):
                closing = None
                if rst is not None:
                    within = tuple((n, a) for _, _, n, a in open_directives)
                    found.extend(_rst_directives(rst, rst_start, within))
                    rst = None
            elif rst is not None:
                rst.append(line)
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not stripped:
            continue
        item = _LIST_ITEM.match(line)
        if item:
            container = len(item["prefix"])
        elif indent < container:
            container = 0
        if indent - container <= 3 and stripped.startswith("<!--"):
            in_comment = "-->" not in stripped[4:]
            continue
        match = _FENCE.match(line)
        if not match or len(match["indent"].expandtabs(4)) - container > 3:
            continue  # not a fence, or part of an indented code block
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
            if name == "eval-rst":
                rst, rst_start = [], index + 2
            continue
        within = tuple((n, a) for _, _, n, a in open_directives)
        open_directives.append((fence[0], len(fence), name, arg))
        found.append((index + 1, name, arg, _options(lines, index + 1), within))
    return found


def _rst_directives(
    lines: list[str], first: int, outer: tuple[tuple[str, str], ...]
) -> list[Fence]:
    """The directives of an ``{eval-rst}`` block whose first line is line
    ``first`` of the page; ``.. only::`` encloses what is indented under it."""
    found: list[Fence] = []
    enclosing: list[tuple[int, str, str]] = []  # (indent, name, argument)
    for offset, line in enumerate(lines):
        match = _RST_DIRECTIVE.match(line)
        if not match:
            continue
        indent = len(match["indent"])
        while enclosing and enclosing[-1][0] >= indent:
            enclosing.pop()
        name, arg = match["name"], match["arg"].strip()
        within = outer + tuple((n, a) for _, n, a in enclosing)
        options: dict[str, str] = {}
        for option in lines[offset + 1 :]:
            key = _OPTION.match(option.strip())
            if not key or len(option) - len(option.lstrip()) <= indent:
                break
            options[key["key"]] = key["value"].strip()
        found.append((first + offset, name, arg, options, within))
        enclosing.append((indent, name, arg))
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


def _page_need(
    need_type: str, title: str, options: dict[str, str], file: str, line: int
) -> Need:
    links = {name: list(split_ids(options.get(name, ""))) for name in LINK_TYPES}
    return page_need(
        need_type, options.get("id", ""), title, links, options.get("owner"), file, line
    )
