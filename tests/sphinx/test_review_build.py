"""Change control in the build: badges, classes, views, incremental builds.

``test-review`` is ``test-covered`` with its review stamps and a page of
views (matrix, dashboard).  Each test copies it, edits it as an editor would
and builds it with Sphinx.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOTS, copy_project, sphinx_build
from licence_needs.check import review as review_cli
from licence_needs.core import pipeline
from licence_needs.core.fingerprint import fingerprint
from licence_needs.core.settings import Settings
from test_build import errors, needs_of, page_text

PROVISION_WORDS = ("依法开展业务经营活动", "依法开展经营活动")
PAGES = ("index.html", "controls.html", "matrix.html", "views.html")


def copy_root(tmp_path: Path, name: str = "project") -> Path:
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / "test-review", srcdir)
    return srcdir


def edit_provision(srcdir: Path) -> None:
    """One word of SP_02's Chinese text."""
    path = srcdir / "needs" / "licence.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(PROVISION_WORDS[0]) == 1
    path.write_text(text.replace(*PROVISION_WORDS), encoding="utf-8")


def containers(html: str) -> dict[str, list[str]]:
    """Need ID → the classes of its outer element (sphinx-needs' container)."""
    found = re.findall(
        r'<div class="need_container([^"]*)"[^>]*>\s*(?:<p[^>]*>.*?</p>\s*)*'
        r'<table class="need [^"]*" id="([A-Z0-9_]+)"',
        html,
        flags=re.S,
    )
    return {need: classes.split() for classes, need in found}


def test_reviewed_project_builds_clean_with_fingerprints(make_app, tmp_path) -> None:
    srcdir = copy_root(tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides={"language": "en"})
    app.build()
    assert errors(app) == []
    assert app.statuscode == 0
    model = pipeline.load_project(srcdir, Settings(source_dir=".")).model
    needs = needs_of(app.outdir)
    assert {i: n["fingerprint"] for i, n in needs.items()} == {
        n.id: fingerprint(n) for n in model.needs
    }
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    cards = containers(html)
    assert set(cards) == {"TB_NUMBER", "SP_02", "OB_02_1", "OB_02_2"}
    assert all(classes == ["docutils", "container"] for classes in cards.values())
    assert "licence-review-badge" not in html
    views = page_text(app.outdir / "views.html")
    assert "Suspect links Stale translations" in views


def test_a_changed_provision_on_the_english_site(make_app, tmp_path) -> None:
    srcdir = copy_root(tmp_path)
    edit_provision(srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"language": "en"})
    app.build()
    assert app.statuscode == 1
    assert [line for line in errors(app) if "ERROR" in line] == [
        f"needs/obligations.yaml:{line}: ERROR: [suspect-link] {need}: provision "
        f"SP_02 (特别规定事项二) changed since {need} was reviewed against it "
        f"(derives_from SP_02): text (hint: re-read {need} against SP_02, then run "
        f'make review ITEMS="{need}") [licence.suspect-link]'
        for line, need in ((2, "OB_02_1"), (9, "OB_02_2"))
    ]
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    cards = containers(html)
    assert "suspect" in cards["OB_02_1"] and "suspect" in cards["OB_02_2"]
    assert "translation-stale" in cards["SP_02"]
    assert "suspect" not in cards["SP_02"] and "suspect" not in cards["TB_NUMBER"]
    text = page_text(app.outdir / "index.html")
    assert text.count("Review pending changed upstream: SP_02") == 2
    assert text.count("Translation pending (译文待更新)") == 1
    matrix = (app.outdir / "views.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<tr class="[^"]*licence-suspect', matrix)) == 3
    assert 'data-matrix-filter="review"' in matrix
    # the dashboard: SP_02 has 2 suspect links and 1 stale translation
    assert "Special provision 2 2/2 100% 2 1" in page_text(app.outdir / "views.html")


def test_chinese_site_shows_no_translation_badge(make_app, tmp_path) -> None:
    srcdir = copy_root(tmp_path)
    edit_provision(srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    cards = containers((app.outdir / "index.html").read_text(encoding="utf-8"))
    assert "translation-stale" not in cards["SP_02"]
    assert "待复核 上游已变更：SP_02" in page_text(app.outdir / "index.html")


def test_incremental_builds_after_an_edit_and_a_review_equal_clean_ones(
    make_app, tmp_path
) -> None:
    srcdir = copy_root(tmp_path)
    make_app("html", srcdir=srcdir, confoverrides={"language": "en"}).build()
    for step in ("edit", "review"):
        if step == "edit":
            edit_provision(srcdir)
        else:
            project = pipeline.load_project(srcdir, Settings(source_dir="."))
            review_cli.stamp(project, ["OB_02_1", "OB_02_2", "SP_02"])
        app = make_app("html", srcdir=srcdir, confoverrides={"language": "en"})
        app.build()
        assert app.statuscode == (1 if step == "edit" else 0)
        clean = tmp_path / f"clean-{step}"
        shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns("_build"))
        make_app("html", srcdir=clean, confoverrides={"language": "en"}).build()
        for page in PAGES:
            built = srcdir / "_build" / "html" / page
            fresh = clean / "_build" / "html" / page
            assert page_text(built) == page_text(fresh), (step, page)
            assert containers(built.read_text(encoding="utf-8")) == containers(
                fresh.read_text(encoding="utf-8")
            ), (step, page)
    assert "Review pending" not in page_text(srcdir / "_build" / "html" / "index.html")


def test_one_word_of_the_real_licence_on_the_english_site(tmp_path) -> None:
    """The handbook itself: the build fails with a suspect link per derived
    obligation and the English site shows the badges and classes."""
    project = copy_project(tmp_path / "handbook")
    path = project / "needs" / "licence.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("及时向通信主管部门报备", "及时地向通信主管部门报备"),
        encoding="utf-8",
    )
    result = sphinx_build(project, "en", tmp_path / "out")
    assert result.returncode == 1
    suspects = re.findall(r"\[suspect-link\] (OB_\w+): provision SP_06", result.stderr)
    assert suspects == [f"OB_06_{n}" for n in range(1, 7)]
    html = (tmp_path / "out" / "html" / "obligations.html").read_text(encoding="utf-8")
    cards = containers(html)
    assert sorted(i for i, c in cards.items() if "suspect" in c) == suspects
    licence = (tmp_path / "out" / "html" / "licence.html").read_text(encoding="utf-8")
    stale = [i for i, c in containers(licence).items() if "translation-stale" in c]
    assert stale == ["SP_06"]
