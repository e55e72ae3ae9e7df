"""The licence and the company's controls as OSCAL 1.2 (``oscal/catalog.json``
and ``oscal/component-definition.json``), for GRC tools and compliance-trestle.

- **catalog**: the licence; each provision is a group, each obligation a
  control of its group.  OSCAL has no language attribute: a statement part
  holds the Chinese (authoritative), and a ``translation`` part in our
  namespace holds the English, each with a ``lang`` property (``zh-CN``,
  ``en``).  Titles are in the site's language, with both languages as
  ``title-zh``/``title-en`` properties.  The regulations a provision cites
  or points to are back-matter resources its group links to.
- **component-definition**: each control of the company is a component
  (``process-procedure``) whose implemented requirements are the obligations
  it implements, linking to its evidence (back-matter resources); its owner
  is a responsible role.  A waiver is a component too, marked by a
  ``waiver`` property with its expiry, so that "every obligation is
  implemented or waived" can be checked from OSCAL alone.

Ids are the need IDs (NCName tokens already); uuids are UUIDv5 of the IDs in
a fixed namespace, so they are stable across builds and languages.  The JSON
is written with a fixed key order and no clock: the as-of date is the only
date, and the bytes depend on the data alone.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from typing import Any

from ..core.model import Model, Need, Waiver
from ..core.schema import Lang
from ..core.vocabulary import label, value_label
from .interchange import links_of, moment, needs_of, one_line, trigger_text

OSCAL_DIR = "oscal"
CATALOG_NAME = "catalog.json"
COMPONENTS_NAME = "component-definition.json"
OSCAL_VERSION = "1.2.1"
#: the namespace of our own part names and properties
NS = "https://licence-handbook.invalid/ns/oscal"
_UUIDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://licence-handbook.invalid/B2-20192648")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~])")
_LIST_START = re.compile(r"^(\s*\d+)\.(\s)", re.MULTILINE)


def stable_uuid(name: str) -> str:
    """The uuid of ``name`` (``"component:CTL_LIC_01"``): the same every build."""
    return str(uuid.uuid5(_UUIDS, name))


def _prop(name: str, value: str, **extra: str) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": one_line(value), **extra}


def _prose(text: str) -> str:
    """Plain text as OSCAL prose (Markdown): nothing in it becomes markup."""
    return _LIST_START.sub(r"\1\\.\2", _MARKDOWN.sub(r"\\\1", text))


def _titles(need: Need) -> list[dict[str, str]]:
    return [_prop("title-zh", need.title.zh), _prop("title-en", need.title.en)]


def _statement(need: Need) -> dict[str, Any]:
    """The Chinese statement, the English as a translation part inside it."""
    return {
        "id": f"{need.id}_smt",
        "name": "statement",
        "props": [_prop("lang", "zh-CN")],
        "prose": _prose(need.text.zh),
        "parts": [
            {
                "id": f"{need.id}_smt.en",
                "name": "translation",
                "ns": NS,
                "props": [_prop("lang", "en")],
                "prose": _prose(need.text.en),
            }
        ],
    }


def _metadata(title: str, day: date, **extra: Any) -> dict[str, Any]:
    return {
        "title": one_line(title),
        "last-modified": moment(day),
        "version": day.isoformat(),
        "oscal-version": OSCAL_VERSION,
        **extra,
    }


def _resource(need: Need, lang: Lang) -> dict[str, Any]:
    return {
        "uuid": stable_uuid(f"resource:{need.id}"),
        "title": one_line(need.title.get(lang)),
        "description": _prose(need.text.get(lang)),
        "props": [_prop("need-id", need.id), _prop("type", need.type)],
    }


def _back_matter(
    body: dict[str, Any], model: Model, need_type: str, lang: Lang
) -> None:
    """The needs of one type as the document's back-matter resources."""
    resources = [_resource(n, lang) for n in needs_of(model, need_type)]
    if resources:
        body["back-matter"] = {"resources": resources}


def catalog(model: Model, lang: Lang, day: date) -> dict[str, Any]:
    """The licence as an OSCAL catalog."""
    number = model.licence.number if model.licence else ""
    obligations = needs_of(model, "obligation")
    derived = model.linking("derives_from", "obligation")
    groups = []
    for provision in needs_of(model, "provision"):
        group: dict[str, Any] = {
            "id": provision.id,
            "class": "provision",
            "title": one_line(provision.title.get(lang)),
            "props": _titles(provision),
        }
        if provision.informative is not None:
            group["props"].append(
                _prop("informative", provision.informative.get(lang) or "-")
            )
        links = [
            {"href": f"#{stable_uuid(f'resource:{target.id}')}", "rel": name}
            for name, target in links_of(model, provision)
        ]
        if links:
            group["links"] = links
        group["parts"] = [_statement(provision)]
        controls = [_obligation(o, lang) for o in derived.get(provision.id, ())]
        if controls:
            group["controls"] = controls
        groups.append(group)
    body: dict[str, Any] = {
        "uuid": stable_uuid(f"catalog:{lang}"),
        "metadata": _metadata(label("interchange.licence", lang, number=number), day),
    }
    if groups:
        body["groups"] = groups
    # obligations whose provision is missing (the gate reports it) still appear
    placed = {c["id"] for g in groups for c in g.get("controls", [])}
    loose = [_obligation(o, lang) for o in obligations if o.id not in placed]
    if loose:
        body["controls"] = loose
    _back_matter(body, model, "regulation", lang)
    return {"catalog": body}


