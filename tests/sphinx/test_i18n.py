"""Narrative pages are translated through gettext; need texts are not.

Extracts the messages of the current sources (the gettext builder) and holds
the English catalogs to them: every narrative string has a translation that
is neither empty nor fuzzy.  Need texts come from the YAML in both languages
and must not be in the catalogs at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT
from licence_needs.core import loader

LOCALE = ROOT / "locale" / "en" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """msgids of each page, as the sources say now."""
    out = tmp_path_factory.mktemp("gettext")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "gettext",
            "-c",
            str(ROOT),
            "-D",
            "needs_build_json=0",
            "-D",
            "suppress_warnings=needs.needflow",
            "-q",
            str(ROOT / "source"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pots = {}
    for pot in sorted(out.glob("*.pot")):
        with pot.open("rb") as f:
            pots[pot.stem] = {m.id for m in read_po(f) if m.id}
    return pots


def catalog(page: str) -> dict[str, tuple[str, bool]]:
    path = LOCALE / f"{page}.po"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return {m.id: (m.string, m.fuzzy) for m in read_po(f, locale="en") if m.id}


def test_every_narrative_string_has_a_translation(
    templates: dict[str, set[str]],
) -> None:
    problems = []
    for page, msgids in templates.items():
        translations = catalog(page)
        for msgid in sorted(msgids):
            string, fuzzy = translations.get(msgid, ("", False))
            if not string:
                problems.append(f"{page}.po: no translation for {msgid!r}")
            elif fuzzy:
                problems.append(f"{page}.po: fuzzy translation of {msgid!r}")
    assert problems == [], "run `make intl` and translate:\n" + "\n".join(problems)


def test_need_texts_stay_out_of_the_catalogs(templates: dict[str, set[str]]) -> None:
    model, _ = loader.load(ROOT)
    texts = {n.text.zh for n in model.needs} | {n.title.zh for n in model.needs}
    leaked = {m for ids in templates.values() for m in ids} & texts
    assert leaked == set()


def test_search_index_holds_chinese_and_english_terms(site: dict[str, Path]) -> None:
    def terms(language: str) -> tuple[dict, list[str]]:
        text = (site[language] / "html" / "searchindex.js").read_text("utf-8")
        index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
        return index["terms"], index["docnames"]

    zh, zh_docs = terms("zh_CN")
    for word in ("网络安全", "个人信息", "监督", "检查"):
        pages = zh[word] if isinstance(zh[word], list) else [zh[word]]
        assert "obligations" in {zh_docs[i] for i in pages}, word
    en, _ = terms("en")
    assert "person" in en and "inform" in en  # stemmed "personal information"
