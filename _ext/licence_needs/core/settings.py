"""The project's ``licence_*`` settings: one table, validated once, for both
front ends.

The Sphinx adapter registers every setting from :data:`SETTINGS` and
``make check`` reads the same names from ``conf.py`` with the same defaults,
so the two cannot drift.  A bad value is a configuration error (the build
stops with Sphinx's "Configuration error", ``make check`` exits 2), never a
traceback and never silently ignored.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .codes import CODES, SEVERITIES, Severity


class SettingsError(ValueError):
    """A ``licence_*`` value in ``conf.py`` that cannot be used."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


@dataclass(frozen=True)
class Settings:
    """Where the data, pages and reports are, and the project's severities.

    Paths are relative to the folder of ``conf.py`` (the project root).
    """

    needs_dir: str = "needs"
    source_dir: str = "source"
    reports_dir: str = "build/reports"
    #: where the files that evidence items list (``files:``) are kept; may
    #: lie outside the repository (an absolute path)
    evidence_dir: str = "evidence"
    severity: Mapping[str, Severity] = field(default_factory=dict)
    #: the longest a waiver may run, in months from its approval
    waiver_max_months: int = 12
    #: where what reading each data file gave is kept (:mod:`.readcache`);
    #: empty: no cache (the default, so that tests and tools write nothing)
    cache_dir: str = ""


#: setting name in conf.py → (attribute of Settings, default)
SETTINGS: dict[str, tuple[str, Any]] = {
    "licence_needs_dir": ("needs_dir", Settings.needs_dir),
    "licence_source_dir": ("source_dir", Settings.source_dir),
    "licence_reports_dir": ("reports_dir", Settings.reports_dir),
    "licence_evidence_dir": ("evidence_dir", Settings.evidence_dir),
    "licence_severity": ("severity", {}),
    "licence_waiver_max_months": ("waiver_max_months", Settings.waiver_max_months),
    "licence_cache_dir": ("cache_dir", Settings.cache_dir),
}
#: the folder settings that may be empty (no reports written; no cache)
_MAY_BE_EMPTY = ("licence_reports_dir", "licence_cache_dir")
#: the range ``licence_waiver_max_months`` may take: a waiver is temporary
WAIVER_MONTHS = (1, 60)


def validate(values: Mapping[str, Any]) -> Settings:
    """The settings from ``conf.py``'s values (missing ones take their default).

    Raises :class:`SettingsError` naming the setting and the bad value.
    """
    chosen: dict[str, Any] = {}
    for name, (attribute, default) in SETTINGS.items():
        value = values.get(name, default)
        if attribute == "severity":
            chosen[attribute] = _severities(value)
        elif attribute == "waiver_max_months":
            chosen[attribute] = _months(name, value)
        elif not isinstance(value, str) or (not value and name not in _MAY_BE_EMPTY):
            raise SettingsError(
                name, f"{name} must be a folder name (text), not {value!r}"
            )
        else:
            chosen[attribute] = value
    return Settings(**chosen)


def _months(name: str, value: Any) -> int:
    low, high = WAIVER_MONTHS
    whole = isinstance(value, int) and not isinstance(value, bool)
    if not whole or not low <= value <= high:
        raise SettingsError(
            name,
            f"{name} must be a whole number of months from {low} to {high}, "
            f"not {value!r}",
        )
    return value


def _severities(value: Any) -> dict[str, Severity]:
    if not isinstance(value, Mapping):
        raise SettingsError(
            "licence_severity",
            f"licence_severity must be a dict of code → severity, not {value!r}",
        )
    result: dict[str, Severity] = {}
    for code, severity in value.items():
        if code not in CODES:
            close = difflib.get_close_matches(str(code), CODES, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise SettingsError(
                "licence_severity",
                f"licence_severity names an unknown code {code!r}{hint}; "
                "the codes are listed on the rules page",
            )
        if severity not in SEVERITIES:
            raise SettingsError(
                "licence_severity",
                f"licence_severity[{code!r}] is {severity!r}; "
                f"it must be one of {', '.join(SEVERITIES)}",
            )
        result[code] = severity
    return result
