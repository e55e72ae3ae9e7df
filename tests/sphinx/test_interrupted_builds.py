"""Interrupted and concurrent builds (sphinx_ext/build_guard.py).

After SIGINT the next build failed and the one after passed with a search
index of 3 pages in 16; two ``make html`` at once left broken SVG files that
later builds kept.  A build after an interrupted one must equal a clean
build, and concurrent builds of one output folder take turns.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import EPOCH, ROOT, ROOTS
from licence_needs.sphinx_ext.build_guard import MARKER


def project(tmp_path: Path) -> Path:
    """The covered tiny root as a stand-alone project."""
    target = tmp_path / "project"
    shutil.copytree(ROOTS / "test-covered", target)
    conf = target / "conf.py"
    conf.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        + conf.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return target


def command(source: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-d",
        str(out / "doctrees"),
        "-D",
        f"licence_reports_dir={out / 'reports'}",
        "-q",
        str(source),
        str(out / "html"),
    ]


def environment() -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("GITHUB_ACTIONS", None)
    return env


def build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(source, out),
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
    )


def files(folder: Path) -> dict[str, bytes]:
    """Every output file, pages included (their sphinx-needs ids are stable:
    sphinx_ext/reproducible.py)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_build_after_an_unfinished_one_starts_afresh(tmp_path: Path) -> None:
    """What an interrupted build leaves (its marker, a half-written image
    that no later build would redraw) is gone after the next build."""
    source, out = project(tmp_path), tmp_path / "out"
    assert build(source, out).returncode == 0
    assert not (out / "doctrees" / MARKER).exists()
    (out / "doctrees" / MARKER).write_text("interrupted\n", encoding="utf-8")
    junk = out / "html" / "_images" / "needflow-broken.svg"
    junk.parent.mkdir(exist_ok=True)
    junk.write_text("<svg>half", encoding="utf-8")
    result = build(source, out)
    assert result.returncode == 0, result.stderr
    assert "the previous build did not finish; building afresh" in result.stderr
    assert not junk.exists()
    assert not (out / "doctrees" / MARKER).exists()


def test_a_build_after_sigint_equals_a_clean_build(tmp_path: Path) -> None:
    source, out = project(tmp_path), tmp_path / "out"
    clean = tmp_path / "clean"
    assert build(source, clean).returncode == 0
    running = subprocess.Popen(
        command(source, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment(),
    )
    marker = out / "doctrees" / MARKER
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # into reading or writing
    running.send_signal(signal.SIGINT)
    running.wait(timeout=120)
    result = build(source, out)
    assert result.returncode == 0, result.stderr
    assert files(out / "html") == files(clean / "html")


def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    source, out = project(tmp_path), tmp_path / "out"
    clean = tmp_path / "clean"
    assert build(source, clean).returncode == 0
    both = [
        subprocess.Popen(
            command(source, out),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in both]  # type: ignore[union-attr]
    assert [status for status, _ in results] == [0, 0], results
    assert any("waiting for it to finish" in err for _, err in results), results
    assert files(out / "html") == files(clean / "html")


def test_an_unwritable_build_folder_is_one_plain_line(tmp_path: Path) -> None:
    """As root, modes do not stop writes: a folder where the probe file
    would go stands in for a folder that cannot be written."""
    source, out = project(tmp_path), tmp_path / "out"
    (out / "html" / ".licence-write-probe").mkdir(parents=True)
    result = build(source, out)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("licence: cannot write the build: ")
    assert len(result.stderr.splitlines()) == 1


def test_unwritable_reports_and_exports_still_give_a_verdict(tmp_path: Path) -> None:
    source, out = project(tmp_path), tmp_path / "out"
    (out / "reports" / "gaps.json").mkdir(parents=True)
    (out / "html" / "exports" / "traceability.csv").mkdir(parents=True)
    result = build(source, out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot write the reports: " in result.stderr
    assert "cannot write the exports: " in result.stderr
    assert "licence gate passed" in result.stderr  # the gate still ran
