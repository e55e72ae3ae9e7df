"""Every label the extension shows, in both languages.

sphinx-needs translates none of its own labels (type names, link names, field
names); the metamodel below gives it ours in the page's language, and the
values of the enumerated fields are shown through :data:`VALUES`.
"""

from __future__ import annotations

from .model import Lang

#: need type → (zh, en) title, as shown before each need and in tables
TYPE_TITLES: dict[str, tuple[str, str]] = {
    "regulation": ("法规", "Regulation"),
    "provision": ("条款", "Provision"),
    "obligation": ("义务", "Obligation"),
    "control": ("控制措施", "Control"),
    "evidence": ("证据", "Evidence"),
}

#: link → ((zh outgoing, zh incoming), (en outgoing, en incoming))
LINK_LABELS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "cites": (("引用法规", "被引用于"), ("cites", "cited by")),
    "derives_from": (("来源条款", "派生义务"), ("derives from", "obligations")),
    "implements": (("实施义务", "实施控制"), ("implements", "implemented by")),
    "evidenced_by": (("证据", "证明控制"), ("evidenced by", "evidence for")),
    "refers_to": (
        ("所指法规（本手册解读）", "被指向于"),
        ("refers to (the handbook's reading)", "referred to by"),
    ),
    "complies_with": (
        ("落实法规（本手册解读）", "落实控制"),
        ("complies with (the handbook's reading)", "met by controls"),
    ),
}

#: field → (zh, en) label
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "modality": ("类型", "Modality"),
    "phrase": ("原文", "Licence wording"),
    "owner": ("负责人", "Owner"),
    "frequency": ("频率", "Frequency"),
    "informative": ("说明性条款", "Informative"),
    "yaml": ("数据来源", "Source"),
    "original": ("中文原文（具有法律效力）", "Chinese original (authoritative)"),
}

#: field → value → (zh, en) label shown for it
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "modality": {"duty": ("义务", "duty"), "prohibition": ("禁止", "prohibition")},
    "frequency": {
        "continuous": ("持续", "continuous"),
        "per_event": ("按事件", "per event"),
        "daily": ("每日", "daily"),
        "weekly": ("每周", "weekly"),
        "monthly": ("每月", "monthly"),
        "quarterly": ("每季度", "quarterly"),
        "semiannual": ("每半年", "semi-annual"),
        "annual": ("每年", "annual"),
    },
}


def lang_of(language: str | None) -> Lang:
    """The data language for a Sphinx ``language`` (zh_CN → zh, en → en)."""
    if language and language.lower().startswith("zh"):
        return "zh"
    if language and language.lower().startswith("en"):
        return "en"
    raise ValueError(
        f"the handbook is built in zh_CN or en, not {language!r}: "
        "set language = 'zh_CN' in conf.py or pass -D language=en"
    )


def pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


#: licence status → (zh, en)
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "valid": ("有效", "valid"),
    "renewal-window-open": ("续办窗口已开启", "renewal window open"),
    "renewal-deadline-passed": ("续办申请期限已过", "renewal deadline passed"),
    "expired": ("已过期", "expired"),
}


def value_label(field: str, code: str | None, lang: Lang) -> str:
    """The word for a coded value (``duty`` → 义务); an unknown code as it is."""
    if code is None:
        return ""
    return pick(VALUES[field][code], lang) if code in VALUES.get(field, {}) else code
