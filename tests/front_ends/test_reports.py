"""The gate's outputs for people and CI: terminal lines, reports, severities."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import ROOTS
from licence_needs.check import cli
from licence_needs.core.codes import CODES
from licence_needs.core.findings import Finding
from licence_needs.outputs import reports
from sphinx.testing.util import SphinxTestApp

UNCOVERED = ROOTS / "test-uncovered"
COVERED = ROOTS / "test-covered"


def test_make_check_prints_one_line_per_finding_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = cli.main(["--root", str(UNCOVERED), "--reports", str(tmp_path)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == [
        "needs/obligations.yaml:9: error: [uncovered-obligation] OB_02_2: "
        "obligation has no control implementing it (provision SP_02 "
        "(特别规定事项二): Display the licence number) (hint: add a control to "
        "needs/controls.yaml with 'implements: [ID]', or add the ID to an "
        "existing control's implements list)",
        "licence gate FAILED: 1 error(s), 0 warning(s), 0 info",
    ]


def test_make_check_passes_a_covered_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--root", str(COVERED), "--reports", str(tmp_path)]) == 0
    assert capsys.readouterr().out.endswith(
        "licence gate passed: 0 error(s), 0 warning(s), 0 info\n"
    )


def test_reports_show_each_obligation_as_a_test_case(tmp_path: Path) -> None:
    found, model = cli.gate(UNCOVERED, cli.read_conf(UNCOVERED))
    reports.write(tmp_path, found, model)

    gaps = json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))
    assert gaps["summary"] == {"error": 1, "warning": 0, "info": 0}
    assert [
        (f["code"], f["need_id"], f["file"], f["line"]) for f in gaps["findings"]
    ] == [("uncovered-obligation", "OB_02_2", "needs/obligations.yaml", 9)]

    suites = ET.parse(tmp_path / "junit.xml").getroot()
    coverage = suites.find("testsuite[@name='licence-coverage']")
    assert coverage is not None
    cases = {case.get("name"): case for case in coverage.iter("testcase")}
    assert sorted(cases) == ["OB_02_1", "OB_02_2"]
    assert cases["OB_02_1"].find("failure") is None
    failure = cases["OB_02_2"].find("failure")
    assert failure is not None
    assert failure.get("type") == "uncovered-obligation"
    assert cases["OB_02_2"].get("classname") == "SP_02"
    assert (coverage.get("tests"), coverage.get("failures")) == ("2", "1")


def test_github_annotations_point_at_the_yaml_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    cli.main(["--root", str(UNCOVERED), "--reports", str(tmp_path)])
    out = capsys.readouterr().out
    assert (
        "::error file=needs/obligations.yaml,line=9,"
        "title=uncovered-obligation OB_02_2::obligation has no control"
    ) in out


def test_annotations_escape_what_github_would_misread() -> None:
    finding = Finding("a,b:c.yaml", 3, "wrong-type", "X", "50% off\nnext", "h")
    assert reports.github_annotations([finding]) == [
        "::error file=a%2Cb%3Ac.yaml,line=3,title=wrong-type X::50%25 off%0Anext "
        "(hint: h)"
    ]


def test_every_code_has_both_languages_and_a_hint() -> None:
    for code in CODES.values():
        assert code.summary.en and code.hint.en, code.code
        assert code.summary.zh and code.hint.zh, code.code


@pytest.mark.sphinx(
    "html",
    testroot="uncovered",
    confoverrides={"licence_severity": {"uncovered-obligation": "warning"}},
    warningiserror=True,
)
def test_a_rule_lowered_to_warning_is_listed_but_passes_under_W(
    app: SphinxTestApp,
) -> None:
    app.build()
    assert app.statuscode == 0
    assert app.warning.getvalue() == ""
    status = app.status.getvalue()
    assert (
        "needs/obligations.yaml:9: warning: [uncovered-obligation] OB_02_2:" in status
    )
    assert "licence gate passed: 0 error(s), 1 warning(s), 0 info" in status


UNUSED_EVIDENCE = """  - id: EV_UNUSED
    title: {zh: 无人引用的记录, en: A record no control names}
    text: {zh: 用于测试。, en: For the test.}
"""


@pytest.mark.parametrize(
    ("overrides", "status", "line"),
    [
        ({}, 0, "needs/controls.yaml:25: warning: [unused-evidence] EV_UNUSED:"),
        (
            {"unused-evidence": "error"},
            1,
            "needs/controls.yaml:25: ERROR: [unused-evidence] EV_UNUSED:",
        ),
    ],
)
def test_a_rule_raised_to_error_fails_the_build(
    make_app, tmp_path: Path, overrides: dict, status: int, line: str
) -> None:
    srcdir = tmp_path / "project"
    shutil.copytree(COVERED, srcdir)
    data = srcdir / "needs" / "controls.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("\nowners:", UNUSED_EVIDENCE + "\nowners:"), "utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides={"licence_severity": overrides})
    app.build()
    assert app.statuscode == status
    assert line in app.status.getvalue() + app.warning.getvalue()
