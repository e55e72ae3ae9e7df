"""The semantic diff of two models (derived/changes.py) and its Markdown report,
on tiny models built in memory."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from licence_needs.core.findings import Finding
from licence_needs.core.model import (
    Assessment,
    Link,
    Model,
    Need,
    Owner,
    Stamp,
    Text,
    Waiver,
)
from licence_needs.derived.changes import diff, last_changed, word_diff
from licence_needs.outputs.changes import markdown, summary


def need(kind: str, ident: str, zh: str = "文本", **links: tuple[str, ...]) -> Need:
    return Need(
        type=kind,
        id=ident,
        title=Text(f"{ident} 标题", f"{ident} title"),
        text=Text(zh, f"{ident} text"),
        file=f"needs/{kind}.yaml",
        line=1,
        links={name: tuple(Link(t, 1) for t in ts) for name, ts in links.items()},
    )


def model(*needs: Need, **extra: object) -> Model:
    return Model(needs=needs, **extra)  # type: ignore[arg-type]


BASE = model(
    need("provision", "SP_01"),
    need("obligation", "OB_01", "公司应当保存日志", derives_from=("SP_01",)),
    need("obligation", "OB_02", derives_from=("SP_01",)),
    need("control", "CTL_A", implements=("OB_01", "OB_02")),
)


def test_the_same_model_has_no_changes() -> None:
    changes = diff(BASE, BASE)
    assert changes.empty
    assert summary(changes, "en") == "no changes"
    assert summary(changes, "zh") == "无变更"
    assert "no changes" in markdown(changes, "en", "v1", "HEAD")


def test_moving_an_item_within_its_file_is_not_a_change() -> None:
    moved = model(*(replace(n, line=n.line + 40) for n in BASE.needs))
    assert diff(BASE, moved).empty


def test_added_removed_changed_links_and_coverage() -> None:
    after = model(
        need("provision", "SP_01"),
        need("obligation", "OB_01", "公司应当保存网络日志", derives_from=("SP_01",)),
        need("obligation", "OB_02", derives_from=("SP_01",)),
        need("control", "CTL_A", implements=("OB_01",)),
        need("control", "CTL_B", implements=("OB_01",)),
    )
    changes = diff(BASE, after)
    assert [(c.kind, c.id) for c in changes.needs] == [
        ("changed", "CTL_A"),
        ("added", "CTL_B"),
        ("changed", "OB_01"),
    ]
    ctl_a = changes.needs[0]
    assert [(f.name, f.old, f.new) for f in ctl_a.fields] == [
        ("implements", "OB_01 OB_02", "OB_01")
    ]
    ob_01 = changes.needs[2]
    assert [(f.name, f.lang) for f in ob_01.fields] == [("text.zh", "zh")]
    assert [(c.kind, c.source, c.link, c.target) for c in changes.links] == [
        ("removed", "CTL_A", "implements", "OB_02"),
        ("added", "CTL_B", "implements", "OB_01"),
    ]
    assert (changes.coverage_before.covered, changes.coverage_before.total) == (2, 2)
    assert (changes.coverage_after.covered, changes.coverage_after.total) == (1, 2)
    assert changes.uncovered == ("OB_02",)
    assert changes.covered == ()
    assert summary(changes, "en") == (
        "2 changed, 1 added, 0 removed; coverage 2/2 → 1/2"
    )
    assert summary(changes, "zh") == ("2 项变更，1 项新增，0 项删除；覆盖率 2/2 → 1/2")


def test_a_removed_obligation_is_not_covered_and_a_new_gap_is_uncovered() -> None:
    after = model(
        need("provision", "SP_01"),
        need("obligation", "OB_01", derives_from=("SP_01",)),
        need("obligation", "OB_03", derives_from=("SP_01",)),
        need("control", "CTL_A", implements=("OB_01",)),
    )
    changes = diff(BASE, after)
    assert [(c.kind, c.id) for c in changes.needs if c.type == "obligation"] == [
        ("changed", "OB_01"),
        ("removed", "OB_02"),
        ("added", "OB_03"),
    ]
    assert changes.uncovered == ("OB_03",)
    assert changes.covered == ()


def test_a_waiver_does_not_cover_as_the_coverage_figure_counts() -> None:
    waiver = Waiver(
        "WVR_1", "OB_02", Text("理由", "why"), "ceo", date(2026, 6, 30), "w", 1
    )
    after = replace(
        model(*BASE.needs[:3], need("control", "CTL_A", implements=("OB_01",))),
        waivers=(waiver,),
    )
    changes = diff(BASE, after, date(2026, 1, 1))
    assert changes.uncovered == ("OB_02",)
    assert (changes.coverage_after.covered, changes.coverage_after.total) == (1, 2)
    assert [(c.kind, c.type, c.id) for c in changes.other] == [
        ("added", "waiver", "WVR_1")
    ]


def test_review_stamps_added_removed_and_re_reviewed() -> None:
    def stamp(item: str, against: str, fingerprint: str, line: int = 3) -> Stamp:
        return Stamp(item, against, fingerprint, (), "needs/review-stamps.tsv", line)

    before = replace(
        BASE, stamps=(stamp("OB_01", "en", "a" * 64), stamp("OB_02", "en", "b" * 64))
    )
    after = replace(
        BASE,
        stamps=(
            stamp("OB_01", "en", "c" * 64, line=9),
            stamp("CTL_A", "implements OB_01", "d" * 64),
        ),
    )
    changes = diff(before, after)
    assert [
        (s.kind, s.item, s.against, s.old[:1], s.new[:1]) for s in changes.stamps
    ] == [
        ("added", "CTL_A", "implements OB_01", "", "d"),
        ("changed", "OB_01", "en", "a", "c"),
        ("removed", "OB_02", "en", "b", ""),
    ]
    assert not changes.empty and changes.needs == ()
    assert diff(replace(BASE, stamps=None), replace(BASE, stamps=())).empty
    report = markdown(changes, "en", "v1", "HEAD")
    assert "## Review stamps added or changed" in report
    assert "| changed | `OB_01` | en | aaaaaaaaaaaa | cccccccccccc |" in report


def test_owners_and_the_file_an_item_is_in_are_compared() -> None:
    owner = Owner("ceo", Text("总经理", "General Manager"), Text("", ""), "o", 1)
    before = replace(BASE, owners=(owner,))
    renamed = replace(owner, title=Text("总经理", "Managing Director"), line=9)
    moved = replace(BASE.needs[0], file="needs/other.yaml")
    after = replace(model(moved, *BASE.needs[1:]), owners=(renamed,))
    changes = diff(before, after)
    assert [(c.id, [f.name for f in c.fields]) for c in changes.needs] == [
        ("SP_01", ["file"])
    ]
    assert [(c.id, [(f.name, f.new) for f in c.fields]) for c in changes.other] == [
        ("ceo", [("title.en", "Managing Director")])
    ]


def test_findings_introduced_and_resolved_ignore_the_line() -> None:
    old = Finding.of("review-overdue", "needs/c.yaml", 3, "overdue", "CTL_A")
    moved = replace(old, line=30)
    new = Finding.of("uncovered-obligation", "needs/o.yaml", 7, "no control", "OB_02")
    changes = diff(BASE, BASE, findings_before=[old], findings_after=[moved, new])
    assert changes.introduced == (new,)
    assert changes.resolved == ()
    assert not changes.empty
    report = markdown(changes, "en", "v1", "HEAD")
    assert "## Findings introduced" in report
    assert "`needs/o.yaml:7`: error: [uncovered-obligation] OB_02" in report


def test_chinese_is_diffed_by_words_english_by_whitespace() -> None:
    runs = word_diff("公司应当保存日志", "公司必须保存日志", "zh")
    assert "".join(w for op, w in runs if op != "+") == "公司应当保存日志"
    assert "".join(w for op, w in runs if op != "-") == "公司必须保存日志"
    # whole words, not characters: 应当 → 必须, not 应 → 必 and 当 → 须
    assert ("-", "应当") in runs and ("+", "必须") in runs
    assert word_diff("keep the logs", "keep all logs", "en") == [
        ("=", "keep "),
        ("-", "the"),
        ("+", "all"),
        ("=", " logs"),
    ]


def test_the_report_names_each_field_and_is_sorted_by_id() -> None:
    after = model(
        need("provision", "SP_01"),
        need("obligation", "OB_01", "公司应当保存网络日志", derives_from=("SP_01",)),
        need("obligation", "OB_02", derives_from=("SP_01",)),
        need("control", "CTL_B", implements=("OB_01", "OB_02")),
    )
    after = replace(
        after,
        needs=(
            after.needs[0],
            replace(after.needs[1], text=Text("公司必须保存日志", "OB_01 text")),
            *after.needs[2:],
        ),
    )
    report = markdown(diff(BASE, after), "en", "v1", "HEAD")
    lines = report.splitlines()
    assert lines[0] == "# Changes: v1 → HEAD"
    assert lines[2] == "1 changed, 1 added, 1 removed; coverage 2/2 → 2/2"
    added = report.index("## Needs added")
    removed = report.index("## Needs removed")
    assert added < report.index("`CTL_B`") < removed < report.index("`CTL_A`")
    assert "| `text.zh` | 公司应当保存日志 | 公司必须保存日志 |" in report
    assert "公司<del>应当</del><ins>必须</ins>保存日志" in report
    zh = markdown(diff(BASE, after), "zh", "v1", "HEAD")
    assert "## 新增的需求" in zh and "## 删除的需求" in zh and "## 变更的需求" in zh


def test_last_changed_names_the_latest_entry_that_touched_a_need() -> None:
    v2 = model(*BASE.needs[:3], need("control", "CTL_A", "新", implements=("OB_01",)))
    history = [("v1", diff(Model(), BASE)), ("v2", diff(BASE, v2))]
    assert last_changed(history, [n.id for n in v2.needs]) == {
        "SP_01": "v1",
        "OB_01": "v1",
        "OB_02": "v1",
        "CTL_A": "v2",
    }


def test_an_assessment_is_compared_by_what_it_says_not_its_lines() -> None:
    assessment = Assessment(
        "ASM_1",
        "CTL_A",
        date(2026, 5, 1),
        "effective",
        Text("内审部", "Internal audit"),
        (Link("EV_1", 7),),
        "needs/assessments.yaml",
        3,
    )
    before = replace(BASE, assessments=(assessment,))
    moved = replace(assessment, line=30, control_line=31, examined=(Link("EV_1", 40),))
    assert diff(before, replace(BASE, assessments=(moved,))).empty
    worse = replace(moved, result="exceptions")
    changes = diff(before, replace(BASE, assessments=(worse,)))
    assert [
        (c.type, c.id, [(f.name, f.old, f.new) for f in c.fields])
        for c in changes.other
    ] == [("assessment", "ASM_1", [("result", "effective", "exceptions")])]
    assert "### `ASM_1` Assessment: CTL_A 2026-05-01 (changed)" in markdown(
        changes, "en", "v1", "HEAD"
    )
