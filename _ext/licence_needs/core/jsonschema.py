"""The data format as a JSON Schema (Draft 2020-12), for editors and tools.

Generated from :mod:`.schema`, the definition the loader reads by, so that
the schema editors validate and complete against cannot drift from what
``make check`` accepts: ``make schema`` writes ``needs/schema.json`` and a
test fails when the committed copy differs.  Each kind of value in
``FIELDS`` and ``TRIGGER_KEYS`` has one fragment in :data:`KINDS`; a kind
the generator does not know is an error (:class:`KeyError`), so a new kind
added to the format cannot be left out of the schema unnoticed.

What a schema cannot say stays the gate's business: repeated keys, YAML
tags and aliases, duplicate IDs across files, links to IDs that do not
exist, the licence's dates in order.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .loader import MAX_DAYS
from .schema import (
    DECISIONS,
    FIELDS,
    FREQUENCIES,
    ID_PATTERNS,
    LANGS,
    LINK_TYPES,
    MAPPING_SECTIONS,
    MODALITIES,
    NEED_TYPES,
    RENEWAL_KEYS,
    RESULTS,
    SECTION_TYPE,
    SECTIONS,
    SINGULAR,
    TRIGGER_KEYS,
    TRIGGER_KINDS,
    UNITS,
)

SCHEMA_NAME = "schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: what the editors' YAML extension reads at the top of each data file
MODELINE = f"# yaml-language-server: $schema={SCHEMA_NAME}"

#: no control characters (the loader's rule), at least one visible character
_ALLOWED = "[^\\u0000-\\u0008\\u000b-\\u001f\\u007f]"
_PLAIN = f"^{_ALLOWED}*[^\\s\\u0000-\\u001f\\u007f]{_ALLOWED}*$"

#: kind of value (``FIELDS``, ``TRIGGER_KEYS``) → its schema
KINDS: dict[str, dict[str, Any]] = {
    "plain": {"$ref": "#/$defs/plain"},
    "text": {"$ref": "#/$defs/text"},
    "date": {
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": "a date written YYYY-MM-DD",
    },
    "days": {
        "type": "integer",
        "minimum": 0,
        "maximum": MAX_DAYS,
        "description": f"a whole number of days from 0 to {MAX_DAYS}",
    },
    "months": {
        "type": "integer",
        "minimum": 1,
        "maximum": 120,
        "description": "a whole number of months from 1 to 120",
    },
    "modality": {"enum": list(MODALITIES)},
    "frequency": {"enum": list(FREQUENCIES)},
    "unit": {"enum": list(UNITS)},
    "year": {"enum": ["year"]},
    "month-day": {
        "type": "string",
        "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        "description": 'a day of the year written "MM-DD" (quoted)',
    },
    "trigger": {"$ref": "#/$defs/trigger"},
    "result": {"enum": list(RESULTS)},
    "decision": {"enum": list(DECISIONS)},
    "links": {"type": "array", "items": {"$ref": "#/$defs/plain"}},
    "files": {
        "type": "array",
        "items": {
            "type": "string",
            "pattern": "^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\\\]+$",
            "description": "a path inside the evidence folder, written with '/'",
        },
    },
    "exclusions": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "phrase": {"$ref": "#/$defs/plain"},
                "reason": {"$ref": "#/$defs/text"},
            },
            "required": ["phrase", "reason"],
            "additionalProperties": False,
        },
    },
}
#: a date that months are counted from: between 1970 and 2200 (the loader's rule)
KINDS["renewal"] = {
    "type": "object",
    "properties": {},  # filled from RENEWAL_KEYS below
    "required": [key for key, (required, _) in RENEWAL_KEYS.items() if required],
    "additionalProperties": False,
    "description": "the latest renewal, as recorded (needs/README.md)",
    # what each decision needs and forbids (the loader's rule)
    "allOf": [
        {
            "if": {"properties": {"decision": {"const": "granted"}}},
            "then": {"required": ["decided", "valid_until"]},
        },
        {
            "if": {"properties": {"decision": {"const": "refused"}}},
            "then": {"required": ["decided"], "not": {"required": ["valid_until"]}},
        },
        {
            "if": {"properties": {"decision": {"const": "pending"}}},
            "then": {
                "not": {
                    "anyOf": [{"required": ["decided"]}, {"required": ["valid_until"]}]
                }
            },
        },
    ],
}
KINDS["day"] = {
    **KINDS["date"],
    "pattern": "^(19[7-9][0-9]|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$",
    "description": "a date written YYYY-MM-DD, from 1970 to 2200",
}
KINDS["renewal"]["properties"] = {
    key: KINDS[kind] for key, (_, kind) in RENEWAL_KEYS.items()
}


def _anchored(pattern: str) -> str:
    """A loader pattern (matched whole) as a JSON Schema pattern (searched)."""
    return f"^(?:{pattern})$"


def _link(target_type: str) -> dict[str, Any]:
    """An ID of the need type a link points to."""
    return {
        "type": "string",
        "pattern": _anchored(NEED_TYPES[target_type][1]),
        "description": f"the ID of a {target_type}",
    }


def _value(section: str, key: str, kind: str) -> dict[str, Any]:
    """The schema of one key of an item of ``section``."""
    if kind == "id":
        return {"type": "string", "pattern": _anchored(ID_PATTERNS[section])}
    if (section, key) == ("assessments", "examined"):  # at least one item
        return {"type": "array", "items": _link("evidence"), "minItems": 1}
    need_type = SECTION_TYPE.get(section)
    link = LINK_TYPES.get(key)
    if need_type and link and link[0] == need_type and kind in ("link", "links"):
        one = _link(link[1])
        return one if kind == "link" else {"type": "array", "items": one}
    return dict(KINDS[kind])


def _object(
    fields: Mapping[str, tuple[bool, str]], schema_of: Any, title: str
) -> dict[str, Any]:
    properties = {key: schema_of(key, kind) for key, (_, kind) in fields.items()}
    result: dict[str, Any] = {
        "type": "object",
        "title": title,
        "properties": properties,
        "additionalProperties": False,
    }
    required = [key for key, (needed, _) in fields.items() if needed]
    if required:
        result["required"] = required
    return result


def _trigger() -> dict[str, Any]:
    """``{kind: …}``: the other keys allowed depend on the kind."""
    branches = []
    for kind in TRIGGER_KINDS:
        keys = TRIGGER_KEYS[kind]
        then = _object(
            {"kind": (True, "kind"), **keys},
            lambda key, value_kind, kind=kind: (
                {"const": kind} if key == "kind" else dict(KINDS[value_kind])
            ),
            f"a {kind} trigger",
        )
        branches.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": then,
            }
        )
    return {
        "type": "object",
        "description": "when an obligation falls due",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(TRIGGER_KINDS)}},
        "allOf": branches,
    }


def generate() -> dict[str, Any]:
    """The schema of a data file, as a JSON-ready dict in a stable order."""
    defs: dict[str, Any] = {
        "plain": {
            "type": "string",
            "pattern": _PLAIN,
            "description": "plain text, not empty, no control characters",
        },
        "text": {
            "type": "object",
            "description": "a text in both languages: {zh: …, en: …}",
            "properties": {lang: {"$ref": "#/$defs/plain"} for lang in LANGS},
            "required": list(LANGS),
            "additionalProperties": False,
        },
        "trigger": _trigger(),
    }
    sections: dict[str, Any] = {}
    for section in SECTIONS:
        fields = FIELDS[SECTION_TYPE.get(section, section)]
        item = _object(
            fields,
            lambda key, kind, section=section: _value(section, key, kind),
            SINGULAR[section],
        )
        defs[section] = item
        reference = {"$ref": f"#/$defs/{section}"}
        sections[section] = (
            reference
            if section in MAPPING_SECTIONS
            else {"type": "array", "items": reference}
        )
    return {
        "$schema": DIALECT,
        "title": "Licence handbook data file (needs/*.yaml)",
        "description": "Generated from _ext/licence_needs/core/schema.py by "
        "`make schema`; do not edit by hand.  The format: needs/README.md.",
        "type": ["object", "null"],
        "properties": sections,
        "additionalProperties": False,
        "$defs": defs,
    }


def render() -> str:
    """The schema as the committed file holds it: indented, UTF-8, one newline."""
    return json.dumps(generate(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``make schema``: write the schema to the path given (``needs/schema.json``)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else f"needs/{SCHEMA_NAME}")
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
