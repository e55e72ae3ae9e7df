"""Synthetic handbook data, and the two projects the benchmark builds from it.

The benchmark needs a handbook far larger than the real one (a few hundred
needs) to show how the pipeline scales, and a plain sphinx-needs project
holding exactly the same needs to show what the pipeline costs on top of
sphinx-needs.  Both come from one :class:`Dataset`, generated from a seed so
that every run (and every machine) builds the same bytes.

- :func:`write_pipeline` writes a copy of the handbook (``conf.py``, ``_ext/``,
  ``locale/``, ``source/``'s static files and templates) whose ``needs/`` is the
  synthetic data in the real format (``needs/README.md``) and whose pages place
  it with ``licence-needs``.
- :func:`write_plain` writes a plain sphinx-needs project: the same needs as
  MyST directives, one source tree per language, the same metamodel in its own
  ``conf.py``, and the same tables.

Run it alone to look at the data: ``python bench/generate.py 1000 /tmp/x``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "_ext"))
from licence_needs.core.schema import FREQUENCIES  # noqa: E402 - the real format's values

#: What the pipeline's project copies from the repository.
COPIED = ("conf.py", "_ext", "locale", "source")

#: Share of each need type; the rest of the size goes to evidence.
PROPORTIONS = {"provision": 0.10, "obligation": 0.35, "control": 0.30}
#: Files (and pages) hold at most this many needs each (0: one per type).
DEFAULT_CHUNK = 500
#: The as-of date of every build (2026-01-01T00:00:00Z), inside the licence.
SOURCE_DATE_EPOCH = "1767225600"

_SECTIONS = {
    "provision": ("provisions", "条款", "Provisions"),
    "obligation": ("obligations", "义务", "Obligations"),
    "control": ("controls", "控制措施", "Controls"),
    "evidence": ("evidence", "证据", "Evidence"),
}
_DOMAINS = ("GOV", "SEC", "NET", "USR", "DAT", "LIC", "OPS", "SVC", "QOS", "NUM")
_OWNERS = (
    ("ceo", "总经理", "Chief Executive Officer"),
    (
        "security_officer",
        "网络与信息安全负责人",
        "Network and information security officer",
    ),
    ("licence_manager", "许可证管理专员", "Licence administrator"),
    ("legal_counsel", "法务负责人", "Legal counsel"),
    ("noc_manager", "网络运维中心经理", "Network operations centre manager"),
    (
        "privacy_officer",
        "个人信息保护负责人",
        "Personal information protection officer",
    ),
    ("customer_service", "客户服务部经理", "Customer service manager"),
    ("product_manager", "产品负责人", "Head of product"),
    ("hr_manager", "人力资源经理", "Human resources manager"),
    ("finance_manager", "财务经理", "Finance manager"),
    ("internal_audit", "内部审计负责人", "Head of internal audit"),
    ("data_officer", "数据安全负责人", "Data security officer"),
)
_ZH_WORDS = (
    "公司",
    "按照",
    "电信主管部门",
    "要求",
    "建立健全",
    "网络与信息安全",
    "管理制度",
    "用户",
    "个人信息",
    "保护",
    "备案",
    "登记",
    "定期",
    "开展",
    "风险评估",
    # not 应急预案: filler must hold no duty marker (应), or every provision
    # would be reported duty-unaccounted
    "处置预案",
    "技术手段",
    "记录",
    "保存",
    "日志",
    "不少于六个月",
    "业务",
    "经营",
    "许可证",
    "年报",
    "报送",
    "及时",
    "更新",
    "负责人",
    "专职人员",
    "培训",
    "审计",
    "整改",
    "台账",
    "码号资源",
    "资费",
    "服务质量",
    "投诉",
    "处理",
    "数据",
    "跨境传输",
    "安全评估",
    "系统",
    "运行",
    "维护",
    "监测",
    "安全事件",
    "报告",
    "合作方",
    "合同",
    "监督检查",
    "每季度",
    "每年",
    "书面材料",
    "相关标准",
    "业务开展地",
    "有关规定",
    "落实",
    "制定",
    "审批",
)
_EN_WORDS = (
    "the",
    "company",
    "shall",
    "in",
    "accordance",
    "with",
    "requirements",
    "of",
    "telecommunications",
    "regulatory",
    "authority",
    "establish",
    "and",
    "maintain",
    "network",
    "information",
    "security",
    "management",
    "system",
    "users",
    "personal",
    "data",
    "protection",
    "filing",
    "registration",
    "regularly",
    "carry",
    "out",
    "risk",
    "assessment",
    "emergency",
    "response",
    "plan",
    "technical",
    "measures",
    "logs",
    "kept",
    "for",
    "at",
    "least",
    "six",
    "months",
    "service",
    "licence",
    "annual",
    "report",
    "submitted",
    "promptly",
    "updated",
    "officer",
    "full-time",
    "staff",
    "training",
    "audit",
    "remediation",
    "register",
    "numbering",
    "resources",
    "tariffs",
    "quality",
    "complaints",
    "handled",
    "cross-border",
    "transfer",
    "monitoring",
    "incidents",
    "partners",
    "contracts",
    "inspection",
    "every",
    "quarter",
    "year",
    "written",
    "records",
    "relevant",
    "standards",
    "approval",
    "where",
    "operates",
)


@dataclass
class Need:
    """One generated need: what a YAML item and a MyST directive both say."""

    type: str
    id: str
    title_zh: str
    title_en: str
    text_zh: str
    text_en: str
    derives_from: str = ""
    modality: str = ""
    phrase: str = ""
    owner: str = ""
    frequency: str = ""
    trigger: list[str] = field(default_factory=list)  # YAML lines, indented
    last_reviewed: str = ""
    review_months: int = 0
    informative: tuple[str, str] | None = None
    implements: list[str] = field(default_factory=list)
    evidenced_by: list[str] = field(default_factory=list)


@dataclass
class Dataset:
    """The needs of one size, split into files (one page each), and the owners."""

    size: int
    needs: list[Need]
    files: list[tuple[str, list[Need]]]  # (stem, needs), e.g. ("controls-02", …)
    owners: tuple[tuple[str, str, str], ...] = _OWNERS

    @property
    def edit_target(self) -> Need:
        """The control whose title the one-control edit changes: the middle one."""
        controls = [n for n in self.needs if n.type == "control"]
        return controls[len(controls) // 2]

    def counts(self) -> dict[str, int]:
        """Needs per type, to print beside the timings (they mean little alone)."""
        result: dict[str, int] = {}
        for need in self.needs:
            result[need.type] = result.get(need.type, 0) + 1
        return result


# -- text ----------------------------------------------------------------------


def _zh(rng: random.Random, low: int, high: int, *, end: str = "。") -> str:
    """Chinese prose of ``low``–``high`` characters, clauses split by commas."""
    target = rng.randint(low, high) - len(end)
    parts: list[str] = []
    length = -1  # no comma before the first clause
    while length < target:
        clause = "".join(rng.choice(_ZH_WORDS) for _ in range(rng.randint(2, 5)))
        parts.append(clause)
        length += len(clause) + 1
    text = "，".join(parts)[:target]
    return (text[:-1] + "等" if text.endswith("，") else text) + end


def _en(rng: random.Random, low: int, high: int, *, end: str = ".") -> str:
    """English prose of ``low``–``high`` characters, cut at a word boundary."""
    target = rng.randint(low, high) - len(end)
    words: list[str] = []
    length = -1
    while length < target + 20:
        word = rng.choice(_EN_WORDS)
        if words and rng.random() < 0.08:
            words[-1] += ","
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)[:target].rsplit(" ", 1)[0].rstrip(",")
    while len(text) < low - len(end):  # a cut word left it short: pad
        text += " " + rng.choice(_EN_WORDS)
    return text[0].upper() + text[1:] + end


def _title_zh(rng: random.Random) -> str:
    return _zh(rng, 6, 18, end="")


def _title_en(rng: random.Random) -> str:
    return _en(rng, 20, 70, end="")


# -- data ----------------------------------------------------------------------


def generate(size: int, *, seed: int = 2648, chunk: int = DEFAULT_CHUNK) -> Dataset:
    """The needs of a handbook of ``size`` needs that passes the gate.

    Every link resolves, every non-informative provision has obligations,
    every obligation is implemented by a control, every control has an owner
    and evidence, and every evidence item is used: the builds and
    ``make check`` must succeed, or the benchmark would time error paths.
    """
    rng = random.Random(seed)
    n_prov = max(2, round(size * PROPORTIONS["provision"]))
    n_ob = max(n_prov, round(size * PROPORTIONS["obligation"]))
    n_ctl = max(1, min(n_ob, round(size * PROPORTIONS["control"])))
    n_ev = max(1, min(n_ctl, size - n_prov - n_ob - n_ctl))

    # provisions: about 5% informative (title blocks and the like)
    n_inf = max(1, n_prov // 20)
    informative = set(rng.sample(range(n_prov), n_inf))
    duty_provisions = [i for i in range(n_prov) if i not in informative]
    per_provision = dict.fromkeys(duty_provisions, 1)
    for _ in range(n_ob - len(duty_provisions)):
        per_provision[rng.choice(duty_provisions)] += 1

    provisions: list[Need] = []
    obligations: list[Need] = []
    for i in range(n_prov):
        number = i + 1
        pid = f"SP_{number:04d}"
        phrases = []
        for k in range(per_provision.get(i, 0)):
            modality = "prohibition" if rng.random() < 0.2 else "duty"
            verb = "不得" if modality == "prohibition" else "应当"
            phrase = verb + _zh(rng, 6, 14, end="")
            phrases.append(phrase)
            obligations.append(
                Need(
                    type="obligation",
                    id=f"OB_{number:04d}_{k + 1}",
                    title_zh=_title_zh(rng),
                    title_en=_title_en(rng),
                    text_zh=_zh(rng, 40, 200),
                    text_en=_en(rng, 60, 300),
                    derives_from=pid,
                    modality=modality,
                    phrase=phrase,
                    trigger=_trigger(rng),
                )
            )
        # the provision's words hold its obligations' phrases verbatim
        body = "，".join(phrases)
        room = 200 - len(body) - len(f"（{number}）你公司，。")
        low = max(4, 42 - len(body))
        filler = _zh(rng, min(low, room), max(min(low, room), min(120, room)), end="")
        text_zh = f"（{number}）你公司{body + '，' if body else ''}{filler}。"
        provisions.append(
            Need(
                type="provision",
                id=pid,
                title_zh=f"特别规定事项（{number}）",
                title_en=f"Special provision ({number})",
                text_zh=text_zh,
                text_en=f"({number}) " + _en(rng, 56, 292),
                informative=(
                    ("标题栏，不设义务。", "Title block; imposes no duty.")
                    if i in informative
                    else None
                ),
            )
        )

    controls: list[Need] = []
    for i in range(n_ctl):
        domain = _DOMAINS[i % len(_DOMAINS)]
        controls.append(
            Need(
                type="control",
                id=f"CTL_{domain}_{i + 1:04d}",
                title_zh=_title_zh(rng),
                title_en=_title_en(rng),
                text_zh=_zh(rng, 40, 200),
                text_en=_en(rng, 60, 300),
                owner=rng.choice(_OWNERS)[0],
                frequency=rng.choice(FREQUENCIES),
                # reviewed in 2025, every year or half-year: none overdue on
                # the as-of day (2026-01-01)
                last_reviewed=f"2025-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d}",
                review_months=rng.choice((6, 12, 12, 12, 24)),
            )
        )
    # every obligation covered; a third of the controls cover one more
    order = list(range(n_ob))
    rng.shuffle(order)
    for position, ob_index in enumerate(order):
        controls[position % n_ctl].implements.append(obligations[ob_index].id)
    for control in controls:
        if rng.random() < 0.3:
            extra = rng.choice(obligations).id
            if extra not in control.implements:
                control.implements.append(extra)

    evidence: list[Need] = []
    for i in range(n_ev):
        domain = _DOMAINS[i % len(_DOMAINS)]
        evidence.append(
            Need(
                type="evidence",
                id=f"EV_{domain}_{i + 1:04d}",
                title_zh=_title_zh(rng),
                title_en=_title_en(rng),
                text_zh=_zh(rng, 40, 200),
                text_en=_en(rng, 60, 300),
            )
        )
    # every evidence item used; every control evidenced (some by two items)
    for position, item in enumerate(evidence):
        controls[position % n_ctl].evidenced_by.append(item.id)
    for control in controls:
        if not control.evidenced_by or rng.random() < 0.2:
            extra = rng.choice(evidence).id
            if extra not in control.evidenced_by:
                control.evidenced_by.append(extra)

    needs = [*provisions, *obligations, *controls, *evidence]
    files: list[tuple[str, list[Need]]] = []
    for need_type, items in (
        ("provision", provisions),
        ("obligation", obligations),
        ("control", controls),
        ("evidence", evidence),
    ):
        section = _SECTIONS[need_type][0]
        for index, part in enumerate(_chunks(items, chunk), start=1):
            files.append((f"{section}-{index:02d}", part))
    return Dataset(size=len(needs), needs=needs, files=files)


def _trigger(rng: random.Random) -> list[str]:
    """When an obligation falls due, as YAML lines: mostly standing duties,
    then duties on an event, yearly ones, and a few dated by the licence."""
    kind = rng.choices(("standing", "event", "periodic", "dated"), (50, 25, 20, 5))[0]
    if kind == "standing":
        return ["    trigger: {kind: standing}"]
    if kind == "periodic":
        month = rng.randint(1, 10)
        return [
            "    trigger:",
            "      kind: periodic",
            "      every: year",
            f'      from: "{month:02d}-01"',
            f'      by: "{month + 2:02d}-28"',
        ]
    if kind == "dated":
        return ["    trigger: {kind: dated, before_expiry: 90}"]
    return [
        "    trigger:",
        "      kind: event",
        "      event:",
        f"        zh: {_scalar(_zh(rng, 8, 24, end=''))}",
        f"        en: {_scalar(_en(rng, 20, 60, end=''))}",
        f"      within: {rng.choice((5, 10, 15, 30, 60))}",
        f"      unit: {rng.choice(('days', 'working_days'))}",
    ]


def _chunks(items: Sequence[Need], chunk: int) -> Iterator[list[Need]]:
    """``items`` in nearly equal runs of at most ``chunk`` (one run if 0)."""
    count = 1 if chunk <= 0 else max(1, math.ceil(len(items) / chunk))
    step = len(items) / count
    for k in range(count):
        yield list(items[round(k * step) : round((k + 1) * step)])


# -- the pipeline's project ------------------------------------------------------


def _scalar(value: str) -> str:
    """A YAML scalar: plain when it is safe to be, JSON-quoted otherwise."""
    if re.search(r"(: |\s#|^[-?:,\[\]{}#&*!|>'\"%@`\s]|\s$)", value) or not value:
        return json.dumps(value, ensure_ascii=False)
    return value


def _yaml_text(key: str, zh: str, en: str) -> list[str]:
    return [f"    {key}:", f"      zh: {_scalar(zh)}", f"      en: {_scalar(en)}"]


def yaml_file(needs: Sequence[Need], *, licence: bool = False) -> str:
    """One data file in the handbook's format (``needs/README.md``)."""
    section = _SECTIONS[needs[0].type][0]
    lines = [f"# Synthetic {section} for the benchmark (bench/generate.py).", ""]
    lines.append(f"{section}:")
    for need in needs:
        lines.append(f"  - id: {need.id}")
        if need.type == "obligation":
            lines += [
                f"    derives_from: {need.derives_from}",
                f"    modality: {need.modality}",
                f"    phrase: {_scalar(need.phrase)}",
                *need.trigger,
            ]
        lines += _yaml_text("title", need.title_zh, need.title_en)
        lines += _yaml_text("text", need.text_zh, need.text_en)
        if need.informative:
            lines += _yaml_text("informative", *need.informative)
        if need.type == "control":
            lines += [
                f"    owner: {need.owner}",
                f"    frequency: {need.frequency}",
                f"    last_reviewed: {need.last_reviewed}",
                f"    review_interval_months: {need.review_months}",
                f"    implements: [{', '.join(need.implements)}]",
                f"    evidenced_by: [{', '.join(need.evidenced_by)}]",
            ]
        lines.append("")
    if licence:
        lines += [
            "# The licence's number and dates (valid on the benchmark's as-of day).",
            "licence:",
            "  number: B2-20192648",
            "  issued: 2024-06-26",
            "  expires: 2029-06-26",
            "",
        ]
    return "\n".join(lines)


