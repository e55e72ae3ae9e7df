"""Build the tiny projects under tests/roots with Sphinx and check the result."""

from __future__ import annotations

import gc
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import EPOCH, ROOTS, page_text
from docutils import nodes
from licence_needs.sphinx_ext import cycle_collector, metamodel
from licence_needs.sphinx_ext.directives import place
from sphinx.testing.util import SphinxTestApp


def needs_of(outdir: Path) -> dict[str, dict]:
    data = json.loads((outdir / "needs.json").read_text(encoding="utf-8"))
    return data["versions"][data["current_version"]]["needs"]


def errors(app: SphinxTestApp) -> list[str]:
    """The build's warning stream, one entry per line, paths made relative."""
    text = app.warning.getvalue()
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return [line.replace(f"{app.srcdir}/", "") for line in text.splitlines() if line]


@pytest.mark.sphinx("html", testroot="covered")
def test_covered_project_builds_without_warnings(app: SphinxTestApp) -> None:
    app.build()
    assert errors(app) == []
    assert app.statuscode == 0
    needs = needs_of(app.outdir)
    assert sorted(needs) == [
        "CTL_LIC_01",
        "CTL_LIC_02",
        "EV_LIC_01",
        "OB_02_1",
        "OB_02_2",
        "SP_02",
        "TB_NUMBER",
    ]
    assert needs["CTL_LIC_02"]["implements"] == ["OB_02_2"]
    assert needs["OB_02_2"]["implements_back"] == ["CTL_LIC_02"]
    assert needs["OB_02_2"]["yaml"] == "needs/obligations.yaml:9"
    # the incoming side of a link shows in the page's language
    assert "实施控制: CTL_LIC_02" in page_text(app.outdir / "index.html")
    assert "负责人: 法务负责人" in page_text(app.outdir / "controls.html")
    assert (app.outdir / "matrix.html").exists()


@pytest.mark.sphinx("html", testroot="covered", confoverrides={"language": "en"})
def test_english_build_uses_english_texts_and_labels(app: SphinxTestApp) -> None:
    app.build()
    assert errors(app) == []
    needs = needs_of(app.outdir)
    assert needs["OB_02_2"]["title"] == "Display the licence number"
    assert needs["SP_02"]["content"].startswith("2. You shall conduct business")
    assert needs["SP_02"]["original"].startswith("二、你公司应当")
    text = page_text(app.outdir / "index.html")
    assert "implemented by: CTL_LIC_02" in text
    # the Chinese stands beside the translation of every provision
    assert "Chinese original (authoritative): 二、你公司应当" in text
    assert "Owner: Legal counsel" in page_text(app.outdir / "controls.html")


@pytest.mark.sphinx("html", testroot="uncovered")
def test_uncovered_obligation_fails_the_build_with_its_place(
    app: SphinxTestApp,
) -> None:
    app.build()
    assert app.statuscode == 1
    assert errors(app) == [
        "needs/obligations.yaml:9: ERROR: [uncovered-obligation] OB_02_2: "
        "obligation has no control implementing it "
        "(provision SP_02 (特别规定事项二): Display the licence number) "
        "(hint: add a control to needs/controls.yaml with 'implements: [ID]', "
        "or add the ID to an existing control's implements list) "
        "[licence.uncovered-obligation]"
    ]
    assert "licence gate FAILED: 1 error(s)" in app.status.getvalue()


@pytest.mark.sphinx(
    "html", testroot="uncovered", confoverrides={"licence_gate_log": "summary"}
)
def test_the_second_language_logs_only_the_verdict_and_still_fails(
    app: SphinxTestApp,
) -> None:
    """``make html`` builds both languages at once: the en build (this
    setting) names no finding, so each is printed once, but fails the same."""
    app.build()
    assert app.statuscode == 1
    assert errors(app) == [
        "ERROR: licence gate FAILED: 1 error(s), 0 warning(s), 0 info "
        "(listed by the other language's build) [licence.summary]"
    ]
    assert "OB_02_2" not in app.status.getvalue() + app.warning.getvalue()


