"""The sphinx-needs configuration of the handbook, in the language being built.

The metamodel (types, fields, links) is fixed by the product: exports and
auditors' tools rely on its names, so it lives here rather than in each
project's ``conf.py``.  Labels depend on the language, which ``-D language=…``
sets only after ``conf.py`` has run: hence a ``config-inited`` handler that
runs before sphinx-needs reads its configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from ..core.model import Need
from ..core.schema import LINK_TYPES, NEED_TYPES, Lang
from ..core.vocabulary import label, lang_of

#: Fields the extension sets on needs (all plain strings), and how each is
#: read from a need of the model in the language being built.
FIELDS: dict[str, Callable[[Need, Lang], str | None]] = {
    "yaml": lambda need, _: f"{need.file}:{need.line}",
    "modality": lambda need, _: need.modality,
    "phrase": lambda need, _: need.phrase,
    "owner": lambda need, _: need.owner,
    "frequency": lambda need, _: need.frequency,
    "informative": lambda need, lang: (
        need.informative.get(lang) if need.informative else None
    ),
    "original": lambda need, lang: need.text.zh if lang == "en" else None,
}


def fields_of(need: Need, lang: Lang) -> dict[str, str]:
    """The fields ``add_need`` is given for ``need`` (those that have a value)."""
    values = {name: read(need, lang) for name, read in FIELDS.items()}
    return {name: value for name, value in values.items() if value is not None}


_COLORS = {
    "regulation": "#E8DAEF",
    "provision": "#FADBD8",
    "obligation": "#FCF3CF",
    "control": "#D5F5E3",
    "evidence": "#D6EAF8",
}
_PREFIX = {"regulation": "REG_", "provision": "SP_", "obligation": "OB_"}


def configure(app: Sphinx, config: Config) -> None:
    """Set the ``needs_*`` values for the language this build is in."""
    lang = lang_of(config.language)
    config.needs_types = [
        {
            "directive": need_type,
            "title": label(f"type.{need_type}", lang),
            "prefix": _PREFIX.get(need_type, f"{need_type[:3].upper()}_"),
            "color": _COLORS[need_type],
            "style": "node",
        }
        for need_type in NEED_TYPES
    ]
    config.needs_fields = {
        name: {
            "description": label(f"field.{name}", "en"),
            "nullable": True,
            "schema": {"type": "string"},
        }
        for name in FIELDS
    }
    config.needs_links = {
        name: {
            "outgoing": label(f"link.{name}.out", lang),
            "incoming": label(f"link.{name}.in", lang),
            "target_types": [target],
        }
        for name, (_, target) in LINK_TYPES.items()
    }
    config.needs_layouts = {"licence": _layout(lang)}
    config.needs_default_layout = "licence"
    config.needs_id_required = True
    config.needs_id_regex = r"^[A-Z][A-Z0-9_]*$"
    config.needs_flow_engine = "graphviz"
    config.needs_statuses = []
    # every need comes from YAML the loader validated, and the gate checks
    # link types with the place of the link (wrong-link-type); sphinx-needs'
    # second validation of each need cost ~2 % of a build at 5,000 needs
    config.needs_schema_validation_enabled = False


def _layout(lang: Lang) -> dict[str, Any]:
    """A card per need: type, title and ID; then our fields and the links."""
    meta = [
        f'<<meta("{name}", prefix="{_escape(label(f"field.{name}", lang))}: ")>>'
        for name in ("modality", "phrase", "owner", "frequency", "informative")
    ]
    return {
        "grid": "simple",
        "layout": {
            "head": [
                '<<meta("type_name")>>: **<<meta("title")>>** <<meta_id()>>  '
                '<<collapse_button("meta", collapsed="icon:arrow-down-circle", '
                'visible="icon:arrow-right-circle", initial=False)>>'
            ],
            "meta": [*meta, "<<meta_links_all()>>"],
        },
    }


def _escape(label: str) -> str:
    """A label as reStructuredText inline text inside a layout function string."""
    return label.replace("\\", "\\\\").replace("*", "\\\\*").replace('"', '\\"')


def setup(app: Sphinx) -> None:
    # before sphinx-needs reads its configuration (its handler runs at 500)
    app.connect("config-inited", configure, priority=1)
