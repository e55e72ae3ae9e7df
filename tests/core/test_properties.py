"""Property tests: whatever bytes a data file holds, loading it never crashes.

The hand-written corpus (``tests/bad/``) covers the mistakes we thought of;
these tests cover the ones we did not.  A file that is half-edited, saved in
the wrong encoding, or mangled by a merge must come back as findings that
name the file and a line, never as a traceback: a traceback tells the person
who edited the YAML nothing about their edit.

Two sources of input:

- mutants of the valid files of ``tests/roots/test-covered/needs/``: random
  edits at the byte, character and line level, biased towards what breaks
  YAML (its punctuation, tabs, indentation, invalid UTF-8);
- well-shaped data (sections of items with the format's keys) holding random
  values, written by ``yaml.safe_dump``: the strict reader must accept what a
  standard YAML writer produces from plain data, and the loader must cope with
  any value in any field, the licence's dates included.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from licence_needs.core import assessments as _assessments  # noqa: F401 - its checks
from licence_needs.core import loader
from licence_needs.core.checks import Context, run_checks
from licence_needs.core.codes import CODES
from licence_needs.core.findings import Finding
from licence_needs.core.model import Model, Placement
from licence_needs.core.schema import (
    FREQUENCIES,
    LOWER_ID,
    MODALITIES,
    NEED_TYPES,
    RESULTS,
)

NAME = "needs/x.yaml"
#: The day the rules judge the licence's dates on (any fixed day will do).
AS_OF = date(2024, 1, 1)
SEEDS_DIR = ROOTS / "test-covered" / "needs"
SEEDS = [path.read_bytes() for path in sorted(SEEDS_DIR.glob("*.yaml"))]

#: Characters that mean something to YAML, plus the whitespace it cares about.
YAML_SIGNIFICANT = ":{}[]&*!|>-#'\"\t\n ,?%@`~"
#: Byte sequences that are not UTF-8, or are UTF-8 the reader must refuse.
AWKWARD_BYTES = [
    b"\xff",  # never valid in UTF-8
    b"\xc3",  # truncated two-byte sequence
    b"\xb1\xea",  # GBK, as a Chinese editor might save
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xef\xbb\xbf",  # a byte-order mark, anywhere
    b"\x00",
    b"\x07",
    b"\x1b[31m",
    b"\r",
    b"\r\n",
    "\u2028".encode(),
    "\x85".encode(),
    b"\t",
]
#: Whole YAML tokens, which single characters rarely add up to.
YAML_TOKENS = [
    b"&a ",
    b"*a",
    b"!x ",
    b"!!str ",
    b"!!python/name:os.system ",
    b"<<: *a\n",
    b"? ",
    b"\n---\n",
    b"\n...\n",
    b"%YAML 1.1\n",
    b"|\n",
    b">-\n",
    b"~",
    b"0x_",
    b"2024-02-30",
    b"yes",
    b".inf",
]

MUTATIONS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# -- helpers --------------------------------------------------------------------


def lines_in(data: bytes) -> int:
    """An upper bound on the lines of ``data``, however they are broken."""
    text = data.decode("utf-8", "replace")
    return max(data.count(b"\n"), len(text.splitlines())) + 1


def assert_well_formed(found: list[Finding], data: bytes) -> None:
    """Every finding names the file it came from and a plausible line."""
    for finding in found:
        assert isinstance(finding, Finding)
        assert finding.file == NAME
        assert isinstance(finding.line, int)
        assert 0 <= finding.line <= lines_in(data)
        assert finding.code in CODES
        assert isinstance(finding.as_line(), str)


def check_model(model: Model) -> list[Finding]:
    """Run every rule: placements (each need placed once) and dates included."""
    placed = [Placement(need.id, "source/index.md", 1) for need in model.needs]
    return run_checks(Context(model, placed, AS_OF))


def load_as_project(data: bytes) -> tuple[Model, list[Finding]]:
    """Load ``data`` as ``needs/x.yaml`` of a project, the way ``make check`` does.

    :func:`loader.load_bytes` leaves the licence section out of its model, so
    the licence's dates reach the rules only through :func:`loader.load`.
    """
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "needs").mkdir()
        (root / NAME).write_bytes(data)
        return loader.load(root)


# -- mutations of the seed files ---------------------------------------------------


@st.composite
def positions(draw: st.DrawFn, data: bytes) -> int:
    return draw(st.integers(min_value=0, max_value=len(data)))


@st.composite
def mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one random edit applied."""
    kind = draw(
        st.sampled_from(
            [
                "delete",
                "insert-bytes",
                "insert-yaml",
                "insert-awkward",
                "insert-token",
                "replace",
                "swap-lines",
                "duplicate-line",
                "indent",
                "delete-line",
            ]
        )
    )
    i = draw(positions(data))
    if kind == "delete":
        j = draw(st.integers(min_value=i, max_value=min(len(data), i + 40)))
        return data[:i] + data[j:]
    if kind == "insert-bytes":
        return data[:i] + draw(st.binary(min_size=1, max_size=8)) + data[i:]
    if kind == "insert-yaml":
        chars = draw(st.text(alphabet=YAML_SIGNIFICANT, min_size=1, max_size=4))
        return data[:i] + chars.encode() + data[i:]
    if kind == "insert-awkward":
        return data[:i] + draw(st.sampled_from(AWKWARD_BYTES)) + data[i:]
    if kind == "insert-token":
        return data[:i] + draw(st.sampled_from(YAML_TOKENS)) + data[i:]
    if kind == "replace":
        j = draw(st.integers(min_value=i, max_value=min(len(data), i + 8)))
        return data[:i] + draw(st.binary(max_size=8)) + data[j:]
    lines = data.split(b"\n")
    a = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    b = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    if kind == "swap-lines":
        lines[a], lines[b] = lines[b], lines[a]
    elif kind == "duplicate-line":
        lines.insert(b, lines[a])
    elif kind == "delete-line":
        del lines[a]
    else:  # indent: more, less, or with a tab
        prefix = draw(st.sampled_from([b" ", b"  ", b"    ", b"\t", b" \t"]))
        if draw(st.booleans()):
            lines[a] = prefix + lines[a]
        else:
            lines[a] = lines[a][draw(st.integers(min_value=1, max_value=4)) :]
    return b"\n".join(lines)


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    """A seed file with one to six random edits."""
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        data = draw(mutation(data))
    return data


