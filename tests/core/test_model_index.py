"""The model's indexes by type and by incoming link: what the exports walk."""

from __future__ import annotations

from conftest import need
from licence_needs.core.model import Model

P1, P2 = need("SP_1", "provision"), need("SP_2", "provision")
O1 = need("OB_1", "obligation", derives_from=["SP_2", "SP_1", "SP_1"])
O2 = need("OB_2", "obligation", derives_from=["SP_1"])
O1_AGAIN = need("OB_1", "obligation", derives_from=["SP_2"])  # a duplicate ID
C = need("CTL_1", "control", derives_from=["SP_1"])  # the wrong type for the link
MODEL = Model(needs=(P1, O1, C, P2, O2, O1_AGAIN))


def test_of_type_keeps_file_order_and_the_first_of_each_id() -> None:
    assert MODEL.of_type("obligation") == (O1, O2)
    assert MODEL.of_type("provision") == (P1, P2)
    assert MODEL.of_type("evidence") == ()


def test_linking_lists_each_need_once_in_order_and_only_of_its_type() -> None:
    linking = MODEL.linking("derives_from", "obligation")
    assert linking == {"SP_1": (O1, O2), "SP_2": (O1,)}
    assert MODEL.linking("derives_from", "control") == {"SP_1": (C,)}
