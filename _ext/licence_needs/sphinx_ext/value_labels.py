"""Show coded field values as words in the page's language.

The data keeps codes (``modality: duty``, ``owner: legal_counsel``) so that
``needs.json`` and the exports stay stable across languages; a reader should
see 义务 or "Legal counsel".  sphinx-needs renders field values as text when
it resolves a page; this pass, run just after it, swaps the codes for labels.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..core.schema import ASSURANCE_LEVELS, FREQUENCIES, MODALITIES
from ..core.vocabulary import lang_of, value_label
from .context import build_data

#: the coded fields whose values are shown as words, with their codes
CODED = {
    "modality": MODALITIES,
    "frequency": FREQUENCIES,
    "assurance": ASSURANCE_LEVELS,
}


def label_values(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """``doctree-resolved``: replace coded values in need cards by their labels."""
    lang = lang_of(app.config.language)
    labels = {
        field: {code: value_label(field, code, lang) for code in codes}
        for field, codes in CODED.items()
    }
    labels["owner"] = {
        o.id: o.title.get(lang) for o in build_data(app.env).model.owners
    }
    by_class = {f"needs_{field}": names for field, names in labels.items()}
    cards = (
        c for c in doctree.findall(nodes.container) if "need_container" in c["classes"]
    )
    for card in cards:  # one pass over the cards, not three over the page
        for container in card.findall(nodes.inline):
            names = next(
                (by_class[c] for c in container["classes"] if c in by_class), None
            )
            if names is None:
                continue
            for data in container.findall(nodes.inline):
                if "needs_data" not in data["classes"]:
                    continue
                for text in list(data.findall(nodes.Text)):
                    if str(text) in names:
                        text.parent.replace(text, nodes.Text(names[str(text)]))


def setup(app: Sphinx) -> None:
    # after sphinx-needs renders the cards (its own handler runs at 500)
    app.connect("doctree-resolved", label_values, priority=600)