def owners_file() -> str:
    """``owners.yaml``: the roles the controls name (the gate checks them)."""
    lines = ["# Roles that own controls (synthetic).", "", "owners:"]
    for ident, zh, en in _OWNERS:
        lines.append(f"  - id: {ident}")
        lines += _yaml_text("title", zh, en)
        lines += _yaml_text("text", f"{zh}负责其职责范围内的控制措施。", f"The {en}.")
        lines.append("")
    return "\n".join(lines)


def _page_title(stem: str, lang: str) -> str:
    kind, number = stem.rsplit("-", 1)
    names = {section: (zh, en) for section, zh, en in _SECTIONS.values()}
    zh, en = names[kind]
    return f"{zh}（{int(number)}）" if lang == "zh" else f"{en} ({int(number)})"


_CONTROL_TABLE = """```{needtable}
:types: control
:columns: id;title;owner;frequency;implements;evidenced_by
:style: table
```
"""


def _index(stems: Sequence[str], lang: str) -> str:
    title = "合规手册（基准测试）" if lang == "zh" else "Handbook (benchmark)"
    toc = "\n".join([*stems, "matrix", "control-table"])
    return f"# {title}\n\n```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n"


def write_pipeline(data: Dataset, root: Path) -> Path:
    """The handbook with ``data`` as its ``needs/``; returns the project root."""
    root.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.mo")
    for name in COPIED:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name, ignore=ignore)
        else:
            shutil.copy2(REPO / name, root / name)
    source = root / "source"
    for page in source.rglob("*.md"):  # the repo's pages place the real data
        page.unlink()
    needs = root / "needs"
    needs.mkdir()
    last_provisions = [s for s, part in data.files if part[0].type == "provision"][-1]
    for stem, part in data.files:
        text = yaml_file(part, licence=stem == last_provisions)
        (needs / f"{stem}.yaml").write_text(text, encoding="utf-8")
        (source / f"{stem}.md").write_text(
            f"# {_page_title(stem, 'zh')}\n\n本页列出合成数据。\n\n"
            f"```{{licence-needs}} {stem}.yaml\n```\n",
            encoding="utf-8",
        )
    (needs / "owners.yaml").write_text(owners_file(), encoding="utf-8")
    stems = [stem for stem, _ in data.files]
    (source / "index.md").write_text(_index(stems, "zh"), encoding="utf-8")
    (source / "matrix.md").write_text(
        "# 追溯矩阵\n\n```{licence-view} matrix\n```\n", encoding="utf-8"
    )
    (source / "control-table.md").write_text(
        f"# 控制措施一览\n\n{_CONTROL_TABLE}", encoding="utf-8"
    )
    return root


