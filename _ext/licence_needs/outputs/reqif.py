"""The handbook as ReqIF 1.2, for requirements tools (DOORS, Polarion,
codebeamer, StrictDoc).

- one SPEC-OBJECT-TYPE per need type, and a SPEC-OBJECT per need, whose
  IDENTIFIER is the need's ID (stable across builds and languages);
- attributes: ``ReqIF.ForeignID`` (the ID), ``ReqIF.Name`` and ``ReqIF.Text``
  in the site's language (the names tools map to title and statement),
  ``TITLE_ZH`` and ``TEXT_ZH`` (the Chinese original), and per type the
  modality, licence wording and trigger, owner, frequency and review dates;
- one SPEC-RELATION per link, source → target as in the data, with one
  SPEC-RELATION-TYPE per link name;
- words (names, texts, modality, trigger, owner, frequency) are XHTML
  attributes, IDs, dates and numbers String ones: StrictDoc 0.30 reads a
  String attribute through ``unicode_escape``, which garbles Chinese, while
  XHTML (what ReqIF tools use for ``ReqIF.Text`` anyway) arrives intact;
- a SPECIFICATION that follows the licence: provision → obligations →
  controls → evidence (a control meeting several obligations stands under
  each), then the regulations (one document: StrictDoc names its files
  by the specifications' titles, and two titles that differ only in
  Chinese would overwrite each other).

Built with :mod:`xml.etree.ElementTree`, not the ``reqif`` package: the
stdlib keeps the build free of a dependency (``reqif`` brings lxml and
xmlschema) and writes elements and attributes in the order given, so the
bytes depend on the data alone.  Every date in the file is the as-of date.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from ..core.model import Model, Need
from ..core.schema import LINK_TYPES, Lang
from ..core.vocabulary import label, value_label
from .interchange import TYPES, links_of, moment, needs_of, one_line, trigger_text

REQIF_NAME = "handbook.reqif"
NAMESPACE = "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"
XHTML = "http://www.w3.org/1999/xhtml"
#: attributes whose values are not words: written as String
STRINGS = frozenset({"ReqIF.ForeignID", "LAST_REVIEWED", "REVIEW_INTERVAL_MONTHS"})
TOOL = "licence_needs (licence handbook B2-20192648)"

#: attributes of every type, then of each type: (LONG-NAME, how to get it)
COMMON = ("ReqIF.ForeignID", "ReqIF.Name", "ReqIF.Text", "TITLE_ZH", "TEXT_ZH")
EXTRA: dict[str, tuple[str, ...]] = {
    "regulation": (),
    "provision": ("INFORMATIVE",),
    "obligation": ("MODALITY", "PHRASE", "TRIGGER"),
    "control": ("OWNER", "FREQUENCY", "LAST_REVIEWED", "REVIEW_INTERVAL_MONTHS"),
    "evidence": (),
}


def _values(need: Need, model: Model, lang: Lang) -> dict[str, str]:
    """Every attribute of ``need`` that has a value, by LONG-NAME."""
    owners = {o.id: o for o in model.owners}
    owner = owners.get(need.owner or "")
    values = {
        "ReqIF.ForeignID": need.id,
        "ReqIF.Name": one_line(need.title.get(lang)),
        "ReqIF.Text": need.text.get(lang),
        "TITLE_ZH": one_line(need.title.zh),
        "TEXT_ZH": need.text.zh,
        "INFORMATIVE": need.informative.get(lang) if need.informative else "",
        "MODALITY": value_label("modality", need.modality, lang),
        "PHRASE": need.phrase or "",
        "TRIGGER": trigger_text(need.trigger, lang),
        "OWNER": f"{owner.title.get(lang)} ({owner.id})" if owner else need.owner or "",
        "FREQUENCY": value_label("frequency", need.frequency, lang),
        "LAST_REVIEWED": str(need.last_reviewed or ""),
        "REVIEW_INTERVAL_MONTHS": str(need.review_months or ""),
    }
    return {key: values[key] for key in (*COMMON, *EXTRA[need.type]) if values[key]}


def reqif_xml(model: Model, lang: Lang, day: date) -> bytes:
    """The ReqIF file's bytes for ``model`` in ``lang`` as of ``day``."""
    stamp = moment(day)
    number = model.licence.number if model.licence else ""
    root = ET.Element(
        "REQ-IF",
        {"xmlns": NAMESPACE, "xmlns:xhtml": XHTML, "xml:lang": _xml_lang(lang)},
    )
    header = _sub(_sub(root, "THE-HEADER"), "REQ-IF-HEADER", IDENTIFIER="header")
    _text(header, "COMMENT", "Generated from needs/*.yaml; do not edit.")
    _text(header, "CREATION-TIME", stamp)
    _text(header, "REQ-IF-TOOL-ID", TOOL)
    _text(header, "REQ-IF-VERSION", "1.0")
    _text(header, "SOURCE-TOOL-ID", TOOL)
    _text(header, "TITLE", label("interchange.licence", lang, number=number))
    content = _sub(_sub(root, "CORE-CONTENT"), "REQ-IF-CONTENT")

    datatypes = _sub(content, "DATATYPES")
    string = _identified(
        datatypes, "DATATYPE-DEFINITION-STRING", "DT-string", stamp, "String"
    )
    string.set("MAX-LENGTH", "100000")
    _identified(datatypes, "DATATYPE-DEFINITION-XHTML", "DT-xhtml", stamp, "XHTML")

    spec_types = _sub(content, "SPEC-TYPES")
    for need_type in TYPES:
        object_type = _identified(
            spec_types, "SPEC-OBJECT-TYPE", f"SOT-{need_type}", stamp, need_type
        )
        attributes = _sub(object_type, "SPEC-ATTRIBUTES")
        for name in (*COMMON, *EXTRA[need_type]):
            kind = _kind(name)
            definition = _identified(
                attributes,
                f"ATTRIBUTE-DEFINITION-{kind}",
                _attribute_id(need_type, name),
                stamp,
                name,
            )
            _text(
                _sub(definition, "TYPE"),
                f"DATATYPE-DEFINITION-{kind}-REF",
                f"DT-{kind.lower()}",
            )
    for name in LINK_TYPES:
        _identified(spec_types, "SPEC-RELATION-TYPE", f"SRT-{name}", stamp, name)
    _identified(spec_types, "SPECIFICATION-TYPE", "ST-handbook", stamp, "handbook")

    spec_objects = _sub(content, "SPEC-OBJECTS")
    relations = _sub(content, "SPEC-RELATIONS")
    for need_type in TYPES:
        for need in needs_of(model, need_type):
            _spec_object(spec_objects, need, model, lang, stamp)
            for name, target in links_of(model, need):
                relation = _identified(
                    relations,
                    "SPEC-RELATION",
                    f"SR-{need.id}-{name}-{target.id}",
                    stamp,
                )
                _text(_sub(relation, "SOURCE"), "SPEC-OBJECT-REF", need.id)
                _text(_sub(relation, "TARGET"), "SPEC-OBJECT-REF", target.id)
                _text(_sub(relation, "TYPE"), "SPEC-RELATION-TYPE-REF", f"SRT-{name}")

    specifications = _sub(content, "SPECIFICATIONS")
    licence = label("interchange.licence", lang, number=number)
    _specification(specifications, "SPEC-licence", licence, _licence_tree(model), stamp)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


