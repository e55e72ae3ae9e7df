"""Directives that show data which are not needs: owners, glossary, rules.

They read the same model as the need directive, so each page depends on its
data file and is re-read when it changes.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...core.codes import CODES
from ...core.model import Owner, Term
from ...core.schema import Lang
from ...core.vocabulary import label, lang_of
from ..context import build_data, depend_on_data
from ..nodes import table
from ..owner_pages import role_page_uri


class LicenceOwners(SphinxDirective):
    """A definition list of the roles in ``needs/owners.yaml``."""

    def run(self) -> list[nodes.Node]:
        return _definitions(self, build_data(self.env).model.owners)


class LicenceGlossary(SphinxDirective):
    """The glossary: each term in the page's language, the other beside it."""

    def run(self) -> list[nodes.Node]:
        return _definitions(self, build_data(self.env).model.terms)


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
        if isinstance(item, Owner) and directive.env.app.builder.format == "html":
            definition += _owner_page_link(directive, item, lang) or []
        dl += nodes.definition_list_item("", term, definition)
    return [dl]


def _owner_page_link(
    directive: SphinxDirective, owner: Owner, lang: Lang
) -> nodes.paragraph | None:
    """The link to the role's own page (:mod:`..owner_pages`), where it has one."""
    uri = role_page_uri(directive.env.app.builder, directive.env.docname, owner.id)
    if uri is None:
        return None
    para = nodes.paragraph(translatable=False, classes=["licence-owner-link"])
    para += nodes.reference("", label("owner.page", lang), refuri=uri, internal=True)
    return para


class LicenceRules(SphinxDirective):
    """The gate's codes as a table, from the catalogue the gate uses."""

    def run(self) -> list[nodes.Node]:
        lang = lang_of(self.config.language)
        overrides = build_data(self.env).project.settings.severity
        headers = [label(f"rules.{key}", lang) for key in _RULE_COLUMNS]
        rows = [
            (
                [
                    nodes.literal(text=code.code),
                    nodes.Text(code.severity),
                    _effective(code.severity, overrides.get(code.code), lang),
                    nodes.Text(code.summary.get(lang)),
                    nodes.Text(code.hint.get(lang)),
                ],
                ["licence-overridden"] if code.code in overrides else [],
            )
            for code in CODES.values()
        ]
        return [table(headers, rows, ["licence-rules"], widths=(16, 7, 11, 33, 33))]


def _effective(default: str, override: str | None, lang: Lang) -> nodes.Node:
    """The severity this project gives a code: the default, or the override
    of ``licence_severity`` (shown as such, so that nobody misses it)."""
    if override is None:
        return nodes.Text(default)
    return nodes.strong(text=label("rules.overridden", lang, severity=override))


_RULE_COLUMNS = ("code", "default", "effective", "summary", "hint")


def setup(app: Sphinx) -> None:
    app.add_directive("licence-owners", LicenceOwners)
    app.add_directive("licence-glossary", LicenceGlossary)
    app.add_directive("licence-rules", LicenceRules)
