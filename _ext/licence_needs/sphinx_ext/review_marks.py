"""Review badges on need cards: 待复核 / Review pending, 译文待更新 / Translation
pending.

A card whose item has a suspect or not-yet-reviewed link (or is new) gets a
badge naming the upstreams that changed, and its outer element (sphinx-needs'
``need_container``) the class ``suspect``.  On the English site, an item
whose English is stale gets the class ``translation-stale``, a badge, and its
Chinese beside the English.  Done when the page is resolved, from the review
state of this build: a review (an edit of the stamp file) changes the cards'
fingerprints (:func:`licence_needs.core.incremental.fingerprints`), so the
pages showing them are written again.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..core.model import Need
from ..core.schema import Lang
from ..core.vocabulary import label, lang_of
from .context import build_data


def _badge(classes: list[str], text: str, detail: str) -> nodes.paragraph:
    para = nodes.paragraph(classes=["licence-review-badge", *classes])
    para["translatable"] = False
    para += nodes.strong(text=text)
    if detail:
        para += nodes.Text(f" {detail}")
    return para


def _original(need: Need) -> list[nodes.Element]:
    """The item's Chinese, beside its stale English."""
    para = nodes.paragraph(classes=["licence-original", "language-zh-CN"])
    para["translatable"] = False
    para += nodes.strong(text=f"{label('field.original', 'en')}: ")
    para += nodes.Text(f"{need.title.zh}：{need.text.zh}")
    return [para]


def mark_cards(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """``doctree-resolved``: classes and badges on cards awaiting review."""
    build = build_data(app.env)
    review = build.review.review
    if not review.in_use:
        return
    lang: Lang = lang_of(app.config.language)
    for card in doctree.findall(nodes.container):
        if "need_container" not in card["classes"]:
            continue
        table = next(iter(card.findall(nodes.table)), None)
        need_id = table["ids"][0] if table is not None and table["ids"] else ""
        need = build.model.index.get(need_id)
        if need is None:
            continue
        badges: list[nodes.Element] = []
        if review.needs_review(need_id):
            card["classes"].append("suspect")
            upstreams = review.suspect_upstreams(need_id)
            detail = (
                label("review.changed", lang, ids=", ".join(upstreams))
                if upstreams
                else label("review.new", lang)
            )
            badges.append(
                _badge(["licence-suspect"], label("review.pending", lang), detail)
            )
        if lang == "en" and review.translation_stale(need_id):
            card["classes"].append("translation-stale")
            badges.append(
                _badge(
                    ["licence-translation-stale"],
                    label("review.translation_pending", lang),
                    f"({label('review.translation_pending', 'zh')}): "
                    + label("review.translation_note", lang),
                )
            )
            if need.type not in ("provision", "regulation"):  # those show it always
                card.extend(_original(need))
        for badge in reversed(badges):
            card.insert(0, badge)


def setup(app: Sphinx) -> None:
    # after sphinx-needs renders the cards (its own handler runs at 500)
    app.connect("doctree-resolved", mark_cards, priority=610)