Tree = list[tuple[Need, "Tree"]]


def _licence_tree(model: Model) -> Tree:
    """provision → obligations → controls → evidence; then whatever that tree
    does not reach, and the regulations, so that every need stands in it."""
    index = model.index
    reached: set[str] = set()

    def children(need: Need, link: str, child_type: str) -> tuple[Need, ...]:
        return model.linking(link, child_type).get(need.id, ())

    def evidence(control: Need) -> Tree:
        found = []
        for target in dict.fromkeys(control.targets("evidenced_by")):
            item = index.get(target)
            if item is not None and item.type == "evidence":
                reached.add(item.id)
                found.append((item, []))
        return found

    tree: Tree = []
    for provision in needs_of(model, "provision"):
        obligations = []
        for obligation in children(provision, "derives_from", "obligation"):
            reached.add(obligation.id)
            controls = []
            for control in children(obligation, "implements", "control"):
                reached.add(control.id)
                controls.append((control, evidence(control)))
            obligations.append((obligation, controls))
        tree.append((provision, obligations))
    for need_type in ("obligation", "control", "evidence", "regulation"):
        for need in needs_of(model, need_type):
            if need.id not in reached:
                reached.add(need.id)
                tree.append((need, evidence(need) if need_type == "control" else []))
    return tree


