"""Sphinx configuration of the B2-20192648 licence handbook.

Built twice from the same sources: zh_CN (the source language) and en
(``-D language=en``, narrative through ``locale/``; need texts from the YAML).
The metamodel and the gate come from the project's extension, ``_ext/``.
"""

import sys
from pathlib import Path

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
# A rule's severity can be changed here: "error" fails the build, "warning"
# and "info" are listed in the gate's report only.  Codes: source/gate.md.
licence_severity = {}

# -- sphinx-needs (the metamodel itself is set by the extension) ----------------------
needs_build_json = True  # needs.json beside each language's pages
needs_reproducible_json = True  # no timestamps: the same sources give the same bytes

# -- HTML -------------------------------------------------------------------------
html_theme = "alabaster"
html_title = project
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False

_TITLES = {"en": "Licence B2-20192648 Compliance Handbook"}


def _per_language(_app: Sphinx, config: Config) -> None:
    """Values that depend on ``-D language=…`` (not known while this file runs)."""
    if config.language in _TITLES:
        config.project = config.html_title = _TITLES[config.language]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _per_language)
