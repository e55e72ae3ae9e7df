"""Auditor views and exports: the matrix as CSV and XLSX, checked against
needs.json; gap rows; every label on the Chinese site in Chinese."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from conftest import EPOCH, needs_json
from conftest import need as tiny_need
from docutils import nodes
from licence_needs.core.dates import as_of
from licence_needs.core.model import Model
from licence_needs.core.vocabulary import lang_of
from licence_needs.outputs import oscal
from licence_needs.outputs.reqif import reqif_xml
from licence_needs.sphinx_ext.nodes import Cell, Em, Ref, cell_table, listed, titled
from openpyxl import load_workbook
from sphinx.testing.util import SphinxTestApp

CJK = re.compile(r"[\u4e00-\u9fff]")


def pairs_from_needs(needs: dict[str, dict]) -> list[tuple[str, str]]:
    """(obligation, control) pairs; an obligation with no control pairs with ''."""
    result = []
    for need_id, need in needs.items():
        if need["type"] == "obligation":
            controls = need["implements_back"] or [""]
            result.extend((need_id, control) for control in controls)
    return sorted(result)


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_csv_has_a_row_per_obligation_control_pair(
    site: dict[str, Path], language: str
) -> None:
    html = site[language] / "html"
    rows = read_csv(html / "exports" / "traceability.csv")
    header, body = rows[0], rows[1:]
    assert len(header) == 14  # twelve columns, the review and the assurance level
    # the landed data is reviewed: the review column says so on every row
    reviewed = "已复核" if language == "zh_CN" else "reviewed"
    review = header.index("复核" if language == "zh_CN" else "Review")
    assert {r[review] for r in body} == {reviewed}
    needs = needs_json(html / "needs.json")
    names = {
        "zh_CN": ("义务编号", "控制措施编号"),
        "en": ("Obligation ID", "Control ID"),
    }
    obligation, control = (header.index(name) for name in names[language])
    assert sorted((r[obligation], r[control]) for r in body) == pairs_from_needs(needs)
    obligations = {i for i, n in needs.items() if n["type"] == "obligation"}
    assert {r[obligation] for r in body} == obligations
    # the assurance column says each obligation's level, as needs.json does
    words = {"zh_CN": {"not assessed": "未评估"}, "en": {}}[language]
    assert {(r[obligation], r[-1]) for r in body} == {
        (i, words.get(needs[i]["assurance"], needs[i]["assurance"]))
        for i in obligations
    }


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_xlsx_has_a_sheet_per_view_with_filters(
    site: dict[str, Path], language: str
) -> None:
    html = site[language] / "html"
    book = load_workbook(html / "exports" / "traceability.xlsx")
    assert len(book.sheetnames) == 5
    matrix = book.worksheets[0]
    values = [[c or "" for c in row] for row in matrix.iter_rows(values_only=True)]
    assert values == read_csv(html / "exports" / "traceability.csv")
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1])
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert widths and all(8 <= w <= 60 for w in widths)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_interchange_files_are_what_the_writers_write(
    site: dict[str, Path], language: str, model: Model
) -> None:
    """The build writes the ReqIF and OSCAL that tests/front_ends/
    test_interchange.py puts through StrictDoc and trestle: the same bytes."""
    exports = site[language] / "html" / "exports"
    lang = lang_of(language)
    day = as_of({"SOURCE_DATE_EPOCH": EPOCH})
    assert (exports / "handbook.reqif").read_bytes() == reqif_xml(model, lang, day)
    for name, document in (
        ("catalog.json", oscal.catalog(model, lang, day)),
        ("component-definition.json", oscal.component_definition(model, lang, day)),
    ):
        assert (exports / "oscal" / name).read_bytes() == oscal.to_json(document)


def test_matrix_page_links_every_pair_and_offers_downloads(
    site: dict[str, Path],
) -> None:
    page = (site["zh_CN"] / "html" / "matrix.html").read_text(encoding="utf-8")
    needs = needs_json(site["zh_CN"] / "html" / "needs.json")
    rows = re.findall(r'<tr class="(provision-[A-Z0-9_]+)[^"]*"', page)
    assert len(rows) == len(pairs_from_needs(needs))
    assert 'href="exports/traceability.csv"' in page
    assert 'href="exports/traceability.xlsx"' in page
    assert 'href="exports/handbook.reqif"' in page
    assert 'href="exports/oscal/catalog.json"' in page
    assert 'href="exports/oscal/component-definition.json"' in page
    assert 'href="obligations.html#OB_02_1"' in page
    assert "按条款筛选" in page


def test_trace_diagrams_are_graphviz_svg(site: dict[str, Path]) -> None:
    page = (site["zh_CN"] / "html" / "traces.html").read_text(encoding="utf-8")
    assert 'id="trace-SP_02"' in page
    images = re.findall(r'(?:src|data)="(_images/[^"]+\.svg)"', page)
    assert images
    svg = html.unescape((site["zh_CN"] / "html" / images[0]).read_text("utf-8"))
    assert "http://www.w3.org/2000/svg" in svg
    assert "义务" in svg  # node labels in the page's language


def card_labels(html: str) -> list[str]:
    """The label texts of every need card: what is left of the meta rows and
    the type names once values and links are taken out."""
    labels = re.findall(
        r'<span class="needs_type_name"><span class="needs_data">([^<]*)', html
    )
    for meta in re.findall(r'<tr class="need meta.*?</tr>', html, flags=re.S):
        meta = re.sub(r'<span class="needs_data">.*?</span>', "", meta, flags=re.S)
        meta = re.sub(r"<a [^>]*>.*?</a>", "", meta, flags=re.S)
        text = re.sub(r"<[^>]+>", "\n", meta)
        labels += [t.strip(" :,") for t in text.split("\n") if t.strip(" :,")]
    return labels


@pytest.mark.parametrize(
    "page", ["licence", "regulations", "obligations", "controls", "evidence"]
)
def test_every_label_on_a_chinese_need_page_is_chinese(
    site: dict[str, Path], page: str
) -> None:
    html = (site["zh_CN"] / "html" / f"{page}.html").read_text(encoding="utf-8")
    labels = card_labels(html)
    assert labels
    assert [label for label in labels if not CJK.search(label)] == []


def test_english_need_pages_have_english_labels(site: dict[str, Path]) -> None:
    html = (site["en"] / "html" / "controls.html").read_text(encoding="utf-8")
    labels = set(card_labels(html))
    assert {"Control", "Owner", "Frequency", "implements", "evidenced by"} <= labels


@pytest.mark.sphinx("html", testroot="uncovered")
def test_an_uncovered_obligation_is_a_gap_row(app: SphinxTestApp) -> None:
    (app.srcdir / "matrix.md").write_text(
        "# 矩阵\n\n```{licence-view} matrix\n```\n", encoding="utf-8"
    )
    app.build()
    rows = read_csv(app.outdir / "exports" / "traceability.csv")
    gap = [r for r in rows[1:] if r[2] == "OB_02_2"]
    assert gap == [
        [
            "SP_02",
            "特别规定事项二",
            "OB_02_2",
            "标明许可证编号",
            "义务",
            "",
            "",
            "",
            "",
            "",
            "",
            "缺口",
            "",  # no stamp file: change control is not in use
            "未覆盖",
        ]
    ]
    page = (app.outdir / "matrix.html").read_text(encoding="utf-8")
    assert '<tr class="provision-SP_02 licence-gap' in page


#: every character Sphinx's HTML writer encodes, and one it leaves alone
TRICKY = "A & B <c> \"d\" @e 'f' 网络"


@pytest.mark.sphinx("html", testroot="covered")
def test_the_matrix_markup_is_what_sphinx_writes_for_its_nodes(
    app: SphinxTestApp,
) -> None:
    """The matrix is written as HTML directly, not as nodes (nodes.py): the
    bytes must be those Sphinx's own writer makes of the same cells."""
    app.build()
    provision = tiny_need("SP_01", "provision", title=TRICKY)
    rows = [
        (
            [
                titled(Ref("SP_01", "licence.html#SP_01"), provision, "zh"),
                titled(None, None, "zh"),
                Cell((Em(TRICKY),)),
                listed([Ref("EV_01", None), Ref("EV_02", "a/b.html#EV_02")]),
                listed([]),
                Cell((TRICKY,)),
            ],
            ["provision-SP_01", "licence-uncovered"],
        ),
        ([Cell((str(n),)) for n in range(6)], []),
        ([titled(Ref("SP_01", None), provision, "zh"), *[Cell(("",))] * 5], ["x"]),
    ]
    headers = ["条款", TRICKY, "c", "d", "e", "f"]
    fast = cell_table(headers, rows, ["licence-matrix", "licence-sortable"], "html")
    made = cell_table(headers, rows, ["licence-matrix", "licence-sortable"], "latex")
    assert isinstance(fast, nodes.raw)
    assert isinstance(made, nodes.table)
    assert fast.astext() == app.builder.render_partial(made)["fragment"]


def test_views_stay_out_of_the_search_index(site: dict[str, Path]) -> None:
    """A word of the needs leads to their cards, not to every view listing
    them; a view's page is still found by its own title and text."""
    text = (site["zh_CN"] / "html" / "searchindex.js").read_text("utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docs = index["docnames"]

    def pages(word: str) -> set[str]:
        found = index["terms"][word]
        return {docs[i] for i in (found if isinstance(found, list) else [found])}

    for word in ("网络安全", "个人信息"):  # in need texts, not in the views' prose
        assert "obligations" in pages(word), word
        assert pages(word).isdisjoint({"matrix", "dashboard", "views"}), word
    assert index["titles"][docs.index("matrix")] == "追溯矩阵"
    assert "matrix" in pages("下载")  # the page's own text ("下载链接")
