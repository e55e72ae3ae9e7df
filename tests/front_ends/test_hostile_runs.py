"""Runs that cannot finish: one plain message, no traceback, no stale verdict.

A bad ``SOURCE_DATE_EPOCH`` stopped the build with a traceback (Sphinx's own
copyright-year code, or the XLSX writer for a day before 1980), and a build
that stopped early left the previous run's ``gaps.json`` ("0 errors") behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, ROOTS, sphinx_build
from licence_needs.check import cli

#: 315503999 is 1979-12-31 23:59:59 in China Standard Time
EXT = ROOT / "_ext"
BAD_EPOCHS = ("0", "-1", "abc", "315503999", "99999999999999")


def _stale(reports: Path) -> None:
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "gaps.json").write_text('{"summary": {"error": 0}}', encoding="utf-8")
    (reports / "junit.xml").write_text("<testsuites failures='0'/>", encoding="utf-8")


@pytest.mark.parametrize("epoch", BAD_EPOCHS)
def test_make_check_refuses_a_bad_epoch_in_one_line(
    epoch: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    _stale(tmp_path)
    status = cli.main(
        ["--root", str(ROOTS / "test-covered"), "--reports", str(tmp_path)]
    )
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.splitlines() == [
        "make check: SOURCE_DATE_EPOCH must be whole seconds since 1970 giving a "
        f"day from 1980-01-01 to 2107-12-31 (China Standard Time), not {epoch!r}"
    ]
    assert not (tmp_path / "gaps.json").exists()
    assert not (tmp_path / "junit.xml").exists()


def test_the_earliest_day_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315504000")  # 1980-01-01 00:00 CST
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    status = cli.main(
        ["--root", str(ROOTS / "test-covered"), "--reports", str(tmp_path)]
    )
    assert status == 1  # 1980: the controls' reviews (2026) lie in the future
    assert json.loads((tmp_path / "gaps.json").read_text())["summary"]["error"] > 0


@pytest.mark.build
@pytest.mark.parametrize("epoch", ["0", "-1", "315503999"])
def test_the_build_refuses_a_bad_epoch_in_one_line(epoch: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-covered", project / "source")
    (project / "conf.py").write_text(
        (ROOTS / "test-covered" / "conf.py").read_text(encoding="utf-8")
        + f"import sys\nsys.path.insert(0, {str(EXT)!r})\n"
        + "licence_source_dir = 'source'\n",
        encoding="utf-8",
    )
    _stale(tmp_path / "reports")
    result = sphinx_build(project, "zh_CN", tmp_path, epoch=epoch)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "SOURCE_DATE_EPOCH must be whole seconds since 1970" in result.stderr
    assert not (tmp_path / "reports" / "gaps.json").exists()
    assert not (tmp_path / "reports" / "junit.xml").exists()


@pytest.mark.parametrize(("epoch", "status"), [("abc", 2), ("0", 2), ("1796083200", 0)])
def test_make_html_checks_the_epoch_before_sphinx_reads_it(
    epoch: str, status: int
) -> None:
    """Sphinx's gettext builder reads SOURCE_DATE_EPOCH on import and ends
    ``abc`` with a traceback: the Makefile's first step says it in one line."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(EXT)}
    result = subprocess.run(
        [sys.executable, "-m", "licence_needs.check.epoch"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == status
    assert ("make html: SOURCE_DATE_EPOCH must be" in result.stderr) == bool(status)
    assert "Traceback" not in result.stderr
