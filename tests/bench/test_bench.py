"""Smoke test of the benchmark (bench/run.py) in its quick mode.

It checks that the benchmark still runs against the current extension and data
format, prints every row, and that an incremental build after a one-control
edit equals a clean build.  Timings are machine-dependent: none is asserted.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import generate
import run
from licence_needs.core.settings import Settings


def test_quick_benchmark(tmp_path):
    markdown = tmp_path / "bench.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "60",
            "--quick",
            "--markdown",
            str(markdown),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for label in run.STEPS.values():
        row = next((line for line in out.splitlines() if label in line), None)
        assert row is not None, f"no row {label!r} in:\n{out}"
        assert row.split()[0] == "60"
    assert "incremental = clean after the edit, pipeline, 60 needs: yes" in out
    for target in ("≤ 1.10 × plain", "≤ 1.3 × one language", "make check < 1.5 s"):
        assert target in out
    assert "Traceback" not in result.stderr
    table = markdown.read_text(encoding="utf-8")
    assert "| needs | step |" in table
    assert "sphinx-needs" in table and "cores" in table
    assert all(label in table for label in run.STEPS.values())


def test_generated_data_passes_the_gate(tmp_path, monkeypatch):
    """The synthetic data is what the handbook's format and rules expect: not
    one finding, or the benchmark would time the gate's error paths."""
    from licence_needs.check import cli  # noqa: PLC0415 - conftest puts _ext on the path

    monkeypatch.setenv("SOURCE_DATE_EPOCH", generate.SOURCE_DATE_EPOCH)
    data = generate.generate(200, chunk=40)
    root = generate.write_pipeline(data, tmp_path / "pipeline")
    found, model = cli.gate(root, Settings())
    assert [f.as_line() for f in found] == []
    assert len(model.needs) == data.size == 200
    counts = data.counts()
    assert counts == {"provision": 20, "obligation": 70, "control": 60, "evidence": 50}
