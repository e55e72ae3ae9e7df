"""The data format: sections, need types, links, keys and their kinds of value.

One definition that the loader reads items by, the rules check links by, the
Sphinx metamodel is configured from and the documentation describes, so
that none of them can drift from the others.  Plain data: no YAML, no Sphinx.
"""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

#: need type → (YAML section, ID pattern)
NEED_TYPES: dict[str, tuple[str, str]] = {
    "regulation": ("regulations", r"REG_[A-Z0-9]+(_[A-Z0-9]+)*"),
    "provision": ("provisions", r"(TB|PRE|SP)_[A-Z0-9]+(_[A-Z0-9]+)*"),
    "obligation": ("obligations", r"OB_[A-Z0-9]+(_[A-Z0-9]+)*"),
    "control": ("controls", r"CTL_[A-Z0-9]+(_[A-Z0-9]+)*"),
    "evidence": ("evidence", r"EV_[A-Z0-9]+(_[A-Z0-9]+)*"),
}
#: Owners and glossary terms are data, not needs; their IDs are lower case.
LOWER_ID = r"[a-z][a-z0-9]*(_[a-z0-9]+)*"

#: link name → (need type it starts from, need type it points to)
LINK_TYPES: dict[str, tuple[str, str]] = {
    "cites": ("provision", "regulation"),
    "derives_from": ("obligation", "provision"),
    "implements": ("control", "obligation"),
    "evidenced_by": ("control", "evidence"),
    # the handbook's reading, distinct from what the licence cites by name:
    # laws in force that a provision's general reference points to, and the
    # laws a control helps meet
    "refers_to": ("provision", "regulation"),
    "complies_with": ("control", "regulation"),
}

MODALITIES = ("duty", "prohibition")
FREQUENCIES = (
    "continuous",
    "per_event",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "semiannual",
    "annual",
)


TriggerKind = Literal["standing", "periodic", "event", "dated"]
TRIGGER_KINDS: tuple[str, ...] = ("standing", "periodic", "event", "dated")
UNITS = ("days", "working_days")

#: The keys each kind of item may have: key → (required, kind of value).
FIELDS: dict[str, dict[str, tuple[bool, str]]] = {
    "regulation": {"id": (True, "id"), "title": (True, "text"), "text": (True, "text")},
    "provision": {
        "id": (True, "id"),
        "title": (True, "text"),
        "text": (True, "text"),
        "cites": (False, "links"),
        "refers_to": (False, "links"),
        "informative": (False, "text"),
        # words of the text that look like a duty marker but are none (相应):
        # [{phrase: 相应数量, reason: {zh, en}}], shown on the licence page
        "exclusions": (False, "exclusions"),
    },
    "obligation": {
        "id": (True, "id"),
        "derives_from": (True, "link"),
        "modality": (True, "modality"),
        "phrase": (True, "plain"),
        "trigger": (True, "trigger"),
        "title": (True, "text"),
        "text": (True, "text"),
    },
    "control": {
        "id": (True, "id"),
        "title": (True, "text"),
        "text": (True, "text"),
        "owner": (False, "plain"),
        "frequency": (True, "frequency"),
        "last_reviewed": (True, "day"),
        "review_interval_months": (True, "months"),
        # optional: the first day a periodic control runs (else the licence's
        # issue date); its recurrence in the calendar counts from there
        "starts": (False, "date"),
        "implements": (False, "links"),
        "evidenced_by": (False, "links"),
        "complies_with": (False, "links"),
    },
    "evidence": {
        "id": (True, "id"),
        "title": (True, "text"),
        "text": (True, "text"),
        "files": (False, "files"),
        "collected": (False, "day"),
        "valid_months": (False, "months"),
    },
    "owners": {"id": (True, "id"), "title": (True, "text"), "text": (True, "text")},
    "terms": {"id": (True, "id"), "term": (True, "text"), "text": (True, "text")},
    "waivers": {
        "id": (True, "id"),
        "obligation": (True, "plain"),
        "reason": (True, "text"),
        "approver": (True, "plain"),
        "approved": (True, "date"),
        "expires": (True, "date"),
    },
    "assessments": {
        "id": (True, "id"),
        "control": (True, "plain"),
        "date": (True, "day"),
        "result": (True, "result"),
        "assessor": (True, "text"),
        "examined": (True, "links"),
        "note": (False, "text"),
    },
    "licence": {
        "number": (True, "plain"),
        "issued": (True, "date"),
        "expires": (True, "date"),
        "renewal_notice_days": (False, "days"),
        "renewal_window_days": (False, "days"),
        # the latest renewal, as the company recorded it (needs/README.md)
        "renewal": (False, "renewal"),
    },
}
#: the keys of a licence's ``renewal``: key → (required, kind of value)
RENEWAL_KEYS: dict[str, tuple[bool, str]] = {
    "applied": (True, "day"),  # the day the application was filed
    "decision": (True, "decision"),  # pending | granted | refused
    "decided": (False, "day"),  # the day MIIT decided (granted, refused)
    "valid_until": (False, "day"),  # the renewed certificate's last day (granted)
}
#: what became of a renewal application
DECISIONS = ("pending", "granted", "refused")


