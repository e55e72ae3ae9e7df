"""The fields a card reads from the whole model, and its layout: set once,
after reading.

A control's assurance level, its latest assessment and when the next one is
due (:data:`.metamodel.MODEL_FIELDS`) depend on its evidence, on the
assessments, on the waivers and on the build date, all held outside the
page that places the control.  Set when the page is read, they made that
page depend on every such file, and an edit of one control re-read nearly
every page.  Set here instead, on every need, just before sphinx-needs
resolves the needs (``needs-before-post-processing``): after the reading,
parallel or not, and before any card, table or ``needs.json`` is written.
Which pages must be written again is then the fingerprints' business: each
need's fingerprint holds these values (:func:`.metamodel.derived_values`), so a
need whose level changed is rewritten like one whose text changed.

The card's layout is chosen here too, when every line's value is known:
its type's lines only (:data:`.metamodel.TYPE_FIELDS`), or all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx

from ..core.vocabulary import lang_of
from .context import build_data
from .metamodel import CARD_FIELDS, card_layout, model_fields_of


def set_model_fields(app: Sphinx, needs: Mapping[str, Any]) -> None:
    """``needs-before-post-processing``: the model fields of every placed need,
    from this build's data (a need kept from the last build is set afresh)."""
    build = build_data(app.env)
    lang = lang_of(app.config.language)
    levels, index = build.assurance, build.model.index
    for need_id, item in needs.items():
        need = index.get(need_id)
        if need is None or need.origin != "yaml":
            continue
        for name, value in model_fields_of(need, lang, levels).items():
            item[name] = value
        # now that every line's value is known: the card's layout
        filled = {name for name in CARD_FIELDS if item[name]}
        item["layout"] = card_layout(need.type, filled)


def setup(app: Sphinx) -> None:
    app.connect("needs-before-post-processing", set_model_fields)
