"""The Performance page: the latest ``make bench`` table, in the page's language.

``bench/run.py --markdown bench/RESULTS.md`` writes the table as Markdown;
this directive reads it with the page's parser, keeps it out of the gettext
catalogs (numbers change with every run; they are not narrative), and puts
its headings and step names into the page's language.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...core.vocabulary import LABELS, lang_of
from ..context import build_data

#: English words of the benchmark's table → Chinese (``bench/run.py`` writes
#: its table with the English of the same labels)
ZH = {en: zh for key, (zh, en) in LABELS.items() if key.startswith("bench.")}


class LicenceBenchmark(SphinxDirective):
    """The table of a ``bench/run.py --markdown`` file (the argument)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = build_data(self.env).root / self.arguments[0]
        self.env.note_dependency(str(path))
        if not path.is_file():
            raise self.error(f"no benchmark results at {path}: run make bench")
        lines = path.read_text(encoding="utf-8").splitlines()
        container = nodes.container(classes=["licence-benchmark"])
        self.state.nested_parse(StringList(lines, source=str(path)), 0, container)
        zh = lang_of(self.config.language) == "zh"
        for element in container.findall(nodes.Element):
            element["translatable"] = False
        if zh:
            for text in list(container.findall(nodes.Text)):
                words = str(text).strip()
                if words in ZH:
                    text.parent.replace(
                        text, nodes.Text(str(text).replace(words, ZH[words]))
                    )
        return [container]


def setup(app: Sphinx) -> None:
    app.add_directive("licence-benchmark", LicenceBenchmark)
