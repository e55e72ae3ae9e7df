"""Every label the handbook shows, in both languages, keyed by message id.

One table for pages, need cards, exports, feeds and the rules page, with one
accessor, :func:`label`, so that a header that means the same says the same
wherever it appears and a translator finds every word in one place.
sphinx-needs translates none of its own labels (type names, link names,
field names): the metamodel gives it these.  Keys are dotted: the first part
says where a label is used (``type``, ``link``, ``field``, ``value``,
``status``, ``row``, ``column``, ``sheet``, ``matrix``, ``dashboard``,
``calendar``, ``home``, ``rules``, ``feed``, ``bench``).  Values with
``{name}`` fields are formatted by :func:`label`.
"""

from __future__ import annotations

from .schema import Lang

#: message id → (zh, en)
LABELS: dict[str, tuple[str, str]] = {
    # -- need types, as shown before each need and in tables ------------------
    "type.regulation": ("法规", "Regulation"),
    "type.provision": ("条款", "Provision"),
    "type.obligation": ("义务", "Obligation"),
    "type.control": ("控制措施", "Control"),
    "type.evidence": ("证据", "Evidence"),
    # -- links: outgoing and incoming names ------------------------------------
    "link.cites.out": ("引用法规", "cites"),
    "link.cites.in": ("被引用于", "cited by"),
    "link.derives_from.out": ("来源条款", "derives from"),
    "link.derives_from.in": ("派生义务", "obligations"),
    "link.implements.out": ("实施义务", "implements"),
    "link.implements.in": ("实施控制", "implemented by"),
    "link.evidenced_by.out": ("证据", "evidenced by"),
    "link.evidenced_by.in": ("证明控制", "evidence for"),
    "link.refers_to.out": (
        "所指法规（本手册解读）",
        "refers to (the handbook's reading)",
    ),
    "link.refers_to.in": ("被指向于", "referred to by"),
    "link.complies_with.out": (
        "落实法规（本手册解读）",
        "complies with (the handbook's reading)",
    ),
    "link.complies_with.in": ("落实控制", "met by controls"),
    # -- fields of need cards --------------------------------------------------
    "field.modality": ("类型", "Modality"),
    "field.phrase": ("原文", "Licence wording"),
    "field.owner": ("负责人", "Owner"),
    "field.frequency": ("频率", "Frequency"),
    "field.informative": ("说明性条款", "Informative"),
    "field.yaml": ("数据来源", "Source"),
    "field.original": ("中文原文（具有法律效力）", "Chinese original (authoritative)"),
    # -- coded values ------------------------------------------------------------
    "value.modality.duty": ("义务", "duty"),
    "value.modality.prohibition": ("禁止", "prohibition"),
    "value.frequency.continuous": ("持续", "continuous"),
    "value.frequency.per_event": ("按事件", "per event"),
    "value.frequency.daily": ("每日", "daily"),
    "value.frequency.weekly": ("每周", "weekly"),
    "value.frequency.monthly": ("每月", "monthly"),
    "value.frequency.quarterly": ("每季度", "quarterly"),
    "value.frequency.semiannual": ("每半年", "semi-annual"),
    "value.frequency.annual": ("每年", "annual"),
    # -- the licence's status ----------------------------------------------------
    "status.valid": ("有效", "valid"),
    "status.renewal-window-open": ("续办窗口已开启", "renewal window open"),
    "status.renewal-deadline-passed": ("续办申请期限已过", "renewal deadline passed"),
    "status.expired": ("已过期", "expired"),
    # -- a matrix row's status ---------------------------------------------------
    "row.covered": ("已覆盖", "covered"),
    "row.waived": ("豁免", "waived"),
    "row.gap": ("缺口", "gap"),
    "row.until": ("至", "until"),
    # -- columns and headers (matrix, views, sheets) ------------------------------
    "column.provision_id": ("条款编号", "Provision ID"),
    "column.provision": ("条款", "Provision"),
    "column.obligation_id": ("义务编号", "Obligation ID"),
    "column.obligation": ("义务", "Obligation"),
    "column.obligations": ("义务", "Obligations"),
    "column.modality": ("类型", "Modality"),
    "column.control_id": ("控制措施编号", "Control ID"),
    "column.control": ("控制措施", "Control"),
    "column.controls": ("控制措施", "Controls"),
    "column.owner_id": ("负责人编号", "Owner ID"),
    "column.owner": ("负责人", "Owner"),
    "column.frequency": ("频率", "Frequency"),
    "column.evidence_ids": ("证据编号", "Evidence IDs"),
    "column.evidence": ("证据", "Evidence"),
    "column.status": ("状态", "Status"),
    "column.implemented_obligations": ("实施义务", "Obligations"),
    "column.source_provisions": ("来源条款", "Provisions"),
    "column.regulation_id": ("法规编号", "Regulation ID"),
    "column.regulation": ("法规", "Regulation"),
    "column.cited_by": ("引用条款", "Cited by"),
    "column.citing_provisions": ("引用条款", "Provisions citing it"),
    "column.duties_it_brings": ("带来的义务", "Duties it brings"),
    "column.obligation_count": ("义务数", "Obligations"),
    "column.covered": ("已覆盖", "Covered"),
    "column.covered_of": ("已覆盖/义务", "Covered/obligations"),
    "column.coverage": ("覆盖率", "Coverage"),
    "column.share": ("分布", "Share"),
    # -- sheets of the XLSX --------------------------------------------------------
    "sheet.matrix": ("追溯矩阵", "Matrix"),
    "sheet.by_control": ("按控制措施", "By control"),
    "sheet.by_owner": ("按负责人", "By owner"),
    "sheet.by_regulation": ("按法规", "By regulation"),
    "sheet.coverage": ("覆盖率", "Coverage"),
    # -- the matrix page ------------------------------------------------------------
    "matrix.filter_provision": ("按条款筛选", "Filter by provision"),
    "matrix.all_provisions": ("全部条款", "All provisions"),
    "matrix.filter_text": ("搜索矩阵", "Search the matrix"),
    "matrix.download": ("下载", "Download"),
    "matrix.no_control": ("无控制措施", "no control"),
    "matrix.shown": ("条显示", "rows shown"),
    # -- the dashboard and reverse views ---------------------------------------------
    "dashboard.gaps": (
        "缺口（无控制措施的义务）",
        "Gaps (obligations with no control)",
    ),
    "dashboard.by_provision": ("按条款的覆盖率", "Coverage by provision"),
    "dashboard.by_owner": ("按负责人的义务数", "Obligations by owner"),
    "dashboard.total": ("合计", "Total"),
    "dashboard.unassigned": ("未指定负责人", "no owner"),
    # -- the compliance calendar and runbook -------------------------------------------
    "calendar.as_of": ("本页截至", "As of"),
    "calendar.ics": ("订阅或导入日历（iCalendar）", "Subscribe or import (iCalendar)"),
    "calendar.due": ("截止日期", "Due"),
    "calendar.obligation": ("义务", "Obligation"),
    "calendar.when": ("时间规则", "When"),
    "calendar.owners": ("负责人", "Who acts"),
    "calendar.state": ("状态", "Status"),
    "calendar.yearly": ("每年 {start} 至 {due}", "every year, {start} to {due}"),
    "calendar.dated": ("有效期届满前 {days} 日", "{days} days before expiry"),
    "calendar.past": ("已过", "passed"),
    "calendar.open": ("办理中", "open now"),
    "calendar.upcoming": ("未到", "upcoming"),
    "calendar.event": ("何时开始计时", "What starts the clock"),
    "calendar.limit": ("时限", "Time limit"),
    "calendar.file": ("要做什么", "What to do"),
    "calendar.example": ("若今天发生，截止于", "If it happened today, due by"),
    "calendar.days": ("{n} 日内", "within {n} days"),
    "calendar.working_days": ("{n} 个工作日内", "within {n} working days"),
    "calendar.immediately": ("立即", "immediately"),
    "calendar.estimate": (
        "（估算：该年度节假日安排尚未公布）",
        " (estimate: the year's holiday schedule is not published yet)",
    ),
    # -- the iCalendar feed ---------------------------------------------------------------
    "feed.name": ("许可证合规日历", "Licence compliance calendar"),
    "feed.due": ("截止", "Due"),
    "feed.window": ("办理期间", "Window"),
    "feed.owners": ("负责人", "Owners"),
    "feed.controls": ("控制措施", "Controls"),
    "feed.expiry": ("经营许可证有效期届满", "Operating licence expires"),
    # -- the home page: licence card and coverage summary -----------------------------------
    "home.status": ("状态", "Status"),
    "home.as_of": ("截至", "as of"),
    "home.deadline": ("续办申请截止日", "Renewal application due by"),
    "home.obligations": ("项义务", "obligations"),
    "home.covered": ("项已有控制措施", "covered by a control"),
    "home.controls": ("项控制措施", "controls"),
    "home.evidence": ("项证据", "evidence items"),
    "home.coverage": ("覆盖率", "coverage"),
    "home.alert.expired": (
        "本许可证已于 {expires} 到期。",
        "This licence expired on {expires}.",
    ),
    "home.alert.renewal-deadline-passed": (
        "续办申请期限 {deadline} 已过，许可证将于 {expires} 到期。",
        "The renewal application was due by {deadline}; "
        "the licence expires on {expires}.",
    ),
    "home.alert.renewal-window-open": (
        "请在 {deadline} 前提出续办申请。",
        "Apply for renewal by {deadline}.",
    ),
    # -- the rules page ----------------------------------------------------------------------
    "rules.code": ("规则代码", "Code"),
    "rules.default": ("默认级别", "Default"),
    "rules.summary": ("检查内容", "What it finds"),
    "rules.hint": ("修改方法", "How to fix"),
    # -- the Performance page (words of bench/run.py's table) ----------------------------------
    "bench.needs": ("需求数", "needs"),
    "bench.step": ("步骤", "step"),
    "bench.a_seconds": ("(a) 本手册 秒", "(a) pipeline s"),
    "bench.a_memory": ("(a) 内存 MB", "(a) MB"),
    "bench.b_seconds": ("(b) 纯 sphinx-needs 秒", "(b) plain s"),
    "bench.b_memory": ("(b) 内存 MB", "(b) MB"),
    "bench.time_ratio": ("时间 a/b", "a/b time"),
    "bench.memory_ratio": ("内存 a/b", "a/b memory"),
    "bench.clean": ("全新构建，单语言（zh_CN）", "clean build, one language (zh_CN)"),
    "bench.both": ("全新构建，两种语言并行", "clean build, both languages in parallel"),
    "bench.noop": ("无改动重建（zh_CN）", "no-change rebuild (zh_CN)"),
    "bench.edit": (
        "修改一项控制措施后重建（zh_CN）",
        "one-control edit, rebuild (zh_CN)",
    ),
    "bench.check": ("make check", "make check"),
    "bench.target": ("目标", "target"),
    "bench.value": ("实测", "value"),
    "bench.met": ("达到", "met"),
    "bench.not_met": ("未达到", "NOT met"),
    # -- interchange: ReqIF and OSCAL exports ----------------------------------------
    "interchange.standing": ("始终适用", "at all times"),
    "interchange.event": ("{event}：{limit}", "{event}: {limit}"),
    "interchange.licence": (
        "增值电信业务经营许可证 {number}",
        "Value-added Telecommunications Business Operating Licence {number}",
    ),
    "interchange.controls": (
        "许可证 {number} 的内部控制措施",
        "Internal controls for licence {number}",
    ),
    "interchange.waiver": ("豁免 {id}", "Waiver {id}"),
    "matrix.interchange": ("交换格式", "Interchange"),
    "matrix.oscal_catalog": ("OSCAL 目录", "OSCAL catalog"),
    "matrix.oscal_components": ("OSCAL 组件定义", "OSCAL component definition"),
}


def label(key: str, lang: Lang, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``{name}`` fields filled in."""
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def value_label(field: str, code: str | None, lang: Lang) -> str:
    """The word for a coded value (``duty`` → 义务); an unknown code as it is."""
    if code is None:
        return ""
    key = f"value.{field}.{code}"
    return label(key, lang) if key in LABELS else code


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
