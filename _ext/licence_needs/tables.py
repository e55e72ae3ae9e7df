"""Directives that show data which are not needs: owners, glossary, rules.

They read the same model as the need directive, so each page depends on its
data file and is re-read when it changes.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .findings import RULES
from .labels import lang_of, pick
from .model import Owner, Term
from .state import depend_on_data, project

_HEADERS = {
    "rules": (
        ("规则代码", "默认级别", "检查内容", "修改方法"),
        ("Code", "Default", "What it finds", "How to fix"),
    ),
}


class LicenceOwners(SphinxDirective):
    """A definition list of the roles in ``needs/owners.yaml``."""

    def run(self) -> list[nodes.Node]:
        return _definitions(self, project(self.env).model.owners)


class LicenceGlossary(SphinxDirective):
    """The glossary: each term in the page's language, the other beside it."""

    def run(self) -> list[nodes.Node]:
        return _definitions(self, project(self.env).model.terms)


def _definitions(
    directive: SphinxDirective, items: tuple[Owner | Term, ...]
) -> list[nodes.Node]:
    depend_on_data(directive.env)  # items may move between files
    lang = lang_of(directive.config.language)
    other = "en" if lang == "zh" else "zh"
    dl = nodes.definition_list(
        classes=["licence-definitions"], support_smartquotes=False
    )
    for item in items:
        name = item.title if isinstance(item, Owner) else item.term
        term = nodes.term("", "", ids=[f"{type(item).__name__.lower()}-{item.id}"])
        term += nodes.Text(name.get(lang))
        term += nodes.Text(" · ")
        term += nodes.emphasis(text=name.get(other))
        definition = nodes.definition()
        definition += nodes.paragraph(text=item.text.get(lang), translatable=False)
        dl += nodes.definition_list_item("", term, definition)
    return [dl]


class LicenceRules(SphinxDirective):
    """The gate's rules as a table, from the same table the gate uses."""

    def run(self) -> list[nodes.Node]:
        lang = lang_of(self.config.language)
        headers = pick(_HEADERS["rules"], lang)
        table = nodes.table(classes=["licence-rules"], support_smartquotes=False)
        group = nodes.tgroup(cols=len(headers))
        table += group
        for width in (18, 8, 37, 37):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row(headers)
        group += head
        body = nodes.tbody()
        for rule in RULES.values():
            summary = rule.summary_zh if lang == "zh" else rule.summary
            hint = rule.hint_zh if lang == "zh" else rule.hint
            body += _row((rule.code, rule.severity, summary, hint), literal_first=True)
        group += body
        return [table]


def _row(cells: tuple[str, ...], literal_first: bool = False) -> nodes.row:
    row = nodes.row()
    for index, text in enumerate(cells):
        entry = nodes.entry()
        para = nodes.paragraph(translatable=False)
        para += (
            nodes.literal(text=text)
            if literal_first and index == 0
            else nodes.Text(text)
        )
        entry += para
        row += entry
    return row
