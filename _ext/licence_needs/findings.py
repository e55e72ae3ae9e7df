"""Findings: what the loader and the rules say about the data, as plain values.

A finding is data (code, severity, need, place, message, hint), not a log call:
the loader and the rules only *produce* findings, and the Sphinx gate and the
``make check`` command decide how to show them.  That keeps both front ends
reporting the same thing, in the same order, from the same code.

Every code is listed once in :data:`RULES` with its default severity, a
one-line description and the hint shown with it; the rules page of the
handbook is generated from this table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    """A kind of finding: its stable code and how it is reported by default."""

    code: str
    severity: Severity
    summary: str
    hint: str


@dataclass(frozen=True, order=True)
class Finding:
    """One thing wrong (or worth knowing) about the data, with where it is.

    ``file`` is relative to the project root (``needs/controls.yaml``) or a
    page (``source/index.md``); ``line`` is 1-based, 0 when the whole file is
    meant.  Findings sort by place, then code, then need ID: the stable order
    in which every report lists them.
    """

    file: str
    line: int
    code: str
    need_id: str
    message: str
    hint: str
    severity: Severity = "error"

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_dict(self) -> dict[str, str | int]:
        return {
            "code": self.code,
            "severity": self.severity,
            "need_id": self.need_id,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }

    def as_line(self) -> str:
        """The finding as one terminal line: where, what, and how to fix it."""
        need = f" {self.need_id}:" if self.need_id else ""
        return (
            f"{self.location}: {self.severity}: [{self.code}]{need} "
            f"{self.message} (hint: {self.hint})"
        )


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}


RULES: dict[str, Rule] = _rules(
    # -- reading YAML ---------------------------------------------------------
    Rule(
        "yaml-syntax",
        "error",
        "A file is not valid YAML, not UTF-8, has a byte-order mark or is too big.",
        "fix the file at the line shown; indent with spaces, save as UTF-8 "
        "without a BOM",
    ),
    Rule(
        "yaml-unsafe",
        "error",
        "A file uses a YAML tag, anchor or alias.",
        "write the value out in full: tags (!!python/…), anchors (&) and "
        "aliases (*) are not accepted",
    ),
    Rule(
        "duplicate-key",
        "error",
        "A key is repeated in one mapping (YAML would silently keep the last).",
        "keep one of the two keys",
    ),
    Rule(
        "unknown-key",
        "error",
        "A key or section the data format does not define.",
        "check the spelling against needs/README.md",
    ),
    Rule(
        "missing-key",
        "error",
        "A required key is missing from an item.",
        "add the key; needs/README.md lists what each item needs",
    ),
    Rule(
        "wrong-type",
        "error",
        "A value has the wrong type or is not one of the allowed values.",
        "write the value in the form needs/README.md shows; quote text that "
        "YAML would read as a number, date or yes/no",
    ),
    Rule(
        "missing-translation",
        "error",
        "A text lacks its Chinese or English version, or one is empty.",
        "give the text in both languages: {zh: …, en: …}",
    ),
    # -- identity -------------------------------------------------------------
    Rule(
        "id-format",
        "error",
        "An ID does not follow the format of its type.",
        "use upper-case words joined by '_' starting with the type's prefix "
        "(REG_, TB_/PRE_/SP_, OB_, CTL_, EV_); owners and terms use lower case",
    ),
    Rule(
        "duplicate-id",
        "error",
        "Two items share an ID, or IDs that differ only in case.",
        "give one of them a new, unique ID",
    ),
    # -- links ----------------------------------------------------------------
    Rule(
        "unknown-link",
        "error",
        "A link names an ID that no item has.",
        "correct the ID, or add the item it should point to",
    ),
    Rule(
        "wrong-link-type",
        "error",
        "A link points to an item of the wrong type.",
        "derives_from → provision, implements → obligation, "
        "evidenced_by → evidence, cites → regulation",
    ),
    Rule(
        "link-cycle",
        "error",
        "Links form a cycle.",
        "remove one of the links in the cycle",
    ),
    Rule(
        "control-without-owner",
        "error",
        "A control has no owner.",
        "give it 'owner: ROLE' with a role from needs/owners.yaml",
    ),
    Rule(
        "unknown-owner",
        "error",
        "A control's owner is not a role in needs/owners.yaml.",
        "use an owner ID from needs/owners.yaml, or add the role there",
    ),
    # -- coverage -------------------------------------------------------------
    Rule(
        "uncovered-obligation",
        "error",
        "An obligation has no control implementing it.",
        "add a control to needs/controls.yaml with 'implements: [ID]', or add "
        "the ID to an existing control's implements list",
    ),
    Rule(
        "provision-without-obligation",
        "error",
        "A provision has no obligation and is not marked informative.",
        "add the obligations it imposes to needs/obligations.yaml, or mark it "
        "'informative: {zh: 理由, en: reason}'",
    ),
    Rule(
        "control-implements-nothing",
        "error",
        "A control implements no obligation.",
        "list the obligations it meets in 'implements', or remove the control",
    ),
    Rule(
        "control-without-evidence",
        "error",
        "A control names no evidence.",
        "list the records it leaves in 'evidenced_by' (needs/evidence.yaml)",
    ),
    Rule(
        "unused-evidence",
        "warning",
        "An evidence item that no control names.",
        "name it in a control's 'evidenced_by', or remove it",
    ),
    # -- placement ------------------------------------------------------------
    Rule(
        "unplaced-item",
        "error",
        "An item in needs/ that no page places.",
        "place its file on a page with the licence-needs directive",
    ),
    Rule(
        "placed-twice",
        "error",
        "An item is placed by more than one directive.",
        "place each item once; use :ids: to place part of a file",
    ),
    Rule(
        "unknown-placement",
        "error",
        "A licence-needs directive names a file or ID that does not exist.",
        "name a file in needs/ and IDs that it holds",
    ),
    Rule(
        "need-outside-yaml",
        "error",
        "A need written straight into a page instead of needs/.",
        "move it into needs/*.yaml and place it with the licence-needs "
        "directive: the data has one home",
    ),
)


def severity_of(code: str, overrides: Mapping[str, str]) -> Severity:
    """The severity a project gives ``code``: its override, else the default."""
    value = overrides.get(code, RULES[code].severity)
    if value not in SEVERITIES:
        raise ValueError(f"severity of {code!r} must be one of {SEVERITIES}")
    return value  # type: ignore[return-value]


def finalize(
    findings: Iterable[Finding], overrides: Mapping[str, str] | None = None
) -> list[Finding]:
    """Apply the project's severities and put findings in their stable order."""
    overrides = overrides or {}
    result = {
        Finding(
            file=f.file,
            line=f.line,
            code=f.code,
            need_id=f.need_id,
            message=f.message,
            hint=f.hint,
            severity=severity_of(f.code, overrides),
        )
        for f in findings
    }
    return sorted(result)


def make(code: str, file: str, line: int, message: str, need_id: str = "") -> Finding:
    """A finding of ``code`` with the rule's hint and default severity."""
    rule = RULES[code]
    return Finding(
        file=file,
        line=line,
        code=code,
        need_id=need_id,
        message=message,
        hint=rule.hint,
        severity=rule.severity,
    )


def count(findings: Iterable[Finding]) -> dict[Severity, int]:
    totals: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        totals[f.severity] += 1
    return totals


def summary(findings: Iterable[Finding]) -> str:
    """The closing line of a report: totals by severity and the verdict."""
    totals = count(findings)
    verdict = "FAILED" if totals["error"] else "passed"
    return (
        f"licence gate {verdict}: {totals['error']} error(s), "
        f"{totals['warning']} warning(s), {totals['info']} info"
    )
