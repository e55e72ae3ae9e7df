"""Read a YAML file strictly, keeping the line of every value.

PyYAML's ``safe_load`` is too forgiving for data people rely on: it keeps the
last of two repeated keys, expands anchors and aliases (the "billion laughs"),
accepts tags, and forgets where each value came from.  This reader drives
PyYAML's event parser (the C one when it is there) and builds the tree itself,
so that it can refuse all of those and give every value its line.

Values come back as :class:`Node`: plain Python values (``str``, ``int``,
``float``, ``bool``, ``None``, ``list[Node]``, ``dict[str, Node]``) with the
1-based line they start on and the YAML type they resolved to.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, NamedTuple

import yaml
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

#: A file larger than this is refused before it is parsed.
MAX_BYTES = 16 * 1024 * 1024
#: Nesting deeper than this is refused (the data format needs four levels).
MAX_DEPTH = 32

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_TEXT = "tag:yaml.org,2002:str"
#: PyYAML's own conversions of numbers, from one constructor (a loader made
#: per number cost more than the rest of the reading)
_CONSTRUCTOR = SafeConstructor()
_NUMBERS = {
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
}
_TAB_INDENT = re.compile(r"^[ ]*\t")
#: What YAML 1.1 does not allow in a stream (its "printable" set, inverted)
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_SHORT_TAGS = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "yes/no",
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:seq": "list",
    "tag:yaml.org,2002:map": "mapping",
}


class Node(NamedTuple):
    """A YAML value with the line it starts on and what YAML took it for.

    A named tuple, not a frozen dataclass: as immutable, and made several
    times faster, which counts at one per value of thousands of items.
    """

    value: Any
    line: int
    kind: str  # one of the values of _SHORT_TAGS
    key_line: int = 0  # in a mapping: the line of the key it stands under
    raw: str = ""  # a scalar as written, for messages ("No", not False)


class YamlError(Exception):
    """A file that cannot be read as the project's YAML, with where and why."""

    def __init__(
        self, code: str, line: int, message: str, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.line = line
        self.message = message
        self.hint = hint


def read(data: bytes) -> Node:
    """Parse one file's bytes into a :class:`Node` tree, or raise :class:`YamlError`."""
    text = _decode(data)
    line_of = _Lines(text)
    try:
        stream = _Parser(text)
        try:
            return _Builder(stream, line_of).document()
        finally:
            stream.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = line_of(mark) if mark else 1
        message = _syntax_message(exc, text, line, line_of)
        hint = "indent with spaces only" if message.startswith("tab") else None
        raise YamlError("yaml-syntax", line, message, hint) from None
    except yaml.reader.ReaderError:  # a character YAML does not allow
        # (the C reader's position counts bytes, the Python one characters:
        # find the character ourselves)
        match = _NOT_PRINTABLE.search(text)
        where = match.start() if match else 0
        code = ord(match.group()) if match else 0
        raise YamlError(
            "yaml-syntax",
            text.count("\n", 0, where) + 1,
            f"character U+{code:04X} is not allowed in YAML (write it as an "
            f"escape such as \\x{code:02x} inside double quotes)",
        ) from None


class _Lines:
    """The line an editor shows for a parser's mark.

    PyYAML also breaks lines at U+0085, U+2028 and U+2029, so its own line
    numbers drift by one after each; editors (and this report) count "\\n".
    Without those characters PyYAML's count is right and is used as it is.
    """

    def __init__(self, text: str) -> None:
        self._breaks: list[int] | None = None
        if any(ch in text for ch in _OTHER_BREAKS):
            self._breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, mark: Any) -> int:
        if self._breaks is None:
            return int(mark.line) + 1
        return bisect.bisect_left(self._breaks, mark.index) + 1


