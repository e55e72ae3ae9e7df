"""ReqIF and OSCAL exports, checked by the tools their users run.

StrictDoc converts the ReqIF to SDoc and the ``reqif`` package parses it;
compliance-trestle validates both OSCAL documents in a workspace made by
``trestle init``.  Those tools live in their own venv (``.venv-tools``,
``make tools``; requirements-tools.txt says why): without it these tests skip,
except with ``CI=true``, where they fail.  On top of what the tools check,
the gate's own rule is checked from OSCAL alone: every control-id of the
component-definition resolves in the catalog, and every obligation of the
catalog is implemented or waived.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import BAD, ROOT
from licence_needs.core import loader
from licence_needs.core.model import Model, Text, Waiver
from licence_needs.core.schema import LINK_TYPES
from licence_needs.outputs import oscal
from licence_needs.outputs.reqif import reqif_xml

TOOLS = ROOT / ".venv-tools" / "bin"
DAY = date(2026, 1, 1)
LANGS = ("zh", "en")


def tool(name: str) -> Path:
    """A program of the tools venv; skip (fail in CI) when it is not there."""
    path = TOOLS / name
    if not path.exists():
        message = f"{path} is missing: run `make tools`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def links(model: Model) -> set[tuple[str, str, str]]:
    """Every link of the data: (source, link name, target)."""
    return {
        (need.id, name, target)
        for need in model.needs
        for name in LINK_TYPES
        for target in need.targets(name)
    }


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, model: Model) -> Path:
    """Both languages' exports of the real handbook, as the build writes them."""
    out = tmp_path_factory.mktemp("interchange")
    for lang in LANGS:
        (out / lang / "oscal").mkdir(parents=True)
        (out / lang / "handbook.reqif").write_bytes(reqif_xml(model, lang, DAY))
        for name, document in (
            ("catalog.json", oscal.catalog(model, lang, DAY)),
            ("component-definition.json", oscal.component_definition(model, lang, DAY)),
        ):
            (out / lang / "oscal" / name).write_bytes(oscal.to_json(document))
    return out


def test_same_data_same_bytes(model: Model, exports: Path) -> None:
    """Nothing but the data and the as-of date goes into the files."""
    for lang in LANGS:
        again = reqif_xml(loader_copy(model), lang, DAY)
        assert again == (exports / lang / "handbook.reqif").read_bytes()
        document = oscal.to_json(oscal.catalog(loader_copy(model), lang, DAY))
        assert document == (exports / lang / "oscal" / "catalog.json").read_bytes()
    later = reqif_xml(model, "en", date(2026, 2, 1))
    assert later != (exports / "en" / "handbook.reqif").read_bytes()


def loader_copy(model: Model) -> Model:
    """The same data as a fresh object (nothing cached carries over)."""
    return replace(model)


# -- ReqIF -------------------------------------------------------------------

_PARSE = """
import json, sys
from reqif.parser import ReqIFParser
bundle = ReqIFParser.parse(sys.argv[1])
content = bundle.core_content.req_if_content
types = {t.identifier: t.long_name for t in content.spec_types}
names = {}
for t in content.spec_types:
    for a in getattr(t, "attribute_definitions", None) or []:
        names[a.identifier] = a.long_name
objects = {}
for o in content.spec_objects:
    objects[o.identifier] = {
        "type": types[o.spec_object_type],
        "values": {names[a.definition_ref]: a.value_stripped_xhtml
                   if a.attribute_type.name == "XHTML" else a.value
                   for a in o.attributes},
    }
relations = [[r.source, types[r.relation_type_ref], r.target]
             for r in content.spec_relations]
def tree(h):
    return [h.spec_object, [tree(c) for c in h.children or []]]
specs = {s.long_name: [tree(h) for h in s.children or []]
         for s in content.specifications}
print(json.dumps({"objects": objects, "relations": relations, "specs": specs}))
"""


