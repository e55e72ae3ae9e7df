"""Assurance: control assessments, dated evidence and the levels they give,
on tiny in-memory models with fixed dates, each on both sides of its
boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from licence_needs.core import assessments, loader
from licence_needs.core.checks import Context
from licence_needs.core.model import Model
from licence_needs.core.schema import ASSURANCE_LEVELS
from licence_needs.derived import assurance

_OBLIGATION = """\
  - id: OB_{x}
    derives_from: SP_02
    modality: duty
    phrase: 标明
    trigger: {{kind: standing}}
    title: {{zh: 义务{x}, en: Duty {x}}}
    text: {{zh: 义务{x}。, en: Duty {x}.}}
"""
BASE = """\
provisions:
  - id: SP_02
    title: {zh: 特别规定事项二, en: Special provision 2}
    text: {zh: 二、你公司应当……, en: 2. You shall …}
obligations:
{obligations}controls:
  - id: CTL_A
    title: {zh: 甲检查, en: Check A}
    text: {zh: 检查。, en: Check.}
    owner: lm
    frequency: annual
    last_reviewed: 2026-01-01
    review_interval_months: 12
    implements: [OB_A]
    evidenced_by: [EV_A]
  - id: CTL_B
    title: {zh: 乙检查, en: Check B}
    text: {zh: 检查。, en: Check.}
    owner: lm
    frequency: annual
    last_reviewed: 2026-01-01
    review_interval_months: 12
    implements: [OB_B]
    evidenced_by: [EV_B]
evidence:
  - id: EV_A
    title: {zh: 记录甲, en: Record A}
    text: {zh: 记录。, en: Record.}
    collected: 2026-06-01
    valid_months: 6
  - id: EV_B
    title: {zh: 记录乙, en: Record B}
    text: {zh: 记录。, en: Record.}
owners:
  - id: lm
    title: {zh: 许可证管理专员, en: Licence administrator}
    text: {zh: 管理许可证。, en: Looks after the licence.}
"""

BASE = BASE.replace("{obligations}", "".join(_OBLIGATION.format(x=x) for x in "ABC"))

RECORD = """\
  - id: {id}
    control: {control}
    date: {day}
    result: {result}
    assessor: {{zh: 内部审计, en: Internal audit}}
    examined: [{examined}]
