"""The Performance page: the latest ``make bench`` table, in the page's language.

``bench/run.py --markdown bench/RESULTS.md`` writes the table as Markdown;
this directive reads it with the page's parser, keeps it out of the gettext
catalogs (numbers change with every run; they are not narrative), and puts
its headings and step names into the page's language.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .labels import lang_of
from .state import project

#: English words of the benchmark's table → Chinese
ZH = {
    "needs": "需求数",
    "step": "步骤",
    "(a) pipeline s": "(a) 本手册 秒",
    "(a) MB": "(a) 内存 MB",
    "(b) plain s": "(b) 纯 sphinx-needs 秒",
    "(b) MB": "(b) 内存 MB",
    "a/b time": "时间 a/b",
    "a/b memory": "内存 a/b",
    "clean build, one language (zh_CN)": "全新构建，单语言（zh_CN）",
    "clean build, both languages in parallel": "全新构建，两种语言并行",
    "no-change rebuild (zh_CN)": "无改动重建（zh_CN）",
    "one-control edit, rebuild (zh_CN)": "修改一项控制措施后重建（zh_CN）",
    "make check": "make check",
    "target": "目标",
    "value": "实测",
    "met": "达到",
    "NOT met": "未达到",
}


class LicenceBenchmark(SphinxDirective):
    """The table of a ``bench/run.py --markdown`` file (the argument)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = project(self.env).root / self.arguments[0]
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