# -- the plain sphinx-needs project ------------------------------------------------


_PLAIN_MATRIX = """```{needtable}
:types: obligation
:columns: derives_from;id;title;modality;implements_back
:style: table
```
"""


def _directive(need: Need, lang: str) -> str:
    """One need as a MyST directive, in one language."""
    title = need.title_zh if lang == "zh" else need.title_en
    options = [f":id: {need.id}"]
    for name, value in (
        ("derives_from", need.derives_from),
        ("modality", need.modality),
        ("phrase", need.phrase),
        ("owner", need.owner),
        ("frequency", need.frequency),
        ("implements", ", ".join(need.implements)),
        ("evidenced_by", ", ".join(need.evidenced_by)),
        ("informative", need.informative[lang == "en"] if need.informative else ""),
        ("original", need.text_zh if lang == "en" else ""),
    ):
        if value:
            options.append(f":{name}: {value}")
    body = need.text_zh if lang == "zh" else need.text_en
    if lang == "en" and need.type == "provision":
        body += f"\n\n**Chinese original (authoritative)**: {need.text_zh}"
    return f"```{{{need.type}}} {title}\n" + "\n".join(options) + f"\n\n{body}\n```\n"


def plain_source(root: Path, language: str) -> Path:
    """The plain project's source tree for a Sphinx ``language``."""
    return root / ("source" if language.startswith("zh") else "source_en")


