"""Change control on the real data: suspect links, stale translations, stamps.

Each test edits a copy of the handbook's data the way an editor would (one
word of a provision, an obligation's English), then asks ``make check``'s
gate what it finds and ``make review`` to stamp, so the whole workflow is
held to the issue's promises without a Sphinx build.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import BAD, ROOT
from hypothesis import given
from hypothesis import strategies as st
from licence_needs.check import cli
from licence_needs.check import review as review_cli
from licence_needs.core import pipeline, stamps
from licence_needs.core.fingerprint import fingerprint
from licence_needs.core.model import Model
from licence_needs.core.review import evaluate, subjects
from licence_needs.core.settings import Settings

CODES = ("suspect-link", "unreviewed", "translation-stale", "stale-stamp")
STAMPS = Path("needs") / stamps.FILE_NAME


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the handbook's data and pages, as of a fixed day."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    for name in ("needs", "source"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def review_lines(root: Path) -> list[str]:
    """The gate's change-control findings for the project at ``root``."""
    found, _ = cli.gate(root, Settings())
    return [f.as_line() for f in found if f.code in CODES]


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / "needs" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root: Path, file: str, item: str) -> int:
    lines = (root / "needs" / file).read_text(encoding="utf-8").splitlines()
    return lines.index(f"  - id: {item}") + 1


def stamp(root: Path, *items: str) -> list[str]:
    return review_cli.stamp(pipeline.load_project(root, Settings()), items)


def test_the_landed_data_is_reviewed() -> None:
    """The baseline ships: nothing suspect, unreviewed, stale."""
    assert (ROOT / STAMPS).is_file(), "the reviewed baseline is part of the data"
    assert review_lines(ROOT) == []


def test_one_word_of_a_provision(project: Path) -> None:
    """One suspect link per derived obligation at its line, the provision's
    English stale at its line; the hinted review clears them and changes only
    those items' lines of the stamp file."""
    edit(project, "licence.yaml", "及时向通信主管部门报备", "及时地向通信主管部门报备")
    model = pipeline.load_project(project, Settings()).model
    derived = [
        n
        for n in model.needs
        if n.type == "obligation" and "SP_06" in n.targets("derives_from")
    ]
    assert len(derived) >= 2
    found = review_lines(project)
    provision = line_of(project, "licence.yaml", "SP_06")
    assert found[0] == (
        f"needs/licence.yaml:{provision}: warning: [translation-stale] SP_06: the "
        "Chinese changed since the English was reviewed: text (hint: update the "
        'English to match the Chinese, then run make review ITEMS="SP_06")'
    )
    expected = [
        f"needs/obligations.yaml:{line_of(project, 'obligations.yaml', n.id)}: error: "
        f"[suspect-link] {n.id}: provision SP_06 (特别规定事项六) changed since "
        f"{n.id} was reviewed against it (derives_from SP_06): text (hint: re-read "
        f'{n.id} against SP_06, then run make review ITEMS="{n.id}")'
        for n in derived
    ]
    assert found[1:] == expected
    before = (project / STAMPS).read_text(encoding="utf-8").splitlines()
    hinted = [line.rsplit('ITEMS="', 1)[1].split('"')[0] for line in found]
    printed = stamp(project, *hinted)
    fresh = [line for line in printed if not line.endswith("(unchanged)")]
    assert len(fresh) == len(hinted)  # each has one stamp that changed
    assert review_lines(project) == []
    after = (project / STAMPS).read_text(encoding="utf-8").splitlines()
    changed = {a.split("\t")[0] for a, b in zip(before, after, strict=True) if a != b}
    assert changed == set(hinted)
    again = stamp(project, *hinted)
    assert len(again) == len(printed)
    assert all(line.endswith("(unchanged)") for line in again)
    assert (project / STAMPS).read_text(encoding="utf-8").splitlines() == after


def test_english_only_edit_changes_nothing(project: Path) -> None:
    edit(
        project,
        "obligations.yaml",
        "en: Operate within the licensed matters",
        "en: Operate only within the licensed matters",
    )
    assert review_lines(project) == []


def test_chinese_edit_of_an_obligation(project: Path) -> None:
    """Its controls become suspect, its own English stale, nothing else."""
    edit(project, "obligations.yaml", "zh: 按许可事项经营", "zh: 按照许可事项经营")
    model: Model = pipeline.load_project(project, Settings()).model
    controls = sorted(c.id for c in model.implemented_by["OB_PRE_SP_1"])
    assert controls
    found = review_lines(project)
    codes = sorted(
        (line.split("[")[1].split("]")[0], line.split("] ")[1].split(":")[0])
        for line in found
    )
    assert codes == sorted(
        [("translation-stale", "OB_PRE_SP_1")] + [("suspect-link", c) for c in controls]
    )
    assert all(
        "OB_PRE_SP_1 (按照许可事项经营) changed" in line
        for line in found
        if "suspect" in line
    )
    assert all(": title (hint" in line for line in found)


