"""The change report as Markdown: what ``make diff`` prints and writes.

GitHub's job summary and a reviewer's terminal read the same text, in the
language asked for: a one-line summary first, then needs added, removed and
changed (each changed field before and after, texts word by word), links,
coverage, the gate's findings, review stamps and the other data.  Every
section lists items by ID, so the same two revisions give the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..core.findings import Finding
from ..core.schema import Lang
from ..core.vocabulary import LABELS, label
from ..derived.changes import Changes, FieldChange, ItemChange, word_diff
from ..derived.traceability import Tally

REPORT_NAME = "changes.md"


def tally(value: Tally) -> str:
    """Coverage as "covered/total"."""
    return f"{value.covered}/{value.total}"


def summary(changes: Changes, lang: Lang) -> str:
    """The one line that says it all ("3 changed, 1 added, 0 removed; …"),
    or "no changes"."""
    if changes.empty:
        return label("changes.none", lang)
    return label(
        "changes.summary",
        lang,
        changed=changes.count("changed"),
        added=changes.count("added"),
        removed=changes.count("removed"),
        before=tally(changes.coverage_before),
        after=tally(changes.coverage_after),
    )


def kind_name(kind: str, lang: Lang) -> str:
    """A need type or other kind of data, in words."""
    key = f"type.{kind}"
    return label(key, lang) if key in LABELS else label(f"changes.kind.{kind}", lang)


def markdown(
    changes: Changes, lang: Lang, base: str, head: str, reason: str = ""
) -> str:
    """The whole report; ``base`` and ``head`` name the two sides."""
    out = [f"# {label('changes.title', lang, base=base, head=head)}", ""]
    out += [summary(changes, lang), ""]
    if reason:
        out += [reason, ""]
    if changes.empty:
        return "\n".join(out)
    for kind in ("added", "removed"):
        items = changes.of_kind(kind)  # type: ignore[arg-type]
        if items:
            out += [f"## {label(f'changes.{kind}', lang)}", ""]
            out += _table(
                [label(f"changes.column.{c}", lang) for c in ("id", "type", "title")],
                [[f"`{c.id}`", kind_name(c.type, lang), c.title(lang)] for c in items],
            )
    changed = changes.of_kind("changed")
    if changed:
        out += [f"## {label('changes.changed', lang)}", ""]
        for change in changed:
            out += _changed(change, lang)
    if changes.links:
        out += [f"## {label('changes.links', lang)}", ""]
        out += _table(
            [
                label(f"changes.column.{c}", lang)
                for c in ("change", "need", "link", "target")
            ],
            [
                [
                    label(f"changes.kind.{c.kind}", lang),
                    f"`{c.source}`",
                    label(f"link.{c.link}.out", lang),
                    f"`{c.target}`",
                ]
                for c in changes.links
            ],
        )
    out += [
        f"## {label('changes.coverage', lang)}",
        "",
        f"{tally(changes.coverage_before)} → {tally(changes.coverage_after)}",
        "",
    ]
    for key, ids in (("uncovered", changes.uncovered), ("covered", changes.covered)):
        if ids:
            heading = label(f"changes.{key}", lang)
            out += [label("changes.list", lang, heading=heading), ""]
            out += [f"- `{i}`" for i in ids]
            out.append("")
    for key, found in (
        ("introduced", changes.introduced),
        ("resolved", changes.resolved),
    ):
        if found:
            out += [f"## {label(f'changes.{key}', lang)}", ""]
            out += [f"- {_finding(f)}" for f in found]
            out.append("")
    if changes.stamps:
        out += [f"## {label('changes.stamps', lang)}", ""]
        out += _table(
            [
                label(f"changes.column.{c}", lang)
                for c in ("change", "id", "against", "before", "after")
            ],
            [
                [
                    label(f"changes.kind.{s.kind}", lang),
                    f"`{s.item}`",
                    s.against,
                    s.old[:12],
                    s.new[:12],
                ]
                for s in changes.stamps
            ],
        )
    if changes.other:
        out += [f"## {label('changes.other', lang)}", ""]
        for change in changes.other:
            out += _changed(change, lang)
    return "\n".join(out).rstrip("\n") + "\n"


def _changed(change: ItemChange, lang: Lang) -> list[str]:
    """One item: its heading, then its changed fields (or what came or went)."""
    kind = label(f"changes.kind.{change.kind}", lang)
    title = _cell(change.title(lang))
    heading = label(
        "changes.heading",
        lang,
        id=f"`{change.id}`",
        type=kind_name(change.type, lang),
        title=title,
        kind=kind,
    )
    out = [f"### {heading}", ""]
    if not change.fields:
        return out
    out += _table(
        [label(f"changes.column.{c}", lang) for c in ("field", "before", "after")],
        [[f"`{f.name}`", f.old, f.new] for f in change.fields],
    )
    for field in change.fields:
        if field.lang is not None and field.old and field.new:
            out += [
                f"{label('changes.words', lang)} `{field.name}`: {_words(field)}",
                "",
            ]
    return out


def _words(field: FieldChange) -> str:
    """A text's word diff: removed words struck out, added words underlined."""
    assert field.lang is not None
    parts = []
    for op, words in word_diff(field.old, field.new, field.lang):
        text = (
            html.escape(words, quote=False).replace("\n", "<br>").replace("|", "&#124;")
        )
        parts.append(
            text
            if op == "="
            else f"<del>{text}</del>"
            if op == "-"
            else f"<ins>{text}</ins>"
        )
    return "".join(parts)


def _finding(finding: Finding) -> str:
    return f"`{finding.location}`: {finding.severity}: {_cell(finding.as_text())}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * len(headers),
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no bare pipes or tags."""
    return (
        html.escape(text, quote=False)
        .replace("|", "\\|")
        .replace("\r", "")
        .replace("\n", "<br>")
    )