def write_plain(data: Dataset, root: Path) -> Path:
    """The plain sphinx-needs project of ``data``; returns the project root."""
    root.mkdir(parents=True)
    shutil.copy2(Path(__file__).with_name("plain_conf.py"), root / "conf.py")
    stems = [stem for stem, _ in data.files]
    for lang, language in (("zh", "zh_CN"), ("en", "en")):
        source = plain_source(root, language)
        source.mkdir()
        for stem, part in data.files:
            directives = "\n".join(_directive(need, lang) for need in part)
            intro = "本页列出合成数据。" if lang == "zh" else "Synthetic data."
            (source / f"{stem}.md").write_text(
                f"# {_page_title(stem, lang)}\n\n{intro}\n\n{directives}",
                encoding="utf-8",
            )
        (source / "index.md").write_text(_index(stems, lang), encoding="utf-8")
        matrix = "追溯矩阵" if lang == "zh" else "Traceability matrix"
        table = "控制措施一览" if lang == "zh" else "Controls"
        (source / "matrix.md").write_text(
            f"# {matrix}\n\n{_PLAIN_MATRIX}", encoding="utf-8"
        )
        (source / "control-table.md").write_text(
            f"# {table}\n\n{_CONTROL_TABLE}", encoding="utf-8"
        )
    return root