@pytest.mark.parametrize("lang", LANGS)
def test_reqif_package_reads_every_need_and_link(
    lang: str, exports: Path, model: Model
) -> None:
    python = tool("python")
    parsed = json.loads(run(python, "-c", _PARSE, exports / lang / "handbook.reqif"))
    objects = parsed["objects"]
    assert {i: o["type"] for i, o in objects.items()} == {
        n.id: n.type for n in model.needs
    }
    words = {"ReqIF.Name": "title", "ReqIF.Text": "text"}
    for need in model.needs:
        values = {k: plain(v) for k, v in objects[need.id]["values"].items()}
        assert values["ReqIF.ForeignID"] == need.id
        for name, key in words.items():
            assert values[name] == plain(getattr(need, key).get(lang))
        assert values["TITLE_ZH"] == plain(need.title.zh)
        assert values["TEXT_ZH"] == plain(need.text.zh)
    assert {tuple(r) for r in parsed["relations"]} == links(model)
    assert len(parsed["relations"]) == len(links(model))
    # the licence's tree: provision → its obligations → their controls
    (licence_tree,) = parsed["specs"].values()
    provisions = {node[0]: node[1] for node in licence_tree}
    for obligation in (n for n in model.needs if n.type == "obligation"):
        (parent,) = obligation.targets("derives_from")
        under = {child[0]: child[1] for child in provisions[parent]}
        assert obligation.id in under
        controls = {c[0] for c in under[obligation.id]}
        assert controls == {c.id for c in model.implemented_by.get(obligation.id, ())}


def plain(xhtml: str) -> str:
    """The words of an XHTML value (or of a text), whitespace made single."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", xhtml)).split())


_SDOC_NODE = re.compile(r"^\[\[?([A-Z_]+)\]\]?\n(.*?)(?=^\[|\Z)", re.M | re.S)


def read_sdoc(folder: Path) -> tuple[dict[str, dict[str, str]], set[tuple]]:
    """Each node's one-line and block fields by UID, and every relation."""
    nodes: dict[str, dict[str, str]] = {}
    relations: set[tuple] = set()
    for path in sorted(folder.glob("*.sdoc")) + sorted(folder.glob(".*.sdoc")):
        text = path.read_text(encoding="utf-8")
        for match in _SDOC_NODE.finditer(text):
            body = match.group(2)
            fields = dict(re.findall(r"^([A-Z_]+): (?!>>>)(.*)$", body, re.M))
            fields.update(re.findall(r"^([A-Z_]+): >>>\n(.*?)\n<<<", body, re.M | re.S))
            uid = fields.get("UID")
            if uid is None:
                continue
            nodes[uid] = fields
            for value, role in re.findall(
                r"- TYPE: Parent\n  VALUE: (\S+)\n  ROLE: (\S+)", body
            ):
                relations.add((uid, role, value))
    return nodes, relations


@pytest.mark.parametrize("lang", LANGS)
def test_strictdoc_converts_every_need_and_link(
    lang: str, exports: Path, model: Model, tmp_path: Path
) -> None:
    strictdoc = tool("strictdoc")
    run(
        strictdoc,
        "convert",
        "--input-format",
        "reqif-sdoc",
        "--output-format",
        "sdoc",
        exports / lang / "handbook.reqif",
        tmp_path / "sdoc",
        cwd=tmp_path,
    )
    nodes, relations = read_sdoc(tmp_path / "sdoc")
    assert set(nodes) == {n.id for n in model.needs}
    assert relations == links(model)
    for need in model.needs:
        fields = nodes[need.id]
        assert fields["TITLE"] == " ".join(need.title.get(lang).split())
        assert fields["STATEMENT"] == need.text.get(lang)
        assert fields["TEXT_ZH"] == need.text.zh  # the Chinese arrives intact


# -- OSCAL -------------------------------------------------------------------


def test_trestle_validates_both_documents(exports: Path, tmp_path: Path) -> None:
    trestle = tool("trestle")
    run(trestle, "init", cwd=tmp_path)
    for lang in LANGS:
        for kind, name in (
            ("catalogs", "catalog.json"),
            ("component-definitions", "component-definition.json"),
        ):
            folder = tmp_path / kind / f"licence-{lang}"
            folder.mkdir(parents=True)
            shutil.copy(exports / lang / "oscal" / name, folder / name)
    output = run(trestle, "validate", "-a", cwd=tmp_path)
    assert output.count("VALID: Model") == 4, output
    assert "INVALID" not in output