@pytest.mark.sphinx(
    "html", testroot="covered", confoverrides={"licence_gate_log": "summary"}
)
def test_a_passing_second_language_build_prints_nothing(app: SphinxTestApp) -> None:
    app.build()
    assert app.statuscode == 0
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="uncovered")
def test_the_gate_fails_again_on_a_rebuild_without_changes(
    app: SphinxTestApp,
) -> None:
    app.build()
    app.statuscode = 0
    app.build()  # nothing to read or write: the gate still runs
    assert app.statuscode == 1


@pytest.mark.sphinx("html", testroot="page-need")
def test_need_written_on_a_page_is_reported_and_still_counted(
    app: SphinxTestApp,
) -> None:
    app.build()
    assert app.statuscode == 1
    # reported where it stands, with what it lacks; its obligation is covered
    assert errors(app) == [
        "controls.md:6: ERROR: [control-without-evidence] CTL_PAGE_01: control "
        "names no evidence (hint: list the records it leaves in 'evidenced_by' "
        "(needs/evidence.yaml)) [licence.control-without-evidence]",
        "controls.md:6: ERROR: [control-without-owner] CTL_PAGE_01: control has "
        "no owner (hint: give it 'owner: ROLE' with a role from "
        "needs/owners.yaml) [licence.control-without-owner]",
        "controls.md:6: ERROR: [need-outside-yaml] CTL_PAGE_01: control "
        "'CTL_PAGE_01' is written on a page, not in needs/ (hint: move it into "
        "needs/*.yaml and place it with the licence-needs directive: the data "
        "has one home) [licence.need-outside-yaml]",
    ]


@pytest.mark.sphinx("html", testroot="markup")
def test_markup_in_yaml_shows_as_text(app: SphinxTestApp) -> None:
    app.build()
    assert errors(app) == []
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "<img" not in html
    assert 'class="injected"' not in html
    assert "<strong>不是粗体</strong>" not in html
    assert "**不是粗体**" in html
    assert "&lt;b&gt;粗体&lt;/b&gt; **星号**" in html
    assert "’" not in html  # no smart quotes: the text is what the YAML says
    need = needs_of(app.outdir)["TB_MARKUP"]
    assert need["content"] == (
        "<script>alert('x')</script> **不是粗体** {ref}`target` :strong:`no`"
    )
    assert need["title"] == "<b>粗体</b> **星号**"


@pytest.mark.sphinx("html", testroot="markup", confoverrides={"language": "en"})
def test_english_text_is_not_smartened(app: SphinxTestApp) -> None:
    app.build()
    assert errors(app) == []
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "-- &quot;quoted&quot; 'text'." in html
    assert 'class="injected"' not in html
    assert "```{raw} html" in html
    need = needs_of(app.outdir)["TB_MARKUP"]
    assert need["content"].startswith(
        "First paragraph with <img src=x onerror=alert(1)> -- \"quoted\" 'text'."
    )


