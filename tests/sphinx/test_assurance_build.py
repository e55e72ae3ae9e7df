"""Assurance in a real build (tests/roots/test-assurance): one effective
assessment of the control that alone implements OB_02_1 lifts it to
``effective`` in needs.json, the matrix, the dashboard and the exports; an
ineffective result fails the build at its record; time makes it overdue; an
edit of the assessments is seen by an incremental build."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOTS, page_text
from licence_needs.check import cli
from openpyxl import load_workbook
from sphinx.testing.util import SphinxTestApp

ASSESSMENTS = "needs/assessments.yaml"
#: 2026-07-01 00:00 UTC: after the root's reviews, before its assessment falls due
EPOCH = "1782864000"
#: 2026-10-16 00:00 UTC: the day after CTL_LIC_01's next assessment fell due
AFTER_DUE = "1792108800"

MakeApp = Callable[..., SphinxTestApp]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the root to edit before Sphinx loads it, as of 2026-07-01."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    target = tmp_path / "test-assurance"
    shutil.copytree(ROOTS / "test-assurance", target)
    return target


def build(make_app: MakeApp, srcdir: Path, **overrides: str) -> SphinxTestApp:
    app = make_app(
        "html",
        srcdir=srcdir,
        confoverrides={"licence_reports_dir": str(srcdir / "_reports"), **overrides},
    )
    app.build()
    return app


def needs_of(outdir: Path) -> dict[str, dict]:
    data = json.loads((outdir / "needs.json").read_text(encoding="utf-8"))
    return data["versions"][data["current_version"]]["needs"]


def levels(outdir: Path) -> dict[str, str | None]:
    return {i: n.get("assurance") for i, n in needs_of(outdir).items()}


def findings(srcdir: Path) -> list[tuple[str, str, int, str]]:
    report = json.loads((srcdir / "_reports" / "gaps.json").read_text("utf-8"))
    return [
        (f["severity"], f["file"], f["line"], f["code"]) for f in report["findings"]
    ]


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line.replace(f"{app.srcdir}/", "") for line in text.splitlines() if line]


def csv_rows(outdir: Path) -> list[list[str]]:
    data = (outdir / "exports" / "traceability.csv").read_bytes()
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def without_the_assessment(srcdir: Path) -> None:
    (srcdir / ASSESSMENTS).write_text("assessments: []\n", encoding="utf-8")


def set_result(srcdir: Path, result: str) -> None:
    path = srcdir / ASSESSMENTS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("result: effective", f"result: {result}"), "utf-8")


def test_one_effective_assessment_lifts_its_obligation_everywhere(
    make_app: MakeApp, project: Path
) -> None:
    app = build(make_app, project)
    assert warnings_of(app) == []
    assert app.statuscode == 0
    assert levels(app.outdir) == {
        "CTL_LIC_01": "effective",
        "CTL_LIC_02": "not assessed",
        "EV_LIC_01": None,
        "OB_02_1": "effective",
        "OB_02_2": "not assessed",
        "SP_02": None,
        "TB_NUMBER": None,
    }
    control = needs_of(app.outdir)["CTL_LIC_01"]
    assert control["assessed"] == "2025-10-15，有效，内部审计（AS_2025_001）"
    assert control["next_assessment"] == "2026-10-15"
    assert findings(project) == [
        ("info", "needs/controls.yaml", 11, "not-assessed"),
    ]
    rows = csv_rows(app.outdir)
    assert rows[0][-1] == "保证级别"
    assert {(r[2], r[-1]) for r in rows[1:]} == {
        ("OB_02_1", "有效"),
        ("OB_02_2", "未评估"),
    }
    book = load_workbook(app.outdir / "exports" / "traceability.xlsx")
    matrix, by_control = book.worksheets[0], book.worksheets[1]
    assert [[c or "" for c in r] for r in matrix.iter_rows(values_only=True)] == rows
    assert [(r[0], r[-1]) for r in by_control.iter_rows(values_only=True)] == [
        ("控制措施编号", "保证级别"),
        ("CTL_LIC_01", "有效"),
        ("CTL_LIC_02", "未评估"),
    ]
    page = (app.outdir / "views.html").read_text(encoding="utf-8")
    assert '<tr class="provision-SP_02 assurance-effective row-even"' in page
    assert 'data-matrix-filter="assurance"' in page
    assert "1 / 2 项义务经评估有效；2 项已有控制措施或豁免。" in page
    assert "有效 1" in page and "未评估 1" in page
    # the rules table: each level's fixed English name beside its Chinese name
    assert re.search(r"overdue</span></code></p></td>\s*<td><p>评估逾期<", page)
    cards = (app.outdir / "controls.html").read_text(encoding="utf-8")
    assert "下次评估截止" in cards and "2026-10-15" in cards
    ics = (app.outdir / "exports" / "compliance-calendar.ics").read_text("utf-8")
    assert "UID:assessment-CTL_LIC_01@" in ics and "UID:evidence-EV_LIC_01@" in ics


def test_without_it_every_covered_obligation_is_not_assessed(
    make_app: MakeApp, project: Path
) -> None:
    without_the_assessment(project)
    app = build(make_app, project)
    assert warnings_of(app) == []
    assert levels(app.outdir)["OB_02_1"] == "not assessed"
    rows = csv_rows(app.outdir)
    assert {r[-1] for r in rows[1:]} == {"未评估"}
    page = (app.outdir / "views.html").read_text(encoding="utf-8")
    assert "0 / 2 项义务经评估有效" in page
    assert "尚无任何控制措施的评估记录" in page


def test_the_english_site_says_the_levels_in_english(
    make_app: MakeApp, project: Path
) -> None:
    app = build(make_app, project, language="en")
    assert warnings_of(app) == []
    assert levels(app.outdir)["OB_02_1"] == "effective"  # the same name
    control = needs_of(app.outdir)["CTL_LIC_01"]
    assert control["assessed"] == "2025-10-15, effective, Internal audit (AS_2025_001)"
    assert {r[-1] for r in csv_rows(app.outdir)[1:]} == {"effective", "not assessed"}
    page = (app.outdir / "views.html").read_text(encoding="utf-8")
    assert "1 of 2 obligations are assessed as effective" in page


def test_an_ineffective_result_fails_the_build_at_its_record(
    make_app: MakeApp, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_result(project, "ineffective")
    app = build(make_app, project)
    assert app.statuscode == 1
    line = (
        "[control-ineffective] AS_2025_001: CTL_LIC_01 was found ineffective "
        "(AS_2025_001 on 2025-10-15 by Internal audit) (hint: remediate the "
        "control, assess it again and add the new record to the assessments "
        "section)"
    )
    assert warnings_of(app) == [
        f"{ASSESSMENTS}:2: ERROR: {line} [licence.control-ineffective]"
    ]
    assert levels(app.outdir)["OB_02_1"] == "ineffective"
    # make check says the same, at the same line
    assert cli.main(["--root", str(project), "--reports", str(project / "r")]) == 1
    assert f"{ASSESSMENTS}:2: error: {line}" in capsys.readouterr().out.splitlines()


def test_a_record_older_than_the_interval_is_overdue(
    make_app: MakeApp, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER_DUE)
    app = build(make_app, project)
    assert app.statuscode == 0
    assert levels(app.outdir)["OB_02_1"] == "assessment overdue"
    assert ("warning", ASSESSMENTS, 2, "assessment-overdue") in findings(project)
    # EV_LIC_01 was current until 2026-09-01
    assert ("warning", "needs/controls.yaml", 22, "evidence-expired") in findings(
        project
    )


def read_pages(app: SphinxTestApp) -> list[str]:
    """Build ``app``; return the pages it read."""
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _a, _e, names: read.extend(names))
    app.build()
    return sorted(read)


def test_an_edited_assessment_is_seen_by_an_incremental_build(
    make_app: MakeApp, project: Path, tmp_path: Path
) -> None:
    app = build(make_app, project)
    assert levels(app.outdir)["OB_02_1"] == "effective"
    set_result(project, "exceptions")
    again = make_app(
        "html",
        srcdir=project,
        confoverrides={"licence_reports_dir": str(project / "_reports")},
    )
    # the levels are set after reading (model_fields): the pages placing the
    # control and the obligation are not read again, only written
    assert read_pages(again) == []
    assert levels(again.outdir)["OB_02_1"] == "exceptions"
    assert levels(again.outdir)["CTL_LIC_01"] == "exceptions"
    page = (again.outdir / "views.html").read_text(encoding="utf-8")
    assert "assurance-exceptions" in page
    # the control's card says so, as a clean build of the same data does
    assert "保证级别: 有例外" in page_text(again.outdir / "controls.html")
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, clean)
    for name in ("index.html", "controls.html", "views.html"):
        assert page_text(again.outdir / name) == page_text(fresh.outdir / name), name
