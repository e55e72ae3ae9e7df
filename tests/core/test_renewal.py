"""The licence's renewal record: what it changes, and what it does not invent."""

from __future__ import annotations

from datetime import date

import pytest
from licence_needs.core import loader
from licence_needs.core.checks import Context, licence_status

HEAD = """\
licence:
  number: B2-20192648
  issued: 2019-06-26
  expires: 2024-06-26
"""


def status(renewal: str, day: date) -> list[str]:
    model, found = loader.load_bytes((HEAD + renewal).encode(), "needs/licence.yaml")
    assert found == []
    return [f"{f.code}: {f.message}" for f in licence_status(Context(model, day=day))]


def test_without_a_record_the_handbook_says_none_is_on_file() -> None:
    assert status("", date(2026, 12, 1)) == [
        "licence-expired: licence B2-20192648 expired on 2024-06-26; "
        "no renewal is on file (as of 2026-12-01)"
    ]


def test_an_application_in_time_discharges_the_deadline_but_not_the_expiry() -> None:
    pending = "  renewal: {applied: 2024-03-01, decision: pending}\n"
    assert status(pending, date(2024, 4, 1)) == []  # applied by 2024-03-28
    assert status(pending, date(2024, 7, 1)) == [
        "licence-expired: licence B2-20192648 expired on 2024-06-26; "
        "the renewal applied for on 2024-03-01 is pending (as of 2024-07-01)"
    ]


def test_a_late_application_still_misses_the_deadline() -> None:
    late = "  renewal: {applied: 2024-04-15, decision: pending}\n"
    assert [line.split(":")[0] for line in status(late, date(2024, 5, 1))] == [
        "renewal-deadline-passed"
    ]


def test_a_granted_renewal_is_the_validity_in_force() -> None:
    granted = (
        "  renewal: {applied: 2024-03-01, decision: granted, decided: 2024-05-20,"
        " valid_until: 2029-06-26}\n"
    )
    model, _ = loader.load_bytes((HEAD + granted).encode(), "needs/licence.yaml")
    assert model.licence is not None
    assert model.licence.dates.expires == date(2029, 6, 26)
    assert model.licence.certificate is not None
    assert model.licence.certificate.expires == date(2024, 6, 26)
    assert status(granted, date(2026, 12, 1)) == []
    assert [line.split(":")[0] for line in status(granted, date(2029, 7, 1))] == [
        "licence-expired"
    ]


def test_a_refusal_is_said() -> None:
    refused = (
        "  renewal: {applied: 2024-03-01, decision: refused, decided: 2024-05-20}\n"
    )
    assert "was refused on 2024-05-20" in status(refused, date(2024, 7, 1))[0]


@pytest.mark.parametrize(
    ("renewal", "problem"),
    [
        ("  renewal: {decision: pending}\n", "the renewal has no 'applied'"),
        (
            "  renewal: {applied: 2024-03-01, decision: granted,"
            " decided: 2024-05-20}\n",
            "the renewal has no 'valid_until' (a granted renewal)",
        ),
        (
            "  renewal: {applied: 2024-03-01, decision: maybe}\n",
            "'renewal.decision' is 'maybe'; it must be one of pending, granted, "
            "refused",
        ),
        (
            "  renewal: {applied: 2024-03-01, decision: refused,"
            " decided: 2024-01-01}\n",
            "the renewal was decided on 2024-01-01, before it was applied for on "
            "2024-03-01",
        ),
        (
            "  renewal: {applied: 2024-03-01, decision: granted, decided: 2024-05-20,"
            " valid_until: 2024-06-01}\n",
            "the renewed licence's 'valid_until' (2024-06-01) must come after the "
            "certificate's 'expires' (2024-06-26)",
        ),
    ],
)
def test_a_record_that_cannot_be_is_a_located_error(renewal: str, problem: str):
    _, found = loader.load_bytes((HEAD + renewal).encode(), "needs/licence.yaml")
    assert [f.message for f in found] == [problem]
    assert all(f.line >= 5 for f in found)