def test_listing_stamps_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, "licence.yaml", "及时向通信主管部门报备", "及时地向通信主管部门报备")
    before = (project / STAMPS).read_bytes()
    assert review_cli.main(["--root", str(project)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith('7 item(s) await review: make review ITEMS="OB_06_1 ')
    assert (project / STAMPS).read_bytes() == before


def test_a_stamp_for_an_unknown_id_is_stale_and_dropped(project: Path) -> None:
    path = project / STAMPS
    line = "OB_NEVER\ten\t" + "0" * 64 + "\ttext=000000000000 title=000000000000\n"
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    number = len(path.read_text(encoding="utf-8").splitlines())
    assert review_lines(project) == [
        f"needs/review-stamps.tsv:{number}: warning: [stale-stamp] OB_NEVER: the "
        "stamp of OB_NEVER en is stale: no item OB_NEVER exists any more (hint: run "
        'make review ITEMS="OB_NEVER" to drop it)'
    ]
    assert stamp(project, "OB_NEVER") == ["dropped OB_NEVER en"]
    assert (project / STAMPS).read_bytes() == (ROOT / STAMPS).read_bytes()


def test_unknown_items_are_refused(project: Path) -> None:
    with pytest.raises(cli.ConfigurationError, match="no item OB_NOPE"):
        stamp(project, "OB_NOPE")


def test_all_is_the_baseline(project: Path) -> None:
    """``ITEMS=all`` on the landed data rewrites the shipped file byte for byte."""
    printed = stamp(project, "all")
    assert len(printed) == len(
        subjects(pipeline.load_project(project, Settings()).model)
    )
    assert all(line.endswith("(unchanged)") for line in printed)
    assert (project / STAMPS).read_bytes() == (ROOT / STAMPS).read_bytes()


def test_the_fingerprint_recipe(model: Model) -> None:
    """needs/README.md's recipe, computed independently of the extension."""
    need = model.index["OB_PRE_SP_1"]
    fields = {
        "title": need.title.zh,
        "text": need.text.zh,
        "phrase": need.phrase,
        "modality": need.modality,
        "trigger": {"kind": "standing"},
    }
    data = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert fingerprint(need) == hashlib.sha256(data.encode("utf-8")).hexdigest()


def test_without_a_stamp_file_change_control_is_off(project: Path) -> None:
    (project / STAMPS).unlink()
    model = pipeline.load_project(project, Settings()).model
    assert model.stamps is None
    assert not evaluate(model).in_use
    assert review_lines(project) == []


@given(st.binary(max_size=400))
def test_any_bytes_give_findings_not_exceptions(data: bytes) -> None:
    parsed, found = stamps.read(data, "needs/review-stamps.tsv")
    assert all(f.code in ("stamp-malformed", "stamp-conflict") for f in found)
    assert len(parsed.stamps) + len(found) <= data.count(b"\n") + 1


@given(
    st.lists(st.sampled_from(["a\tb", "<<<<<<< x", "=======", ">>>>>>> y", "#c", ""]))
)
def test_markers_in_any_order(lines: list[str]) -> None:
    data = "\n".join(lines).encode()
    _, found = stamps.read(data, "f")
    assert all(f.line >= 1 for f in found)


@pytest.mark.parametrize(
    ("case", "items"),
    [
        ("review-stamp-conflict", "OB_A"),
        ("review-stamp-hand-edited", "CTL_A EV_A OB_A"),
    ],
)
def test_review_writes_bad_lines_again(tmp_path: Path, case: str, items: str) -> None:
    """The hinted ``make review`` repairs a half-merged or hand-edited file;
    naming too few items is refused with the command that would do it."""
    root = tmp_path / case
    shutil.copytree(BAD / case, root)
    project = pipeline.load_project(root, Settings())
    with pytest.raises(cli.ConfigurationError, match="name their items too"):
        review_cli.stamp(project, ["SP_A"])
    review_cli.stamp(project, items.split())
    found, _ = cli.gate(root, Settings())
    assert found == []
    baseline = (BAD / "review-changed-upstream" / STAMPS).read_bytes()
    assert (root / STAMPS).read_bytes() == baseline