def gaps(catalog: dict[str, Any], components: dict[str, Any], day: date) -> list[str]:
    """What OSCAL says is wrong: control-ids the catalog does not have, and
    obligations neither implemented nor under a waiver in force on ``day``."""
    body = catalog["catalog"]
    controls = [c for g in body.get("groups", []) for c in g.get("controls", [])]
    controls += body.get("controls", [])
    known = {c["id"] for c in controls}
    implemented, waived, problems = set(), set(), []
    for component in components["component-definition"].get("components", []):
        props = {p["name"]: p["value"] for p in component.get("props", [])}
        for implementation in component.get("control-implementations", []):
            for requirement in implementation["implemented-requirements"]:
                control_id = requirement["control-id"]
                if control_id not in known:
                    problems.append(f"unknown control-id {control_id}")
                elif "waiver" not in props:
                    implemented.add(control_id)
                elif date.fromisoformat(props["waiver-expires"]) >= day:
                    waived.add(control_id)
    problems += [
        f"{c['id']} is neither implemented nor waived"
        for c in controls
        if c["id"] not in implemented | waived
    ]
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_every_obligation_is_implemented_or_waived(lang: str, exports: Path) -> None:
    folder = exports / lang / "oscal"
    catalog = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
    components = json.loads(
        (folder / "component-definition.json").read_text(encoding="utf-8")
    )
    assert gaps(catalog, components, DAY) == []


def test_the_oscal_check_sees_a_gap_and_a_waiver(model: Model) -> None:
    """The check above can fail: take one obligation's controls away, and it
    is reported until a waiver stands in for it, and again once that expires."""
    obligation = next(n for n in model.needs if n.type == "obligation")
    kept = tuple(
        replace(
            n,
            links={
                **n.links,
                "implements": tuple(
                    link
                    for link in n.links.get("implements", ())
                    if link.target != obligation.id
                ),
            },
        )
        for n in model.needs
    )
    uncovered = replace(model, needs=kept)
    message = f"{obligation.id} is neither implemented nor waived"

    def found(data: Model) -> list[str]:
        return gaps(
            oscal.catalog(data, "en", DAY),
            oscal.component_definition(data, "en", DAY),
            DAY,
        )

    assert message in found(uncovered)
    waiver = Waiver(
        "WVR_T",
        obligation.id,
        Text("理由", "reason"),
        "ceo",
        DAY,
        "needs/x.yaml",
        1,
    )
    assert found(replace(uncovered, waivers=(waiver,))) == []
    expired = replace(waiver, expires=date(2025, 12, 31))
    assert message in found(replace(uncovered, waivers=(expired,)))


def test_oscal_ids_titles_and_props_are_what_oscal_allows(exports: Path) -> None:
    """NCName tokens for ids, one line for titles and property values, and the
    English statement as a namespaced translation part with its lang."""
    token = re.compile(r"^[_A-Za-z][_A-Za-z0-9.\-]*$")
    for lang in LANGS:
        for name in ("catalog.json", "component-definition.json"):
            text = (exports / lang / "oscal" / name).read_text(encoding="utf-8")
            for key, value in _walk(json.loads(text)):
                if key in ("id", "control-id", "role-id", "name"):
                    assert token.match(value), (key, value)
                if key in ("title", "value"):
                    assert "\n" not in value and value == value.strip(), value
    catalog = json.loads((exports / "en" / "oscal" / "catalog.json").read_text("utf-8"))
    group = next(g for g in catalog["catalog"]["groups"] if "controls" in g)
    control = group["controls"][0]
    (statement,) = control["parts"]
    assert statement["props"] == [{"name": "lang", "ns": oscal.NS, "value": "zh-CN"}]
    (translation,) = statement["parts"]
    assert translation["name"] == "translation" and translation["ns"] == oscal.NS
    assert translation["props"][0]["value"] == "en"


def _walk(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key)
    elif isinstance(value, str):
        yield key, value


@pytest.mark.parametrize("case", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_writers_take_bad_data_without_a_crash(case: Path) -> None:
    """The exports are written after every HTML build, a failing one too:
    duplicates, dangling links and missing texts must not crash them."""
    if not (case / "needs").is_dir():
        pytest.skip("no data")
    model, _ = loader.load(case)
    for lang in LANGS:
        assert reqif_xml(model, lang, DAY).startswith(b"<?xml")
        oscal.to_json(oscal.catalog(model, lang, DAY))
        oscal.to_json(oscal.component_definition(model, lang, DAY))
