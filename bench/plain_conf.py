"""A plain sphinx-needs project with the handbook's metamodel (benchmark)."""

from sphinx.application import Sphinx
from sphinx.config import Config

project = "Plain sphinx-needs (benchmark)"
language = "zh_CN"
extensions = ["myst_parser", "sphinx_needs"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]

needs_build_json = True
needs_reproducible_json = True
needs_id_required = True
needs_id_regex = r"^[A-Z][A-Z0-9_]*$"
needs_flow_engine = "graphviz"
needs_statuses = []

html_theme = "furo"
html_title = project
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False

_TYPES = {
    "regulation": (("法规", "Regulation"), "REG_", "#E8DAEF"),
    "provision": (("条款", "Provision"), "SP_", "#FADBD8"),
    "obligation": (("义务", "Obligation"), "OB_", "#FCF3CF"),
    "control": (("控制措施", "Control"), "CON_", "#D5F5E3"),
    "evidence": (("证据", "Evidence"), "EVI_", "#D6EAF8"),
}
_LINKS = {
    "cites": ((("引用法规", "被引用于"), ("cites", "cited by")), "regulation"),
    "derives_from": (
        (("来源条款", "派生义务"), ("derives from", "obligations")),
        "provision",
    ),
    "implements": (
        (("实施义务", "实施控制"), ("implements", "implemented by")),
        "obligation",
    ),
    "evidenced_by": (
        (("证据", "证明控制"), ("evidenced by", "evidence for")),
        "evidence",
    ),
}
_FIELDS = {
    "yaml": "Source",
    "modality": "Modality",
    "phrase": "Licence wording",
    "owner": "Owner",
    "frequency": "Frequency",
    "informative": "Informative",
    "original": "Chinese original (authoritative)",
}


def _metamodel(_app: Sphinx, config: Config) -> None:
    """Labels in the language being built, as the handbook's extension sets them."""
    en = not config.language.startswith("zh")
    config.needs_types = [
        {
            "directive": name,
            "title": titles[en],
            "prefix": prefix,
            "color": color,
            "style": "node",
        }
        for name, (titles, prefix, color) in _TYPES.items()
    ]
    config.needs_fields = {
        name: {"description": text, "nullable": True, "schema": {"type": "string"}}
        for name, text in _FIELDS.items()
    }
    config.needs_links = {
        name: {
            "outgoing": labels[en][0],
            "incoming": labels[en][1],
            "target_types": [target],
        }
        for name, (labels, target) in _LINKS.items()
    }


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _metamodel, priority=1)