"""


def make(*records: dict[str, str], extra: str = "") -> Model:
    text = BASE + extra + "assessments:" + ("\n" if records else " []\n")
    for number, record in enumerate(records, 1):
        values = {"id": f"AS_{number}", "control": "CTL_A", "examined": "EV_A"}
        text += RECORD.format(**{**values, **record})
    model, found = loader.load_bytes(text.encode(), "needs/data.yaml")
    assert found == []
    return model


def codes(model: Model, day: date) -> list[tuple[str, str]]:
    checks = (
        assessments.assessment_records,
        assessments.assessment_results,
        assessments.evidence_currency,
        assessments.unassessed_controls,
    )
    context = Context(model, day=day)
    return sorted((f.code, f.need_id) for c in checks for f in c(context))


def levels(model: Model, day: date) -> dict[str, str]:
    return dict(assurance.build(model, day).obligations)


def test_no_assessment_recorded_means_not_assessed_and_an_info_each() -> None:
    model = make()
    day = date(2026, 9, 1)
    assert levels(model, day) == {
        "OB_A": "not assessed",
        "OB_B": "not assessed",
        "OB_C": "uncovered",
    }
    assert codes(model, day) == [("not-assessed", "CTL_A"), ("not-assessed", "CTL_B")]


def test_without_an_assessments_section_no_info_is_reported() -> None:
    model, _ = loader.load_bytes(BASE.encode(), "needs/data.yaml")
    assert codes(model, date(2026, 9, 1)) == []
    assert levels(model, date(2026, 9, 1))["OB_A"] == "not assessed"


def test_one_effective_assessment_lifts_its_obligation_to_effective() -> None:
    model = make({"day": "2026-09-15", "result": "effective"})
    day = date(2026, 10, 1)
    assert levels(model, day)["OB_A"] == "effective"
    assert levels(model, day)["OB_B"] == "not assessed"
    assert codes(model, day) == [("not-assessed", "CTL_B")]
    found = assurance.build(model, day)
    control = found.controls["CTL_A"]
    assert control.latest is not None and control.latest.id == "AS_1"
    assert control.due == date(2027, 9, 15)


@pytest.mark.parametrize(
    ("result", "level", "code"),
    [
        ("ineffective", "ineffective", "control-ineffective"),
        ("exceptions", "exceptions", "control-exceptions"),
    ],
)
def test_a_bad_result_is_the_level_and_a_finding(
    result: str, level: str, code: str
) -> None:
    model = make({"day": "2026-09-15", "result": result})
    assert levels(model, date(2026, 10, 1))["OB_A"] == level
    assert (code, "AS_1") in codes(model, date(2026, 10, 1))


def test_only_the_latest_assessment_counts() -> None:
    model = make(
        {"day": "2026-03-01", "result": "ineffective"},
        {"day": "2026-09-15", "result": "effective"},
    )
    assert levels(model, date(2026, 10, 1))["OB_A"] == "effective"
    assert ("control-ineffective", "AS_1") not in codes(model, date(2026, 10, 1))


def test_an_assessment_is_overdue_the_day_after_its_interval() -> None:
    model = make({"day": "2025-09-15", "result": "effective"}, extra="")
    # EV_A is current until 2026-12-01: only the interval matters here
    assert levels(model, date(2026, 9, 15))["OB_A"] == "effective"
    assert levels(model, date(2026, 9, 16))["OB_A"] == "assessment overdue"
    assert ("assessment-overdue", "AS_1") in codes(model, date(2026, 9, 16))
    assert ("assessment-overdue", "AS_1") not in codes(model, date(2026, 9, 15))


def test_expired_evidence_makes_an_effective_assessment_overdue() -> None:
    model = make({"day": "2026-09-15", "result": "effective"})
    # EV_A: collected 2026-06-01, current for 6 months, until 2026-12-01
    assert levels(model, date(2026, 12, 1))["OB_A"] == "effective"
    assert levels(model, date(2026, 12, 2))["OB_A"] == "assessment overdue"
    assert ("evidence-expired", "EV_A") in codes(model, date(2026, 12, 2))
    assert ("evidence-expired", "EV_A") not in codes(model, date(2026, 12, 1))
    expiry = assurance.build(model, date(2026, 12, 2)).evidence_expiry
    assert [(e.id, d) for e, d in expiry] == [("EV_A", date(2026, 12, 1))]


def test_the_worst_control_wins_and_roll_ups_count_obligations() -> None:
    extra = """\
  - id: CTL_C
    title: {zh: 丙检查, en: Check C}
    text: {zh: 检查。, en: Check.}
    owner: lm
    frequency: annual
    last_reviewed: 2026-01-01
    review_interval_months: 12
    implements: [OB_A, OB_C]
    evidenced_by: [EV_B]
"""
    text = BASE.replace("evidence:\n", extra + "evidence:\n", 1)
    text += "assessments:\n" + RECORD.format(
        id="AS_1",
        control="CTL_A",
        day="2026-09-15",
        result="effective",
        examined="EV_A",
    )
    model, found = loader.load_bytes(text.encode(), "needs/data.yaml")
    assert found == []
    found_levels = assurance.build(model, date(2026, 10, 1))
    # OB_A: CTL_A effective, CTL_C not assessed → not assessed
    assert found_levels.obligations["OB_A"] == "not assessed"
    assert found_levels.total["not assessed"] == 3
    assert found_levels.total.total == 3
    ((provision, counts),) = found_levels.by_provision
    assert provision.id == "SP_02" and counts["not assessed"] == 3
    ((owner, owned),) = found_levels.by_owner
    assert owner is not None and owner.id == "lm" and owned.total == 3


def test_levels_are_ordered_worst_first() -> None:
    assert assurance.worst(["effective", "not assessed"]) == "not assessed"
    assert assurance.worst(["exceptions", "ineffective"]) == "ineffective"
    assert assurance.worst([]) == "effective"
    assert ASSURANCE_LEVELS[0] == "uncovered" and ASSURANCE_LEVELS[-1] == "effective"


def test_bad_records_are_located_errors() -> None:
    model = make(
        {"control": "CTL_NONE", "day": "2026-09-15", "result": "effective"},
        {"control": "OB_A", "day": "2026-09-15", "result": "effective"},
        {"day": "2026-09-15", "result": "effective", "examined": "EV_NONE"},
        {"day": "2026-09-15", "result": "effective", "examined": "EV_B"},
        {"day": "2026-12-24", "result": "effective"},
    )
    assert codes(model, date(2026, 10, 1)) == [
        ("date-after-as-of", "AS_5"),
        ("examined-not-named", "AS_4"),
        ("not-assessed", "CTL_B"),
        ("unknown-assessed-control", "AS_1"),
        ("unknown-assessed-control", "AS_2"),
        ("unknown-examined-evidence", "AS_3"),
    ]
