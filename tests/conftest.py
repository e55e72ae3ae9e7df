"""Shared test set-up: Sphinx's own testing fixtures and the project's paths."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
ROOTS = TESTS / "roots"  # tiny Sphinx projects, as in Sphinx's own tests
BAD = TESTS / "bad"  # one failure mode per directory
sys.path.insert(0, str(ROOT / "_ext"))

from licence_needs.core import loader  # noqa: E402 - after the path is set
from licence_needs.core.model import Link, Model, Need, Text  # noqa: E402

EPOCH = "1796083200"  # 2026-12-01T00:00:00Z: a fixed "as of" date (after every review)
LANGUAGES = ("zh_CN", "en")
COPIED = ("conf.py", "_ext", "source", "needs", "locale")

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=…)`` finds ``roots/test-…``."""
    return ROOTS


def sphinx_build(
    project: Path, language: str, out: Path, *extra: str, epoch: str = EPOCH
) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build on ``project`` as the Makefile does, as of ``epoch``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(project),
            "-d",
            str(out / "doctrees"),
            "-D",
            f"language={language}",
            "-D",
            f"licence_reports_dir={out / 'reports'}",
            "-W",
            "--keep-going",
            "-q",
            "--no-color",
            *extra,
            str(project / "source"),
            str(out / "html"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, target / name)
    return target


def page_text(path: Path) -> str:
    """A page's visible text: no scripts, no tags, no sphinx-needs' random ids."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html).strip()


def need(need_id: str, need_type: str, title: str = "t", **links: list[str]) -> Need:
    """A need of ``needs/a.yaml`` with ``links`` (link name → target IDs), for
    the tests of pure functions over a tiny model."""
    return Need(
        type=need_type,
        id=need_id,
        title=Text(title, title),
        text=Text("x", "x"),
        file="needs/a.yaml",
        line=1,
        links={name: tuple(Link(t, 1) for t in ts) for name, ts in links.items()},
    )


def needs_json(path: Path) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["versions"][data["current_version"]]["needs"]


@pytest.fixture(scope="session")
def model() -> Model:
    """The real handbook's data."""
    result, _ = loader.load(ROOT)
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both languages of the real handbook, built once with a fixed date, at
    the same time (as ``make html`` builds them: a third less time than one
    after the other on two cores)."""
    outs = {lang: tmp_path_factory.mktemp(f"site-{lang}") for lang in LANGUAGES}
    with ThreadPoolExecutor(len(LANGUAGES)) as pool:
        results = pool.map(
            lambda lang: sphinx_build(ROOT, lang, outs[lang], "-j", "auto"),
            LANGUAGES,
        )
        for language, result in zip(LANGUAGES, results, strict=True):
            assert result.returncode == 0, f"{language}: {result.stderr}"
            # a clean build has no Sphinx warnings; under -q it prints only the
            # gate's own warnings and its summary (the licence has expired)
            lines = result.stderr.splitlines()
            assert lines[-1].startswith("licence gate passed"), result.stderr
            assert all(": warning: [" in line for line in lines[:-1]), result.stderr
    return outs


#: folders whose tests carry a marker, so a fast subset exists:
#: ``pytest -m "not build and not browser and not bench"`` (``make test-fast``).
#: tests/bench/ is not one: its in-process tests are fast, and the one that
#: runs the benchmark is marked ``bench`` itself.
_FOLDER_MARKERS = {"sphinx": "build", "browser": "browser"}
#: fixtures that run a Sphinx build
_BUILD_FIXTURES = {"app", "make_app", "site", "gettext_site"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite the expected-output files (tests/bad/*/expected.txt) "
        "from what the code now says, instead of comparing",
    )


#: the one way to leave the browser tests out (``make test SKIP_BROWSER=1``)
SKIP_BROWSER = os.environ.get("SKIP_BROWSER") == "1"
_SKIP_BROWSER_REASON = "SKIP_BROWSER=1: browser tests skipped on request"


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    for item in items:
        folder = Path(item.path).parent.name
        if folder in _FOLDER_MARKERS:
            item.add_marker(_FOLDER_MARKERS[folder])
        elif _BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("build")
        if SKIP_BROWSER and item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=_SKIP_BROWSER_REASON))


@pytest.hookimpl(trylast=True)  # after pytest's short summary: the last word
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly that tests were left out, so a green run is not taken for
    a complete one."""
    skipped = terminalreporter.stats.get("skipped", [])
    browser = [r for r in skipped if _SKIP_BROWSER_REASON in str(r.longrepr)]
    if browser:
        terminalreporter.write_line(
            f"SKIP_BROWSER=1: {len(browser)} browser tests were NOT run; "
            "make test without it runs them",
            yellow=True,
            bold=True,
        )


@pytest.fixture
def update_expected(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites expected files (``--update-expected``)."""
    return bool(request.config.getoption("--update-expected"))


# -- a project with a git history: releases v1.0 and v1.1 (make diff, changes.html)


def git(repo: Path, *args: str, when: str = "2026-01-05T10:00:00+08:00") -> str:
    """Run git in ``repo`` with fixed dates and identity, as a test repository needs."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def history_repo(target: Path) -> Path:
    """``roots/test-history`` in a fresh repository: v1.0 (lightweight tag),
    then v1.1 (annotated) renaming a control and adding an evidence item."""
    shutil.copytree(ROOTS / "test-history", target)
    git(target, "init", "-q", "-b", "main")
    git(target, "config", "user.name", "Test")
    git(target, "config", "user.email", "test@example.com")
    git(target, "config", "commit.gpgsign", "false")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "first release")
    git(target, "tag", "v1.0")
    controls = target / "needs" / "controls.yaml"
    edit(controls, "en: Licence number display check", "en: Licence number check")
    edit(
        controls,
        "evidence:\n",
        "evidence:\n  - id: EV_LIC_02\n"
        "    title: {zh: 展示检查截图, en: Display check screenshots}\n"
        "    text: {zh: 每季度截图，保存三年。,"
        ' en: "Quarterly screenshots, kept three years."}\n',
    )
    edit(
        controls,
        "evidenced_by: [EV_LIC_01]\n\nevidence",
        "evidenced_by: [EV_LIC_02]\n\nevidence",
    )
    when = "2026-02-10T10:00:00+08:00"
    git(target, "commit", "-q", "-am", "second release", when=when)
    git(target, "tag", "-a", "v1.1", "-m", "v1.1", when=when)
    return target
