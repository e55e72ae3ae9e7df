"""Findings: what the loader, the placement step and the checks say, as values.

A finding is data (code, severity, need, place, message, hint), not a log call:
the producers only *make* findings, and the two front ends (the Sphinx gate
and ``make check``) decide how to show them.  That keeps both reporting the
same thing, in the same order, from the same code.  The codes themselves are
catalogued in :mod:`.codes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .codes import CODES, SEVERITIES, Severity


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

    @classmethod
    def of(
        cls,
        code: str,
        file: str,
        line: int,
        message: str,
        need_id: str = "",
        hint: str | None = None,
    ) -> Finding:
        """A finding of ``code`` with its default severity, and the code's hint
        unless the case has a more precise one."""
        entry = CODES[code]
        return cls(
            file=file,
            line=line,
            code=code,
            need_id=need_id,
            message=message,
            hint=hint or entry.hint.en,
            severity=entry.severity,
        )

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

    def as_text(self) -> str:
        """What is wrong and how to fix it, without the place and severity.

        One line whatever the data holds: a title with a newline could
        otherwise print a forged "licence gate passed" or a GitHub workflow
        command (``::stop-commands::``) into the build log.
        """
        need = f"{self.need_id}: " if self.need_id else ""
        return printable(f"[{self.code}] {need}{self.message} (hint: {self.hint})")

    def as_line(self) -> str:
        """The finding as one terminal line: where, what, and how to fix it."""
        return f"{printable(self.location)}: {self.severity}: {self.as_text()}"


#: characters a terminal or a CI log would act on rather than show: C0 and C1
#: controls (newlines and tabs included), the Unicode line and paragraph
#: separators, and the bidirectional overrides that reorder what is shown
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every character of :data:`_UNPRINTABLE` written as an
    escape (``\\n``, ``\\u202e``): what a terminal line may safely hold."""
    return _UNPRINTABLE.sub(
        lambda m: _NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), text
    )


def finalize(
    findings: Iterable[Finding], overrides: Mapping[str, Severity] | None = None
) -> list[Finding]:
    """Apply the project's severities and put findings in their stable order.

    ``overrides`` are validated settings (:mod:`.settings`): known codes and
    severities only.
    """
    overrides = overrides or {}
    final = {replace(f, severity=overrides.get(f.code, f.severity)) for f in findings}
    # a file that cannot be read at all comes first: what follows from it
    # (every obligation its controls covered, now uncovered) is noise after it
    return sorted(final, key=lambda f: (f.code not in UNREADABLE, f))


#: codes that mean a whole file could not be read (its items are all missing)
UNREADABLE = frozenset({"yaml-syntax", "yaml-unsafe", "unreadable-page"})


def count(findings: Iterable[Finding]) -> dict[Severity, int]:
    totals: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        totals[f.severity] += 1
    return totals


def failed(findings: Iterable[Finding]) -> bool:
    """Whether the gate fails: any finding at severity ``error``."""
    return any(f.severity == "error" for f in findings)


def summary(
    findings: Iterable[Finding], overrides: Mapping[str, Severity] | None = None
) -> str:
    """The closing line of a report: totals by severity, the verdict, and
    every severity the project changed (``licence_severity``), so that a rule
    turned down to ``info`` is never silent."""
    totals = count(findings)
    verdict = "FAILED" if totals["error"] else "passed"
    line = (
        f"licence gate {verdict}: {totals['error']} error(s), "
        f"{totals['warning']} warning(s), {totals['info']} info"
    )
    if overrides:
        changed = ", ".join(
            f"{code} {CODES[code].severity} → {severity}"
            for code, severity in sorted(overrides.items())
        )
        line += f" (licence_severity: {changed})"
    return line
