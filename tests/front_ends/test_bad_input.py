"""Bad input, one failure mode per directory: the gate must name it, not crash.

Each directory under ``tests/bad/`` is a tiny project (``needs/*.yaml`` and a
``source/index.md`` placing them) with the smallest data that produces one
failure mode, and ``expected.txt``: every line ``make check`` prints for it, in
order.  Pinning the complete list, not just "some error", catches the two ways
a gate lets people down: a message that points at the wrong line or says the
wrong thing, and a real problem buried under noise from its consequences.

The corpus lives in files (not inline strings) because some failure modes are
bytes a Python source file cannot hold comfortably: a byte-order mark, GBK
text, a raw control character.  The only case not on disk is the over-sized
file, generated here so that 16 MiB never enter the repository.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import BAD, ROOT
from licence_needs.check import cli
from licence_needs.core import loader, yamlread
from licence_needs.core.codes import CODES
from licence_needs.core.findings import Finding
from licence_needs.core.settings import Settings

CASES = sorted(p for p in BAD.iterdir() if (p / "expected.txt").is_file())
#: 2026-07-01 00:00 UTC: the cases' reports must not change with the calendar
#: (after the cases' review dates: a review date in the future is a finding).
AS_OF = "1782864000"


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same findings on any day, on a laptop or in GitHub Actions."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def expected_lines(case: Path) -> list[str]:
    """The lines ``expected.txt`` pins, without blank lines at the end."""
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def fails(case: Path) -> bool:
    """Whether the case fails the gate: it has an error.  A case of a warning
    or an info (an overdue assessment, an uncontrolled control) passes, and
    still pins every line it prints."""
    return any(": error: [" in line for line in expected_lines(case))


def gate_lines(root: Path) -> list[str]:
    """What ``make check`` prints per finding for the project at ``root``."""
    found, _ = cli.gate(root, Settings())
    return [finding.as_line() for finding in found]


def write_project(root: Path, files: dict[str, bytes], page: str = "") -> Path:
    """A throw-away project: ``needs/`` holding ``files``, and one page."""
    (root / "needs").mkdir(parents=True)
    for name, data in files.items():
        (root / "needs" / name).write_bytes(data)
    (root / "source").mkdir()
    (root / "source" / "index.md").write_text(page or "# Test\n", encoding="utf-8")
    return root


def test_corpus_is_there() -> None:
    """A typo in the path would make every parametrized test vanish silently."""
    assert len(CASES) >= 40


def test_every_error_rule_has_a_case() -> None:
    """A new rule (or a renamed code) should come with its bad input."""
    seen = {
        line.split("[", 1)[1].split("]", 1)[0]
        for case in CASES
        for line in expected_lines(case)
    }
    errors = {code for code, rule in CODES.items() if rule.severity == "error"}
    assert errors - seen == set()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_case_reports_exactly_its_findings(
    case: Path, update_expected: bool
) -> None:
    """The complete report: right file, right line, right words, no noise.

    ``pytest --update-expected`` rewrites ``expected.txt`` from what
    ``make check`` now says (read the diff before committing it).
    """
    if update_expected:
        lines = gate_lines(case)
        (case / "expected.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_lines(case)
    assert expected, f"{case.name}/expected.txt is empty"
    assert gate_lines(case) == expected


#: conf.py of a bad case built by Sphinx: the extension, nothing else
_CASE_CONF = f"""\
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
project = "bad case"
extensions = ["myst_parser", "licence_needs"]
language = "zh_CN"
"""


def sphinx_in_process(project: Path, out: Path) -> tuple[int, str]:
    """Build ``project`` with the ``dummy`` builder in this process, as
    ``sphinx-build -b dummy -D language=zh_CN`` would: (exit status, what it
    printed).  A build costs a fraction of a second instead of the ~2 s a
    subprocess spends importing Sphinx, sphinx-needs and MyST again; the
    docutils namespace is restored afterwards, as sphinx-build does."""
    from sphinx.application import Sphinx  # noqa: PLC0415 - a build test's import
    from sphinx.util.docutils import docutils_namespace, patch_docutils  # noqa: PLC0415

    messages = io.StringIO()
    with patch_docutils(project), docutils_namespace():
        try:
            app = Sphinx(
                project / "source",
                project,
                out / "dummy",
                out / "doctrees",
                "dummy",
                confoverrides={"licence_reports_dir": str(out / "reports")},
                status=None,
                warning=messages,
                freshenv=True,
            )
            app.build()
            status = app.statuscode
        except SystemExit as exc:  # how the gate ends a build that cannot go on
            status = exc.code if isinstance(exc.code, int) else 1
    return status, messages.getvalue()


@pytest.mark.build
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_build_reports_what_make_check_reports(case: Path, tmp_path: Path) -> None:
    """Each bad case through a real Sphinx build (as sphinx-external-toc runs
    its warning files): it fails without a crash (an exception would end this
    test), and its report holds exactly the lines of ``expected.txt``, which
    pins ``make check``.  In process: the subprocess ``sphinx-build`` is
    tested on the real handbook (tests/sphinx)."""
    project = tmp_path / "project"
    shutil.copytree(case, project, ignore=shutil.ignore_patterns("expected.txt"))
    (project / "conf.py").write_text(_CASE_CONF, encoding="utf-8")
    status, messages = sphinx_in_process(project, tmp_path)
    assert status == int(fails(case)), messages
    found = json.loads((tmp_path / "reports" / "gaps.json").read_text(encoding="utf-8"))
    lines = [Finding(**f).as_line() for f in found["findings"]]
    assert lines == expected_lines(case)
    # every error is also on the build's own output, with its place
    for finding in found["findings"]:
        if finding["severity"] == "error":
            assert f"[{finding['code']}]" in messages


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_make_check_fails_cleanly(
    case: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``make check`` exits 1 with messages (0 for a case that only warns),
    never with a Python traceback.

    A traceback tells the person who edited the YAML nothing about their edit;
    it is always a bug in the gate, whatever the input.
    """
    try:
        status = cli.main(["--root", str(case), "--reports", str(tmp_path)])
    except Exception as exc:  # the point of the test: turn a crash into a failure
        pytest.fail(f"make check raised {type(exc).__name__}: {exc}")
    out, err = capsys.readouterr()
    assert status == int(fails(case)), out + err
    assert "Traceback" not in out + err
    assert ("licence gate FAILED" if fails(case) else "licence gate passed") in out
    assert (tmp_path / "gaps.json").is_file()
    assert (tmp_path / "junit.xml").is_file()


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    """A huge file is refused before parsing, with its size and what to do."""
    size = yamlread.MAX_BYTES + 1
    data = b"# " + b"x" * (size - 3) + b"\n"
    assert len(data) == size
    root = write_project(tmp_path, {"big.yaml": data})
    assert gate_lines(root) == [
        f"needs/big.yaml: error: [yaml-syntax] file is {size:,} bytes; the limit "
        f"is {yamlread.MAX_BYTES:,} (hint: split the data into several files)"
    ]


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    """The limit itself is allowed: the check is "larger than", not "at least"."""
    data = b"# " + b"x" * (yamlread.MAX_BYTES - 3) + b"\n"
    assert len(data) == yamlread.MAX_BYTES
    model, found = loader.load_bytes(data, "needs/big.yaml")
    assert found == []
    assert model.needs == ()