SINGULAR = {
    "regulations": "regulation",
    "provisions": "provision",
    "obligations": "obligation",
    "controls": "control",
    "evidence": "evidence item",
    "owners": "owner",
    "terms": "term",
    "waivers": "waiver",
    "assessments": "assessment",
    "licence": "licence section",
}
ID_PATTERNS = {
    **{section: pattern for section, pattern in NEED_TYPES.values()},
    "owners": LOWER_ID,
    "terms": LOWER_ID,
    "waivers": r"WVR_[A-Z0-9]+(_[A-Z0-9]+)*",
    "assessments": r"AS_[A-Z0-9]+(_[A-Z0-9]+)*",
}

#: The keys of each kind of trigger: key → (required, kind of value).
TRIGGER_KEYS: dict[str, dict[str, tuple[bool, str]]] = {
    "standing": {},
    "periodic": {
        "every": (True, "year"),
        "from": (True, "month-day"),
        "by": (True, "month-day"),
    },
    "event": {
        "event": (True, "text"),
        "within": (True, "days"),
        "unit": (False, "unit"),
    },
    "dated": {"before_expiry": (True, "days")},
}

#: The keys of each exclusion of a provision: key → (required, kind of value).
EXCLUSION_KEYS: dict[str, tuple[bool, str]] = {
    "phrase": (True, "plain"),
    "reason": (True, "text"),
}
#: The licence's duty markers (应当 before 应: the longer word is matched first).
DUTY_MARKERS: tuple[str, ...] = ("应当", "不得", "禁止", "方可", "应", "须")

#: section → need type, for the sections that hold needs
SECTION_TYPE = {section: need_type for need_type, (section, _) in NEED_TYPES.items()}
#: every section a data file may have, in the order the format lists them
SECTIONS = (*SECTION_TYPE, "owners", "terms", "waivers", "assessments", "licence")

#: what a control assessment concluded (``assessments``: ``result``)
RESULTS = ("effective", "exceptions", "ineffective")
#: how far an obligation is shown to be met, worst first (English names are
#: fixed: needs.json and the exports carry them)
ASSURANCE_LEVELS = (
    "uncovered",
    "waived",
    "ineffective",
    "exceptions",
    "assessment overdue",
    "not assessed",
    "effective",
)
#: the sections that are one mapping, not a list of items
MAPPING_SECTIONS = ("licence",)


def valid_id(need_type: str, need_id: str) -> bool:
    """Whether an ID has the format of its need type (``id-format`` otherwise)."""
    return re.fullmatch(NEED_TYPES[need_type][1], need_id) is not None
