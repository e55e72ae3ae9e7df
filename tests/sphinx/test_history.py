"""The change history page and the cards' release line, built from a real git
repository with tags v1.0 and v1.1, in both languages; and without git."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EPOCH, LANGUAGES, ROOT, ROOTS, edit, git, history_repo


def build(project: Path, language: str, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT / "_ext")}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [
            sys.executable,
            *("-m", "sphinx", "-b", "html", "-d", str(out / "doctrees")),
            *("-D", f"language={language}", "-W", "--keep-going", "-q", "--no-color"),
            str(project),
            str(out / "html"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


#: all a clean build of the tiny project prints under -q
PASSED = "licence gate passed: 0 error(s), 0 warning(s), 0 info\n"


def text_of(page: Path) -> str:
    """The page's words, tags and runs of whitespace each made one space."""
    html = page.read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def stable(page: Path) -> str:
    """A page without sphinx-needs' random element ids (uuid4 per build)."""
    html = page.read_text(encoding="utf-8")
    return re.sub(r"SNCB-[0-9a-f-]+", "SNCB", html)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = history_repo(tmp_path_factory.mktemp("history") / "project")
    result = {}
    for language in LANGUAGES:
        out = tmp_path_factory.mktemp(f"history-{language}")
        done = build(project, language, out)
        assert done.returncode == 0, done.stderr
        assert done.stderr == PASSED, "a clean build has no warnings"
        result[language] = out
    return result


EXPECTED = {
    "zh_CN": [
        "v1.1（2026-02-10）",
        "与 v1.0 相比：1 项变更，1 项新增，0 项删除；覆盖率 2/2 → 2/2",
        "变更 CTL_LIC_02 控制措施 许可证编号展示检查 title.en, evidenced_by",
        "新增 EV_LIC_02 证据 展示检查截图",
        "删除 CTL_LIC_02 证据 EV_LIC_01",
        "新增 CTL_LIC_02 证据 EV_LIC_02",
        "v1.0（2026-01-05）",
        "首个发布版本：7 项需求，其中 2 项义务；覆盖率 2/2",
        "未发布的变更（v1.1 之后）",
        "与 v1.1 相比：无变更",
    ],
    "en": [
        "v1.1 (2026-02-10)",
        "Compared with v1.0: 1 changed, 1 added, 0 removed; coverage 2/2 → 2/2",
        "changed CTL_LIC_02 Control Licence number check title.en, evidenced_by",
        "added EV_LIC_02 Evidence Display check screenshots",
        "removed CTL_LIC_02 evidenced by EV_LIC_01",
        "added CTL_LIC_02 evidenced by EV_LIC_02",
        "v1.0 (2026-01-05)",
        "First release: 7 needs, 2 of them obligations; coverage 2/2",
        "Unreleased (since v1.1)",
        "Compared with v1.1: no changes",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_both_releases_newest_first_then_unreleased(
    built: dict[str, Path], language: str
) -> None:
    text = text_of(built[language] / "html" / "changes.html")
    positions = [text.find(expected) for expected in EXPECTED[language]]
    assert -1 not in positions, [
        e for e, p in zip(EXPECTED[language], positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)


@pytest.mark.parametrize("language", LANGUAGES)
def test_cards_name_the_release_they_last_changed_in(
    built: dict[str, Path], language: str
) -> None:
    html = (built[language] / "html" / "controls.html").read_text(encoding="utf-8")
    links = re.findall(r'href="changes\.html#(release-v1\.[01])">(v1\.[01])</a>', html)
    # CTL_LIC_01 is as v1.0 made it; CTL_LIC_02 and EV_LIC_02 changed in v1.1
    assert links == [
        ("release-v1.0", "v1.0"),
        ("release-v1.1", "v1.1"),
        ("release-v1.1", "v1.1"),
        ("release-v1.0", "v1.0"),
    ]
    changes = (built[language] / "html" / "changes.html").read_text(encoding="utf-8")
    assert 'id="release-v1.1"' in changes and 'id="release-v1.0"' in changes


def test_history_is_cached_by_commit(built: dict[str, Path]) -> None:
    assert (built["zh_CN"] / "doctrees" / "licence-history.pickle").is_file()


def test_without_git_the_page_says_history_needs_the_repository(
    tmp_path: Path,
) -> None:
    project = tmp_path / "tarball"
    shutil.copytree(ROOTS / "test-history", project)
    done = build(project, "en", tmp_path / "out")
    assert (done.returncode, done.stderr) == (0, PASSED)
    text = text_of(tmp_path / "out" / "html" / "changes.html")
    assert "The change history needs the git repository" in text
    controls = (tmp_path / "out" / "html" / "controls.html").read_text(encoding="utf-8")
    assert "changed_in" not in controls


def test_a_new_tag_alone_updates_cards_and_page_as_a_clean_build_would(
    tmp_path: Path,
) -> None:
    """Tagging changes no file: the pages must follow the tags all the same."""
    project = history_repo(tmp_path / "project")
    edit(
        project / "needs" / "controls.yaml",
        "en: Service scope review",
        "en: Scope review",
    )
    git(project, "commit", "-q", "-am", "after v1.1", when="2026-03-01T10:00:00+08:00")
    out = tmp_path / "incremental"
    assert build(project, "en", out).returncode == 0
    controls = out / "html" / "controls.html"
    assert 'href="changes.html#unreleased">unreleased</a>' in controls.read_text(
        encoding="utf-8"
    )
    git(project, "tag", "v1.2", when="2026-03-02T10:00:00+08:00")
    assert build(project, "en", out).returncode == 0
    clean = tmp_path / "clean"
    assert build(project, "en", clean).returncode == 0
    for page in ("controls.html", "changes.html", "index.html"):
        assert stable(out / "html" / page) == stable(clean / "html" / page), page
    assert 'href="changes.html#release-v1.2">v1.2</a>' in controls.read_text(
        encoding="utf-8"
    )
    assert "v1.2 (2026-03-01)" in text_of(out / "html" / "changes.html")
