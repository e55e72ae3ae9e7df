"""Which needs an edit affects: the incremental build's policy, without a build."""

from __future__ import annotations

from dataclasses import replace

from conftest import need
from licence_needs.core.incremental import affected_needs, fingerprints
from licence_needs.core.model import Link, Model, Text

P = need("SP_1", "provision")
O1 = need("OB_1", "obligation", derives_from=["SP_1"])
O2 = need("OB_2", "obligation", derives_from=["SP_1"])
C = need("CTL_1", "control", implements=["OB_1"])
BASE = Model(needs=(P, O1, O2, C))


def affected(after: Model) -> set[str]:
    return affected_needs(fingerprints(BASE), fingerprints(after))


def test_no_change_affects_nothing() -> None:
    assert affected(BASE) == set()


def test_a_title_edit_affects_only_that_need() -> None:
    assert affected(
        replace(BASE, needs=(P, O1, O2, replace(C, title=Text("n", "n"))))
    ) == {"CTL_1"}


def test_moving_a_need_in_its_file_affects_nothing() -> None:
    assert affected(replace(BASE, needs=(P, O1, O2, replace(C, line=40)))) == set()


def test_a_relinked_need_affects_both_ends() -> None:
    relinked = replace(C, links={"implements": (Link("OB_2", 1),)})
    assert affected(replace(BASE, needs=(P, O1, O2, relinked))) == {
        "CTL_1",
        "OB_1",
        "OB_2",
    }


def test_a_new_need_affects_what_it_links_to_and_what_links_to_it() -> None:
    new = need("OB_3", "obligation", derives_from=["SP_1"])
    assert affected(replace(BASE, needs=(P, O1, O2, C, new))) == {"OB_3", "SP_1"}


def test_a_removed_need_affects_its_former_neighbours() -> None:
    assert affected(replace(BASE, needs=(P, O1, O2))) == {"CTL_1", "OB_1"}


def test_a_changed_derived_value_affects_only_its_need() -> None:
    # an obligation's level, computed from other files, changes its card alone
    before = fingerprints(BASE, {"OB_1": "effective", "CTL_1": "effective"})
    after = fingerprints(BASE, {"OB_1": "exceptions", "CTL_1": "effective"})
    assert affected_needs(before, after) == {"OB_1"}
