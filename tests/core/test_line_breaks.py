"""Line numbers are the lines an editor shows, whatever characters the text
holds: PyYAML also breaks lines at U+0085, U+2028 and U+2029, and every
later line of the file was reported one line too far for each."""

from __future__ import annotations

import pytest
from licence_needs.core import loader

TEMPLATE = (
    "provisions:\n"
    "  - id: TB_A\n"
    '    title: {{zh: "a{char}b", en: x}}\n'
    "    text: {{zh: y, en: y}}\n"
    "    bogus: 1\n"
)


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\\L", "\\P", "\\N"])
def test_a_line_separator_in_a_text_does_not_shift_lines(char: str) -> None:
    data = TEMPLATE.format(char=char).encode()
    _, found = loader.load_bytes(data, "needs/x.yaml")
    assert [(f.line, f.code) for f in found] == [(5, "unknown-key")]


def test_a_raw_separator_in_a_plain_scalar_is_named() -> None:
    """Unquoted, YAML breaks the line there: the error says so, at the line
    the construct began on in the editor."""
    _, found = loader.load_bytes("a: 1\nb: x\u2028y\nc: [\n".encode(), "needs/x.yaml")
    assert len(found) == 1
    assert "U+2028, an invisible line break for YAML" in found[0].message
    assert "(the construct began at line 2)" in found[0].message
