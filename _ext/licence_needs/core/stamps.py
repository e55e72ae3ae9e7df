"""The review-stamp file, ``needs/review-stamps.tsv``: read strictly, written
canonically.

One line per (item, what it was reviewed against), tab-separated::

    OB_06_1<TAB>derives_from SP_06<TAB><sha256><TAB>text=<12 hex> title=<12 hex>
    OB_06_1<TAB>en<TAB><sha256><TAB>…

Only ``make review`` writes it, sorted, so that two branches that review
different items change different lines (``.gitattributes`` merges it by
union).  A line nobody could have written (a hand edit, a corrupted or
half-merged file) is a located finding, never a traceback; such a line is
not used, so the items it stood for show as not reviewed: the gate fails
closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .findings import Finding
from .model import Stamp

#: the file's name in the data folder
FILE_NAME = "review-stamps.tsv"
#: the codes reading the stamp file may report (the review check reports the rest)
PRODUCES = ("stamp-malformed", "stamp-conflict")
HEADER = (
    "# Review stamps, machine-written by `make review`: do not edit by hand.\n"
    "# item<TAB>reviewed against<TAB>upstream fingerprint (SHA-256)"
    "<TAB>per-field digests (needs/README.md, 'Change control')\n"
)
#: the links an item is reviewed through, as the stamp file names them
REVIEWED_LINKS = ("derives_from", "implements", "evidenced_by")
_ID = r"[A-Za-z][A-Za-z0-9_]*"
_AGAINST = re.compile(rf"en|(?:{'|'.join(REVIEWED_LINKS)}) {_ID}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_FIELD = re.compile(r"([a-z_]+)=([0-9a-f]{12})")
_MARKERS = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")


@dataclass(frozen=True)
class BadLine:
    """A line that is not used, and the items it may have stood for (what
    ``make review ITEMS=…`` must name to write it again)."""

    line: int
    items: tuple[str, ...]


@dataclass(frozen=True)
class StampFile:
    """What the file holds: the usable stamps, and the lines that are not."""

    stamps: tuple[Stamp, ...]
    bad: tuple[BadLine, ...]


def review_hint(items: Iterable[str]) -> str:
    """The exact command that records a review of ``items``."""
    return f'make review ITEMS="{" ".join(sorted(set(items)))}"'


def _first_field(raw: bytes) -> str:
    """The item ID a line starts with, if any: whom a bad line belonged to."""
    match = re.match(_ID, raw.decode("utf-8", "replace").lstrip())
    return match[0] if match else ""


def read(data: bytes, name: str) -> tuple[StampFile, list[Finding]]:
    """Parse the stamp file's bytes; every problem is a finding at its line."""
    findings: list[Finding] = []
    stamps: list[Stamp] = []
    bad: list[BadLine] = []
    seen: dict[tuple[str, str], int] = {}
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    conflict: list[int] = []  # the line numbers of the open conflict block

    def malformed(number: int, raw: bytes, why: str) -> None:
        item = _first_field(raw)
        bad.append(BadLine(number, (item,) if item else ()))
        findings.append(
            Finding.of(
                "stamp-malformed",
                name,
                number,
                f"this line is not a stamp make review writes: {why}",
                item,
                hint=f"run {review_hint([item])} to write it again" if item else None,
            )
        )

    for number, raw in enumerate(lines, 1):
        raw = raw.removesuffix(b"\r")
        marker = next((m for m in _MARKERS if raw.startswith(m.encode())), None)
        if marker == "<<<<<<<" and conflict:  # a new block before the last closed
            _close_conflict(conflict, lines, name, bad, findings)
            conflict = []
        if marker:
            conflict.append(number)
            if marker == ">>>>>>>" or (len(conflict) == 1 and marker != "<<<<<<<"):
                # closed, or a marker without its opening (reported alone)
                _close_conflict(conflict, lines, name, bad, findings)
                conflict = []
            continue
        if conflict:
            conflict.append(number)
            continue
        if not raw.strip() or raw.startswith(b"#"):
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            malformed(number, raw, "it is not UTF-8 text")
            continue
        parts = text.split("\t")
        if len(parts) != 4:
            malformed(number, raw, f"it has {len(parts)} tab-separated fields, not 4")
            continue
        item, against, digest, fields = parts
        if not re.fullmatch(_ID, item):
            malformed(number, raw, f"{item!r} is not an item ID")
        elif not _AGAINST.fullmatch(against):
            malformed(
                number,
                raw,
                f"{against!r} is not 'en' or a link "
                f"({', '.join(REVIEWED_LINKS)}) and an ID",
            )
        elif not _DIGEST.fullmatch(digest):
            malformed(number, raw, f"{digest!r} is not a SHA-256 digest (64 hex)")
        elif not fields or not all(_FIELD.fullmatch(f) for f in fields.split(" ")):
            malformed(number, raw, "its field digests are not name=<12 hex> …")
        elif (item, against) in seen:
            malformed(
                number,
                raw,
                f"{item} {against} is already stamped at line {seen[item, against]}",
            )
        else:
            seen[item, against] = number
            pairs = tuple(
                (m[1], m[2]) for f in fields.split(" ") if (m := _FIELD.fullmatch(f))
            )
            stamps.append(Stamp(item, against, digest, pairs, name, number))
    if conflict:
        _close_conflict(conflict, lines, name, bad, findings)
    return StampFile(tuple(stamps), tuple(bad)), findings


def _close_conflict(
    block: list[int],
    lines: list[bytes],
    name: str,
    bad: list[BadLine],
    findings: list[Finding],
) -> None:
    """One finding for a conflict block (its lines are not used)."""
    items = sorted(
        {
            item
            for n in block
            if (item := _first_field(lines[n - 1].removesuffix(b"\r")))
        }
    )
    # every line of the block belongs to the block's items: naming them in
    # make review ITEMS=… writes the block again as stamps
    bad.extend(BadLine(n, tuple(items)) for n in block)
    span = f"lines {block[0]}–{block[-1]}" if len(block) > 1 else f"line {block[0]}"
    findings.append(
        Finding.of(
            "stamp-conflict",
            name,
            block[0],
            f"an unresolved merge conflict ({span}); its stamps are not used",
            hint=(
                f"re-read the items of the conflict, then run {review_hint(items)}"
                if items
                else None
            ),
        )
    )


def render(stamps: Iterable[Stamp]) -> bytes:
    """The file's bytes for these stamps: the header, then one sorted line each."""
    lines = sorted(
        f"{s.item}\t{s.against}\t{s.fingerprint}\t"
        + " ".join(f"{k}={v}" for k, v in s.fields)
        for s in stamps
    )
    return (HEADER + "".join(f"{line}\n" for line in lines)).encode("utf-8")
