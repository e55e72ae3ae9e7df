"""The licence text in needs/licence.yaml against the licence as received.

The source is an OCR transcription kept beside the repository, in
``../shared/licence/B2-20192648.source.txt``. Punctuation there mixes ASCII and
full-width forms and spaces are stray, so the comparison is made on the Han
characters only (and, separately, on the Latin letters and digits): those are
the words of the licence, and the YAML must carry every one of them, in order.
"""

from __future__ import annotations

import functools
import re

import pytest
from conftest import ROOT
from licence_needs.core import loader
from licence_needs.core.model import Need

SOURCE = ROOT.parent / "shared/licence/B2-20192648.source.txt"

HAN = re.compile(r"[\u4e00-\u9fff]")
ALNUM = re.compile(r"[0-9A-Za-z]")

# Repeated page headers: every licence-number line after the first one, and
# every "## 特别规定事项" line. They are layout, not content.
NUMBER_HEADER = "经营许可证编号"
SECTION_HEADER = "## 特别规定事项"

# The one layout mend. The title block's service/coverage cell is a two-column
# form (labels on the left, values on the right) that the OCR read row by row,
# interleaving label and value. The licence reads the labels first:
# 业务种类（服务项目）及覆盖范围：国内多方通信服务业务，全国
SERVICE_CELL_AS_OCR = "业务种类国内多方通信服务业务服务项目全国及覆盖范围"
SERVICE_CELL_MENDED = "业务种类服务项目及覆盖范围国内多方通信服务业务全国"

CONTEXT = 15


@functools.cache
def needs_of(need_type: str) -> list[Need]:
    """The handbook's needs of a type, read as the site reads them: by the
    strict loader (a permissive YAML reader would keep the last of two
    duplicate keys)."""
    model, found = loader.load(ROOT)
    assert found == []
    return [need for need in model.needs if need.type == need_type]


def provisions() -> list[Need]:
    return needs_of("provision")


def source_lines() -> list[str]:
    """The source's content lines, with the repeated page headers removed."""
    if not SOURCE.is_file():
        pytest.fail(f"licence source not found: {SOURCE}")
    kept: list[str] = []
    seen_number = False
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if line.startswith(NUMBER_HEADER):
            if seen_number:
                continue
            seen_number = True
        if line.strip().startswith(SECTION_HEADER):
            continue
        kept.append(line)
    return kept


def chars(text: str, pattern: re.Pattern[str]) -> str:
    return "".join(pattern.findall(text))


def source_han() -> str:
    han = chars("\n".join(source_lines()), HAN)
    assert han.count(SERVICE_CELL_AS_OCR) == 1, "service/coverage cell not found"
    return han.replace(SERVICE_CELL_AS_OCR, SERVICE_CELL_MENDED)


def yaml_text(pattern: re.Pattern[str]) -> str:
    return "".join(chars(p.text.zh, pattern) for p in provisions())


def first_mismatch(expected: str, actual: str) -> int | None:
    """The index where two sequences first differ, or None if they are equal."""
    if expected == actual:
        return None
    for index, (a, b) in enumerate(zip(expected, actual, strict=False)):
        if a != b:
            return index
    return min(len(expected), len(actual))


def describe(expected: str, actual: str, index: int) -> str:
    start = max(0, index - CONTEXT)
    end = index + CONTEXT
    return (
        f"first difference at character {index} "
        f"(source has {len(expected)}, licence.yaml has {len(actual)}):\n"
        f"  source:       …{expected[start:index]}[{expected[index:end]}]…\n"
        f"  licence.yaml: …{actual[start:index]}[{actual[index:end]}]…"
    )


def provision_at(position: int, pattern: re.Pattern[str]) -> str:
    """The id of the provision whose characters include ``position``."""
    offset = 0
    for item in provisions():
        offset += len(chars(item.text.zh, pattern))
        if position < offset:
            return item.id
    return "(after the last provision)"


def assert_same(expected: str, pattern: re.Pattern[str]) -> None:
    actual = yaml_text(pattern)
    index = first_mismatch(expected, actual)
    if index is not None:
        pytest.fail(
            f"{describe(expected, actual, index)}\n"
            f"  in provision {provision_at(index, pattern)}"
        )


def test_han_characters_match_source() -> None:
    assert_same(source_han(), HAN)


def test_letters_and_digits_match_source() -> None:
    assert_same(chars("\n".join(source_lines()), ALNUM), ALNUM)


def test_last_provision_is_15_7() -> None:
    assert provisions()[-1].id == "SP_15_7"


def test_provision_ids_are_unique() -> None:
    ids = [p.id for p in provisions()]
    assert len(ids) == len(set(ids))


def test_phrases_are_verbatim() -> None:
    by_id = {p.id: p.text.zh for p in provisions()}
    problems = []
    for obligation in needs_of("obligation"):
        (source,) = obligation.targets("derives_from")
        if source not in by_id:
            problems.append(f"{obligation.id}: unknown provision {source}")
        elif obligation.phrase is None or obligation.phrase not in by_id[source]:
            problems.append(
                f"{obligation.id}: phrase {obligation.phrase!r} "
                f"is not in {source}'s text"
            )
    assert not problems, "\n".join(problems)
