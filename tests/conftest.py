"""Shared test set-up: Sphinx's own testing fixtures and the project's paths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=…)`` finds ``roots/test-…``."""
    return Path(__file__).resolve().parent / "roots"
