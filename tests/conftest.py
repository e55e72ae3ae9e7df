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
    return Path(__file__).resolve().parent / "roots"


def sphinx_build(
    project: Path, language: str, out: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build on ``project`` as the Makefile does."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
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
