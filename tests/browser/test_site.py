"""The built handbook in a real browser: pages load cleanly and offline, the
language switch, Chinese and English search, the matrix's filter and sort,
accessibility (axe-core) and the screenshots in docs/screenshots/.

Playwright drives Debian's Chromium (its own browser download is not used).
Without the browser or Playwright these tests are skipped, except on CI
(``CI=true``), where a missing browser is a failure.

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
from typing import TYPE_CHECKING, Any
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


def unavailable(reason: str) -> None:
    """Skip the test, or fail it on CI, where every test must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def require_module(name: str) -> None:
    if importlib.util.find_spec(name) is None:
        unavailable(f"Python package {name!r} is not installed (requirements-dev)")


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
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
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
    ["zh_CN/index.html", "en/index.html", "zh_CN/matrix.html", "zh_CN/controls.html"],
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