def test_seeds_are_valid() -> None:
    """The mutations start from files that load cleanly (else the test proves less)."""
    assert len(SEEDS) >= 3
    for data in SEEDS:
        _, found = loader.load_bytes(data, NAME)
        assert found == []


@MUTATIONS
@given(mutants())
def test_mutated_files_never_crash(data: bytes) -> None:
    """Any edit of a valid file yields findings or a model, never an exception."""
    model, found = loader.load_bytes(data, NAME)
    assert_well_formed(found, data)
    for finding in check_model(model):
        assert finding.code in CODES


@MUTATIONS
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(data: bytes) -> None:
    """Not even bytes that are no YAML at all."""
    model, found = loader.load_bytes(data, NAME)
    assert_well_formed(found, data)
    check_model(model)


# -- well-shaped data with random values --------------------------------------------

#: IDs that link to each other, so that some links resolve and some collide.
POOL = ["REG_A", "TB_A", "SP_A", "OB_A", "OB_B", "CTL_A", "EV_A", "owner_a", "OB_a"]

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


def maybe_wrong(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly (three times in four) a value of the right shape, else anything.

    Not ``st.one_of(valid, valid, valid, anything)``: one_of flattens nested
    one_ofs and weighs every branch alike, so ``anything`` would win.
    """
    return st.integers(min_value=0, max_value=3).flatmap(
        lambda n: valid if n else anything
    )


def ids(pattern: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(POOL),
        st.from_regex(pattern, fullmatch=True).filter(lambda s: len(s) < 30),
        st.text(max_size=8),
    )


texts = maybe_wrong(
    st.fixed_dictionaries(
        {"zh": st.text(max_size=20), "en": st.text(max_size=20)},
        optional={"fr": st.text(max_size=5)},
    )
)
links = maybe_wrong(st.lists(st.sampled_from(POOL), max_size=3))
months = maybe_wrong(st.integers(min_value=-5, max_value=200))
#: an assessment record: a control, a day, a result, who, what was examined
assessment = st.fixed_dictionaries(
    {},
    optional={
        "id": maybe_wrong(ids(r"AS_[A-Z0-9]+(_[A-Z0-9]+)*")),
        "control": maybe_wrong(st.sampled_from(POOL)),
        "date": maybe_wrong(st.dates()),
        "result": maybe_wrong(st.sampled_from(RESULTS)),
        "assessor": texts,
        "examined": links,
        "note": texts,
        "unknown": anything,
    },
)


def item(section: str, pattern: str) -> st.SearchStrategy[dict[str, Any]]:
    """One item of ``section``: its keys, each usually of the right shape."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        "id": maybe_wrong(ids(pattern)),
        "title" if section != "terms" else "term": texts,
        "text": texts,
    }
    extra: dict[str, st.SearchStrategy[Any]] = {"unknown": anything}
    if section == "provisions":
        extra |= {"cites": links, "informative": texts}
    elif section == "obligations":
        fields |= {
            "derives_from": maybe_wrong(st.sampled_from(POOL)),
            "modality": maybe_wrong(st.sampled_from(MODALITIES)),
            "phrase": maybe_wrong(st.text(max_size=10)),
        }
    elif section == "controls":
        fields["frequency"] = maybe_wrong(st.sampled_from(FREQUENCIES))
        extra |= {
            "owner": maybe_wrong(st.sampled_from(POOL)),
            "implements": links,
            "evidenced_by": links,
            "last_reviewed": maybe_wrong(st.dates()),
            "review_interval_months": maybe_wrong(months),
        }
    elif section == "evidence":
        extra |= {"collected": maybe_wrong(st.dates()), "valid_months": months}
    # any key may be left out: a missing required key is a finding too
    return st.fixed_dictionaries({}, optional={**fields, **extra})


