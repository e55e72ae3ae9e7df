"""The package's layers hold: the contract is checked, and so is the process.

``core``, ``derived``, ``outputs`` and ``check`` never import Sphinx,
docutils or sphinx-needs (import-linter's contracts in ``pyproject.toml``),
and ``make check`` does not load them either, in a fresh interpreter: a
package ``__init__`` that imported the adapter would break the second without
breaking the first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT

#: what the Sphinx-free side loads, as make check and the tools do
_PURE = (
    "licence_needs",
    "licence_needs.check.cli",
    "licence_needs.check.mdscan",
    "licence_needs.core.pipeline",
    "licence_needs.derived.schedule",
    "licence_needs.derived.traceability",
    "licence_needs.outputs.ical",
    "licence_needs.outputs.reports",
    "licence_needs.outputs.tabular",
    "licence_needs.outputs.archive",
    "licence_needs.outputs.trace_diagram",
    "licence_needs.core.provenance",
    "licence_needs.pack.cli",
)
_FORBIDDEN = ("sphinx", "docutils", "sphinx_needs", "myst_parser")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}


def test_the_import_contracts_hold() -> None:
    command = "from importlinter.cli import lint_imports_command as c; c()"
    result = subprocess.run(
        [sys.executable, "-c", command, "--config", "pyproject.toml", "--no-cache"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def leaked_modules(code: str) -> list[str]:
    """The Sphinx-side modules a fresh interpreter has loaded after ``code``."""
    code += "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(result.stdout)
    return [m for m in loaded if m.split(".")[0] in _FORBIDDEN]


def test_the_sphinx_free_side_loads_no_sphinx() -> None:
    code = f"import importlib\nfor name in {_PURE!r}: importlib.import_module(name)"
    assert leaked_modules(code) == []


def test_make_check_runs_conf_py_without_sphinx() -> None:
    """conf.py imports Sphinx for type hints only, so make check's reading of it
    loads nothing of Sphinx."""
    code = (
        "from pathlib import Path\n"
        "from licence_needs.check.cli import read_conf\n"
        f"read_conf(Path({str(ROOT)!r}))"
    )
    assert leaked_modules(code) == []
