"""The benchmark (bench/run.py, bench/generate.py) still measures what it says.

Most of it is tested here in process on tiny data, in seconds, as part of
``make test``: the synthetic data passes the gate, the one-control edit
changes exactly one title in both projects, the comparison of an incremental
site with a clean one finds a difference and ignores sphinx-needs' random ids,
and the report holds every row and target.  Timings are machine-dependent:
none is asserted.

The smoke run of the whole benchmark (``bench/run.py --sizes 60 --quick``:
twelve Sphinx builds, ~20 s) is marked ``bench``: ``make bench`` runs it before
measuring; ``make test`` leaves it out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import generate
import run
from licence_needs.check import cli
from licence_needs.core.settings import Settings
from licence_needs.core.vocabulary import LABELS


def test_generated_data_passes_the_gate(tmp_path, monkeypatch):
    """The synthetic data is what the handbook's format and rules expect: not
    one finding, or the benchmark would time the gate's error paths."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", generate.SOURCE_DATE_EPOCH)
    data = generate.generate(200, chunk=40)
    root = generate.write_pipeline(data, tmp_path / "pipeline")
    found, model = cli.gate(root, Settings())
    assert [f.as_line() for f in found] == []
    assert len(model.needs) == data.size == 200
    counts = data.counts()
    assert counts == {"provision": 20, "obligation": 70, "control": 60, "evidence": 50}


def _texts(root: Path) -> dict[str, list[str]]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8").splitlines()
        for p in sorted(root.rglob("*"))
        if p.suffix in (".yaml", ".md")
    }


def test_the_edit_changes_one_title_in_each_project(tmp_path, monkeypatch):
    """The edit row times what it says: one control's Chinese title, in its
    YAML (pipeline) or its zh_CN page (plain), and nothing else."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", generate.SOURCE_DATE_EPOCH)
    data = generate.generate(60, chunk=10)
    pipeline = generate.write_pipeline(data, tmp_path / "pipeline")
    plain = generate.write_plain(data, tmp_path / "plain")
    target = data.edit_target
    for root, edit in (
        (pipeline, generate.edit_pipeline),
        (plain, generate.edit_plain),
    ):
        before = _texts(root)
        edited = edit(root, data, "（修订1）")
        after = _texts(root)
        changed = {
            name: [
                (a, b) for a, b in zip(before[name], after[name], strict=True) if a != b
            ]
            for name in before
            if before[name] != after[name]
        }
        assert list(changed) == [edited.relative_to(root).as_posix()]
        [(old, new)] = changed[edited.relative_to(root).as_posix()]
        assert target.title_zh in old and "（修订1）" not in old
        assert new.endswith(f"{target.title_zh}（修订1）")
    found, _ = cli.gate(pipeline, Settings())
    assert [f.as_line() for f in found] == []  # the edit keeps the data valid


def _page(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"<html><head><style>p {{}}</style><script>var x = 1;</script></head>"
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )


def test_site_differences_finds_a_stale_page_and_ignores_random_ids(tmp_path):
    """The verdict "incremental = clean" must be able to say no."""
    incremental, clean = tmp_path / "inc", tmp_path / "clean"
    for site, sncb in ((incremental, "SNCB-0a1b"), (clean, "SNCB-ffee")):
        _page(site, "index.html", f'<p id="{sncb}">CTL_A 标题</p>')
        (site / "needs.json").write_text("{}", encoding="utf-8")
    assert run.site_differences(incremental, clean) == []

    _page(incremental, "table.html", "<p>CTL_A 标题（修订1）</p>")
    _page(clean, "table.html", "<p>CTL_A 标题（修订2）</p>")
    _page(clean, "only.html", "<p>new</p>")
    (clean / "needs.json").write_text('{"a": 1}', encoding="utf-8")
    found = run.site_differences(incremental, clean)
    assert found[0] == "only.html: only in the clean build"
    assert found[1].startswith("table.html: text differs at ")
    assert "（修订1）" in found[1] and "（修订2）" in found[1]
    assert found[2:] == ["needs.json: bytes differ"]


def _result(size: int, scale: float) -> run.SizeResult:
    result = run.SizeResult(size, {"control": size // 3}, 3)
    for key, (a, b) in {
        "clean1": (10.0, 10.5),
        "clean2": (12.0, 13.0),
        "nochange": (3.0, 3.5),
        "edit": (2.5, 3.0),
    }.items():
        result.keep(key, "pipeline", run.Measure(a * scale, 200_000))
        result.keep(key, "plain", run.Measure(b * scale, 250_000))
    result.keep("check_cold", "pipeline", run.Measure(0.9, 30_000))
    result.keep("check", "pipeline", run.Measure(0.3, 20_000))
    result.differences = {"pipeline": [], "plain": ["control-table.html: stale"]}
    return result


def test_report_lists_every_row_and_target():
    """The table and the verdicts people read: every step for every size,
    the ratios, and each target with met / NOT met from this run's numbers."""
    results = [_result(60, 1.0), _result(300, 6.0)]
    text = run.text_report(results)
    for size in ("60", "300"):
        for label in run.STEPS.values():
            assert any(
                line.split()[0] == size and label in line for line in text.splitlines()
            ), (size, label)
    assert "incremental = clean after the edit, pipeline, 300 needs: yes" in text
    assert (
        "incremental = clean after the edit, plain, 300 needs: NO (1 differences)"
        in text
    )
    verdicts = {t.label: (t.value, t.met) for t in run.targets(results)}
    assert verdicts == {
        "clean build, one language ≤ 1.00 × plain (60 needs)": ("0.95×", True),
        "clean build, one language ≤ 1.00 × plain (300 needs)": ("0.95×", True),
        "both languages ≤ 1.3 × one language (60 needs)": ("1.20×", True),
        "both languages ≤ 1.3 × one language (300 needs)": ("1.20×", True),
        "one YAML edit ≤ 0.30 × a clean build (60 needs)": ("0.25×", True),
        "one YAML edit ≤ 0.30 × a clean build (300 needs)": ("0.25×", True),
        "make check after one edit < 0.50 s (60 needs)": ("0.30 s", True),
        "make check after one edit < 0.50 s (300 needs)": ("0.30 s", True),
        "60 → 300 cost growth ≤ 5.6× (clean build, one language)": ("6.00×", False),
    }
    table = run.markdown_report(results, 1, run.machine())
    assert "| needs | step |" in table and "sphinx-needs" in table and "cores" in table
    assert "| 300 | one-control edit, rebuild (zh_CN) | 15.00 | 195 | 18.00 |" in table
    growth = "| 60 → 300 cost growth ≤ 5.6× (clean build, one language) |"
    assert f"{growth} 6.00× | **NOT met** |" in table