def test_yaml_edit_updates_a_needtable_on_another_page(
    make_app, tmp_path: Path
) -> None:
    srcdir = tmp_path / "project"
    shutil.copytree(ROOTS / "test-covered", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    matrix = srcdir / "_build" / "html" / "matrix.html"
    assert "许可证编号展示检查" in page_text(matrix)

    controls = srcdir / "needs" / "controls.yaml"
    controls.write_text(
        controls.read_text(encoding="utf-8").replace(
            "许可证编号展示检查", "许可证编号季度核查"
        ),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "许可证编号季度核查" in page_text(matrix)
    assert "许可证编号展示检查" not in page_text(matrix)
    assert app.statuscode == 0


def test_parallel_read_gives_the_same_needs_and_pages(make_app, tmp_path: Path) -> None:
    outputs = []
    for jobs in (1, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-covered", srcdir)
        app = make_app("html", srcdir=srcdir, parallel=jobs)
        app.build()
        assert app.statuscode == 0
        outputs.append(app.outdir)
    one, two = outputs
    assert (one / "needs.json").read_bytes() == (two / "needs.json").read_bytes()
    for page in ("index.html", "controls.html", "matrix.html"):
        assert page_text(one / page) == page_text(two / page)


def built_copy(make_app, srcdir: Path) -> Path:
    """Build a copy of test-covered at ``srcdir`` (it must pass); its output."""
    shutil.copytree(ROOTS / "test-covered", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.statuscode == 0
    return app.outdir


def test_grouping_needs_while_reading_changes_no_page(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Needs are nested in groups while sphinx-needs locates them (its scan
    is quadratic in a need's siblings); the pages and needs.json must be as
    without groups: groups of two nest every page's needs several levels deep."""
    outputs = []
    for size in (10**9, 2):  # never grouped; grouped as deep as it gets
        monkeypatch.setattr(place, "GROUP", size)
        outputs.append(built_copy(make_app, tmp_path / f"group-{size}"))
    flat, nested = outputs
    assert (flat / "needs.json").read_bytes() == (nested / "needs.json").read_bytes()
    assert len(needs_of(nested)) > 4  # some page has needs enough to nest
    for page in sorted(p.name for p in flat.glob("*.html")):
        assert page_text(flat / page) == page_text(nested / page), page


@pytest.mark.parametrize(
    "types",
    [
        metamodel.TYPE_FIELDS,  # each type's lines
        {**metamodel.TYPE_FIELDS, "control": ()},  # controls fall back to all
    ],
)
def test_a_card_of_its_types_lines_shows_what_a_card_of_all_lines_does(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, types: dict
) -> None:
    """sphinx-needs renders every line of a layout, filled or not: each type
    has a layout of its own lines, and the pages must read as with all."""
    outputs = []
    every = {need_type: metamodel.CARD_FIELDS for need_type in types}
    for name, table in (("all", every), ("types", types)):
        monkeypatch.setattr(metamodel, "TYPE_FIELDS", table)
        outputs.append(built_copy(make_app, tmp_path / name))
    full, typed = outputs
    layouts = {n["type"]: n["layout"] for n in needs_of(typed).values()}
    expected = "licence" if not types["control"] else "licence-control"
    assert layouts["control"] == expected
    assert layouts["obligation"] == "licence-obligation"
    for page in sorted(p.name for p in full.glob("*.html")):
        assert page_text(full / page) == page_text(typed / page), page


def test_no_need_has_more_than_a_group_of_siblings() -> None:
    parts = [
        [nodes.target(ids=[f"T{i}"]), nodes.paragraph(text=str(i))] for i in range(5000)
    ]
    top = place.grouped(parts)
    assert len(top) <= place.GROUP
    widest = max(len(g.children) for g in top if isinstance(g, place.NeedGroup))
    assert widest <= 2 * place.GROUP
    assert [
        n.astext() for n in place._leaves(top) if isinstance(n, nodes.paragraph)
    ] == [str(i) for i in range(5000)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("许可证编号展示检查", "许可证编号季度核查"),  # a title: the needtable changes
        ("implements: [OB_02_2]", "implements: [OB_02_1, OB_02_2]"),  # backlinks
        ("legal_counsel\n    title", "legal_counsel\n    title"),  # nothing
    ],
)
def test_an_incremental_build_equals_a_clean_one(
    make_app, tmp_path: Path, old: str, new: str
) -> None:
    srcdir = tmp_path / "incremental"
    shutil.copytree(ROOTS / "test-covered", srcdir)
    make_app("html", srcdir=srcdir).build()
    controls = srcdir / "needs" / "controls.yaml"
    text = controls.read_text(encoding="utf-8")
    assert old in text
    controls.write_text(text.replace(old, new, 1), encoding="utf-8")
    make_app("html", srcdir=srcdir).build()

    clean = tmp_path / "clean"
    shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns("_build"))
    make_app("html", srcdir=clean).build()
    for page in ("index.html", "controls.html", "matrix.html"):
        built = srcdir / "_build" / "html" / page
        assert page_text(built) == page_text(clean / "_build" / "html" / page), page


def test_a_waived_obligation_is_waived_not_covered(
    make_app, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A waiver in force passes the gate, but the home page counts it as
    waived (not covered), the register shows its reason and approver, and a
    severity override is named in the summary and on the rules page."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # 2026-12-01: in force
    srcdir = tmp_path / "waived"
    shutil.copytree(ROOTS / "test-waived", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert errors(app) == []
    assert app.statuscode == 0
    home = page_text(app.outdir / "index.html")
    figures = "2 项义务 1 项已有控制措施 1 项豁免中（未覆盖） 0 项经评估有效 50% 覆盖率"
    assert figures in home
    register = page_text(app.outdir / "waivers.html")
    assert (
        "WVR_02_2 OB_02_2 标明许可证编号 网站改版期间页脚暂缺编号。 法务负责人 "
        "2026-06-01 2027-05-31 有效"
    ) in register
    rules = page_text(app.outdir / "rules.html")
    assert "unused-evidence warning info（licence_severity 已修改）" in rules
    assert "review-overdue warning warning" in rules
    assert (
        "licence gate passed: 0 error(s), 0 warning(s), 1 info "
        "(licence_severity: unused-evidence warning → info)"
    ) in app.status.getvalue()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_dynamic_functions_in_yaml_are_plain_text(
    make_app, language: str, tmp_path: Path
) -> None:
    """``[[copy("title", "TB_B")]]`` in a title is not run: the site and
    needs.json show what the YAML says (it showed TB_B's title, and a lone
    ``[[`` stopped the build with a traceback)."""
    srcdir = tmp_path / "dynamic"
    shutil.copytree(ROOTS / "test-dynamic", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"language": language})
    app.build()
    assert errors(app) == []
    need = needs_of(app.outdir)["TB_A"]
    if language == "en":
        assert need["title"] == '[[copy("title", "TB_B")]]'
        assert need["content"] == '[[copy("content", "TB_B")]]'
        assert need["original"] == "参见[[附件]] [["
        assert need["informative"] == '<<["x" in tags]:yes, no>> [[nope()]]'
    else:
        assert need["title"] == "参见[[附件]]"
        assert need["informative"] == '[[copy("id")]]'
    text = page_text(app.outdir / "index.html")
    assert "Another one" not in text.split("TB_B")[0]


def test_the_build_prints_github_annotations_even_quiet(
    make_app,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Under GitHub Actions the build prints one ``::error`` per gap on stdout
    (they were info messages, which ``-q`` hid: no annotation at all)."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    srcdir = tmp_path / "uncovered"
    shutil.copytree(ROOTS / "test-uncovered", srcdir)
    app = make_app("html", srcdir=srcdir, status=None)  # as -q does
    app.build()
    assert app.statuscode == 1
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if line.startswith("::")] == [
        "::error file=needs/obligations.yaml,line=9,"
        "title=uncovered-obligation OB_02_2::obligation has no control implementing "
        "it (provision SP_02 (特别规定事项二): Display the licence number) (hint: add "
        "a control to needs/controls.yaml with 'implements: [ID]', or add the ID to "
        "an existing control's implements list)"
    ]


@pytest.mark.sphinx("html", testroot="covered")
def test_the_loaded_data_is_frozen_for_the_build_only(app: SphinxTestApp) -> None:
    """cycle_collector.py: the collector leaves the loaded environment alone
    while the build runs, with fewer collections, and gets it back after."""
    seen: list[tuple[int, tuple[int, int, int]]] = []
    app.connect(
        "write-started",
        lambda _app, _builder: seen.append((gc.get_freeze_count(), gc.get_threshold())),
    )
    app.build()
    assert errors(app) == []
    [(frozen, thresholds)] = seen
    assert frozen > 10_000  # the environment, the model, sphinx-needs' data
    assert thresholds == cycle_collector.THRESHOLDS
    assert gc.get_freeze_count() == 0  # a next build in this process frees this one
