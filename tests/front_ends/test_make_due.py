"""``make due``: what falls due, one line each, for a morning check or a bot."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, ROOTS
from licence_needs.check import due

TINY = ROOTS / "test-due"

#: 2026-01-01 00:00 UTC: the day these expectations are counted from
EPOCH = "1767225600"


@pytest.fixture(autouse=True)
def as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def lines(capsys: pytest.CaptureFixture[str]) -> list[list[str]]:
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def test_the_next_days_one_line_each_date_id_role_title(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert due.main(["--root", str(TINY), "--days", "100", "--lang", "en"]) == 0
    assert lines(capsys) == [
        ["2026-01-01", "CTL_LOG_01", "noc_manager", "control run (daily): Log check"],
        [
            "2026-01-02",
            "CTL_LIC_01",
            "licence_manager",
            "control run (annual): Annual report filing",
        ],
        [
            "2026-01-15",
            "CTL_LIC_01",
            "licence_manager",
            "control review: Annual report filing",
        ],
        [
            "2026-03-31",
            "OB_14_1",
            "licence_manager,noc_manager",
            "licence deadline: First-quarter annual report",
        ],
    ]


def test_thirty_days_by_default_and_role_filters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert due.main(["--root", str(TINY), "--role", "licence_manager"]) == 0
    assert [(d, i) for d, i, *_ in lines(capsys)] == [
        ("2026-01-02", "CTL_LIC_01"),
        ("2026-01-15", "CTL_LIC_01"),
    ]


def test_a_role_not_in_owners_yaml_is_a_clear_error_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert due.main(["--root", str(TINY), "--role", "nobody"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "make due: ROLE='nobody' is not a role in owners.yaml; "
        "the roles are licence_manager, noc_manager\n"
    )


@pytest.mark.parametrize("days", ["-1", "soon", "99999"])
def test_a_bad_span_is_a_clear_error_exit_2(
    days: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert due.main(["--root", str(TINY), "--days", days]) == 2
    assert "DAYS must be a whole number of days" in capsys.readouterr().err


def test_the_handbook_over_400_days_lists_the_annual_report_and_controls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert due.main(["--root", str(ROOT), "--days", "400"]) == 0
    found = lines(capsys)
    assert ["2026-03-31", "OB_14_1", "licence_manager"] in [f[:3] for f in found]
    runs = [f for f in found if "执行控制措施" in f[3]]
    assert {f[1] for f in runs} >= {"CTL_LIC_02", "CTL_LOG_01", "CTL_GOV_01"}
    assert [f[0] for f in found] == sorted(f[0] for f in found)


def test_make_due_runs_as_a_module_without_sphinx() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "licence_needs.check.due",
            "--days",
            "5",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT / "_ext"),
            "SOURCE_DATE_EPOCH": EPOCH,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("2026-01-01\tCTL_LOG_01\tnoc_manager\t")
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines()]
    assert not [m for m in imported if m.split(".")[0] in ("sphinx", "docutils")]