@pytest.mark.bench
def test_quick_benchmark(tmp_path):
    """The whole benchmark, small: it runs against the current extension and
    data format, and an incremental build after the edit equals a clean one."""
    markdown = tmp_path / "bench.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "60",
            "--quick",
            "--markdown",
            str(markdown),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for label in run.STEPS.values():
        row = next((line for line in out.splitlines() if label in line), None)
        assert row is not None, f"no row {label!r} in:\n{out}"
        assert row.split()[0] == "60"
    assert "incremental = clean after the edit, pipeline, 60 needs: yes" in out
    for target in (
        "≤ 1.00 × plain",
        "≤ 1.3 × one language",
        "make check after one edit < 0.50 s",
    ):
        assert target in out
    assert "Traceback" not in result.stderr
    table = markdown.read_text(encoding="utf-8")
    assert all(label in table for label in run.STEPS.values())


def test_a_partial_run_reports_what_it_measured():
    """``--steps clean1,edit,check`` (a busy machine): the rows and targets of
    those steps, none made up for the others."""
    result = _result(300, 6.0)
    for key in ("clean2", "nochange"):
        del result.steps[key]
    del result.differences["plain"]
    text = run.text_report([result])
    assert run.STEPS["clean2"] not in text and run.STEPS["nochange"] not in text
    assert "plain, 300 needs" not in text
    assert [t.label for t in run.targets([result])] == [
        "clean build, one language ≤ 1.00 × plain (300 needs)",
        "one YAML edit ≤ 0.30 × a clean build (300 needs)",
        "make check after one edit < 0.50 s (300 needs)",
    ]
    # the check's target is a time at the size: not held to 20,000 needs
    big = _result(20_000, 6.0)
    assert not any("make check" in t.label for t in run.targets([big]))


def test_every_step_has_its_chinese_name() -> None:
    """The Performance page translates the table's step names from the
    vocabulary: a step without an entry would stay English on the zh page."""
    english = {en for key, (_, en) in LABELS.items() if key.startswith("bench.")}
    assert set(run.STEPS.values()) <= english
