"""The checks against gate bypasses (core/integrity.py), on the real data and
on small cases: each one is a way the tester got a gap past the gate."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import ROOT
from licence_needs.core import loader
from licence_needs.core.checks import Context, run_checks
from licence_needs.core.findings import Finding, summary
from licence_needs.core.integrity import unaccounted_markers
from licence_needs.core.model import Exclusion, Model, Need, Text, Waiver
from licence_needs.core.settings import SettingsError, validate

DAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def real() -> Model:
    model, found = loader.load(ROOT, "needs")
    assert found == []
    return model


def codes(model: Model, **context: object) -> list[tuple[str, str]]:
    found = run_checks(Context(model, day=DAY, **context))  # type: ignore[arg-type]
    return sorted((f.code, f.need_id) for f in found if f.severity == "error")


def test_every_duty_marker_of_the_real_licence_is_accounted_for(real: Model) -> None:
    """No exclusion is needed: each 应当/应/不得/禁止/方可/须 of the licence
    leads to an obligation (相应 in SP_13 and 应用 in SP_15_6 are not duties,
    but an obligation stands in their clause)."""
    assert codes(real) == []
    assert not any(n.exclusions for n in real.needs)


def test_an_informative_provision_cannot_delete_its_duty(real: Model) -> None:
    """The tester's bypass: SP_14 marked informative, OB_14_1 deleted, its
    control re-pointed.  Before core/integrity.py the gate passed."""
    index = real.index
    sp14 = replace(index["SP_14"], informative=Text("不适用。", "Not applicable."))
    needs = tuple(
        sp14 if n.id == "SP_14" else n for n in real.needs if n.id != "OB_14_1"
    )
    needs = tuple(
        replace(n, links={**n.links, "implements": n.links["implements"][:0]})
        if n.id in {c.id for c in real.implemented_by["OB_14_1"]}
        and len(n.links["implements"]) == 1
        else n
        for n in needs
    )
    found = [
        f
        for f in run_checks(Context(replace(real, needs=needs), day=DAY))
        if f.code == "duty-unaccounted"
    ]
    assert [(f.need_id, f.line) for f in found] == [("SP_14", sp14.line)]
    assert "informative provision has duty markers" in found[0].message


def _provision(text: str, *exclusions: Exclusion) -> Need:
    return Need(
        "provision", "SP_X", Text("x", "x"), Text(text, "x"), "f", 1,
        exclusions=exclusions,
    )  # fmt: skip


def _obligation(phrase: str) -> Need:
    return Need("obligation", "OB_X", Text("x", "x"), Text("x", "x"), "f", 2,
                phrase=phrase)  # fmt: skip


def test_markers_are_accounted_for_by_phrases_clauses_and_exclusions() -> None:
    text = "你公司应当做好甲，做好乙；不得丙。配备相应人员。"
    assert unaccounted_markers(_provision(text), [_obligation("做好乙")]) == [
        ("不得", 13),
        ("应", 20),
    ]
    assert (
        unaccounted_markers(
            _provision(text, Exclusion("相应人员", Text("适当", "fit"), 3)),
            [_obligation("做好甲"), _obligation("不得丙")],
        )
        == []
    )


def _waiver(approved: date | None, expires: date) -> Waiver:
    return Waiver("WVR_X", "OB_X", Text("r", "r"), "ceo", expires, "f", 5, 6,
                  approved, 9)  # fmt: skip


@pytest.mark.parametrize(
    ("approved", "expires", "months", "problem"),
    [
        (date(2026, 3, 1), date(2027, 3, 1), 12, None),
        (date(2026, 3, 1), date(2027, 3, 2), 12, "longer than 12 months"),
        (date(2026, 3, 1), date(9999, 12, 31), 12, "at most until 2027-03-01"),
        (date(2026, 3, 1), date(2028, 3, 1), 24, None),
        (date(2026, 3, 1), date(2026, 2, 1), 12, "before it was approved"),
    ],
)
def test_a_waiver_has_a_longest_term(
    approved: date, expires: date, months: int, problem: str | None
) -> None:
    model = Model(waivers=(_waiver(approved, expires),))
    found = [
        f
        for f in run_checks(Context(model, day=DAY, waiver_max_months=months))
        if f.code == "waiver-too-long"
    ]
    if problem is None:
        assert found == []
    else:
        assert [(f.line, problem in f.message) for f in found] == [(9, True)]


def test_dates_of_things_done_are_not_in_the_future() -> None:
    control = Need("control", "CTL_X", Text("x", "x"), Text("x", "x"), "f", 3,
                   last_reviewed=date(2099, 12, 31), review_months=12)  # fmt: skip
    model = Model(
        needs=(control,), waivers=(_waiver(date(2027, 1, 1), date(2027, 2, 1)),)
    )
    found = [
        f for f in run_checks(Context(model, day=DAY)) if f.code == "date-in-future"
    ]
    assert [(f.need_id, f.line) for f in found] == [("CTL_X", 3), ("WVR_X", 5)]


@pytest.mark.parametrize("value", [0, 61, "12", True, 1.5, None])
def test_the_longest_waiver_term_is_validated(value: object) -> None:
    with pytest.raises(SettingsError, match="licence_waiver_max_months"):
        validate({"licence_waiver_max_months": value})
    assert validate({"licence_waiver_max_months": 24}).waiver_max_months == 24
    assert validate({}).waiver_max_months == 12


def test_the_summary_names_every_override() -> None:
    gap = Finding.of("uncovered-obligation", "f", 1, "m", "OB_X")
    quiet = replace(gap, severity="info")
    assert summary([quiet], {"uncovered-obligation": "info"}) == (
        "licence gate passed: 0 error(s), 0 warning(s), 1 info "
        "(licence_severity: uncovered-obligation error → info)"
    )
    assert summary([gap]) == "licence gate FAILED: 1 error(s), 0 warning(s), 0 info"