def _obligation(obligation: Need, lang: Lang) -> dict[str, Any]:
    props = [
        *_titles(obligation),
        _prop("modality", value_label("modality", obligation.modality, lang)),
    ]
    if obligation.trigger is not None:
        props.append(_prop("trigger", trigger_text(obligation.trigger, lang)))
    if obligation.phrase:
        props.append(_prop("licence-wording", obligation.phrase))
    return {
        "id": obligation.id,
        "class": "obligation",
        "title": one_line(obligation.title.get(lang)),
        "props": props,
        "parts": [_statement(obligation)],
    }


def component_definition(model: Model, lang: Lang, day: date) -> dict[str, Any]:
    """The company's controls (and waivers) as an OSCAL component-definition."""
    number = model.licence.number if model.licence else ""
    owners = {o.id: o for o in model.owners}
    used = {c.owner for c in needs_of(model, "control") if c.owner in owners}
    used |= {w.approver for w in model.waivers if w.approver in owners}
    roles = [
        {"id": o.id, "title": one_line(o.title.get(lang))}
        for o in model.owners
        if o.id in used
    ]
    extra = {"roles": roles} if roles else {}
    components = [_component(c, model, lang) for c in needs_of(model, "control")]
    components += [_waiver(w, model, lang, day) for w in model.waivers if w.id]
    body: dict[str, Any] = {
        "uuid": stable_uuid(f"component-definition:{lang}"),
        "metadata": _metadata(
            label("interchange.controls", lang, number=number), day, **extra
        ),
    }
    if components:
        body["components"] = components
    _back_matter(body, model, "evidence", lang)
    return {"component-definition": body}


def _component(control: Need, model: Model, lang: Lang) -> dict[str, Any]:
    links = links_of(model, control)
    evidence = [
        {"href": f"#{stable_uuid(f'resource:{t.id}')}", "rel": "evidence"}
        for name, t in links
        if name == "evidenced_by"
    ]
    props = [
        _prop("control-id", control.id),
        *_titles(control),
        _prop("frequency", value_label("frequency", control.frequency, lang)),
    ]
    if control.last_reviewed is not None:
        props.append(_prop("last-reviewed", control.last_reviewed.isoformat()))
    if control.review_months is not None:
        props.append(_prop("review-interval-months", str(control.review_months)))
    props += [_prop(name, t.id) for name, t in links if name == "complies_with"]
    component: dict[str, Any] = {
        "uuid": stable_uuid(f"component:{control.id}"),
        "type": "process-procedure",
        "title": one_line(f"{control.id} {control.title.get(lang)}"),
        "description": _prose(control.text.get(lang)),
        "props": props,
    }
    if control.owner and control.owner in {o.id for o in model.owners}:
        component["responsible-roles"] = [{"role-id": control.owner}]
    requirements = []
    for name, obligation in links:
        if name != "implements":
            continue
        requirement: dict[str, Any] = {
            "uuid": stable_uuid(f"implements:{control.id}:{obligation.id}"),
            "control-id": obligation.id,
            "description": _prose(control.text.get(lang)),
        }
        if evidence:
            requirement["links"] = evidence
        requirements.append(requirement)
    if requirements:
        component["control-implementations"] = [
            _implementation(control.id, model, lang, requirements)
        ]
    return component


def _implementation(
    owner_id: str, model: Model, lang: Lang, requirements: list[dict[str, Any]]
) -> dict[str, Any]:
    """What a component implements of the catalog (beside it: ``catalog.json``)."""
    number = model.licence.number if model.licence else ""
    return {
        "uuid": stable_uuid(f"control-implementation:{owner_id}"),
        "source": CATALOG_NAME,
        "description": one_line(label("interchange.licence", lang, number=number)),
        "implemented-requirements": requirements,
    }


def _waiver(waiver: Waiver, model: Model, lang: Lang, day: date) -> dict[str, Any]:
    status = "active" if waiver.active(day) else "expired"
    component: dict[str, Any] = {
        "uuid": stable_uuid(f"component:{waiver.id}"),
        "type": "policy",
        "title": one_line(label("interchange.waiver", lang, id=waiver.id)),
        "description": _prose(waiver.reason.get(lang)),
        "props": [
            _prop("waiver", waiver.id),
            _prop("waiver-expires", waiver.expires.isoformat()),
            _prop("waiver-status", status),
        ],
    }
    if waiver.approver in {o.id for o in model.owners}:
        component["responsible-roles"] = [{"role-id": waiver.approver}]
    target = model.index.get(waiver.obligation)
    if target is not None and target.type == "obligation":
        requirement = {
            "uuid": stable_uuid(f"waives:{waiver.id}:{target.id}"),
            "control-id": target.id,
            "description": _prose(waiver.reason.get(lang)),
            "props": [_prop("waiver", waiver.id)],
        }
        component["control-implementations"] = [
            _implementation(waiver.id, model, lang, [requirement])
        ]
    return component


def to_json(document: dict[str, Any]) -> bytes:
    """A document's bytes: UTF-8, two-space indent, keys in the order built."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