#: what PyYAML takes for a line break besides "\n" and "\r"
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def _syntax_message(
    exc: yaml.MarkedYAMLError, text: str, line: int, line_of: _Lines
) -> str:
    """The parser's complaint, said plainly where we can (tabs, open brackets,
    a line separator where YAML does not expect one)."""
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if _TAB_INDENT.match(here):
        return "tab used for indentation (YAML indents with spaces only)"
    problem = " ".join(p for p in (exc.context, exc.problem) if p)
    opened = line_of(exc.context_mark) if exc.context_mark else line
    there = lines[opened - 1] if 0 < opened <= len(lines) else ""
    unseen = [f"U+{ord(ch):04X}" for ch in _OTHER_BREAKS if ch in here + there]
    if unseen:
        problem += (
            f"; the text holds {', '.join(unseen)}, an invisible line break "
            "for YAML: quote the text, or write the character as an escape"
        )
    if opened != line:
        problem += f" (the construct began at line {opened})"
    return f"not valid YAML: {problem}"


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise YamlError(
            "yaml-syntax",
            0,
            f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}",
            "split the data into several files",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise YamlError(
            "yaml-syntax",
            1,
            "file starts with a byte-order mark (BOM)",
            "save the file as UTF-8 without a BOM",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlError(
            "yaml-syntax",
            line,
            f"bytes that are not UTF-8 (byte {data[exc.start]:#04x})",
            "save the file as UTF-8",
        ) from None


class _Builder:
    """Turns the parser's events into Nodes, refusing what the data may not use.

    Written for speed as well as strictness (``make check`` reads thousands of
    items in a fraction of a second): one parser call per event, exact type
    tests, a mapping value made once with its key's line, and plain scalars'
    types resolved from a cache.
    """

    def __init__(self, parser: Any, line_of: _Lines) -> None:
        self._parser = parser
        self._resolved: dict[str, str] = {}
        self._line = line_of

    def document(self) -> Node:
        self._expect(events.StreamStartEvent)
        if self._parser.check_event(events.StreamEndEvent):
            return Node(None, 1, "nothing")
        self._expect(events.DocumentStartEvent)
        root = self._node(self._parser.get_event(), 0)
        self._expect(events.DocumentEndEvent)
        if not self._parser.check_event(events.StreamEndEvent):
            line = self._line(self._parser.peek_event().start_mark)
            raise YamlError("yaml-syntax", line, "more than one YAML document")
        return root

    def _expect(self, kind: type[events.Event]) -> events.Event:
        event = self._parser.get_event()
        if not isinstance(event, kind):  # pragma: no cover - the parser ensures it
            raise YamlError(
                "yaml-syntax", self._line(event.start_mark), "unexpected YAML structure"
            )
        return event

    def _node(self, event: events.Event, depth: int, key_line: int = 0) -> Node:
        line = self._line(event.start_mark)
        kind = type(event)
        if kind is events.AliasEvent:
            raise YamlError(
                "yaml-unsafe", line, f"alias *{event.anchor} is not allowed"
            )
        if event.anchor is not None:
            raise YamlError(
                "yaml-unsafe", line, f"anchor &{event.anchor} is not allowed"
            )
        if event.tag is not None:
            raise YamlError(
                "yaml-unsafe", line, f"tag {_as_written(event.tag)} is not allowed"
            )
        if depth > MAX_DEPTH:
            raise YamlError(
                "yaml-syntax", line, f"nested more than {MAX_DEPTH} levels deep"
            )
        if kind is events.ScalarEvent:
            value = event.value
            tag = self._tag(value, event.implicit)
            short = _SHORT_TAGS.get(tag, "text")
            converted = value if short == "text" else _convert(short, value, tag)
            return Node(converted, line, short, key_line, value)
        get_event = self._parser.get_event
        if kind is events.SequenceStartEvent:
            items = []
            while type(item := get_event()) is not events.SequenceEndEvent:
                items.append(self._node(item, depth + 1))
            return Node(items, line, "list", key_line)
        if kind is events.MappingStartEvent:
            return Node(self._mapping(depth), line, "mapping", key_line)
        raise YamlError(  # pragma: no cover - the parser ensures it
            "yaml-syntax", line, "unexpected YAML structure"
        )

    def _tag(self, value: str, implicit: tuple[bool, bool]) -> str:
        """What YAML takes a scalar for; plain scalars repeat (keys), so their
        resolution is cached."""
        if not implicit[0]:  # quoted: text, whatever it looks like
            return _TEXT
        tag = self._resolved.get(value)
        if tag is None:
            tag = self._resolved[value] = _RESOLVER.resolve(
                yaml.ScalarNode, value, implicit
            )
        return tag

    def _mapping(self, depth: int) -> dict[str, Node]:
        mapping: dict[str, Node] = {}
        get_event = self._parser.get_event
        while type(event := get_event()) is not events.MappingEndEvent:
            key = self._node(event, depth + 1)
            if key.kind != "text":
                shown = f" {_short(key.raw)!r}" if key.raw else ""
                raise YamlError(
                    "wrong-type", key.line, f"a key must be text, not {key.kind}{shown}"
                )
            if key.value in mapping:
                first = mapping[key.value].key_line
                raise YamlError(
                    "duplicate-key",
                    key.line,
                    f"key {key.value!r} is repeated (first at line {first})",
                )
            mapping[key.value] = self._node(get_event(), depth + 1, key.line)
        return mapping


def _as_written(tag: str) -> str:
    """A tag as people write it: ``!!python/name:x``, not the expanded URI."""
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _convert(kind: str, value: str, tag: str) -> Any:
    """The Python value of a resolved scalar (no constructor runs user tags).

    A scalar YAML takes for a number but Python cannot convert (``0x_``, a
    number of thousands of digits) stays its text: it is reported as a number
    wherever text was expected, like any other.
    """
    if kind == "number":
        construct = _NUMBERS.get(tag)
        try:
            return construct(yaml.ScalarNode(tag, value)) if construct else value
        except ValueError:
            return value
    if kind == "yes/no":
        return value.lower() in ("yes", "true", "on", "y")
    if kind == "nothing":
        return None
    return value
