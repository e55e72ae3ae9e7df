"""Sphinx configuration of the B2-20192648 licence handbook.

Built twice from the same sources: zh_CN (the source language) and en
(``-D language=en``, narrative through ``locale/``; need texts from the YAML).
The metamodel and the gate come from the project's extension, ``_ext/``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # make check reads this file without importing Sphinx
    from sphinx.application import Sphinx
    from sphinx.config import Config

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "_ext"))

# -- project ------------------------------------------------------------------
project = "B2-20192648 许可证合规手册"
author = "杭州网会科技有限公司"
copyright = "杭州网会科技有限公司"
language = "zh_CN"

extensions = ["myst_parser", "licence_needs"]
source_suffix = {".md": "markdown"}
exclude_patterns = []
myst_enable_extensions = ["colon_fence", "deflist"]

# -- languages ------------------------------------------------------------------
locale_dirs = [str(ROOT / "locale")]
gettext_compact = False
gettext_uuid = False
gettext_location = False

# -- the licence gate -------------------------------------------------------------
licence_needs_dir = "needs"
licence_source_dir = "source"
licence_reports_dir = "build/reports"
# Copies of evidence records that evidence items list under files: (may be a
# folder outside the repository; the shipped data lists none)
licence_evidence_dir = "evidence"
# What reading each data file gave, kept by the file's bytes, so that make check
# and the build read again only the files that changed (delete it at will)
licence_cache_dir = "build/cache/data"
# A rule's severity can be changed here: "error" fails the build, "warning"
# and "info" are listed in the gate's report only.  Codes: source/gate.md.
licence_severity = {}

# -- sphinx-needs (the metamodel itself is set by the extension) ----------------------
needs_build_json = True  # needs.json beside each language's pages
needs_reproducible_json = True  # no timestamps: the same sources give the same bytes
graphviz_output_format = "svg"  # trace diagrams (needflow, graphviz engine)

# -- HTML -------------------------------------------------------------------------
# furo, with fonts installed on the reader's machine: nothing is loaded from
# outside the site, so the handbook works on an intranet.
html_theme = "furo"
html_title = project
html_static_path = ["source/_static"]  # relative to this file
html_css_files = ["handbook.css"]
html_js_files = ["matrix.js", "calendar.js"]
templates_path = ["source/_templates"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
_LATIN = (
    '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", '
    '"DejaVu Sans", "Liberation Sans", Arial'
)
_CJK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei"'
)
html_theme_options = {
    "announcement": "B2-20192648",  # replaced by _templates/page.html
    "top_of_page_buttons": [],
}

# The title and the announcement bar (licence number, language switch).
_LANGUAGES = {
    "zh_CN": {
        "title": project,
        "company": author,
        "licence_banner": "增值电信业务经营许可证编号：B2-20192648",
        "licence_other_lang": "en",
        "licence_other_hreflang": "en",
        "licence_other_label": "English",
        # Chinese punctuation from a CJK font; Latin text falls back to it too
        "fonts": f"{_CJK}, {_LATIN}, sans-serif",
    },
    "en": {
        "title": "Licence B2-20192648 Compliance Handbook",
        "company": "Hangzhou Wanghui Technology Co., Ltd.",
        "licence_banner": "Value-added Telecommunications Business Operating "
        "Licence No. B2-20192648",
        "licence_other_lang": "zh_CN",
        "licence_other_hreflang": "zh-CN",
        "licence_other_label": "中文",
        # Latin first: CJK fonts draw ' and " full-width
        "fonts": f"{_LATIN}, {_CJK}, sans-serif",
    },
}


# -- PDF (make pdf: LaTeX builder, xelatex) -----------------------------------------
# The chrome (fonts, captions, headers, title page) comes from the extension
# (licence_needs.pdf) in the language being built; keys set here win.
latex_engine = "xelatex"  # what Sphinx selects for Chinese; xeCJK for CJK text
latex_elements = {}
latex_domain_indices = False


def _per_language(_app: Sphinx, config: Config) -> None:
    """Values that depend on ``-D language=…`` (not known while this file runs)."""
    values = _LANGUAGES[config.language]
    config.project = config.html_title = values["title"]
    # one PDF per language, B2-20192648-<language>.pdf; the chapters are the
    # pages of the home page's toctrees (toctree_only: not the home page itself)
    config.latex_documents = [
        (
            "index",
            f"B2-20192648-{config.language}.tex",
            values["title"],
            values["company"],
            "manual",
            True,
        )
    ]
    config.html_context = {**config.html_context, **values}
    fonts = {"font-stack": values["fonts"]}
    config.html_theme_options = {
        **config.html_theme_options,
        "light_css_variables": fonts,
        "dark_css_variables": fonts,
    }


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _per_language)