@pytest.mark.parametrize(
    "data",
    [b"", b"\n", b"# only a comment\n", b"---\n", b"---\n...\n", b"~\n"],
    ids=["empty", "newline", "comment", "document-start", "document-end", "null"],
)
def test_empty_file_is_fine(data: bytes) -> None:
    """A file with no data holds no items, and that is not a mistake."""
    model, found = loader.load_bytes(data, "needs/empty.yaml")
    assert found == []
    assert model.needs == () and model.owners == () and model.terms == ()


def test_empty_file_in_a_project(tmp_path: Path) -> None:
    """An empty data file, even one a page places, adds no finding."""
    root = write_project(
        tmp_path,
        {"empty.yaml": b""},
        "# Test\n\n```{licence-needs} empty.yaml\n```\n",
    )
    assert gate_lines(root) == []


def test_page_not_utf8_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page saved in GBK is a mistake to report, like a data file in GBK."""
    root = write_project(
        tmp_path / "project",
        {"data.yaml": b"provisions: []\n"},
    )
    page = "# 许可证\n\n```{licence-needs} data.yaml\n```\n"
    (root / "source" / "index.md").write_bytes(page.encode("gbk"))
    try:
        status = cli.main(["--root", str(root), "--reports", str(tmp_path / "r")])
    except Exception as exc:
        pytest.fail(f"make check raised {type(exc).__name__}: {exc}")
    out, err = capsys.readouterr()
    assert status == 1, out + err
    assert "source/index.md" in out + err


def test_data_file_linked_from_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symbolic link in needs/ to a file outside the project is not read
    but reported: data lives in the repository, where it is reviewed (it was
    read without a word)."""
    outside = tmp_path / "shared.yaml"
    outside.write_bytes(b"provisions: []\n")
    root = write_project(tmp_path / "project", {"data.yaml": b"provisions: []\n"})
    (root / "needs" / "shared.yaml").symlink_to(outside)
    try:
        status = cli.main(["--root", str(root), "--reports", str(tmp_path / "r")])
    except Exception as exc:
        pytest.fail(f"make check raised {type(exc).__name__}: {exc}")
    out, err = capsys.readouterr()
    assert status == 1, out + err
    assert "Traceback" not in out + err
    assert gate_lines(root) == [
        "needs/shared.yaml: error: [unread-file] this link leads outside the "
        "project and is not read: data lives in the repository, where it is "
        "reviewed (hint: give data files the suffix .yaml and keep them directly "
        "in needs/; check --root)"
    ]


def test_links_inside_the_project_and_to_folders(tmp_path: Path) -> None:
    """A link to a file inside the project is read like any file; a link to a
    folder is reported, not silently skipped (a real subfolder is reported)."""
    root = write_project(tmp_path / "project", {})
    (root / "data").mkdir()
    (root / "data" / "shared.yaml").write_bytes(b"provisions: []\n")
    (root / "needs" / "shared.yaml").symlink_to(root / "data" / "shared.yaml")
    (root / "needs" / "linked").symlink_to(root / "data", target_is_directory=True)
    (root / "needs" / "loop").symlink_to(root / "needs", target_is_directory=True)
    model, _ = loader.load(root, "needs")
    assert model.files == ("needs/shared.yaml",)
    assert gate_lines(root) == [
        f"needs/{name}: error: [unread-file] this link to a folder is not "
        "followed: its files are not read (hint: give data files the suffix .yaml "
        "and keep them directly in needs/; check --root)"
        for name in ("linked", "loop")
    ]
