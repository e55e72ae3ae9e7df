"""Shared test set-up: Sphinx's own testing fixtures and the project's paths."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
ROOTS = TESTS / "roots"  # tiny Sphinx projects, as in Sphinx's own tests
BAD = TESTS / "bad"  # one failure mode per directory
sys.path.insert(0, str(ROOT / "_ext"))

from licence_needs.core import loader  # noqa: E402 - after the path is set
from licence_needs.core.model import Model  # noqa: E402

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: a fixed "as of" date
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
    """Both languages of the real handbook, built once with a fixed date."""
    built = {}
    for language in LANGUAGES:
        out = tmp_path_factory.mktemp(f"site-{language}")
        result = sphinx_build(ROOT, language, out, "-j", "auto")
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", "a clean build has no warnings"
        built[language] = out
    return built


#: folders whose tests carry a marker, so a fast subset exists:
#: ``pytest -m "not build and not browser and not bench"`` (``make test-fast``)
_FOLDER_MARKERS = {"sphinx": "build", "browser": "browser", "bench": "bench"}
#: fixtures that run a Sphinx build
_BUILD_FIXTURES = {"app", "make_app", "site", "gettext_site"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite the expected-output files (tests/bad/*/expected.txt) "
        "from what the code now says, instead of comparing",
    )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    for item in items:
        folder = Path(item.path).parent.name
        if folder in _FOLDER_MARKERS:
            item.add_marker(_FOLDER_MARKERS[folder])
        elif _BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("build")


@pytest.fixture
def update_expected(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites expected files (``--update-expected``)."""
    return bool(request.config.getoption("--update-expected"))
