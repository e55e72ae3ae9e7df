"""The catalogue of finding codes: one namespace, documented in one place.

Every code the loader, the placement step and the checks can report is
listed here once, with its default severity, what it finds and how to fix
it, in both languages side by side.  The handbook's rules page is generated
from this table, the severities a project may override are checked against
it, and a test holds every code to exactly one producer.  Codes are stable:
CI configurations (``licence_severity``, ``suppress_warnings``) name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Text

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Code:
    """A kind of finding: its stable code and how it is reported by default."""

    code: str
    severity: Severity
    summary: Text
    hint: Text


CODES: dict[str, Code] = {
    code.code: code
    for code in (
        # -- reading YAML ------------------------------------------------
        Code(
            "yaml-syntax",
            "error",
            Text(
                zh="文件不是有效的 YAML、不是 UTF-8 编码、带有字节顺序标记（BOM）或过大。",
                en="A file is not valid YAML, not UTF-8, has a byte-order mark or is too big.",
            ),
            Text(
                zh="按提示的行号修改文件；用空格缩进，保存为不带 BOM 的 UTF-8。",
                en="fix the file at the line shown: quote text that holds ': ', ' #', '{' or '['; close every bracket; indent with spaces",
            ),
        ),
        Code(
            "unread-file",
            "error",
            Text(
                zh="数据目录中有不会被读取的文件，或数据目录不存在。",
                en="A file in the data folder that is not read, or no data folder at all.",
            ),
            Text(
                zh="数据文件是直接放在 needs/ 中的 *.yaml：请重命名或移动该文件，或检查 --root。",
                en="give data files the suffix .yaml and keep them directly in needs/; check --root",
            ),
        ),
        Code(
            "unreadable-page",
            "error",
            Text(
                zh="页面不是 UTF-8 文本。",
                en="A page that is not UTF-8 text.",
            ),
            Text(
                zh="把页面保存为 UTF-8。",
                en="save the page as UTF-8",
            ),
        ),
        Code(
            "yaml-unsafe",
            "error",
            Text(
                zh="文件使用了 YAML 标签、锚点或别名。",
                en="A file uses a YAML tag, anchor or alias.",
            ),
            Text(
                zh="把值完整写出：不接受标签（!!python/…）、锚点（&）和别名（*）。",
                en="write the value out in full: tags (!!python/…), anchors (&) and aliases (*) are not accepted",
            ),
        ),
        Code(
            "duplicate-key",
            "error",
            Text(
                zh="同一映射中重复出现某个键（YAML 会静默保留后一个）。",
                en="A key is repeated in one mapping (YAML would silently keep the last).",
            ),
            Text(
                zh="只保留其中一个键。",
                en="keep one of the two keys",
            ),
        ),
        Code(
            "unknown-key",
            "error",
            Text(
                zh="数据格式未定义的键或分节。",
                en="A key or section the data format does not define.",
            ),
            Text(
                zh="对照 needs/README.md 检查拼写。",
                en="check the spelling against needs/README.md",
            ),
        ),
        Code(
            "missing-key",
            "error",
            Text(
                zh="条目缺少必填的键。",
                en="A required key is missing from an item.",
            ),
            Text(
                zh="补上该键；needs/README.md 列出了每类条目的必填项。",
                en="add the key; needs/README.md lists what each item needs",
            ),
        ),
        Code(
            "wrong-type",
            "error",
            Text(
                zh="值的类型错误，或不在允许的取值范围内。",
                en="A value has the wrong type or is not one of the allowed values.",
            ),
            Text(
                zh="按 needs/README.md 所示的形式填写；YAML 会当作数字、日期或是/否的文本请加引号。",
                en="write the value in the form needs/README.md shows; quote text that YAML would read as a number, date or yes/no",
            ),
        ),
        Code(
            "missing-translation",
            "error",
            Text(
                zh="文本缺少中文或英文，或其中一种为空。",
                en="A text lacks its Chinese or English version, or one is empty.",
            ),
            Text(
                zh="用两种语言填写：{zh: …, en: …}。",
                en="give the text in both languages: {zh: …, en: …}",
            ),
        ),
        # -- identity ----------------------------------------------------
        Code(
            "id-format",
            "error",
            Text(
                zh="编号不符合其类型的格式。",
                en="An ID does not follow the format of its type.",
            ),
            Text(
                zh="用下划线连接的大写单词，以类型前缀开头（REG_、TB_/PRE_/SP_、OB_、CTL_、EV_）；负责人和术语用小写。",
                en="use upper-case words joined by '_' starting with the type's prefix (REG_, TB_/PRE_/SP_, OB_, CTL_, EV_); owners and terms use lower case",
            ),
        ),
        Code(
            "duplicate-id",
            "error",
            Text(
                zh="两个条目编号相同，或仅大小写不同。",
                en="Two items share an ID, or IDs that differ only in case.",
            ),
            Text(
                zh="为其中一个条目另起唯一的编号。",
                en="give one of them a new, unique ID",
            ),
        ),
        # -- links -------------------------------------------------------
        Code(
            "unknown-link",
            "error",
            Text(
                zh="链接指向不存在的编号。",
                en="A link names an ID that no item has.",
            ),
            Text(
                zh="更正编号，或补充被指向的条目。",
                en="correct the ID, or add the item it should point to",
            ),
        ),
        Code(
            "wrong-link-type",
            "error",
            Text(
                zh="链接指向了错误类型的条目。",
                en="A link points to an item of the wrong type.",
            ),
            Text(
                zh="derives_from → 条款，implements → 义务，evidenced_by → 证据，cites、refers_to、complies_with → 法规。",
                en="derives_from → provision, implements → obligation, evidenced_by → evidence, cites/refers_to/complies_with → regulation",
            ),
        ),
        Code(
            "link-cycle",
            "error",
            Text(
                zh="链接形成了循环。",
                en="Links form a cycle.",
            ),
            Text(
                zh="删除循环中的一个链接。",
                en="remove one of the links in the cycle",
            ),
        ),
        Code(
            "control-without-owner",
            "error",
            Text(
                zh="控制措施没有负责人。",
                en="A control has no owner.",
            ),
            Text(
                zh="填写 owner，取 needs/owners.yaml 中的岗位编号。",
                en="give it 'owner: ROLE' with a role from needs/owners.yaml",
            ),
        ),
        Code(
            "unknown-owner",
            "error",
            Text(
                zh="控制措施的负责人不是 needs/owners.yaml 中的岗位。",
                en="A control's owner is not a role in needs/owners.yaml.",
            ),
            Text(
                zh="使用 needs/owners.yaml 中的岗位编号，或在其中新增该岗位。",
                en="use an owner ID from needs/owners.yaml, or add the role there",
            ),
        ),
        # -- coverage ----------------------------------------------------
        Code(
            "uncovered-obligation",
            "error",
            Text(
                zh="义务没有任何控制措施实施。",
                en="An obligation has no control implementing it.",
            ),
            Text(
                zh="在 needs/controls.yaml 中新增控制措施并写明 implements: [编号]，或把编号加入已有控制措施的 implements。",
                en="add a control to needs/controls.yaml with 'implements: [ID]', or add the ID to an existing control's implements list",
            ),
        ),
        Code(
            "provision-without-obligation",
            "error",
            Text(
                zh="条款没有义务，也未标为说明性条款。",
                en="A provision has no obligation and is not marked informative.",
            ),
            Text(
                zh="在 needs/obligations.yaml 中补充它规定的义务，或标注 informative: {zh: 理由, en: reason}。",
                en="add the obligations it imposes to needs/obligations.yaml, or mark it 'informative: {zh: 理由, en: reason}'",
            ),
        ),
        Code(
            "control-implements-nothing",
            "error",
            Text(
                zh="控制措施没有实施任何义务。",
                en="A control implements no obligation.",
            ),
            Text(
                zh="在 implements 中列出它履行的义务，或删除该控制措施。",
                en="list the obligations it meets in 'implements', or remove the control",
            ),
        ),
        Code(
            "control-without-evidence",
            "error",
            Text(
                zh="控制措施没有列出证据。",
                en="A control names no evidence.",
            ),
            Text(
                zh="在 evidenced_by 中列出它留存的记录（needs/evidence.yaml）。",
                en="list the records it leaves in 'evidenced_by' (needs/evidence.yaml)",
            ),
        ),
        Code(
            "unused-evidence",
            "warning",
            Text(
                zh="没有任何控制措施引用的证据。",
                en="An evidence item that no control names.",
            ),
            Text(
                zh="在某项控制措施的 evidenced_by 中引用它，或删除它。",
                en="name it in a control's 'evidenced_by', or remove it",
            ),
        ),
        Code(
            "evidence-file-missing",
            "error",
            Text(
                zh="证据项列出的文件（files）不在证据目录中。",
                en="A file an evidence item lists under 'files' is not in the evidence folder.",
            ),
            Text(
                zh="把文件放入证据目录（conf.py 的 licence_evidence_dir），或修正、删除 files 中的路径。",
                en="put the file in the evidence folder (licence_evidence_dir in conf.py), or correct or remove the path in 'files'",
            ),
        ),
        # -- time --------------------------------------------------------
        Code(
            "licence-expired",
            "warning",
            Text(
                zh="截至构建日期，许可证已过有效期。",
                en="The licence has expired as of the build date.",
            ),
            Text(
                zh="办理续期或换发许可证，并在 needs/licence.yaml 的 licence 部分记录续办情况（renewal：申请日期、决定及新的有效期）。",
                en="renew or replace the licence, and record the renewal in the licence section of needs/licence.yaml (renewal: applied, decision, decided, valid_until)",
            ),
        ),
        Code(
            "renewal-deadline-passed",
            "warning",
            Text(
                zh="续办申请期限（有效期届满前90日）已过。",
                en="The renewal application deadline (90 days before expiry) has passed.",
            ),
            Text(
                zh="立即提出续办申请，并在 licence 部分记录（renewal: {applied: 日期, decision: pending}）。",
                en="apply for renewal at once and record the application in the licence section (renewal: {applied: DATE, decision: pending})",
            ),
        ),
        Code(
            "renewal-window-open",
            "info",
            Text(
                zh="续办申请期限临近：续办窗口已开启。",
                en="The renewal deadline is near: the renewal window is open.",
            ),
            Text(
                zh="在期限前准备并提交续办申请。",
                en="prepare and file the renewal application before the deadline",
            ),
        ),
        Code(
            "review-overdue",
            "warning",
            Text(
                zh="截至构建日期，控制措施的定期复核已逾期。",
                en="A control's periodic review is overdue as of the build date.",
            ),
            Text(
                zh="复核该控制措施，然后把 last_reviewed 改为复核日期。",
                en="review the control, then set last_reviewed to the review's date",
            ),
        ),
        Code(
            "waiver-active",
            "info",
            Text(
                zh="义务处于豁免期：以经批准的缺口代替控制措施。",
                en="An obligation is waived: an accepted gap stands in for its control.",
            ),
            Text(
                zh="在豁免到期前补充控制措施。",
                en="add a control before the waiver expires",
            ),
        ),
        Code(
            "waiver-expired",
            "info",
            Text(
                zh="豁免已到期：该义务重新成为缺口。",
                en="A waiver has expired: its obligation is uncovered again.",
            ),
            Text(
                zh="补充控制措施，或重新申请批准豁免。",
                en="add a control, or have a new waiver approved",
            ),
        ),
        # -- change control (review stamps) -----------------------------
        Code(
            "suspect-link",
            "error",
            Text(
                zh="上游条目（条款、义务或控制措施）的中文内容在复核之后发生了变化，下游条目需要重新复核。",
                en="An upstream item (provision, obligation or control) changed in Chinese since the item was reviewed against it.",
            ),
            Text(
                zh='对照上游的现行内容重新阅读该条目，必要时修改，再运行提示中的 make review ITEMS="…"。',
                en='re-read the item against its upstream as it is now, then run make review ITEMS="…"',
            ),
        ),
        Code(
            "unreviewed",
            "error",
            Text(
                zh="新条目或新链接尚未复核（复核记录中没有它）。",
                en="A new item or a new link that has no review stamp yet.",
            ),
            Text(
                zh='对照上游阅读该条目，再运行 make review ITEMS="编号"。',
                en='read the item against its upstream, then run make review ITEMS="ID"',
            ),
        ),
        Code(
            "translation-stale",
            "warning",
            Text(
                zh="条目的中文在英文译文复核之后发生了变化，译文可能已不一致。",
                en="An item whose Chinese changed since its English was reviewed.",
            ),
            Text(
                zh='按现行中文更新英文译文，再运行 make review ITEMS="编号"。',
                en='update the English to match the Chinese, then run make review ITEMS="ID"',
            ),
        ),
        Code(
            "stale-stamp",
            "warning",
            Text(
                zh="复核记录所指的条目或上游已不存在，或链接已删除。",
                en="A review stamp whose item or upstream no longer exists, or whose link is gone.",
            ),
            Text(
                zh='运行 make review ITEMS="编号" 删除该记录。',
                en='run make review ITEMS="ID" to drop it',
            ),
        ),
        Code(
            "stamp-malformed",
            "error",
            Text(
                zh="复核记录文件中有一行不是 make review 写出的格式（手工修改、损坏或重复）。",
                en="A line of the stamp file that make review did not write: hand-edited, corrupted or repeated.",
            ),
            Text(
                zh='不要手工编辑 needs/review-stamps.tsv：运行 make review ITEMS="编号" 重写该行。',
                en='do not edit needs/review-stamps.tsv by hand: run make review ITEMS="ID" to write the line again',
            ),
        ),
        Code(
            "stamp-conflict",
            "error",
            Text(
                zh="复核记录文件中有未解决的合并冲突标记（<<<<<<< ======= >>>>>>>）。",
                en="The stamp file holds an unresolved merge conflict (<<<<<<< ======= >>>>>>>).",
            ),
            Text(
                zh='重新阅读冲突中的条目，再运行 make review ITEMS="编号"：它会重写这些行。',
                en='re-read the items of the conflict, then run make review ITEMS="…": it writes their lines again',
            ),
        ),
        # -- hostile and careless input ---------------------------------
        Code(
            "waiver-too-long",
            "error",
            Text(
                zh="豁免期限超过自批准之日起的最长期限（licence_waiver_max_months，默认12个月），或到期日早于批准日。",
                en="A waiver runs longer than the longest term from its approval (licence_waiver_max_months, 12 months by default), or ends before it was approved.",
            ),
            Text(
                zh="缩短 expires；到期后补充控制措施，或重新批准一项新的豁免。",
                en="shorten 'expires'; when it ends, add a control or have a new waiver approved",
            ),
        ),
        Code(
            "date-in-future",
            "error",
            Text(
                zh="已发生事项的日期（控制措施的上次复核、豁免的批准）晚于构建日期。",
                en="The date of something already done (a control's last review, a waiver's approval) is after the build date.",
            ),
            Text(
                zh="填写实际发生的日期：未来的复核日期会使复核永不逾期。",
                en="write the day it really happened: a future review date would never fall overdue",
            ),
        ),
        Code(
            "duty-unaccounted",
            "error",
            Text(
                zh="条款中的义务标志词（应当、应、不得、禁止、方可、须）没有义务承接，也没有说明理由的排除项。",
                en="A duty marker of the licence (应当, 应, 不得, 禁止, 方可, 须) in a provision that no obligation accounts for and no reasoned exclusion explains.",
            ),
            Text(
                zh="为该义务在 needs/obligations.yaml 中增加义务（phrase 写条款原文），或在条款的 exclusions 中写明该词不设义务的理由。",
                en="add an obligation whose phrase holds the licence's words, or, if the word imposes no duty, an exclusion on the provision: exclusions: [{phrase: …, reason: {zh: …, en: …}}]",
            ),
        ),
        Code(
            "exclusion-mismatch",
            "error",
            Text(
                zh="排除项的 phrase 不在条款原文中，或其中没有义务标志词。",
                en="An exclusion's phrase is not in the provision's text, or holds no duty marker.",
            ),
            Text(
                zh="phrase 照抄条款中含有该标志词的原文；没有要排除的词时删除该排除项。",
                en="copy into 'phrase' the provision's own words around the marker; remove an exclusion that excludes nothing",
            ),
        ),
        Code(
            "duplicate-link",
            "error",
            Text(
                zh="同一链接列表中重复列出同一编号。",
                en="A link list names the same ID twice.",
            ),
            Text(
                zh="每个编号只列一次。",
                en="list each ID once",
            ),
        ),
        Code(
            "page-changes-need",
            "error",
            Text(
                zh="页面用 needextend 修改了 needs/ 中的需求：网站将与数据和导出不一致。",
                en="A page changes a need of needs/ with needextend: the site would contradict the data and the exports.",
            ),
            Text(
                zh="删除 needextend，在 needs/*.yaml 中修改该条目：数据只有一个来源。",
                en="remove the needextend and make the change in needs/*.yaml: the data has one home",
            ),
        ),
        Code(
            "placement-hidden",
            "error",
            Text(
                zh="licence-needs 指令位于 only 指令中：这些条目可能不出现在网站上，门禁却视为已放置。",
                en="A licence-needs directive inside an only directive: its items may be missing from the site while the gate counts them as placed.",
            ),
            Text(
                zh="把 licence-needs 移出 only 指令。",
                en="move the licence-needs directive out of the only directive",
            ),
        ),
        # -- assurance: assessments and dated evidence -------------------
        Code(
            "control-ineffective",
            "error",
            Text(
                zh="控制措施最近一次评估的结论为“无效”。",
                en="A control's latest assessment found it ineffective.",
            ),
            Text(
                zh="整改该控制措施并重新评估，在 assessments 中新增评估记录。",
                en="remediate the control, assess it again and add the new record to the assessments section",
            ),
        ),
        Code(
            "control-exceptions",
            "warning",
            Text(
                zh="控制措施最近一次评估的结论为“有例外”。",
                en="A control's latest assessment found exceptions.",
            ),
            Text(
                zh="处理评估发现的例外事项，然后重新评估并新增记录。",
                en="resolve the exceptions found, then assess again and add the record",
            ),
        ),
        Code(
            "assessment-overdue",
            "warning",
            Text(
                zh="截至构建日期，控制措施的最近一次评估已超过其复核周期。",
                en="A control's latest assessment is older than its review interval as of the build date.",
            ),
            Text(
                zh="重新评估该控制措施，并在 assessments 中新增评估记录。",
                en="assess the control again and add the record to the assessments section",
            ),
        ),
        Code(
            "evidence-expired",
            "warning",
            Text(
                zh="截至构建日期，证据的最近一次记录已超过有效期（collected 加 valid_months）。",
                en="An evidence item's latest record is past its validity (collected plus valid_months) as of the build date.",
            ),
            Text(
                zh="收集新的记录，并把 collected 改为其日期。",
                en="collect a new record and set collected to its date",
            ),
        ),
        Code(
            "not-assessed",
            "info",
            Text(
                zh="尚无该控制措施的评估记录。",
                en="No assessment of a control is recorded yet.",
            ),
            Text(
                zh="评估该控制措施后，在 needs/assessments.yaml 中新增记录；不要记录未进行的评估。",
                en="once the control is assessed, add the record to needs/assessments.yaml; never record an assessment that was not made",
            ),
        ),
        Code(
            "unknown-assessed-control",
            "error",
            Text(
                zh="评估记录的 control 不是已有的控制措施。",
                en="An assessment names a control that does not exist.",
            ),
            Text(
                zh="填写 needs/ 中某项控制措施的编号。",
                en="name the ID of a control in needs/",
            ),
        ),
        Code(
            "unknown-examined-evidence",
            "error",
            Text(
                zh="评估记录的 examined 中有不存在的证据编号。",
                en="An assessment's examined list names evidence that does not exist.",
            ),
            Text(
                zh="填写 needs/ 中证据的编号。",
                en="name IDs of evidence items in needs/",
            ),
        ),
        Code(
            "examined-not-named",
            "error",
            Text(
                zh="评估记录查阅的证据不在该控制措施的 evidenced_by 中。",
                en="An assessment examined evidence that its control does not name.",
            ),
            Text(
                zh="把该证据加入控制措施的 evidenced_by，或从 examined 中删除。",
                en="add the item to the control's evidenced_by, or remove it from examined",
            ),
        ),
        Code(
            "date-after-as-of",
            "error",
            Text(
                zh="评估日期或证据收集日期晚于构建日期。",
                en="An assessment or an evidence record is dated after the build date.",
            ),
            Text(
                zh="只记录已经发生的事：改正日期，或在该日之后再加入记录。",
                en="record only what has happened: correct the date, or add the record once the day has come",
            ),
        ),
        # -- each role's duties (periodic runs, feeds, make due) ----------
        Code(
            "starts-not-periodic",
            "error",
            Text(
                zh="控制措施写了 starts，但其频率（continuous 或 per_event）不形成日程，该日期不起作用。",
                en="A control has 'starts' but its frequency (continuous or per_event) "
                "makes no schedule: the date has no effect.",
            ),
            Text(
                zh="删除 starts，或把频率改为 daily 至 annual 之一。",
                en="remove 'starts', or give the control a frequency from daily to annual",
            ),
        ),
        # -- placement ---------------------------------------------------
        Code(
            "unplaced-item",
            "error",
            Text(
                zh="needs/ 中的条目没有出现在任何页面上。",
                en="An item in needs/ that no page places.",
            ),
            Text(
                zh="在页面上用 licence-needs 指令放置它所在的文件。",
                en="place its file on a page with the licence-needs directive",
            ),
        ),
        Code(
            "placed-twice",
            "error",
            Text(
                zh="同一条目被多个指令放置。",
                en="An item is placed by more than one directive.",
            ),
            Text(
                zh="每个条目只放置一次；可用 :ids: 只放置文件的一部分。",
                en="place each item once; use :ids: to place part of a file",
            ),
        ),
        Code(
            "unknown-placement",
            "error",
            Text(
                zh="licence-needs 指令指向不存在的文件或编号。",
                en="A licence-needs directive names a file or ID that does not exist.",
            ),
            Text(
                zh="填写 needs/ 中存在的文件名及其中的编号。",
                en="name a file in needs/ and IDs that it holds",
            ),
        ),
        Code(
            "need-outside-yaml",
            "error",
            Text(
                zh="需求直接写在页面中，而不是写在 needs/ 中。",
                en="A need written straight into a page instead of needs/.",
            ),
            Text(
                zh="把它移到 needs/*.yaml，再用 licence-needs 指令放置：数据只有一个来源。",
                en="move it into needs/*.yaml and place it with the licence-needs directive: the data has one home",
            ),
        ),
    )
}