def _specification(
    parent: ET.Element, identifier: str, name: str, tree: Tree, stamp: str
) -> None:
    spec = _identified(parent, "SPECIFICATION", identifier, stamp, one_line(name))
    _text(_sub(spec, "TYPE"), "SPECIFICATION-TYPE-REF", "ST-handbook")
    if tree:
        _hierarchy(_sub(spec, "CHILDREN"), tree, identifier, stamp)


def _hierarchy(parent: ET.Element, tree: Tree, path: str, stamp: str) -> None:
    """SPEC-HIERARCHY elements; identifiers are the path of IDs, so a control
    under two obligations has two distinct (and stable) hierarchy entries."""
    for need, children in tree:
        here = f"{path}.{need.id}"
        node = _identified(parent, "SPEC-HIERARCHY", f"SH-{here}", stamp)
        _text(_sub(node, "OBJECT"), "SPEC-OBJECT-REF", need.id)
        if children:
            _hierarchy(_sub(node, "CHILDREN"), children, here, stamp)


def _spec_object(
    parent: ET.Element, need: Need, model: Model, lang: Lang, stamp: str
) -> None:
    element = _identified(
        parent, "SPEC-OBJECT", need.id, stamp, one_line(need.title.get(lang))
    )
    values = _sub(element, "VALUES")
    for name, value in _values(need, model, lang).items():
        kind = _kind(name)
        if kind == "STRING":
            attribute = _sub(values, "ATTRIBUTE-VALUE-STRING", **{"THE-VALUE": value})
        else:
            attribute = _sub(values, "ATTRIBUTE-VALUE-XHTML")
            _xhtml(_sub(attribute, "THE-VALUE"), value)
        _text(
            _sub(attribute, "DEFINITION"),
            f"ATTRIBUTE-DEFINITION-{kind}-REF",
            _attribute_id(need.type, name),
        )
    _text(_sub(element, "TYPE"), "SPEC-OBJECT-TYPE-REF", f"SOT-{need.type}")


def _kind(name: str) -> str:
    return "STRING" if name in STRINGS else "XHTML"


def _xhtml(parent: ET.Element, text: str) -> None:
    """Plain text as XHTML: a ``div`` with one ``p`` per line (an element of
    its own, so that indenting the file never changes the text)."""
    div = _sub(parent, "xhtml:div")
    for line in text.split("\n"):
        _sub(div, "xhtml:p").text = line


def _attribute_id(need_type: str, name: str) -> str:
    return f"AD-{need_type}-{name.replace('ReqIF.', 'ReqIF-')}"


def _xml_lang(lang: Lang) -> str:
    return "zh-CN" if lang == "zh" else "en"


def _identified(
    parent: ET.Element, tag: str, identifier: str, stamp: str, name: str = ""
) -> ET.Element:
    """An element with IDENTIFIER, LAST-CHANGE and (if given) LONG-NAME."""
    attributes = {"IDENTIFIER": identifier, "LAST-CHANGE": stamp}
    if name:
        attributes["LONG-NAME"] = one_line(name)
    return _sub(parent, tag, **attributes)


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, tag, attributes)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
