"""needs/schema.json: generated from the data format, committed, and as strict
as a schema can be: the landed data validates, the bad corpus is rejected
wherever the mistake is one a schema can see.

The data is read as an editor's YAML extension reads it (PyYAML here, with
the timestamp resolver removed so that dates stay strings, as in YAML 1.2),
and validated with the ``jsonschema`` library, not with our own loader.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import BAD, ROOT
from licence_needs.core import jsonschema as generator
from licence_needs.core import loader
from licence_needs.core.schema import FIELDS, SECTION_TYPE, SECTIONS

SCHEMA = ROOT / "needs" / generator.SCHEMA_NAME
DATA = sorted((ROOT / "needs").glob("*.yaml"))


class _Yaml12ish(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 timestamps: ``2026-03-15`` stays a string."""


_Yaml12ish.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor_reads(path: Path) -> object:
    return yaml.load(path.read_bytes(), Loader=_Yaml12ish)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_committed_schema_is_the_generated_one() -> None:
    """Edit core/schema.py, then run ``make schema``: never edit the JSON."""
    assert SCHEMA.read_text(encoding="utf-8") == generator.render(), (
        "needs/schema.json is stale: run `make schema` and commit it"
    )


def test_every_key_of_the_format_is_in_the_schema() -> None:
    """Nothing of core/schema.py is left out: each section, each key."""
    schema = generator.generate()
    assert list(schema["properties"]) == list(SECTIONS)
    for section in SECTIONS:
        keys = FIELDS[SECTION_TYPE.get(section, section)]
        assert list(schema["$defs"][section]["properties"]) == list(keys)


def test_an_unknown_kind_of_value_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kind added to the format without a schema fragment fails loudly."""
    fields = {**FIELDS, "evidence": {"id": (True, "id"), "x": (True, "new")}}
    monkeypatch.setattr(generator, "FIELDS", fields)
    with pytest.raises(KeyError, match="new"):
        generator.generate()


@pytest.mark.parametrize("path", DATA, ids=[p.name for p in DATA])
def test_data_file_names_the_schema_and_validates(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    assert path.read_text(encoding="utf-8").startswith(generator.MODELINE + "\n")
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(as_editor_reads(path))
    ]
    assert errors == []


def test_the_modeline_moves_no_line_number() -> None:
    """The comment is a line like any other: findings still point at theirs."""
    data = f"{generator.MODELINE}\nprovisions:\n  - id: tb_a\n".encode()
    _, found = loader.load_bytes(data, "needs/x.yaml")
    assert next((f.code, f.line) for f in found) == ("id-format", 3)


def test_schema_json_in_the_data_folder_is_not_unread(tmp_path: Path) -> None:
    (tmp_path / "needs").mkdir()
    (tmp_path / "needs" / "a.yaml").write_text("provisions: []\n")
    (tmp_path / "needs" / "schema.json").write_text("{}\n")
    assert loader.unread_files(tmp_path, "needs") == []


#: codes of mistakes a JSON Schema can see in the parsed data
SCHEMA_CODES = {
    "unknown-key",
    "wrong-type",
    "missing-key",
    "missing-translation",
    "id-format",
    "wrong-link-type",
}
#: codes of the YAML reader: the schema sees the data only after YAML
YAML_CODES = {"yaml-syntax", "yaml-unsafe", "duplicate-key"}
#: cases PyYAML itself refuses, so no schema is ever asked (why, for each)
NOT_PARSED = {
    "alias-only": "an alias to no anchor",
    "control-character-raw": "a raw control character",
    "multiple-documents": "two documents in one file",
    "not-utf8": "GBK bytes",
    "tab-indentation": "tabs for indentation",
    "tag-custom": "an unknown tag",
    "tag-python-name": "a python tag",
    "tag-python-object-apply": "a python tag",
    "wrong-type-complex-key": "a list as a mapping key",
    "wrong-type-huge-number": "an integer of more digits than Python converts",
    "wrong-type-number-underscore": "0x_: a number PyYAML cannot convert",
    "yaml-syntax-error": "a syntax error",
    "yaml-unquoted-colon": "a syntax error",
}
CASES = sorted(p for p in BAD.iterdir() if (p / "expected.txt").is_file())


def _codes(case: Path) -> set[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return {line.split("[", 1)[1].split("]", 1)[0] for line in lines if "[" in line}


def _errors(case: Path, validator: jsonschema.Draft202012Validator) -> int:
    return sum(
        len(list(validator.iter_errors(as_editor_reads(path))))
        for path in sorted((case / "needs").glob("*.yaml"))
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_case_and_the_schema(
    case: Path, validator: jsonschema.Draft202012Validator
) -> None:
    """Rejected when the mistake is one of shape (keys, types, languages, ID
    formats, values of a list, link targets' types); accepted when it lies
    between items or pages (links, coverage, placement), which is the gate's."""
    codes = _codes(case)
    if case.name in NOT_PARSED:
        with pytest.raises(Exception):  # noqa: B017 - any YAML error
            for path in (case / "needs").glob("*.yaml"):
                as_editor_reads(path)
        return
    if codes & YAML_CODES:
        return  # the reader's business; a schema may or may not see it
    if codes & SCHEMA_CODES:
        assert _errors(case, validator) > 0, f"the schema accepts {case.name}"
    else:
        assert _errors(case, validator) == 0, f"the schema rejects {case.name}"
