"""Findings: what the loader and the rules say about the data, as plain values.

A finding is data (code, severity, need, place, message, hint), not a log call:
the loader and the rules only *produce* findings, and the Sphinx gate and the
``make check`` command decide how to show them.  That keeps both front ends
reporting the same thing, in the same order, from the same code.

Every code is listed once in :data:`RULES` with its default severity, a
one-line description and the hint shown with it; the rules page of the
handbook is generated from this table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    """A kind of finding: its stable code and how it is reported by default."""

    code: str
    severity: Severity
    summary: str
    hint: str
    summary_zh: str = ""
    hint_zh: str = ""


@dataclass(frozen=True, order=True)
class Finding:
    """One thing wrong (or worth knowing) about the data, with where it is.

    ``file`` is relative to the project root (``needs/controls.yaml``) or a
    page (``source/index.md``); ``line`` is 1-based, 0 when the whole file is
    meant.  Findings sort by place, then code, then need ID: the stable order
    in which every report lists them.
    """

    file: str
    line: int
    code: str
    need_id: str
    message: str
    hint: str
    severity: Severity = "error"

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_dict(self) -> dict[str, str | int]:
        return {
            "code": self.code,
            "severity": self.severity,
            "need_id": self.need_id,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }

    def as_line(self) -> str:
        """The finding as one terminal line: where, what, and how to fix it."""
        need = f" {self.need_id}:" if self.need_id else ""
        return (
            f"{self.location}: {self.severity}: [{self.code}]{need} "
            f"{self.message} (hint: {self.hint})"
        )


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}


#: code → (summary, hint) in Chinese, for the rules page of the zh_CN site
_ZH: dict[str, tuple[str, str]] = {
    "yaml-syntax": (
        "文件不是有效的 YAML、不是 UTF-8 编码、带有字节顺序标记（BOM）或过大。",
        "按提示的行号修改文件；用空格缩进，保存为不带 BOM 的 UTF-8。",
    ),
    "unread-file": (
        "数据目录中有不会被读取的文件，或数据目录不存在。",
        "数据文件是直接放在 needs/ 中的 *.yaml：请重命名或移动该文件，或检查 --root。",
    ),
    "unreadable-page": ("页面不是 UTF-8 文本。", "把页面保存为 UTF-8。"),
    "yaml-unsafe": (
        "文件使用了 YAML 标签、锚点或别名。",
        "把值完整写出：不接受标签（!!python/…）、锚点（&）和别名（*）。",
    ),
    "duplicate-key": (
        "同一映射中重复出现某个键（YAML 会静默保留后一个）。",
        "只保留其中一个键。",
    ),
    "unknown-key": (
        "数据格式未定义的键或分节。",
        "对照 needs/README.md 检查拼写。",
    ),
    "missing-key": (
        "条目缺少必填的键。",
        "补上该键；needs/README.md 列出了每类条目的必填项。",
    ),
    "wrong-type": (
        "值的类型错误，或不在允许的取值范围内。",
        "按 needs/README.md 所示的形式填写；"
        "YAML 会当作数字、日期或是/否的文本请加引号。",
    ),
    "missing-translation": (
        "文本缺少中文或英文，或其中一种为空。",
        "用两种语言填写：{zh: …, en: …}。",
    ),
    "id-format": (
        "编号不符合其类型的格式。",
        "用下划线连接的大写单词，以类型前缀开头（REG_、TB_/PRE_/SP_、OB_、CTL_、EV_）；负责人和术语用小写。",
    ),
    "duplicate-id": (
        "两个条目编号相同，或仅大小写不同。",
        "为其中一个条目另起唯一的编号。",
    ),
    "unknown-link": (
        "链接指向不存在的编号。",
        "更正编号，或补充被指向的条目。",
    ),
    "wrong-link-type": (
        "链接指向了错误类型的条目。",
        "derives_from → 条款，implements → 义务，evidenced_by → 证据，"
        "cites、refers_to、complies_with → 法规。",
    ),
    "link-cycle": (
        "链接形成了循环。",
        "删除循环中的一个链接。",
    ),
    "control-without-owner": (
        "控制措施没有负责人。",
        "填写 owner，取 needs/owners.yaml 中的岗位编号。",
    ),
    "unknown-owner": (
        "控制措施的负责人不是 needs/owners.yaml 中的岗位。",
        "使用 needs/owners.yaml 中的岗位编号，或在其中新增该岗位。",
    ),
    "uncovered-obligation": (
        "义务没有任何控制措施实施。",
        "在 needs/controls.yaml 中新增控制措施并写明 implements: [编号]，"
        "或把编号加入已有控制措施的 implements。",
    ),
    "provision-without-obligation": (
        "条款没有义务，也未标为说明性条款。",
        "在 needs/obligations.yaml 中补充它规定的义务，"
        "或标注 informative: {zh: 理由, en: reason}。",
    ),
    "control-implements-nothing": (
        "控制措施没有实施任何义务。",
        "在 implements 中列出它履行的义务，或删除该控制措施。",
    ),
    "control-without-evidence": (
        "控制措施没有列出证据。",
        "在 evidenced_by 中列出它留存的记录（needs/evidence.yaml）。",
    ),
    "unused-evidence": (
        "没有任何控制措施引用的证据。",
        "在某项控制措施的 evidenced_by 中引用它，或删除它。",
    ),
    "licence-expired": (
        "截至构建日期，许可证已过有效期。",
        "办理续期或换发许可证，并更新 needs/licence.yaml 的 licence 部分。",
    ),
    "renewal-deadline-passed": (
        "续办申请期限（有效期届满前90日）已过。",
        "立即提出续办申请并记录申请情况。",
    ),
    "renewal-window-open": (
        "续办申请期限临近：续办窗口已开启。",
        "在期限前准备并提交续办申请。",
    ),
    "review-overdue": (
        "截至构建日期，控制措施的定期复核已逾期。",
        "复核该控制措施，然后把 last_reviewed 改为复核日期。",
    ),
    "waiver-active": (
        "义务处于豁免期：以经批准的缺口代替控制措施。",
        "在豁免到期前补充控制措施。",
    ),
    "waiver-expired": (
        "豁免已到期：该义务重新成为缺口。",
        "补充控制措施，或重新申请批准豁免。",
    ),
    "unplaced-item": (
        "needs/ 中的条目没有出现在任何页面上。",
        "在页面上用 licence-needs 指令放置它所在的文件。",
    ),
    "placed-twice": (
        "同一条目被多个指令放置。",
        "每个条目只放置一次；可用 :ids: 只放置文件的一部分。",
    ),
    "unknown-placement": (
        "licence-needs 指令指向不存在的文件或编号。",
        "填写 needs/ 中存在的文件名及其中的编号。",
    ),
    "need-outside-yaml": (
        "需求直接写在页面中，而不是写在 needs/ 中。",
        "把它移到 needs/*.yaml，再用 licence-needs 指令放置：数据只有一个来源。",
    ),
}


RULES: dict[str, Rule] = _rules(
    # -- reading YAML ---------------------------------------------------------
    Rule(
        "yaml-syntax",
        "error",
        "A file is not valid YAML, not UTF-8, has a byte-order mark or is too big.",
        "fix the file at the line shown: quote text that holds ': ', ' #', "
        "'{' or '['; close every bracket; indent with spaces",
    ),
    Rule(
        "unread-file",
        "error",
        "A file in the data folder that is not read, or no data folder at all.",
        "give data files the suffix .yaml and keep them directly in needs/; "
        "check --root",
    ),
    Rule(
        "unreadable-page",
        "error",
        "A page that is not UTF-8 text.",
        "save the page as UTF-8",
    ),
    Rule(
        "yaml-unsafe",
        "error",
        "A file uses a YAML tag, anchor or alias.",
        "write the value out in full: tags (!!python/…), anchors (&) and "
        "aliases (*) are not accepted",
    ),
    Rule(
        "duplicate-key",
        "error",
        "A key is repeated in one mapping (YAML would silently keep the last).",
        "keep one of the two keys",
    ),
    Rule(
        "unknown-key",
        "error",
        "A key or section the data format does not define.",
        "check the spelling against needs/README.md",
    ),
    Rule(
        "missing-key",
        "error",
        "A required key is missing from an item.",
        "add the key; needs/README.md lists what each item needs",
    ),
    Rule(
        "wrong-type",
        "error",
        "A value has the wrong type or is not one of the allowed values.",
        "write the value in the form needs/README.md shows; quote text that "
        "YAML would read as a number, date or yes/no",
    ),
    Rule(
        "missing-translation",
        "error",
        "A text lacks its Chinese or English version, or one is empty.",
        "give the text in both languages: {zh: …, en: …}",
    ),
    # -- identity -------------------------------------------------------------
    Rule(
        "id-format",
        "error",
        "An ID does not follow the format of its type.",
        "use upper-case words joined by '_' starting with the type's prefix "
        "(REG_, TB_/PRE_/SP_, OB_, CTL_, EV_); owners and terms use lower case",
    ),
    Rule(
        "duplicate-id",
        "error",
        "Two items share an ID, or IDs that differ only in case.",
        "give one of them a new, unique ID",
    ),
    # -- links ----------------------------------------------------------------
    Rule(
        "unknown-link",
        "error",
        "A link names an ID that no item has.",
        "correct the ID, or add the item it should point to",
    ),
    Rule(
        "wrong-link-type",
        "error",
        "A link points to an item of the wrong type.",
        "derives_from → provision, implements → obligation, "
        "evidenced_by → evidence, cites/refers_to/complies_with → regulation",
    ),
    Rule(
        "link-cycle",
        "error",
        "Links form a cycle.",
        "remove one of the links in the cycle",
    ),
    Rule(
        "control-without-owner",
        "error",
        "A control has no owner.",
        "give it 'owner: ROLE' with a role from needs/owners.yaml",
    ),
    Rule(
        "unknown-owner",
        "error",
        "A control's owner is not a role in needs/owners.yaml.",
        "use an owner ID from needs/owners.yaml, or add the role there",
    ),
    # -- coverage -------------------------------------------------------------
    Rule(
        "uncovered-obligation",
        "error",
        "An obligation has no control implementing it.",
        "add a control to needs/controls.yaml with 'implements: [ID]', or add "
        "the ID to an existing control's implements list",
    ),
    Rule(
        "provision-without-obligation",
        "error",
        "A provision has no obligation and is not marked informative.",
        "add the obligations it imposes to needs/obligations.yaml, or mark it "
        "'informative: {zh: 理由, en: reason}'",
    ),
    Rule(
        "control-implements-nothing",
        "error",
        "A control implements no obligation.",
        "list the obligations it meets in 'implements', or remove the control",
    ),
    Rule(
        "control-without-evidence",
        "error",
        "A control names no evidence.",
        "list the records it leaves in 'evidenced_by' (needs/evidence.yaml)",
    ),
    Rule(
        "unused-evidence",
        "warning",
        "An evidence item that no control names.",
        "name it in a control's 'evidenced_by', or remove it",
    ),
    # -- time -----------------------------------------------------------------
    Rule(
        "licence-expired",
        "warning",
        "The licence has expired as of the build date.",
        "renew or replace the licence, then update the licence section of "
        "needs/licence.yaml",
    ),
    Rule(
        "renewal-deadline-passed",
        "warning",
        "The renewal application deadline (90 days before expiry) has passed.",
        "apply for renewal at once and record the application",
    ),
    Rule(
        "renewal-window-open",
        "info",
        "The renewal deadline is near: the renewal window is open.",
        "prepare and file the renewal application before the deadline",
    ),
    Rule(
        "review-overdue",
        "warning",
        "A control's periodic review is overdue as of the build date.",
        "review the control, then set last_reviewed to the review's date",
    ),
    Rule(
        "waiver-active",
        "info",
        "An obligation is waived: an accepted gap stands in for its control.",
        "add a control before the waiver expires",
    ),
    Rule(
        "waiver-expired",
        "info",
        "A waiver has expired: its obligation is uncovered again.",
        "add a control, or have a new waiver approved",
    ),
    # -- placement ------------------------------------------------------------
    Rule(
        "unplaced-item",
        "error",
        "An item in needs/ that no page places.",
        "place its file on a page with the licence-needs directive",
    ),
    Rule(
        "placed-twice",
        "error",
        "An item is placed by more than one directive.",
        "place each item once; use :ids: to place part of a file",
    ),
    Rule(
        "unknown-placement",
        "error",
        "A licence-needs directive names a file or ID that does not exist.",
        "name a file in needs/ and IDs that it holds",
    ),
    Rule(
        "need-outside-yaml",
        "error",
        "A need written straight into a page instead of needs/.",
        "move it into needs/*.yaml and place it with the licence-needs "
        "directive: the data has one home",
    ),
)


RULES = {
    code: Rule(rule.code, rule.severity, rule.summary, rule.hint, *_ZH[code])
    for code, rule in RULES.items()
}


def severity_of(code: str, overrides: Mapping[str, str]) -> Severity:
    """The severity a project gives ``code``: its override, else the default."""
    value = overrides.get(code, RULES[code].severity)
    if value not in SEVERITIES:
        raise ValueError(f"severity of {code!r} must be one of {SEVERITIES}")
    return value  # type: ignore[return-value]


def finalize(
    findings: Iterable[Finding], overrides: Mapping[str, str] | None = None
) -> list[Finding]:
    """Apply the project's severities and put findings in their stable order."""
    overrides = overrides or {}
    result = {
        Finding(
            file=f.file,
            line=f.line,
            code=f.code,
            need_id=f.need_id,
            message=f.message,
            hint=f.hint,
            severity=severity_of(f.code, overrides),
        )
        for f in findings
    }
    return sorted(result)


def make(
    code: str,
    file: str,
    line: int,
    message: str,
    need_id: str = "",
    hint: str | None = None,
) -> Finding:
    """A finding of ``code`` with its default severity, and the rule's hint
    unless the case has a more precise one."""
    rule = RULES[code]
    return Finding(
        file=file,
        line=line,
        code=code,
        need_id=need_id,
        message=message,
        hint=hint or rule.hint,
        severity=rule.severity,
    )


def count(findings: Iterable[Finding]) -> dict[Severity, int]:
    totals: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        totals[f.severity] += 1
    return totals


def summary(findings: Iterable[Finding]) -> str:
    """The closing line of a report: totals by severity and the verdict."""
    totals = count(findings)
    verdict = "FAILED" if totals["error"] else "passed"
    return (
        f"licence gate {verdict}: {totals['error']} error(s), "
        f"{totals['warning']} warning(s), {totals['info']} info"
    )
