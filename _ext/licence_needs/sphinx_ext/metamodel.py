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

from ..core.assessments import expires
from ..core.fingerprint import fingerprint
from ..core.model import Model, Need
from ..core.schema import LINK_TYPES, NEED_TYPES, Lang
from ..core.vocabulary import label, lang_of, value_label
from ..derived.assurance import Assurance

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
    # what a review is checked against (needs/README.md, "Change control")
    "fingerprint": lambda need, _: fingerprint(need),
    "collected": lambda need, _: str(need.collected) if need.collected else None,
    "current_until": lambda need, _: (
        str(until) if (until := expires(need)) is not None else None
    ),
}


#: Fields read from the whole model as of the build date (the assurance read
#: model), not from the need alone.  They are set on every need just before
#: sphinx-needs resolves them (:mod:`.model_fields`), not when a page is read:
#: a control's level depends on its evidence, assessments and waivers in
#: other files, and a page placing controls would otherwise be read again
#: whenever any of those changed.  ``assurance`` is the level's English name
#: in both languages (needs.json and tools rely on it; cards show it as
#: words, :mod:`.value_labels`).
MODEL_FIELDS: dict[str, Callable[[Need, Lang, Assurance], str | None]] = {
    "assurance": lambda need, _, levels: levels.level(need),
    "assessed": lambda need, lang, levels: _assessed(need, lang, levels),
    "next_assessment": lambda need, _, levels: (
        str(levels.controls[need.id].due)
        if need.id in levels.controls and levels.controls[need.id].due
        else None
    ),
}


def _assessed(need: Need, lang: Lang, levels: Assurance) -> str | None:
    """A control's latest assessment in words: date, result, assessor, record."""
    found = levels.controls.get(need.id)
    if found is None or found.latest is None:
        return None
    record = found.latest
    return label(
        "card.assessed",
        lang,
        date=record.date,
        result=value_label("result", record.result, lang),
        assessor=record.assessor.get(lang),
        id=record.id,
    )


def fields_of(need: Need, lang: Lang) -> dict[str, str]:
    """The fields ``add_need`` is given for ``need`` (those that have a value)."""
    values = {name: read(need, lang) for name, read in FIELDS.items()}
    return {name: value for name, value in values.items() if value is not None}


def model_fields_of(need: Need, lang: Lang, levels: Assurance) -> dict[str, str | None]:
    """The :data:`MODEL_FIELDS` of ``need``, each one (``None``: no value)."""
    return {name: read(need, lang, levels) for name, read in MODEL_FIELDS.items()}


def derived_values(model: Model, levels: Assurance) -> dict[str, object]:
    """Per need ID, its :data:`MODEL_FIELDS` for its fingerprint, in one
    language (a fingerprint compares a build with the last of the same
    language, and the values differ between languages only in words)."""
    return {
        need.id: tuple(model_fields_of(need, "en", levels).items())
        for need in model.needs
        if need.id and need.origin == "yaml"
    }


#: how sphinx-needs is told a value is plain text (no functions, no variants)
PLAIN_VALUES: dict[str, Any] = {
    "parse_dynamic_functions": False,
    "parse_variants": False,
}

#: each need type's colour: on the cards, and in the PDF's trace diagrams
COLORS = {
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
            "color": COLORS[need_type],
            "style": "node",
        }
        for need_type in NEED_TYPES
    ]
    # YAML text is plain text: sphinx-needs would run ``[[copy(…)]]`` in a
    # title or a field (showing another need's words) and stop the build on a
    # lone ``[[``; variants (``<<…>>``) likewise.  Off for every field the
    # extension sets, the core title included, and every link.
    config.needs_parse_dynamic_functions = False
    config.needs_fields = {
        "title": PLAIN_VALUES,
        **{
            name: {
                "description": label(f"field.{name}", "en"),
                "nullable": True,
                "schema": {"type": "string"},
                **PLAIN_VALUES,
            }
            for name in (*FIELDS, *MODEL_FIELDS)
        },
    }
    config.needs_links = {
        name: {
            "outgoing": label(f"link.{name}.out", lang),
            "incoming": label(f"link.{name}.in", lang),
            "target_types": [target],
            **PLAIN_VALUES,
        }
        for name, (_, target) in LINK_TYPES.items()
    }
    config.needs_layouts = {
        LAYOUT: _layout(lang, CARD_FIELDS),
        **{
            f"{LAYOUT}-{need_type}": _layout(lang, fields)
            for need_type, fields in TYPE_FIELDS.items()
        },
    }
    config.needs_default_layout = LAYOUT
    config.needs_id_required = True
    config.needs_id_regex = r"^[A-Z][A-Z0-9_]*$"
    config.needs_flow_engine = "graphviz"
    config.needs_statuses = []
    # every need comes from YAML the loader validated, and the gate checks
    # link types with the place of the link (wrong-link-type); sphinx-needs'
    # second validation of each need cost ~2 % of a build at 5,000 needs
    config.needs_schema_validation_enabled = False


#: a card's field lines, in order (a line shows only when the need has a value)
CARD_FIELDS = (
    "modality",
    "phrase",
    "owner",
    "frequency",
    "informative",
    "assurance",
    "assessed",
    "next_assessment",
    "collected",
    "current_until",
)
#: the lines a need of each type can fill.  sphinx-needs renders every line
#: of a card's layout, filled or not (about a millisecond each at 5,000
#: needs), so each type has a layout of its own lines; a need with a value
#: for another line gets the layout of all of them (:func:`card_layout`).
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "regulation": (),
    "provision": ("informative",),
    "obligation": ("modality", "phrase", "assurance"),
    "control": ("owner", "frequency", "assurance", "assessed", "next_assessment"),
    "evidence": ("collected", "current_until"),
}
#: the layout of every line (pages' own needs, and any need not in TYPE_FIELDS)
LAYOUT = "licence"


def card_layout(need_type: str, filled: set[str]) -> str:
    """The layout for a card of ``need_type`` whose ``filled`` lines have values."""
    if need_type in TYPE_FIELDS and filled <= set(TYPE_FIELDS[need_type]):
        return f"{LAYOUT}-{need_type}"
    return LAYOUT


def _layout(lang: Lang, fields: tuple[str, ...]) -> dict[str, Any]:
    """A card: type, title and ID; then ``fields`` and the links."""
    meta = [
        f'<<meta("{name}", prefix="{_escape(label(f"field.{name}", lang))}: ")>>'
        for name in fields
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