SECTIONS = {section: pattern for section, pattern in NEED_TYPES.values()}
SECTIONS |= {"owners": LOWER_ID, "terms": LOWER_ID}

days = st.one_of(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=10**12),
    st.integers(),
)
licence = maybe_wrong(
    st.fixed_dictionaries(
        {},
        optional={
            "number": maybe_wrong(st.just("B2-20192648")),
            "issued": maybe_wrong(st.dates()),
            "expires": maybe_wrong(st.dates()),
            "renewal_notice_days": maybe_wrong(days),
            "renewal_window_days": maybe_wrong(days),
        },
    )
)

documents = st.fixed_dictionaries(
    {},
    optional={
        **{
            section: st.lists(item(section, pattern), max_size=3)
            for section, pattern in SECTIONS.items()
        },
        "licence": licence,
        "assessments": st.lists(assessment, max_size=3),
        "unknown_section": anything,
    },
)


@MUTATIONS
@given(documents)
def test_well_shaped_data_never_crashes(document: dict[str, Any]) -> None:
    """Any value in any field is a finding at worst; what safe_dump writes, reads.

    ``yaml.safe_dump`` of plain data has no tags, anchors or repeated keys, so
    the strict reader must not refuse it: a refusal would mean it rejects
    valid YAML that people (and tools) write.
    """
    data = yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode()
    model, found = loader.load_bytes(data, NAME)
    assert_well_formed(found, data)
    refused = [f for f in found if f.code in ("yaml-syntax", "yaml-unsafe")]
    assert refused == [], data
    check_model(model)
    model, found = load_as_project(data)
    assert_well_formed(found, data)
    check_model(model)


@MUTATIONS
@given(licence)
def test_licence_dates_never_crash(section: Any) -> None:
    """Any licence section is judged on any day, or reported: dates overflow.

    Its own test because in a whole document the licence is one optional
    section of many, and the date arithmetic fails only for few values.
    """
    data = yaml.safe_dump({"licence": section}, allow_unicode=True).encode()
    model, found = load_as_project(data)
    assert_well_formed(found, data)
    check_model(model)
