"""Evidence files: an evidence item's ``files:`` are paths inside the evidence
folder (``licence_evidence_dir``, which may lie outside the repository); a
listed file that is not there is a gate finding at the item's line, from
``make check`` and from the build alike."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BAD, ROOT
from licence_needs.check import cli
from licence_needs.core import loader, pipeline
from licence_needs.core.settings import Settings

CASE = BAD / "evidence-file-missing"
FINDING = (
    "needs/data.yaml:24: error: [evidence-file-missing] EV_A: listed file "
    "'screenshots/home-page.png' (line 29) is not in the evidence folder"
)


def test_files_are_read_with_their_lines() -> None:
    model, found = loader.load(CASE)
    assert found == []
    evidence = model.index["EV_A"]
    assert [(f.path, f.line) for f in evidence.files] == [
        ("minutes/2026-03.txt", 28),
        ("screenshots/home-page.png", 29),
    ]


def test_a_missing_file_is_one_located_finding() -> None:
    found, _ = cli.gate(CASE, Settings())
    assert [f.as_line().split(" (hint")[0] for f in found] == [FINDING]


def test_the_evidence_folder_may_lie_outside_the_project(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    shutil.copytree(CASE / "evidence", folder)
    (folder / "screenshots").mkdir()
    (folder / "screenshots" / "home-page.png").write_bytes(b"\x89PNG")
    found, _ = cli.gate(CASE, Settings(evidence_dir=str(folder)))
    assert found == []
    project = pipeline.load_project(CASE, Settings(evidence_dir=str(folder)))
    assert pipeline.present_evidence(project) == {
        "minutes/2026-03.txt",
        "screenshots/home-page.png",
    }


def test_the_shipped_data_lists_only_files_it_has() -> None:
    project = pipeline.load_project(ROOT, cli.read_conf(ROOT))
    listed = {f.path for n in project.model.needs for f in n.files}
    assert listed <= pipeline.present_evidence(project)


@pytest.mark.build
def test_the_build_reports_it_at_the_items_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(CASE, project)
    (project / "conf.py").write_text(
        'extensions = ["myst_parser", "licence_needs"]\n'
        'language = "zh_CN"\n'
        f'licence_reports_dir = "{tmp_path / "reports"}"\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "--no-color",
            str(project / "source"),
            str(tmp_path / "html"),
            "-c",
            str(project),
        ],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT / "_ext"),
            "SOURCE_DATE_EPOCH": "1704067200",
        },
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert (
        "needs/data.yaml:24: ERROR: [evidence-file-missing] EV_A: "
        "listed file 'screenshots/home-page.png' (line 29)"
    ) in result.stderr
