"""``make diff`` on a real git repository: the changes of one commit, by name,
in both languages; and the failures a user can cause, as one clear line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT, edit, git, history_repo
from licence_needs.check.diff import main

NEW_CONTROL = """  - id: CTL_LIC_03
    title: {zh: 新产品上线审批, en: New product launch approval}
    text: {zh: 新产品上线须经法务书面审批。, en: Legal approves launches in writing.}
    owner: legal_counsel
    frequency: per_event
    last_reviewed: 2026-06-01
    review_interval_months: 12
    implements: [OB_02_1]
    evidenced_by: [EV_LIC_01]

evidence:
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """v1.0, v1.1, then one commit that edits an obligation's Chinese text,
    adds a control and removes one ``implements`` entry."""
    project = history_repo(tmp_path / "project")
    edit(
        project / "needs" / "obligations.yaml",
        "text: {zh: 不得经营或变相经营许可范围以外的电信业务。",
        "text: {zh: 不得经营或者变相经营许可范围以外的任何电信业务。",
    )
    controls = project / "needs" / "controls.yaml"
    edit(controls, "    implements: [OB_02_2]\n", "    implements: []\n")
    edit(controls, "\nevidence:\n", "\n" + NEW_CONTROL)
    git(project, "commit", "-q", "-am", "one edit", when="2026-03-01T10:00:00+08:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return project


def diff_of(
    project: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    status = main(["--root", str(project), "--reports", str(project / "out"), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_one_commit_is_named_exactly_in_both_languages(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, en, err = diff_of(repo, capsys, "--base", "HEAD~1", "--lang", "en")
    assert (status, err) == (0, "")
    lines = en.splitlines()
    assert lines[2] == "2 changed, 1 added, 0 removed; coverage 2/2 → 1/2"
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Changes: HEAD~1 ("
        + git(repo, "rev-parse", "HEAD~1")[:12]
        + ") → working tree",
        "## Needs added",
        "## Needs changed",
        "### `CTL_LIC_02` Control: Licence number check (changed)",
        "### `OB_02_1` Obligation: No unlicensed telecommunications services (changed)",
        "## Links",
        "## Coverage",
        "## Findings introduced",
    ]
    assert "| `CTL_LIC_03` | Control | New product launch approval |" in en
    assert "| `implements` | OB_02_2 |  |" in en
    assert (
        "| `text.zh` | 不得经营或变相经营许可范围以外的电信业务。 "
        "| 不得经营或者变相经营许可范围以外的任何电信业务。 |"
    ) in en
    assert "<ins>或者</ins>" in en and "<ins>任何</ins>" in en
    assert "| added | `CTL_LIC_03` | implements | `OB_02_1` |" in en
    assert "| added | `CTL_LIC_03` | evidenced by | `EV_LIC_01` |" in en
    assert "| removed | `CTL_LIC_02` | implements | `OB_02_2` |" in en
    assert "Obligations that became uncovered:\n\n- `OB_02_2`" in en
    introduced = [line for line in lines if line.startswith("- `needs/")]
    assert [line.split("[")[1].split("]")[0] for line in introduced] == [
        "control-implements-nothing",
        "uncovered-obligation",
    ]
    # no other need is named
    named = {word.strip("`") for word in en.split() if word.startswith("`CTL_")}
    named |= {word.strip("`") for word in en.split() if word.startswith("`OB_")}
    named |= {word.strip("`") for word in en.split() if word.startswith("`EV_")}
    assert named == {"CTL_LIC_02", "CTL_LIC_03", "OB_02_1", "OB_02_2", "EV_LIC_01"}

    status, zh, _ = diff_of(repo, capsys, "--base", "HEAD~1")
    assert status == 0
    assert zh.splitlines()[2] == "2 项变更，1 项新增，0 项删除；覆盖率 2/2 → 1/2"
    assert "| 新增 | `CTL_LIC_03` | 实施义务 | `OB_02_1` |" in zh
    assert "| 删除 | `CTL_LIC_02` | 实施义务 | `OB_02_2` |" in zh
    assert "变为无控制措施的义务：\n\n- `OB_02_2`" in zh
    assert "### `OB_02_1` 义务：不得经营未经许可的电信业务（变更）" in zh
    assert (repo / "out" / "changes.md").read_text(encoding="utf-8") == zh


def test_unchanged_data_is_no_changes_and_lands_in_the_job_summary(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = repo / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    status, out, _ = diff_of(repo, capsys, "--base", "HEAD", "--lang", "en")
    assert status == 0
    assert out.splitlines()[2] == "no changes"
    assert summary.read_text(encoding="utf-8") == "before\n" + out + "\n"


def test_the_default_base_is_the_latest_release_without_an_upstream(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = diff_of(repo, capsys, "--lang", "en")
    assert status == 0
    assert out.splitlines()[0].startswith("# Changes: v1.1 (")
    assert out.splitlines()[2] == "2 changed, 1 added, 0 removed; coverage 2/2 → 1/2"
    assert out.splitlines()[4] == "Compared with v1.1 (latest release tag)"


@pytest.mark.parametrize(
    ("base", "message"),
    [
        (
            "nosuch",
            "make diff: 'nosuch' is not a commit, branch or tag of this repository",
        ),
        ("--help", "make diff: '--help' is not a revision"),
    ],
)
def test_a_base_that_does_not_exist_is_one_line(
    repo: Path, capsys: pytest.CaptureFixture[str], base: str, message: str
) -> None:
    status, out, err = diff_of(repo, capsys, f"--base={base}")
    assert (status, out, err.strip()) == (2, "", message)


def test_a_shallow_clone_says_what_to_fetch(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    status, _, err = diff_of(clone, capsys, "--base", "v1.0")
    assert status == 2
    assert err.strip() == (
        "make diff: 'v1.0' is not in this shallow clone: fetch the history "
        "(git fetch --unshallow, or fetch-depth: 0 in actions/checkout)"
    )


def test_data_at_base_that_does_not_load_is_named(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo / "needs" / "obligations.yaml", "obligations:\n", "obligations: [\n")
    git(repo, "commit", "-q", "-am", "broken")
    edit(repo / "needs" / "obligations.yaml", "obligations: [\n", "obligations:\n")
    status, out, err = diff_of(repo, capsys, "--base", "HEAD")
    assert (status, out) == (2, "")
    first, second = err.splitlines()[:2]
    assert first.startswith("make diff: the data at HEAD (") and first.endswith(
        ") does not load:"
    )
    assert second.startswith("  needs/obligations.yaml:")
    assert "[yaml-syntax]" in second


def test_outside_a_repository_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "tarball"
    (project / "needs").mkdir(parents=True)
    status, _, err = diff_of(project, capsys, "--base", "HEAD~1")
    assert status == 2
    assert err.startswith(f"make diff: {project} is not in a git repository")


def test_make_diff_passes_base_and_lang_and_defaults_to_chinese() -> None:
    def command(*args: str) -> str:
        done = subprocess.run(
            ["make", "-s", "-n", "-C", str(ROOT), "diff", *args],
            capture_output=True,
            text=True,
            check=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"},
        )
        words = done.stdout.replace("\\\n", " ").split()
        return " ".join(words[words.index("licence_needs.check.diff") :])

    assert command() == "licence_needs.check.diff --lang zh"
    assert command("BASE=v1.0", "LANG=en") == (
        'licence_needs.check.diff --lang en --base "v1.0"'
    )