# -- the one-control edit ----------------------------------------------------------


def edit_pipeline(root: Path, data: Dataset, suffix: str) -> Path:
    """Append ``suffix`` to the edit target's Chinese title in its YAML file."""
    target = data.edit_target
    stem = next(s for s, part in data.files if target in part)
    path = root / "needs" / f"{stem}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  - id: {target.id}")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("      zh:"))
    title = target.title_zh + suffix
    lines[at] = f"      zh: {_scalar(title)}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def edit_plain(root: Path, data: Dataset, suffix: str) -> Path:
    """Append ``suffix`` to the edit target's title in its zh_CN page."""
    target = data.edit_target
    stem = next(s for s, part in data.files if target in part)
    path = plain_source(root, "zh_CN") / f"{stem}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(f":id: {target.id}") - 1
    lines[at] = f"```{{control}} {target.title_zh}{suffix}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", type=int)
    parser.add_argument("target", type=Path, help="a new folder")
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK)
    parser.add_argument("--seed", type=int, default=2648)
    args = parser.parse_args()
    data = generate(args.size, seed=args.seed, chunk=args.chunk)
    write_pipeline(data, args.target / "pipeline")
    write_plain(data, args.target / "plain")
    print(f"{data.size} needs {data.counts()} in {len(data.files)} files")


if __name__ == "__main__":
    main()
