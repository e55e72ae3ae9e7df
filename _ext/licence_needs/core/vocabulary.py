"""Every label the handbook shows, in both languages, keyed by message id.

One table for pages, need cards, exports, feeds and the rules page, with one
accessor, :func:`label`, so that a header that means the same says the same
wherever it appears and a translator finds every word in one place.
sphinx-needs translates none of its own labels (type names, link names,
field names): the metamodel gives it these.  Keys are dotted: the first part
says where a label is used (``type``, ``link``, ``field``, ``value``,
``status``, ``row``, ``column``, ``sheet``, ``matrix``, ``dashboard``,
``calendar``, ``home``, ``rules``, ``feed``, ``bench``, ``changes``).  Values with
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
    # -- the PDF: table of contents, title page, diagrams ---------------------------------------
    "pdf.contents": ("目录", "Contents"),
    "pdf.number": ("许可证编号", "Licence No."),
    "pdf.company": ("公司名称", "Company"),
    "pdf.valid": ("有效期", "Valid"),
    "pdf.valid_range": ("{issued} 至 {expires}", "{issued} to {expires}"),
    "pdf.status": ("许可证状态", "Licence status"),
    "pdf.status_as_of": ("{status}（截至 {day}）", "{status} (as of {day})"),
    "pdf.revision": ("源版本", "Source revision"),
    "pdf.modified": (
        "（工作区有未提交的修改）",
        " (the work tree had uncommitted changes)",
    ),
    "pdf.authority": (
        "中文文本具有法律效力，英文版为译文。",
        "The Chinese text is authoritative; the English is a translation.",
    ),
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
    "bench.check_cold": (
        "make check，此前未读取任何数据文件（无缓存）",
        "make check, nothing read before (no cache)",
    ),
    "bench.check": (
        "修改一项控制措施后的 make check",
        "make check after a one-control edit",
    ),
    "bench.target": ("目标", "target"),
    "bench.value": ("实测", "value"),
    "bench.met": ("达到", "met"),
    "bench.not_met": ("未达到", "NOT met"),
    # -- change control: review badges, the matrix's review column, counts --------
    "field.fingerprint": (
        "指纹（中文内容的 SHA-256）",
        "Fingerprint (SHA-256 of the authoritative Chinese fields)",
    ),
    "review.pending": ("待复核", "Review pending"),
    "review.changed": ("上游已变更：{ids}", "changed upstream: {ids}"),
    "review.new": ("尚未复核", "not reviewed yet"),
    "review.translation_pending": ("译文待更新", "Translation pending"),
    "review.translation_note": (
        "中文已修改，英文译文尚未更新",
        "the Chinese changed; this English is not updated yet",
    ),
    "column.review": ("复核", "Review"),
    "row.reviewed": ("已复核", "reviewed"),
    "row.suspect": ("待复核", "review pending"),
    "row.translation-stale": ("译文待更新", "translation pending"),
    "matrix.filter_review": ("只显示待复核的行", "Only rows awaiting review"),
    "dashboard.suspect_links": ("待复核链接", "Suspect links"),
    "dashboard.stale_translations": ("待更新译文", "Stale translations"),
    # -- hostile and careless input: overrides, waivers, exclusions ---------------------
    "rules.effective": ("本项目级别", "In this project"),
    "rules.overridden": (
        "{severity}（licence_severity 已修改）",
        "{severity} (changed by licence_severity)",
    ),
    "home.waived": ("项豁免中（未覆盖）", "waived (not covered)"),
    "column.waived": ("豁免中（未覆盖）", "Waived (not covered)"),
    "waivers.waiver": ("豁免编号", "Waiver"),
    "waivers.obligation": ("义务", "Obligation"),
    "waivers.reason": ("理由", "Reason"),
    "waivers.approver": ("批准人", "Approved by"),
    "waivers.approved": ("批准日期", "Approved on"),
    "waivers.expires": ("到期日（含）", "Expires (inclusive)"),
    "waivers.status": ("状态", "Status"),
    "waivers.status.active": ("有效", "in force"),
    "waivers.status.expired": (
        "已到期：义务为缺口",
        "expired: the obligation is a gap",
    ),
    "waivers.status.too-long": (
        "超过最长期限：门禁报错",
        "longer than the longest term: a gate error",
    ),
    "waivers.status.not-approved": (
        "未批准（无批准日期或日期在未来）",
        "not approved (no approval date, or a future one)",
    ),
    "waivers.none": (
        "截至 {day}，没有任何豁免：每项义务要么有控制措施，要么是门禁报告的缺口。",
        "As of {day} there are no waivers: every obligation has a control "
        "or is a gap the gate reports.",
    ),
    "waivers.as_of": (
        "状态截至 {day}。豁免自批准之日起最长 {months} 个月（licence_waiver_max_months）。",
        "Status as of {day}. A waiver runs at most {months} months from its "
        "approval (licence_waiver_max_months).",
    ),
    "field.exclusion": ("不设义务的用语", "Not a duty"),
    "dashboard.waived": (
        "豁免中（没有控制措施，已接受的缺口）",
        "Waived (no control: an accepted gap)",
    ),
    # -- assurance: assessments, levels, where they show -----------------------
    "value.assurance.uncovered": ("未覆盖", "uncovered"),
    "value.assurance.waived": ("豁免", "waived"),
    "value.assurance.ineffective": ("无效", "ineffective"),
    "value.assurance.exceptions": ("有例外", "exceptions"),
    "value.assurance.assessment overdue": ("评估逾期", "assessment overdue"),
    "value.assurance.not assessed": ("未评估", "not assessed"),
    "value.assurance.effective": ("有效", "effective"),
    "value.result.effective": ("有效", "effective"),
    "value.result.exceptions": ("有例外", "exceptions"),
    "value.result.ineffective": ("无效", "ineffective"),
    "assurance.meaning.uncovered": (
        "没有控制措施，也没有有效的豁免",
        "no control and no active waiver",
    ),
    "assurance.meaning.waived": (
        "仅由有效的豁免覆盖",
        "covered by an active waiver only",
    ),
    "assurance.meaning.ineffective": (
        "某项控制措施最近一次评估的结论为无效",
        "a control's latest result is ineffective",
    ),
    "assurance.meaning.exceptions": (
        "某项控制措施最近一次评估的结论为有例外",
        "a control's latest result is exceptions",
    ),
    "assurance.meaning.assessment overdue": (
        "某项控制措施最近一次评估已超过其复核周期，或所查阅的证据已过有效期",
        "a latest assessment is older than its control's interval, "
        "or its examined evidence has expired",
    ),
    "assurance.meaning.not assessed": (
        "某项控制措施尚无评估记录",
        "a control without any assessment",
    ),
    "assurance.meaning.effective": (
        "每项实施控制措施最近一次评估均为有效、在复核周期内且证据仍在有效期内",
        "every implementing control's latest assessment is effective, "
        "in date, with current evidence",
    ),
    "home.renewal.none": ("未登记续办申请", "no renewal is on file"),
    "home.renewal.pending": (
        "续办申请（{applied}）待审批",
        "renewal applied for on {applied}, decision pending",
    ),
    "home.renewal.refused": (
        "续办申请（{applied}）已于 {decided} 被驳回",
        "renewal applied for on {applied}, refused on {decided}",
    ),
    "home.renewal.granted": (
        "已于 {decided} 续办，有效期至 {valid_until}",
        "renewed on {decided}, valid until {valid_until}",
    ),
    "home.effective": ("项经评估有效", "assessed as effective"),
    "field.assurance": ("保证级别", "Assurance"),
    "field.assessed": ("最近一次评估", "Latest assessment"),
    "field.next_assessment": ("下次评估截止", "Next assessment due"),
    "field.collected": ("最近记录日期", "Latest record"),
    "field.current_until": ("记录有效期至", "Current until"),
    "column.assurance": ("保证级别", "Assurance"),
    "column.level": ("级别", "Level"),
    "column.level_zh": ("中文名称", "Chinese name"),
    "column.meaning": ("含义", "Meaning"),
    "column.effective_of": ("有效/义务", "Effective/obligations"),
    "column.levels": ("按保证级别", "By assurance level"),
    "matrix.filter_assurance": ("按保证级别筛选", "Filter by assurance"),
    "matrix.all_levels": ("全部级别", "All levels"),
    "dashboard.assurance": (
        "按条款的保证级别（控制措施是否经评估有效）",
        "Assurance by provision (are the controls assessed as working?)",
    ),
    "dashboard.assurance_total": (
        "{effective} / {total} 项义务经评估有效；{covered} 项已有控制措施或豁免。",
        "{effective} of {total} obligations are assessed as effective; "
        "{covered} are covered by a control or a waiver.",
    ),
    "dashboard.none_assessed": (
        "尚无任何控制措施的评估记录：所有已覆盖的义务均为“未评估”。",
        "No control has been assessed yet: every covered obligation is “not assessed”.",
    ),
    "dashboard.by_owner_assurance": (
        "按负责人的保证级别",
        "Assurance by owner",
    ),
    "card.assessed": (
        "{date}，{result}，{assessor}（{id}）",
        "{date}, {result}, {assessor} ({id})",
    ),
    "calendar.assessments": ("控制措施评估与证据有效期", "Assessments and evidence"),
    "calendar.item": ("事项", "Item"),
    "calendar.what": ("内容", "What"),
    "calendar.next_assessment": ("下次评估", "Next assessment"),
    "calendar.evidence_expires": ("证据有效期届满", "Evidence expires"),
    "calendar.never_assessed": (
        "尚未评估：评估后按复核周期计算下次截止日",
        "not assessed yet: due dates start with the first assessment",
    ),
    "feed.assessment": ("控制措施评估截止", "Control assessment due"),
    "feed.evidence": ("证据有效期届满", "Evidence expires"),
    # -- each role's duties: feeds, owner pages, the calendar's next two months, make due
    "feed.role_name": ("{name} · {role}", "{name} · {role}"),
    "feed.link": ("页面", "Page"),
    "feed.frequency": ("频率", "Frequency"),
    "feed.review": ("复核", "Review"),
    "feed.review_text": (
        "复核该控制措施（上次复核：{last}）。",
        "Review this control (last reviewed {last}).",
    ),
    "due.run": ("执行控制措施", "control run"),
    "due.review": ("复核控制措施", "control review"),
    "due.deadline": ("许可证期限", "licence deadline"),
    "due.assessment": ("评估", "assessment"),
    "due.date": ("日期", "Date"),
    "due.id": ("编号", "ID"),
    "due.kind": ("事项", "What"),
    "due.role": ("负责人", "Role"),
    "due.title": ("名称", "Title"),
    "due.none": ("此期间无到期事项。", "Nothing falls due in this period."),
    "due.all_roles": ("全部岗位", "All roles"),
    "due.filter_role": ("按岗位筛选", "Filter by role"),
    "due.next_months": (
        "{start} 至 {end} 到期的事项（所有岗位）",
        "Falling due from {start} to {end} (every role)",
    ),
    "due.routine": (
        "每日、每周执行的控制措施只列出其下一次执行。",
        "Daily and weekly controls are listed once, on their next run.",
    ),
    "owner.page": ("职责与日程", "Duties and schedule"),
    "owner.heading": ("{role}：职责与日程", "{role}: duties and schedule"),
    "owner.subscribe": (
        "订阅本岗位的日历（iCalendar）",
        "Subscribe to this role's calendar (iCalendar)",
    ),
    "owner.all_owners": ("全部负责人", "All owners"),
    "owner.due": ("今后 90 天到期的事项", "Falling due in the next 90 days"),
    "owner.due_span": ("{start} 至 {end}", "{start} to {end}"),
    "owner.controls": ("负责的控制措施", "Controls it owns"),
    "owner.what": ("怎么做", "What to do"),
    "owner.frequency": ("频率", "Frequency"),
    "owner.control": ("控制措施", "Control"),
    "owner.evidence": ("留存的证据", "Evidence it produces"),
    "owner.obligations": (
        "负责落实的义务（按条款）",
        "Obligations it meets, by provision",
    ),
    "owner.provision": ("条款", "Provision"),
    "owner.obligation": ("义务", "Obligations"),
    "owner.runbook": ("事件发生时须办理的事项", "When an event happens"),
    "owner.nothing": ("无。", "None."),
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
    # -- changes: make diff's report, the change history page, need cards ----------------------
    "changes.title": ("变更：{base} → {head}", "Changes: {base} → {head}"),
    "changes.worktree": ("工作区", "working tree"),
    "changes.base_reason": (
        "比较基准：{base}（{why}）",
        "Compared with {base} ({why})",
    ),
    "changes.summary": (
        "{changed} 项变更，{added} 项新增，{removed} 项删除；覆盖率 {before} → {after}",
        "{changed} changed, {added} added, {removed} removed; "
        "coverage {before} → {after}",
    ),
    "changes.none": ("无变更", "no changes"),
    "changes.added": ("新增的需求", "Needs added"),
    "changes.removed": ("删除的需求", "Needs removed"),
    "changes.changed": ("变更的需求", "Needs changed"),
    "changes.links": ("链接", "Links"),
    "changes.coverage": ("覆盖率", "Coverage"),
    "changes.uncovered": ("变为无控制措施的义务", "Obligations that became uncovered"),
    "changes.covered": ("变为已覆盖的义务", "Obligations that became covered"),
    "changes.list": ("{heading}：", "{heading}:"),
    "changes.heading": (
        "{id} {type}：{title}（{kind}）",
        "{id} {type}: {title} ({kind})",
    ),
    "changes.introduced": ("新出现的门禁发现", "Findings introduced"),
    "changes.resolved": ("已解决的门禁发现", "Findings resolved"),
    "changes.stamps": ("复核记录的新增或变更", "Review stamps added or changed"),
    "changes.other": (
        "其他数据（负责人、术语、豁免、控制评估、许可证）",
        "Other data (owners, terms, waivers, assessments, the licence)",
    ),
    "changes.kind.added": ("新增", "added"),
    "changes.kind.removed": ("删除", "removed"),
    "changes.kind.changed": ("变更", "changed"),
    "changes.kind.owner": ("负责人", "Owner"),
    "changes.kind.term": ("术语", "Term"),
    "changes.kind.waiver": ("豁免", "Waiver"),
    "changes.kind.assessment": ("控制评估", "Assessment"),
    "changes.kind.licence": ("许可证", "Licence"),
    "changes.column.change": ("变更", "Change"),
    "changes.column.id": ("编号", "ID"),
    "changes.column.type": ("类型", "Type"),
    "changes.column.title": ("标题", "Title"),
    "changes.column.field": ("字段", "Field"),
    "changes.column.before": ("原值", "Before"),
    "changes.column.after": ("新值", "After"),
    "changes.column.fields": ("变更的字段", "Fields changed"),
    "changes.column.against": ("复核依据", "Reviewed against"),
    "changes.column.need": ("需求", "Need"),
    "changes.column.link": ("链接", "Link"),
    "changes.column.target": ("目标", "Target"),
    "changes.words": ("逐词比较 {field}：", "Word by word {field}:"),
    "changes.release": ("{tag}（{date}）", "{tag} ({date})"),
    "changes.since": ("与 {tag} 相比：{summary}", "Compared with {tag}: {summary}"),
    "changes.first": (
        "首个发布版本：{needs} 项需求，其中 {obligations} 项义务；覆盖率 {coverage}",
        "First release: {needs} needs, {obligations} of them obligations; "
        "coverage {coverage}",
    ),
    "changes.unreleased": ("未发布", "unreleased"),
    "changes.unreleased_title": (
        "未发布的变更（{tag} 之后）",
        "Unreleased (since {tag})",
    ),
    "changes.no_tags": (
        "尚无发布标签（v*）。",
        "No release tag (v*) yet.",
    ),
    "changes.no_git": (
        "变更记录需要 git 仓库：本次构建所用的源文件不在 git 仓库中（例如源码压缩包），因此无法列出变更。",
        "The change history needs the git repository: the sources of this build "
        "are not in one (a source tarball, for example), so no change can be listed.",
    ),
    "changes.unreadable": (
        "无法从 git 仓库读取变更记录：{problem}",
        "The change history cannot be read from the git repository: {problem}",
    ),
    "changes.last_changed": ("最近变更于", "Last changed in"),
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
