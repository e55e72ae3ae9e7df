"""The built handbook in a real browser: pages load cleanly and offline, the
language switch, Chinese and English search, the matrix's filter and sort,
accessibility (axe-core) and the screenshots in docs/screenshots/.

Playwright drives Debian's Chromium (its own browser download is not used);
``make test`` installs it (``tools/ensure-system``).  These tests never skip
by themselves: a missing browser or package is a failure that says what to
install.  Only a deliberate ``SKIP_BROWSER=1`` skips them (``tests/conftest.py``
marks them, and the summary says so).

The fixtures live here, not in a ``tests/browser/conftest.py``: outside a
package every conftest.py is imported as the module ``conftest``, and a second
one would shadow ``tests/conftest.py`` for the modules that import from it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import quote, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Response

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# Every run takes the screenshots into build/; the README's copies in
# docs/screenshots/ are replaced only on request (UPDATE_SCREENSHOTS=1), so a
# test run leaves the work tree as it was.
SCREENSHOTS = ROOT / "build" / "screenshots"
README_SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOST = "127.0.0.1"
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000
# Search has finished when Sphinx's summary line has text (searchtools.js,
# _finishSearch: "Search finished, found …" or "did not match any documents").
SEARCH_DONE = """() => {
  const summary = document.querySelector("#search-results p.search-summary");
  return summary !== null && summary.textContent.trim() !== "";
}"""
# where the licence's provisions and obligations are written
LICENCE_PAGES = re.compile(r"(?:^|/)(?:licence|obligations)\.html")


# -- set-up ------------------------------------------------------------------------


def unavailable(reason: str) -> NoReturn:
    """Fail with what to install: a browser test that is not run is not
    passed (``SKIP_BROWSER=1`` is the one way to leave them out)."""
    pytest.fail(f"{reason}; or run with SKIP_BROWSER=1 to skip them", pytrace=False)


def require_module(name: str) -> None:
    if importlib.util.find_spec(name) is None:
        unavailable(
            f"Python package {name!r} is not installed: "
            ".venv/bin/pip install -r requirements-dev.txt -c constraints.txt"
        )


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request on stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(
    site: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Both languages and the chooser in one folder, as ``make html`` lays them
    out, served on 127.0.0.1; yields the root URL (ending in ``/``)."""
    root = tmp_path_factory.mktemp("served") / "html"
    root.mkdir()
    for language, out in site.items():
        shutil.copytree(out / "html", root / language)
    shutil.copy2(ROOT / "site" / "index.html", root / "index.html")
    server = ThreadingHTTPServer((HOST, 0), partial(QuietHandler, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium from /usr/bin, through Playwright."""
    if not CHROMIUM.exists():
        unavailable(
            f"{CHROMIUM} is missing: make test installs it, "
            "or sudo apt-get install chromium fonts-noto-cjk"
        )
    require_module("playwright")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - may be missing

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Tab:
    """A page of the served site, with what went wrong on it recorded."""

    page: Page
    base: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> Response:
        """Load ``path`` (relative to the site's root) and wait for the network."""
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None, path
        assert response.ok, f"{path}: HTTP {response.status}"
        return response

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and requests that left the machine."""
        external = [
            f"external request: {url}"
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "about", "blob")
            and urlsplit(url).hostname != HOST
        ]
        return self.errors + external


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    """A fresh browser context (no cache, no storage) at 1280×900."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    # nothing may leave the machine: every request is recorded, none goes out
    context.route(
        lambda url: urlsplit(url).hostname not in (HOST, None),
        lambda route: route.abort("blockedbyclient"),
    )
    page = context.new_page()
    result = Tab(page=page, base=base_url)
    page.on("request", lambda request: result.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            result.errors.append(f"console: {message.text} at {message.location}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: result.errors.append(f"pageerror: {error}"))
    try:
        yield result
    finally:
        context.close()


# -- tests --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["index.html", "zh_CN/index.html", "en/index.html"])
def test_page_loads_without_errors_or_external_requests(tab: Tab, path: str):
    tab.open(path)
    assert tab.page.title()
    assert tab.requests, "the page's own requests are recorded"
    assert tab.problems() == []


def test_language_switch_opens_the_same_page_in_the_other_language(tab: Tab):
    tab.open("zh_CN/controls.html")
    assert tab.page.get_attribute("html", "lang") == "zh-CN"
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.click("a.language-switch")
    assert tab.page.url == tab.base + "en/controls.html"
    assert tab.page.get_attribute("html", "lang") == "en"
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.click("a.language-switch")
    assert tab.page.url == tab.base + "zh_CN/controls.html"
    assert tab.page.get_attribute("html", "lang") == "zh-CN"
    assert tab.problems() == []


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("zh_CN", "网络安全"),
        ("zh_CN", "个人信息"),
        ("zh_CN", "监督检查"),
        ("en", "personal information"),
    ],
)
def test_search_finds_pages(tab: Tab, language: str, query: str):
    tab.open(f"{language}/search.html?q={quote(query)}")
    try:
        tab.page.wait_for_function(SEARCH_DONE)
    except Exception as error:  # playwright's TimeoutError
        pytest.fail(f"search for {query!r} never finished: {error}; {tab.problems()}")
    summary = tab.page.inner_text("#search-results p.search-summary")
    links = tab.page.eval_on_selector_all(
        "#search-results li a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert links, f"no result for {query!r}: {summary}"
    if language == "zh_CN":
        assert any(LICENCE_PAGES.search(link) for link in links), links
    assert tab.problems() == []


def test_matrix_filters_to_one_provision_and_sorts(tab: Tab):
    tab.open("zh_CN/matrix.html")
    rows = tab.page.locator("table.licence-matrix tbody tr")
    total = rows.count()
    tab.page.select_option('select[data-matrix-filter="provision"]', "SP_02")
    visible = tab.page.locator("table.licence-matrix tbody tr:visible")
    shown = visible.count()
    assert 0 < shown < total
    classes = visible.evaluate_all("rows => rows.map(row => [...row.classList])")
    assert all("provision-SP_02" in names for names in classes), classes
    assert tab.page.inner_text(".licence-matrix-count").startswith(f"{shown} ")

    header = tab.page.locator("table.licence-matrix thead th").nth(1)
    assert header.get_attribute("aria-sort") == "none"
    keys = "rows => rows.map(row => row.cells[1].textContent.trim())"
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = rows.evaluate_all(keys)
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert rows.evaluate_all(keys) == ascending[::-1]
    assert ascending != ascending[::-1]
    assert tab.problems() == []


def test_matrix_filters_by_assurance_level(tab: Tab):
    """No assessment is recorded: "not assessed" shows every row, "effective"
    none."""
    tab.open("zh_CN/matrix.html")
    rows = tab.page.locator("table.licence-matrix tbody tr")
    visible = tab.page.locator("table.licence-matrix tbody tr:visible")
    level = 'select[data-matrix-filter="assurance"]'
    tab.page.select_option(level, "not-assessed")
    assert visible.count() == rows.count() > 0
    tab.page.select_option(level, "effective")
    assert visible.count() == 0
    assert tab.page.inner_text(".licence-matrix-count").startswith("0 ")
    tab.page.select_option(level, "")
    assert visible.count() == rows.count()
    assert tab.problems() == []


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("zh_CN", "许可证管理专员：职责与日程"),
        ("en", "Licence administrator: duties and schedule"),
    ],
)
def test_a_role_page_opens_in_both_languages_with_its_feed(
    tab: Tab, language: str, heading: str
):
    tab.open(f"{language}/owners/licence_manager.html")
    assert tab.page.inner_text("article h1").strip() == heading
    assert tab.page.locator("table.licence-due tbody tr").count() > 0
    feed = tab.page.get_attribute("a[href$='licence_manager.ics']", "href")
    assert feed == "../exports/calendar/licence_manager.ics"
    response = tab.page.request.get(
        tab.base + f"{language}/exports/calendar/licence_manager.ics"
    )
    assert response.ok and response.body().startswith(b"BEGIN:VCALENDAR")
    other = "en" if language == "zh_CN" else "zh_CN"
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.click("a.language-switch")
    assert tab.page.url == tab.base + f"{other}/owners/licence_manager.html"
    assert tab.problems() == []


def test_the_calendar_filters_the_next_two_months_by_role(tab: Tab):
    tab.open("zh_CN/calendar.html")
    rows = tab.page.locator("table.licence-due tbody tr")
    total = rows.count()
    assert tab.page.locator(".licence-due-filter").is_visible()  # shown by the script
    tab.page.select_option('select[data-due-filter="role"]', "noc_manager")
    visible = tab.page.locator("table.licence-due tbody tr:visible")
    assert 0 < visible.count() < total
    classes = visible.evaluate_all("rows => rows.map(row => [...row.classList])")
    assert all("licence-role-noc_manager" in names for names in classes), classes
    tab.page.select_option('select[data-due-filter="role"]', "")
    assert tab.page.locator("table.licence-due tbody tr:visible").count() == total


def test_matrix_filters_to_rows_awaiting_review(tab: Tab):
    """The landed data is reviewed: the filter leaves no row, and unticking it
    brings every row back."""
    tab.open("en/matrix.html")
    rows = tab.page.locator("table.licence-matrix tbody tr")
    total = rows.count()
    box = tab.page.locator('input[data-matrix-filter="review"]')
    box.check()
    assert tab.page.locator("table.licence-matrix tbody tr:visible").count() == 0
    assert tab.page.inner_text(".licence-matrix-count").startswith("0 ")
    box.uncheck()
    assert tab.page.locator("table.licence-matrix tbody tr:visible").count() == total
    assert tab.problems() == []


@pytest.mark.parametrize(
    "path",
    [
        "zh_CN/index.html",
        "en/index.html",
        "zh_CN/matrix.html",
        "zh_CN/controls.html",
        "zh_CN/dashboard.html",
        "zh_CN/owners/noc_manager.html",
        "en/calendar.html",
    ],
)
def test_no_serious_accessibility_violations(tab: Tab, path: str):
    check_accessibility(tab, path)


def test_need_cards_are_readable_in_dark_mode(tab: Tab):
    tab.page.emulate_media(color_scheme="dark")
    check_accessibility(tab, "zh_CN/controls.html")


def check_accessibility(tab: Tab, path: str) -> None:
    """No serious or critical axe-core violation on ``path``."""
    require_module("axe_playwright_python")
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415

    tab.open(path)
    violations = Axe().run(tab.page).response["violations"]
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    if serious:
        pytest.fail(
            f"{path}: axe-core found {len(serious)} serious or critical violations\n"
            + "\n".join(
                f"  {v['id']} ({v['impact']}, {len(v['nodes'])} elements, "
                f"first {v['nodes'][0]['target']}): {v['help']}"
                for v in serious
            ),
            pytrace=False,
        )


#: the smallest text a diagram may show at the page's width, in CSS pixels
MIN_DIAGRAM_TEXT_PX = 9
# For every trace diagram (an <img> of an SVG): the smallest font-size of its
# text, in SVG user units, times the rendered width over the viewBox width.
DIAGRAM_TEXT_SIZES = """async () => {
  const sizes = [];
  for (const img of document.querySelectorAll(".licence-traces img")) {
    const svg = new DOMParser().parseFromString(
      await (await fetch(img.src)).text(), "image/svg+xml").documentElement;
    const fonts = [...svg.querySelectorAll("text")]
      .map(t => parseFloat(t.getAttribute("font-size")));
    const scale = img.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    sizes.push({alt: img.alt, px: Math.min(...fonts) * scale, texts: fonts.length});
  }
  return sizes;
}"""


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_trace_diagrams_are_readable_at_the_page_width(tab: Tab, language: str):
    """The smallest label of every trace diagram (the need IDs, 10 pt) is at
    least 9 CSS px as the page shows it, not shrunk to fit the column."""
    tab.open(f"{language}/traces.html")
    sizes = tab.page.evaluate(DIAGRAM_TEXT_SIZES)
    assert len(sizes) >= 15, sizes  # one per provision with obligations
    assert all(size["texts"] > 0 for size in sizes), sizes
    small = [
        f"{size['alt']}: {size['px']:.1f} px"
        for size in sizes
        if size["px"] < MIN_DIAGRAM_TEXT_PX
    ]
    assert small == [], f"labels below {MIN_DIAGRAM_TEXT_PX} px at 1280 px wide"
    assert tab.problems() == []


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screenshot(tab: Tab, language: str):
    tab.open(f"{language}/index.html")
    tab.page.evaluate("document.fonts.ready.then(() => true)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"handbook-{language}.png"
    tab.page.screenshot(path=str(target), full_page=False)
    assert target.read_bytes().startswith(b"\x89PNG")
    assert tab.problems() == []
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, README_SCREENSHOTS / target.name)
