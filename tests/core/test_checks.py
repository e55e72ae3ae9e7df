"""The checks as a registry: one signature, each code from exactly one producer.

Producers are the loader (reading files), the placement step (reading
pages) and the registered checks.  A code two of them reported would be one
name for two problems; a code none reports would be documented for nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from conftest import BAD
from licence_needs.core import (
    loader,
    pipeline,  # noqa: F401 - registers every check
    placement,
    stamps,
)
from licence_needs.core.checks import CHECKS, Context
from licence_needs.core.codes import CODES
from licence_needs.core.model import Placement

PRODUCERS = {
    "files": loader.PRODUCES,
    "pages": placement.PRODUCES,
    "stamps": stamps.PRODUCES,
    **{check.__name__: codes for check, codes in CHECKS.items()},
}


def test_every_code_has_exactly_one_producer() -> None:
    counts = Counter(code for codes in PRODUCERS.values() for code in codes)
    assert {code for code, n in counts.items() if n > 1} == set()
    assert set(counts) == set(CODES)


@pytest.mark.parametrize(
    "case", sorted(p for p in BAD.iterdir() if (p / "needs").is_dir()), ids=str
)
def test_each_check_reports_only_its_own_codes(case) -> None:
    """Run every check alone on a bad case's data: what it yields is declared."""
    model, _ = loader.load(case)
    placed = [Placement(need.id, "source/index.md", 1) for need in model.needs]
    context = Context(model, placed, date(2024, 1, 1))
    for check, codes in CHECKS.items():
        assert {f.code for f in check(context)} <= set(codes), check.__name__


def test_a_check_without_its_input_yields_nothing(model) -> None:
    """No placements, no day: the placement and time checks stay silent."""
    context = Context(model)
    timed = {"placement", "licence_status", "waivers", "reviews"}
    for check in CHECKS:
        if check.__name__ in timed:
            assert list(check(context)) == [], check.__name__
