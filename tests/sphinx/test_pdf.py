"""The handbook as PDF: a tiny root and the real handbook, built as ``make pdf``
builds them (Sphinx's LaTeX builder, then xelatex through latexmk), and read
back with poppler's tools (pdftotext, pdffonts, pdftohtml).

Skipped nowhere: ``make test`` installs TeX, the fonts and poppler-utils
(``tools/ensure-system``), as CI does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT, ROOTS
from licence_needs.core import loader
from licence_needs.core.model import Model
from licence_needs.derived import traceability
from licence_needs.outputs.trace_diagram import parse_plain, tikz, trace_dot, wrap

TINY = ROOTS / "test-pdf"
#: the day the builds are as of (SOURCE_DATE_EPOCH, in China Standard Time)
AS_OF = datetime.fromtimestamp(int(EPOCH), timezone(timedelta(hours=8))).date()
#: what a Chinese PDF must not print: LaTeX's and Sphinx's English chrome
ENGLISH_CHROME = ("Contents", "CHAPTER", "Chapter", "Page", "Index", "Release")

pytestmark = pytest.mark.pdf  # and build, as every test under tests/sphinx/


def build_pdf(
    conf_dir: Path, source: Path, language: str, out: Path, name: str
) -> Path:
    """``make pdf`` for one language: LaTeX from Sphinx, then latexmk."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "FORCE_SOURCE_DATE": "1",
        "PYTHONPATH": str(ROOT / "_ext"),  # the tiny root's conf.py does not add it
    }
    env.pop("GITHUB_ACTIONS", None)
    latex = out / "latex"
    sphinx = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "latex",
            "-c",
            str(conf_dir),
            "-d",
            str(out / "doctrees"),
            "-D",
            f"language={language}",
            "-D",
            f"licence_reports_dir={out / 'reports'}",
            "-D",
            "needs_build_json=0",
            "-W",
            "--keep-going",
            "-q",
            "--no-color",  # under CI=true Sphinx colours its messages
            str(source),
            str(latex),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert sphinx.returncode == 0, sphinx.stderr
    # no Sphinx warnings: under -q only the gate's own warnings and summary
    lines = sphinx.stderr.splitlines()
    assert lines[-1].startswith("licence gate passed"), sphinx.stderr
    assert all(": warning: [" in line for line in lines[:-1]), sphinx.stderr
    tex = subprocess.run(
        ["make", "-C", str(latex), "all-pdf", "LATEXMKOPTS=-silent"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    log = latex / f"{name}.log"
    assert tex.returncode == 0, tex.stdout + tex.stderr
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "undefined references" not in text, "every reference resolves"
    assert not re.search(r"[Rr]eference `[^']*' on page \d+ undefined", text)
    assert not re.search(r"Font shape `[^']*' undefined", text), "no font substituted"
    return latex / f"{name}.pdf"


def copy_root(target: Path) -> Path:
    shutil.copytree(TINY, target)
    return target


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def squeezed(text: str) -> str:
    """Text without whitespace: line breaks and CJK–Latin glue aside."""
    return re.sub(r"\s+", "", text)


def links_and_outline(pdf: Path) -> tuple[list[str], list[str]]:
    """The targets of the PDF's links, and its bookmarks (outline) titles."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    links = re.findall(r'<a href="([^"]*)"', xml)
    outline = re.findall(r"<item[^>]*>([^<]*)", xml)
    return links, outline


def fonts_of(pdf: Path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) of every font of the PDF."""
    out = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows if row.strip()]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tiny root's PDF in both languages."""
    result = {}
    for language in ("zh_CN", "en"):
        out = tmp_path_factory.mktemp(f"pdf-{language}")
        root = copy_root(out / "root")
        result[language] = build_pdf(root, root, language, out, "test-pdf")
    return result


def test_tiny_chinese_pdf_has_chinese_chrome_and_every_text(
    tiny: dict[str, Path],
) -> None:
    text = text_of(tiny["zh_CN"])
    for word in ENGLISH_CHROME:
        assert not re.search(rf"\b{word}\b", text), f"English chrome {word!r}"
    assert "目录" in text
    assert re.search(r"第\s*1\s*章", text)
    assert re.search(r"第\s*1\s*页", text)
    model, _ = loader.load(TINY)
    flat = squeezed(text)
    for need in model.needs:
        assert need.id in text, f"{need.id} is searchable text"
        assert squeezed(need.text.zh) in flat, f"{need.id}'s text, verbatim"
    # the title page: licence, number, company, status as of the date, revision
    first = text_of_page(tiny["zh_CN"], 1)
    for expected in (
        "中华人民共和国增值电信业务经营许可证",
        "测试合规手册",
        "B2-20192648",
        "杭州网会科技有限公司",
        "有效",
        str(AS_OF),
        "unknown",  # the copied root is no git work tree
    ):
        assert expected in first


def text_of_page(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_tiny_english_pdf_has_the_english_names(tiny: dict[str, Path]) -> None:
    text = text_of(tiny["en"])
    flat = squeezed(text)
    model, _ = loader.load(TINY)
    for need in model.needs:
        assert squeezed(need.title.en) in flat
        assert squeezed(need.text.en) in flat
    assert "Contents" in text
    # every provision's Chinese stands beside its translation
    assert squeezed(model.index["SP_02"].text.zh) in flat


def test_both_pdfs_embed_noto_cjk(tiny: dict[str, Path]) -> None:
    for pdf in tiny.values():
        fonts = fonts_of(pdf)
        assert all(embedded == "yes" for _, embedded in fonts), fonts
        assert any("NotoSerifCJK" in name for name, _ in fonts), fonts
        assert not any("Fandol" in name for name, _ in fonts), fonts


def test_references_are_internal_links_and_bookmarks_follow_headings(
    tiny: dict[str, Path],
) -> None:
    links, outline = links_and_outline(tiny["zh_CN"])
    assert len(links) >= 10
    assert all(link.startswith("test-pdf.html#") for link in links), links
    assert outline[:4] == ["许可证全文", "义务", "控制措施", "追溯矩阵"]
    assert "追溯图" in outline


def test_the_pdf_is_reproducible(tiny: dict[str, Path], tmp_path: Path) -> None:
    root = copy_root(tmp_path / "root")
    again = build_pdf(root, root, "zh_CN", tmp_path, "test-pdf")
    assert again.read_bytes() == tiny["zh_CN"].read_bytes()


def test_trace_diagrams_are_drawn_for_latex(tiny: dict[str, Path]) -> None:
    tex = (tiny["zh_CN"].parent / "test-pdf.tex").read_text(encoding="utf-8")
    assert tex.count(r"\begin{tikzpicture}") == 1  # one provision with duties
    page = next(
        text_of_page(tiny["zh_CN"], n)
        for n in range(1, 20)
        if "SP_02 特别规定事项二" in text_of_page(tiny["zh_CN"], n)
        and "CTL_LIC_02" in text_of_page(tiny["zh_CN"], n)
    )
    for need_id in ("OB_02_1", "OB_02_2", "CTL_LIC_01", "EV_LIC_01"):
        assert need_id in page


# -- the trace diagram's text, without TeX --------------------------------------


def test_wrap_counts_cjk_characters_double() -> None:
    assert wrap("许可证编号展示检查", 8) == ["许可证编", "号展示检", "查"]
    assert wrap("Licence number display check", 14) == [
        "Licence number",
        "display check",
    ]


def test_tikz_draws_what_dot_laid_out() -> None:
    model, _ = loader.load(TINY)
    trace = traceability.build(model)
    provision = model.index["SP_02"]
    rows = [r for r in trace.rows if r.provision is provision]
    source = trace_dot(rows, "zh", font="Noto Sans CJK SC")
    assert source == trace_dot(rows, "zh", font="Noto Sans CJK SC")
    assert '"OB_02_1" -> "CTL_LIC_01";' in source
    assert "SP_02" not in source  # the provision is the heading
    plain = subprocess.run(
        ["dot", "-Tplain"], input=source, capture_output=True, text=True, check=True
    ).stdout
    boxes, curves = parse_plain(plain)
    assert {b.name for b in boxes} == {
        "OB_02_1",
        "OB_02_2",
        "CTL_LIC_01",
        "CTL_LIC_02",
        "EV_LIC_01",
    }
    picture = tikz(
        plain,
        rows,
        "zh",
        colours={"provision": "#FADBD8"},
        tex=lambda text: text.replace("_", r"\_"),
        link=lambda need: f"LINK({need.id})",
    )
    assert picture.count(r"\node[") == len(boxes)
    assert picture.count(r"\draw[") == len(curves)
    assert "LINK(OB_02_1)" in picture


# -- the real handbook -------------------------------------------------------------


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    result = {}
    for language in ("zh_CN", "en"):
        out = tmp_path_factory.mktemp(f"handbook-pdf-{language}")
        result[language] = build_pdf(
            ROOT, ROOT / "source", language, out, f"B2-20192648-{language}"
        )
    return result


def test_the_handbook_pdf_holds_the_licence_verbatim(
    handbook: dict[str, Path], model: Model
) -> None:
    zh, en = text_of(handbook["zh_CN"]), text_of(handbook["en"])
    for word in ENGLISH_CHROME:
        assert not re.search(rf"\b{word}\b", zh), f"English chrome {word!r}"
    flat_zh, flat_en = squeezed(zh), squeezed(en)
    provisions = [n for n in model.needs if n.type == "provision"]
    assert len(provisions) > 20
    for need in provisions:
        assert squeezed(need.text.zh) in flat_zh, need.id
        assert squeezed(need.text.en) in flat_en, need.id
    for need in model.needs:
        assert need.id in zh, need.id
    # the official English names
    assert "Hangzhou Wanghui Technology Co., Ltd." in en
    assert squeezed(model.index["TB_TITLE"].text.en) in flat_en
    for pdf in handbook.values():
        assert any("NotoSerifCJK" in name for name, _ in fonts_of(pdf))
        links, outline = links_and_outline(pdf)
        assert len(links) > 1000
        assert len(outline) >= 15
